/**
 * Bench-only: chaincode `baseline` (network/fabric/baseline/), one transaction `put(key, value)`
 * that does a bare putState — the yardstick for "a transaction of ours reaches ≥ 0.8× the
 * throughput of a bare putState on the same network". Its own ccaas package (label `baseline`),
 * its own chaincode server, the same AND(Org1, Org2) endorsement policy. Not part of networkUp.
 */
import { join } from "node:path";
import { buildCcaasPackage } from "./ccaas-package.js";
import { startChaincodeServer } from "./chaincode-server.js";
import { BASELINE_CHAINCODE_DIR, BASELINE_CHAINCODE_LABEL, BASELINE_CHAINCODE_NAME, PORTS, WORK_DIR } from "./constants.js";
import { commitDefinition, installPackage } from "./lifecycle.js";
import { sampleConfigDir } from "./sampleconfig.js";

export const BASELINE_PROCESS = "chaincode-baseline";

/** Package, install on both peers, serve and commit `baseline`; each step is skipped when already done. Needs the network up. */
export async function deployBaselineChaincode(): Promise<void> {
  const cfg = await sampleConfigDir();
  const pkg = await buildCcaasPackage({
    label: BASELINE_CHAINCODE_LABEL,
    port: PORTS.baselineChaincodeServer,
    path: join(WORK_DIR, "chaincode", `${BASELINE_CHAINCODE_LABEL}.tar.gz`),
  });
  await installPackage(cfg, pkg.path, pkg.packageId);
  await startChaincodeServer(pkg.packageId, { name: BASELINE_PROCESS, port: PORTS.baselineChaincodeServer, modulePath: BASELINE_CHAINCODE_DIR });
  await commitDefinition(cfg, BASELINE_CHAINCODE_NAME, pkg.packageId);
}
