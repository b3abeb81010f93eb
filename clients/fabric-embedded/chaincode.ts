/**
 * Loads the compiled chaincode (chaincode/dist, built by `npm run build:chaincode` with
 * tsc, so decorator metadata exists) the way `fabric-chaincode-node` does: its
 * `contracts` export, and its `serializers` if it has any.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const CHAINCODE_MAIN = fileURLToPath(new URL("../../chaincode/dist/chaincode/src/index.js", import.meta.url));

export interface ChaincodeModule {
  contracts: Function[];
  /** fabric-contract-api's serializer choice, `{ transaction, serializers }`. */
  serializers?: { transaction: string; serializers: Record<string, Function> };
}

export function loadChaincode(): ChaincodeModule {
  if (!existsSync(CHAINCODE_MAIN)) {
    throw new Error(`compiled chaincode not found at ${CHAINCODE_MAIN}: run \`npm run build:chaincode\``);
  }
  const module = createRequire(import.meta.url)(CHAINCODE_MAIN) as Partial<ChaincodeModule>;
  if (!Array.isArray(module.contracts) || module.contracts.length === 0) throw new Error(`${CHAINCODE_MAIN} exports no contracts`);
  return { contracts: module.contracts, serializers: module.serializers };
}
