/**
 * A local two-org Fabric network on native binaries: one Raft orderer (or three), peer0.org1 and
 * peer0.org2, channel `twinledger`, and the Twinledger chaincode — by default the node
 * package a consortium installs, built and launched by the peers; or as a service (ccaas).
 */
import { existsSync, rmSync } from "node:fs";
import { BASELINE_PROCESS } from "./baseline.js";
import { ensureBinaries } from "./binaries.js";
import { CHAINCODE_PROCESS, buildChaincode, startChaincodeServer } from "./chaincode-server.js";
import { joinOrderers, joinPeers } from "./channel.js";
import { ensureGenesisBlock } from "./configtx.js";
import { CHAINCODE_NAME, HOST, PORTS, WORK_DIR } from "./constants.js";
import { ensureCrypto } from "./crypto.js";
import { ORDERER, type OrdererCount, orderers, PEER_ORGS, settleOrdererCount } from "./layout.js";
import { approveAndCommit, commitDefinition, installPackage } from "./lifecycle.js";
import { healthy, nodeProcesses, peerProcess, startOrderers, startPeers } from "./nodes.js";
import { isAlive, killNow, logPath, portOpen, readPid, stopProcess } from "./processes.js";
import { type FabricNetworkProfile, buildProfile, readNetworkProfile, writeProfile } from "./profile.js";
import { StepError } from "./run.js";
import { sampleConfigDir } from "./sampleconfig.js";
import { type ChaincodeType, twinledgerPackage } from "./twinledger-package.js";

export type { FabricNetworkProfile } from "./profile.js";
export { readNetworkProfile } from "./profile.js";
export { StepError } from "./run.js";
export { deployBaselineChaincode } from "./baseline.js";
export { ensureBinaries, type FabricInstallation } from "./binaries.js";
export { CHAINCODE_TYPES, type ChaincodeType, parseChaincodeType } from "./twinledger-package.js";

type Log = (line: string) => void;

export interface NetworkUpOptions {
  log?: Log;
  /** How the peers run the Twinledger chaincode; default node. */
  chaincode?: ChaincodeType;
  /** A node package file to install as it is, instead of packaging the repo's chaincode. */
  packageFile?: string;
  /** Raft consenters of a new network (default TWINLEDGER_FABRIC_ORDERERS, else 1); an existing network keeps its own. */
  orderers?: OrdererCount;
}

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

/** A chaincode server is listed only once one was started (ccaas, or the bench's baseline). */
async function serverStatus(name: string, port: number) {
  const pid = readPid(name);
  return pid === undefined ? [] : [{ process: name, pid, healthy: isAlive(pid) && (await portOpen(HOST, port)) }];
}

export async function networkStatus(): Promise<{ process: string; pid?: number; healthy: boolean }[]> {
  const nodes = await Promise.all([
    ...orderers().map(async (node) => ({ process: node.name, pid: readPid(node.name), healthy: await healthy(node.operations) })),
    ...PEER_ORGS.map(async (org) => ({ process: peerProcess(org), pid: readPid(peerProcess(org)), healthy: await healthy(org.operations) })),
  ]);
  const servers = [
    ...(await serverStatus(CHAINCODE_PROCESS, PORTS.chaincodeServer)),
    ...(await serverStatus(BASELINE_PROCESS, PORTS.baselineChaincodeServer)),
  ];
  return [...nodes, ...servers].map((s) => ({ ...s, pid: isAlive(s.pid) ? s.pid : undefined }));
}

/** Every orderer and both peers answer /healthz (chaincode servers aside). */
async function nodesUp(): Promise<boolean> {
  const nodes = nodeProcesses();
  return (await networkStatus()).filter((s) => nodes.includes(s.process)).every((s) => s.healthy);
}

/** Nodes, channel and the Twinledger chaincode; each step is skipped when already done. */
export async function networkUp(options: NetworkUpOptions = {}): Promise<FabricNetworkProfile> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  await step(log, "binaries", () => ensureBinaries(log));
  const cfg = await step(log, "sampleconfig", sampleConfigDir);
  const ordererCount = await step(log, "layout", async () => settleOrdererCount(options.orderers));
  if (existsSync(WORK_DIR) && (await nodesUp())) {
    log("nodes already up");
  } else {
    await step(log, "crypto material", ensureCrypto);
    await step(log, "genesis block", ensureGenesisBlock);
    await step(log, ordererCount === 1 ? "orderer" : `${ordererCount} orderers (Raft)`, () => startOrderers(cfg), logPath(ORDERER.name));
    await step(log, "peers", () => startPeers(cfg), logPath(peerProcess(PEER_ORGS[0])));
    await step(log, "orderers join channel", joinOrderers, logPath(ORDERER.name));
    await step(log, "peers join channel", () => joinPeers(cfg), logPath(peerProcess(PEER_ORGS[0])));
  }
  const profile = await deployTwinledger(cfg, log, options.chaincode ?? "node", options.packageFile);
  log(`network up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return profile;
}

/**
 * Installs the package on both peers (node: each peer's builder installs its dependencies),
 * runs the chaincode server (ccaas only), and points the `twinledger` definition at it.
 */
async function deployTwinledger(cfg: string, log: Log, type: ChaincodeType, packageFile?: string): Promise<FabricNetworkProfile> {
  const peerLog = logPath(peerProcess(PEER_ORGS[0]));
  const pkg = await step(log, `${type} package`, () => twinledgerPackage(cfg, type, packageFile));
  log(`  ${pkg.path} → ${pkg.packageId}`);
  await step(log, type === "node" ? "install on peers (node builder: npm ci --omit=dev)" : "install on peers", () => installPackage(cfg, pkg.path, pkg.packageId), peerLog);
  if (type === "ccaas") {
    await step(log, "build chaincode", buildChaincode);
    await step(log, "chaincode server", () => startChaincodeServer(pkg.packageId).then(() => undefined), logPath(CHAINCODE_PROCESS));
  } else {
    await stopProcess(CHAINCODE_PROCESS); // a ccaas server of an earlier deploy is no longer used
  }
  await step(log, `commit ${CHAINCODE_NAME} → ${type}`, () => commitDefinition(cfg, CHAINCODE_NAME, pkg.packageId), peerLog);
  const profile = buildProfile(type, pkg.packageId);
  writeProfile(profile);
  return profile;
}

/** `npm run network:deploy`: the Twinledger chaincode (again) onto the running network. */
export async function networkDeploy(options: NetworkUpOptions = {}): Promise<FabricNetworkProfile> {
  const log = options.log ?? (() => {});
  if (!(await nodesUp())) throw new StepError("deploy", "the network is not up: run npm run network:up");
  await step(log, "binaries", () => ensureBinaries(log));
  return deployTwinledger(await sampleConfigDir(), log, options.chaincode ?? "node", options.packageFile);
}

/** A further chaincode name (sequence 1) on the package the profile's definition runs: an empty world state. */
export async function deployChaincode(name: string): Promise<void> {
  const profile = readNetworkProfile();
  await approveAndCommit(await sampleConfigDir(), name, profile.chaincode.packageId);
}

/** Stops every process of the network at once, synchronously: for a process's `exit` event. */
export function networkKillNow(): void {
  killNow([CHAINCODE_PROCESS, BASELINE_PROCESS, ...nodeProcesses()]);
}

export async function networkDown(): Promise<void> {
  await Promise.all([CHAINCODE_PROCESS, BASELINE_PROCESS].map((name) => stopProcess(name)));
  await Promise.all(nodeProcesses().map((name) => stopProcess(name)));
}

export async function networkClean(): Promise<void> {
  await networkDown();
  rmSync(WORK_DIR, { recursive: true, force: true });
}
