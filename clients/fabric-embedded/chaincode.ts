/**
 * Loads the compiled chaincode (chaincode/dist, built by `npm run build:chaincode` with
 * tsc, so decorator metadata exists) the way `fabric-chaincode-node` does: its
 * `contracts` export.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const CHAINCODE_MAIN = fileURLToPath(new URL("../../chaincode/dist/chaincode/src/index.js", import.meta.url));

export function loadChaincodeContracts(): Function[] {
  if (!existsSync(CHAINCODE_MAIN)) {
    throw new Error(`compiled chaincode not found at ${CHAINCODE_MAIN}: run \`npm run build:chaincode\``);
  }
  const module = createRequire(import.meta.url)(CHAINCODE_MAIN) as { contracts?: Function[] };
  if (!Array.isArray(module.contracts) || module.contracts.length === 0) throw new Error(`${CHAINCODE_MAIN} exports no contracts`);
  return module.contracts;
}
