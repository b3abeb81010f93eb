/**
 * A local two-org Fabric network on native binaries: one Raft orderer, peer0.org1 and
 * peer0.org2, channel `twinledger`, the Twinledger chaincode as a service.
 */
import { existsSync, rmSync } from "node:fs";
import { BASELINE_PROCESS } from "./baseline.js";
import { ensureBinaries } from "./binaries.js";
import { CHAINCODE_PROCESS, buildChaincode, startChaincodeServer } from "./chaincode-server.js";
import { buildCcaasPackage } from "./ccaas-package.js";
import { joinOrderer, joinPeers } from "./channel.js";
import { ensureGenesisBlock } from "./configtx.js";
import { CHAINCODE_NAME, HOST, PORTS, WORK_DIR } from "./constants.js";
import { ensureCrypto } from "./crypto.js";
import { ORDERER, PEER_ORGS } from "./layout.js";
import { approveAndCommit, installPackage, isCommitted } from "./lifecycle.js";
import { NODE_PROCESSES, healthy, peerProcess, startOrderer, startPeers } from "./nodes.js";
import { isAlive, logPath, portOpen, readPid, stopProcess } from "./processes.js";
import { type FabricNetworkProfile, buildProfile, readNetworkProfile, writeProfile } from "./profile.js";
import { StepError } from "./run.js";
import { sampleConfigDir } from "./sampleconfig.js";

export type { FabricNetworkProfile } from "./profile.js";
export { readNetworkProfile } from "./profile.js";
export { StepError } from "./run.js";
export { deployBaselineChaincode } from "./baseline.js";

type Log = (line: string) => void;

async function step<T>(log: Log, name: string, action: () => Promise<T>, logFile?: string): Promise<T> {
  const started = Date.now();
  try {
    const result = await action();
    log(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  } catch (error) {
    if (error instanceof StepError) throw error;
    const output = (error as { output?: string }).output;
    throw new StepError(name, (error as Error).message.split("\n")[0], logFile, output ?? (error as Error).message);
  }
}

export async function networkStatus(): Promise<{ process: string; pid?: number; healthy: boolean }[]> {
  const nodes = await Promise.all([
    (async () => ({ process: ORDERER.name, pid: readPid(ORDERER.name), healthy: await healthy(ORDERER.operations) }))(),
    ...PEER_ORGS.map(async (org) => ({ process: peerProcess(org), pid: readPid(peerProcess(org)), healthy: await healthy(org.operations) })),
  ]);
  const ccPid = readPid(CHAINCODE_PROCESS);
  const chaincode = { process: CHAINCODE_PROCESS, pid: ccPid, healthy: isAlive(ccPid) && (await portOpen(HOST, PORTS.chaincodeServer)) };
  // The bench-only baseline server (deployBaselineChaincode) is listed only once it was started.
  const baselinePid = readPid(BASELINE_PROCESS);
  const baseline = baselinePid === undefined ? [] : [
    { process: BASELINE_PROCESS, pid: baselinePid, healthy: isAlive(baselinePid) && (await portOpen(HOST, PORTS.baselineChaincodeServer)) },
  ];
  return [...nodes, chaincode, ...baseline].map((s) => ({ ...s, pid: isAlive(s.pid) ? s.pid : undefined }));
}

export async function networkUp(options: { log?: Log } = {}): Promise<FabricNetworkProfile> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  if (existsSync(WORK_DIR) && (await networkStatus()).every((s) => s.healthy || s.process === BASELINE_PROCESS)) {
    try {
      const profile = readNetworkProfile();
      log("network already up");
      return profile;
    } catch { /* no profile yet: finish the set-up below */ }
  }
  await step(log, "binaries", () => ensureBinaries(log));
  const cfg = await step(log, "sampleconfig", sampleConfigDir);
  await step(log, "crypto material", ensureCrypto);
  await step(log, "genesis block", ensureGenesisBlock);
  await step(log, "orderer", () => startOrderer(cfg), logPath(ORDERER.name));
  await step(log, "peers", () => startPeers(cfg), logPath(peerProcess(PEER_ORGS[0])));
  await step(log, "orderer joins channel", joinOrderer, logPath(ORDERER.name));
  await step(log, "peers join channel", () => joinPeers(cfg), logPath(peerProcess(PEER_ORGS[0])));
  const pkg = await step(log, "ccaas package", buildCcaasPackage);
  await step(log, "install on peers", () => installPackage(cfg, pkg.path, pkg.packageId), logPath(peerProcess(PEER_ORGS[0])));
  await step(log, "build chaincode", buildChaincode);
  await step(log, "chaincode server", () => startChaincodeServer(pkg.packageId).then(() => undefined), logPath(CHAINCODE_PROCESS));
  if (!(await isCommitted(cfg, CHAINCODE_NAME))) {
    await step(log, `approve & commit ${CHAINCODE_NAME}`, () => approveAndCommit(cfg, CHAINCODE_NAME, pkg.packageId), logPath(peerProcess(PEER_ORGS[0])));
  }
  const profile = buildProfile(pkg.packageId);
  writeProfile(profile);
  log(`network up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return profile;
}

export async function deployChaincode(name: string): Promise<void> {
  const profile = readNetworkProfile();
  await approveAndCommit(await sampleConfigDir(), name, profile.chaincode.packageId);
}

export async function networkDown(): Promise<void> {
  await Promise.all([CHAINCODE_PROCESS, BASELINE_PROCESS].map((name) => stopProcess(name)));
  await Promise.all(NODE_PROCESSES.map((name) => stopProcess(name)));
}

export async function networkClean(): Promise<void> {
  await networkDown();
  rmSync(WORK_DIR, { recursive: true, force: true });
}
