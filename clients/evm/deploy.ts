/**
 * How the Twinledger contracts (TWINLEDGER_CONTRACTS in deployment.ts) are deployed —
 * constructor arguments, order — and how a client connects to them. The Ignition module
 * (ignition/modules/Twinledger.ts) deploys the same set.
 */
import type { ContractRunner, Signer } from "ethers";
import {
  AssetRegistry__factory,
  CertificationRegistry__factory,
  IdentifierRegistry__factory,
  ReceivableRegistry__factory,
  RoleRegistry__factory,
} from "../../typechain-types/index.js";
import type { EvmContracts } from "./contracts.js";
import type { EvmDeployment } from "./deployment.js";
import { minedReceipt } from "./receipts.js";

/** Deploys a fresh set, the first ADMIN being `admin`; waits for every deployment. */
export async function deployTwinledger(deployer: Signer, admin: string): Promise<EvmDeployment> {
  const provider = deployer.provider!;
  const { chainId } = await provider.getNetwork();
  const mined = (contract: { deploymentTransaction(): { hash: string } | null }) => minedReceipt(provider, contract.deploymentTransaction()!.hash);
  const roles = await new RoleRegistry__factory(deployer).deploy(admin);
  const rolesReceipt = await mined(roles);
  const assets = await new AssetRegistry__factory(deployer).deploy();
  await mined(assets);
  const identifiers = await new IdentifierRegistry__factory(deployer).deploy(await roles.getAddress(), await assets.getAddress());
  await mined(identifiers);
  const certification = await new CertificationRegistry__factory(deployer).deploy(await roles.getAddress(), await assets.getAddress(), await identifiers.getAddress());
  await mined(certification);
  const receivables = await new ReceivableRegistry__factory(deployer).deploy(await roles.getAddress(), await assets.getAddress(), await certification.getAddress());
  await mined(receivables);
  return {
    chainId: Number(chainId),
    fromBlock: rolesReceipt.blockNumber,
    contracts: {
      RoleRegistry: await roles.getAddress(),
      AssetRegistry: await assets.getAddress(),
      IdentifierRegistry: await identifiers.getAddress(),
      CertificationRegistry: await certification.getAddress(),
      ReceivableRegistry: await receivables.getAddress(),
    },
  };
}

export function connectTwinledger(deployment: EvmDeployment, runner: ContractRunner): EvmContracts {
  return {
    roles: RoleRegistry__factory.connect(deployment.contracts.RoleRegistry, runner),
    assets: AssetRegistry__factory.connect(deployment.contracts.AssetRegistry, runner),
    identifiers: IdentifierRegistry__factory.connect(deployment.contracts.IdentifierRegistry, runner),
    certification: CertificationRegistry__factory.connect(deployment.contracts.CertificationRegistry, runner),
    receivables: ReceivableRegistry__factory.connect(deployment.contracts.ReceivableRegistry, runner),
    fromBlock: deployment.fromBlock,
  };
}
