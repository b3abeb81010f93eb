/**
 * The Twinledger chaincode: one Contract per primitive. fabric-chaincode-node reads
 * `contracts` from this module; the first one is the default contract.
 */
import { AssetContract } from "./asset-contract.js";
import { IdentifierContract } from "./identifier-contract.js";
import { RolesContract } from "./roles-contract.js";

export { AssetContract, IdentifierContract, RolesContract };
export const contracts: (typeof AssetContract | typeof IdentifierContract | typeof RolesContract)[] = [
  AssetContract,
  IdentifierContract,
  RolesContract,
];
