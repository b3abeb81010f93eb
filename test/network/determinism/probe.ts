/**
 * Deploys the nondeterministic probe chaincode (test-only, chaincode as a service on its own
 * port, the channel's AND(Org1, Org2) endorsement) onto the running network.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCcaasPackage } from "../../../network/fabric/ccaas-package.js";
import { startChaincodeServer } from "../../../network/fabric/chaincode-server.js";
import { WORK_DIR } from "../../../network/fabric/constants.js";
import { commitDefinition, installPackage } from "../../../network/fabric/lifecycle.js";
import { stopProcess } from "../../../network/fabric/processes.js";
import { sampleConfigDir } from "../../../network/fabric/sampleconfig.js";

export const PROBE_CHAINCODE = "probe";
export const PROBE_PROCESS = "chaincode-probe";
const PROBE_PORT = 9997;
const PROBE_DIR = join(dirname(fileURLToPath(import.meta.url)), "nondeterministic-chaincode");

export async function deployProbeChaincode(): Promise<void> {
  const cfg = await sampleConfigDir();
  const pkg = await buildCcaasPackage({ label: PROBE_CHAINCODE, port: PROBE_PORT, path: join(WORK_DIR, "chaincode", `${PROBE_CHAINCODE}.tar.gz`) });
  await installPackage(cfg, pkg.path, pkg.packageId);
  await startChaincodeServer(pkg.packageId, { name: PROBE_PROCESS, port: PROBE_PORT, modulePath: PROBE_DIR });
  await commitDefinition(cfg, PROBE_CHAINCODE, pkg.packageId);
}

export const stopProbeChaincode = () => stopProcess(PROBE_PROCESS);
