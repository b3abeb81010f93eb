/**
 * The Twinledger chaincode: one Contract per primitive. fabric-chaincode-node reads
 * `contracts` from this module; the first one is the default contract.
 */
import { AssetContract } from "./asset-contract.js";
import { RolesContract } from "./roles-contract.js";

export { AssetContract, RolesContract };
export const contracts: (typeof AssetContract | typeof RolesContract)[] = [AssetContract, RolesContract];
