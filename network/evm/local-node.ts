/**
 * A local RPC node run in the background: spawned detached (its own process group), its pid,
 * state and log in one folder under the git-ignored `.twinledger/`, and stopped by that pid
 * only — never a node this module did not start. `hardhat node` and geth both use it.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rpcChainId } from "./rpc.js";

export interface LocalNode {
  /** For messages, e.g. "`hardhat node`". */
  label: string;
  dir: string;
  pidFile: string;
  stateFile: string;
  log: string;
  /** Whether a live pid's argv is this node's, so a recycled pid is never signalled. */
  isOurs(argv: string[]): boolean;
}

export interface LocalNodeLaunch {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface LocalNodeInfo {
  rpcUrl: string;
  chainId: number;
  /** True when this call started the node (false: it was already up). */
  started: boolean;
}

export interface LocalNodeStatus {
  /** The RPC endpoint answers `eth_chainId`. */
  running: boolean;
  rpcUrl: string;
  chainId?: number;
  /** Pid of the node started here (alive), if any. */
  pid?: number;
  log: string;
}

export function localNode(label: string, dir: string, name: string, isOurs: LocalNode["isOurs"]): LocalNode {
  return { label, dir, pidFile: join(dir, `${name}.pid`), stateFile: join(dir, `${name}.json`), log: join(dir, `${name}.log`), isOurs };
}

/**
 * Starts the node unless something already answers at `rpcUrl` (or our process is still
 * starting); waits until `eth_chainId` answers. `launch` runs only when a process is spawned.
 */
export async function localNodeUp(
  node: LocalNode,
  rpcUrl: string,
  launch: () => LocalNodeLaunch | Promise<LocalNodeLaunch>,
  startTimeoutMs: number,
): Promise<LocalNodeInfo> {
  const running = await rpcChainId(rpcUrl);
  if (running !== undefined) return { rpcUrl, chainId: running, started: false };

  const starting = managedPid(node);
  if (starting === undefined) {
    mkdirSync(node.dir, { recursive: true });
    const { command, args, cwd, env } = await launch();
    const log = openSync(node.log, "w");
    const child = spawn(command, args, { cwd, env: env ?? process.env, detached: true, stdio: ["ignore", log, log] });
    closeSync(log);
    // A missing binary surfaces as an async 'error' event, not as a throw.
    child.once("error", () => undefined);
    if (child.pid === undefined) throw new Error(`could not start ${node.label} (${command})`);
    child.unref();
    writeFileSync(node.pidFile, `${child.pid}\n`);
  }

  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    const chainId = await rpcChainId(rpcUrl);
    if (chainId !== undefined) {
      writeFileSync(node.stateFile, `${JSON.stringify({ pid: managedPid(node), rpcUrl, chainId }, null, 2)}\n`);
      return { rpcUrl, chainId, started: starting === undefined };
    }
    if (managedPid(node) === undefined) throw new Error(`${node.label} exited before answering at ${rpcUrl}:\n${logTail(node)}`);
    await sleep(200);
  }
  await localNodeDown(node);
  throw new Error(`${node.label} did not answer at ${rpcUrl} within ${startTimeoutMs} ms:\n${logTail(node)}`);
}

/** Stops the node started by `localNodeUp`: SIGTERM to its group, SIGKILL after 10 s. */
export async function localNodeDown(node: LocalNode): Promise<{ stopped: boolean }> {
  const pid = managedPid(node);
  if (pid !== undefined) {
    signalGroup(pid, "SIGTERM");
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await sleep(100);
    if (alive(pid)) signalGroup(pid, "SIGKILL");
    while (alive(pid)) await sleep(50);
  }
  rmSync(node.pidFile, { force: true });
  rmSync(node.stateFile, { force: true });
  return { stopped: pid !== undefined };
}

export async function localNodeStatus(node: LocalNode, rpcUrl: string): Promise<LocalNodeStatus> {
  const chainId = await rpcChainId(rpcUrl);
  return { running: chainId !== undefined, rpcUrl, chainId, pid: managedPid(node), log: node.log };
}

export function logTail(node: LocalNode, lines = 20): string {
  try {
    return readFileSync(node.log, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** The pid in the pid file, if that process is alive and is this node. */
function managedPid(node: LocalNode): number | undefined {
  if (!existsSync(node.pidFile)) return undefined;
  const pid = Number(readFileSync(node.pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  try {
    if (!node.isOurs(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"))) return undefined;
  } catch {
    // no /proc (macOS): trust the pid file
  }
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The node was spawned detached, so it leads its own process group. */
function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
