/**
 * The Twinledger contracts as one Ignition module: the role registry with its first
 * ADMIN (`initialAdmin`, by default the deploying account), the asset registry, the
 * identifier registry wired to both, the certification registry wired to all three, and the
 * receivable registry wired to the roles, the assets and the certification registry.
 *
 *   npm run deploy:evm                     # localhost, writes deployments/localhost.json
 *   npx hardhat ignition deploy ignition/modules/Twinledger.ts --network localhost
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("Twinledger", (m) => {
  const initialAdmin = m.getParameter("initialAdmin", m.getAccount(0));
  const roleRegistry = m.contract("RoleRegistry", [initialAdmin]);
  const assetRegistry = m.contract("AssetRegistry", [], { after: [roleRegistry] });
  const identifierRegistry = m.contract("IdentifierRegistry", [roleRegistry, assetRegistry]);
  const certificationRegistry = m.contract("CertificationRegistry", [roleRegistry, assetRegistry, identifierRegistry]);
  const receivableRegistry = m.contract("ReceivableRegistry", [roleRegistry, assetRegistry, certificationRegistry]);
  return { roleRegistry, assetRegistry, identifierRegistry, certificationRegistry, receivableRegistry };
});
