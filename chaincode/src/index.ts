/**
 * The Twinledger chaincode: one Contract per primitive. fabric-chaincode-node reads
 * `contracts` (the first one is the default contract) and `serializers` from this module.
 */
import { AssetContract } from "./asset-contract.js";
import { CertificationContract } from "./certification-contract.js";
import { IdentifierContract } from "./identifier-contract.js";
import { InteropContract } from "./interop-contract.js";
import { ReceivableContract } from "./receivable-contract.js";
import { RolesContract } from "./roles-contract.js";

export { AssetContract, CertificationContract, IdentifierContract, InteropContract, ReceivableContract, RolesContract };
/** Arguments that cannot be converted are InvalidArgument, as any other bad argument. */
export { serializers } from "./serializer.js";
export const contracts: (
  | typeof AssetContract
  | typeof CertificationContract
  | typeof IdentifierContract
  | typeof InteropContract
  | typeof ReceivableContract
  | typeof RolesContract
)[] = [AssetContract, IdentifierContract, RolesContract, CertificationContract, ReceivableContract, InteropContract];
