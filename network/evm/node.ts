/**
 * A local EVM node for development and the network tests: `hardhat node` on loopback,
 * started detached in the background, its pid and log under the git-ignored
 * `.twinledger/evm/`. Nothing here depends on Hardhat being loaded in this process.
 */
import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync, readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const EVM_NODE_HOST = "127.0.0.1";
export const EVM_NODE_PORT = 8545;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const EVM_NODE_DIR = join(ROOT, ".twinledger", "evm");
const PID_FILE = join(EVM_NODE_DIR, "node.pid");
const STATE_FILE = join(EVM_NODE_DIR, "node.json");
export const EVM_NODE_LOG = join(EVM_NODE_DIR, "node.log");

export interface EvmNodeOptions {
  host?: string;
  port?: number;
  /** How long to wait for the node to answer `eth_chainId` (ms). */
  startTimeoutMs?: number;
}

export interface EvmNodeInfo {
  rpcUrl: string;
  chainId: number;
  /** True when this call started the node (false: it was already up). */
  started: boolean;
}

export interface EvmNodeStatus {
  /** The RPC endpoint answers `eth_chainId`. */
  running: boolean;
  rpcUrl: string;
  chainId?: number;
  /** Pid of the node started by `evmNodeUp` (alive), if any. */
  pid?: number;
  log: string;
}

const rpcUrlOf = (options: EvmNodeOptions = {}) => `http://${options.host ?? EVM_NODE_HOST}:${options.port ?? EVM_NODE_PORT}`;

/** `eth_chainId` of the endpoint, or undefined when nothing answers. */
export async function rpcChainId(rpcUrl: string, timeoutMs = 1_000): Promise<number | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { result?: string };
    return typeof body.result === "string" ? Number(BigInt(body.result)) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the node unless one already answers at the address; waits until it answers. */
export async function evmNodeUp(options: EvmNodeOptions = {}): Promise<EvmNodeInfo> {
  const rpcUrl = rpcUrlOf(options);
  const running = await rpcChainId(rpcUrl);
  if (running !== undefined) return { rpcUrl, chainId: running, started: false };

  const managed = managedPid();
  if (managed === undefined) {
    mkdirSync(EVM_NODE_DIR, { recursive: true });
    const log = openSync(EVM_NODE_LOG, "w");
    const child = spawn(
      nodeBinary(),
      [hardhatCli(), "node", "--hostname", options.host ?? EVM_NODE_HOST, "--port", String(options.port ?? EVM_NODE_PORT)],
      { cwd: ROOT, detached: true, stdio: ["ignore", log, log], env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } },
    );
    closeSync(log);
    if (child.pid === undefined) throw new Error("could not start `hardhat node`");
    child.unref();
    writeFileSync(PID_FILE, `${child.pid}\n`);
  }

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    const chainId = await rpcChainId(rpcUrl);
    if (chainId !== undefined) {
      writeFileSync(STATE_FILE, `${JSON.stringify({ pid: managedPid(), rpcUrl, chainId }, null, 2)}\n`);
      return { rpcUrl, chainId, started: managed === undefined };
    }
    if (managedPid() === undefined) throw new Error(`\`hardhat node\` exited before answering at ${rpcUrl}:\n${logTail()}`);
    await sleep(200);
  }
  await evmNodeDown();
  throw new Error(`\`hardhat node\` did not answer at ${rpcUrl} within ${options.startTimeoutMs ?? 60_000} ms:\n${logTail()}`);
}

/** Stops the node started by `evmNodeUp` (never a node started otherwise). */
export async function evmNodeDown(): Promise<{ stopped: boolean }> {
  const pid = managedPid();
  if (pid === undefined) {
    rmSync(PID_FILE, { force: true });
    rmSync(STATE_FILE, { force: true });
    return { stopped: false };
  }
  signalGroup(pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) signalGroup(pid, "SIGKILL");
  while (alive(pid)) await sleep(50);
  rmSync(PID_FILE, { force: true });
  rmSync(STATE_FILE, { force: true });
  return { stopped: true };
}

export async function evmNodeStatus(options: EvmNodeOptions = {}): Promise<EvmNodeStatus> {
  const rpcUrl = rpcUrlOf(options);
  const chainId = await rpcChainId(rpcUrl);
  return { running: chainId !== undefined, rpcUrl, chainId, pid: managedPid(), log: EVM_NODE_LOG };
}

/** The pid in the pid file, if that process is alive and is a `hardhat node`. */
function managedPid(): number | undefined {
  if (!existsSync(PID_FILE)) return undefined;
  const pid = Number(readFileSync(PID_FILE, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    if (!cmdline.some((arg) => arg.includes("hardhat")) || !cmdline.includes("node")) return undefined;
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

/** The project's Node 22 (node_modules/.bin/node), else the one running this. */
function nodeBinary(): string {
  const local = join(ROOT, "node_modules", ".bin", "node");
  return existsSync(local) ? local : process.execPath;
}

function hardhatCli(): string {
  const require = createRequire(join(ROOT, "package.json"));
  const manifest = require.resolve("hardhat/package.json");
  const bin = (JSON.parse(readFileSync(manifest, "utf8")) as { bin: { hardhat: string } }).bin.hardhat;
  return join(dirname(manifest), bin);
}

function logTail(lines = 20): string {
  try {
    return readFileSync(EVM_NODE_LOG, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
