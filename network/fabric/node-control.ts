/**
 * Crash and restart single nodes of the running network, as a fault suite needs: SIGKILL
 * (no shutdown hook runs), then a start from the data folder the node left behind.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { type OrdererNode, orderers, PEER_ORGS, type PeerOrg } from "./layout.js";
import { nodeProcesses, peerProcess, startOrderer, startPeer } from "./nodes.js";
import { isAlive, logPath, readPid, sleep } from "./processes.js";
import { sampleConfigDir } from "./sampleconfig.js";

/**
 * SIGKILL to the node's process group: the node and what it launched (a peer's chaincode
 * processes), as when the machine or container it runs in dies. Resolves once all are gone.
 */
export async function crashNode(name: string): Promise<void> {
  const pid = readPid(name);
  if (!isAlive(pid)) throw new Error(`${name} is not running`);
  const members = groupMembers(pid!);
  process.kill(-pid!, "SIGKILL");
  for (let waited = 0; members.some(isAlive); waited += 50) {
    if (waited > 10_000) throw new Error(`${name}: processes ${members.filter(isAlive).join(", ")} survived SIGKILL`);
    await sleep(50);
  }
}

/** SIGKILL to one process only (a chaincode process, leaving its peer running). */
export async function crashProcess(pid: number): Promise<void> {
  process.kill(pid, "SIGKILL");
  while (isAlive(pid)) await sleep(50);
}

export async function restartOrderer(orderer: OrdererNode): Promise<void> {
  await startOrderer(await sampleConfigDir(), orderer);
}

export async function restartPeer(org: PeerOrg): Promise<void> {
  await startPeer(await sampleConfigDir(), org);
}

/** Every node crashes at once, then all start again from their data folders (nothing redeployed). */
export async function crashAndRestartNetwork(): Promise<void> {
  await Promise.all(nodeProcesses().filter((name) => isAlive(readPid(name))).map(crashNode));
  const cfg = await sampleConfigDir();
  await Promise.all(orderers().map((orderer) => startOrderer(cfg, orderer)));
  await Promise.all(PEER_ORGS.map((org) => startPeer(cfg, org)));
}

/**
 * The Raft leader of `channel` as the live orderers last logged it ("Raft leader changed:
 * 1 -> 3 channel=… node=2"); consenter ids follow the Consenters list, so id n is the n-th orderer.
 */
export function raftLeader(channel: string): OrdererNode | undefined {
  const nodes = orderers();
  const pattern = new RegExp(`Raft leader changed: \\d+ -> (\\d+) channel=${channel}\\b`, "g");
  let latest: { at: string; id: number } | undefined;
  for (const node of nodes) {
    if (!isAlive(readPid(node.name)) || !existsSync(logPath(node.name))) continue;
    const log = readFileSync(logPath(node.name), "utf8");
    for (const line of log.split("\n")) {
      const match = [...line.matchAll(pattern)].at(-1);
      if (!match) continue;
      const at = line.replace(/\x1b\[[0-9;]*m/g, "").slice(0, 23); // "2026-12-02 10:25:45.141"
      if (!latest || at >= latest.at) latest = { at, id: Number(match[1]) };
    }
  }
  return latest && latest.id > 0 ? nodes[latest.id - 1] : undefined;
}

/** The pids of the chaincode processes the peer launched (the node builder's `fabric-chaincode-node start`). */
export function chaincodeProcesses(org: PeerOrg): number[] {
  const peerPid = readPid(peerProcess(org));
  if (!isAlive(peerPid)) return [];
  return psRows()
    .filter((row) => row.pgid === peerPid && row.args.includes("fabric-chaincode-node start") && row.args.includes(`--peer.address ${org.chaincodeEndpoint}`))
    .map((row) => row.pid);
}

function groupMembers(pgid: number): number[] {
  return psRows().filter((row) => row.pgid === pgid).map((row) => row.pid);
}

function psRows(): { pid: number; pgid: number; args: string }[] {
  const out = execFileSync("ps", ["-eo", "pid=,pgid=,args="], { encoding: "utf8" });
  return out.split("\n").filter(Boolean).map((line) => {
    const [, pid, pgid, args] = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line) ?? [];
    return { pid: Number(pid), pgid: Number(pgid), args: args ?? "" };
  });
}
