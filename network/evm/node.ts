/**
 * A local EVM node for development and the network tests: `hardhat node` on loopback,
 * started detached in the background, its pid and log under the git-ignored
 * `.twinledger/evm/`. Nothing here depends on Hardhat being loaded in this process.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { localNode, localNodeDown, localNodeStatus, localNodeUp, type LocalNodeInfo, type LocalNodeStatus } from "./local-node.js";

export const EVM_NODE_HOST = "127.0.0.1";
export const EVM_NODE_PORT = 8545;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const EVM_NODE_DIR = join(ROOT, ".twinledger", "evm");

const isHardhatNode = (argv: string[]) => argv.some((arg) => arg.includes("hardhat")) && argv.includes("node");
const NODE = localNode("`hardhat node`", EVM_NODE_DIR, "node", isHardhatNode);
export const EVM_NODE_LOG = NODE.log;

export interface EvmNodeOptions {
  host?: string;
  port?: number;
  /** How long to wait for the node to answer `eth_chainId` (ms). */
  startTimeoutMs?: number;
  /** A second node of its own (pid and log `<instance>.*`, e.g. the bench's), beside the default one. */
  instance?: string;
}

export type EvmNodeInfo = LocalNodeInfo;
export type EvmNodeStatus = LocalNodeStatus;

const nodeOf = (options: EvmNodeOptions = {}) =>
  options.instance === undefined ? NODE : localNode(`\`hardhat node\` (${options.instance})`, EVM_NODE_DIR, options.instance, isHardhatNode);
const rpcUrlOf = (options: EvmNodeOptions = {}) => `http://${options.host ?? EVM_NODE_HOST}:${options.port ?? EVM_NODE_PORT}`;

/** Starts the node unless one already answers at the address; waits until it answers. */
export async function evmNodeUp(options: EvmNodeOptions = {}): Promise<EvmNodeInfo> {
  const launch = () => ({
    command: nodeBinary(),
    args: [hardhatCli(), "node", "--hostname", options.host ?? EVM_NODE_HOST, "--port", String(options.port ?? EVM_NODE_PORT)],
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  return localNodeUp(nodeOf(options), rpcUrlOf(options), launch, options.startTimeoutMs ?? 60_000);
}

/** Stops the node started by `evmNodeUp` (never a node started otherwise). */
export async function evmNodeDown(options: Pick<EvmNodeOptions, "instance"> = {}): Promise<{ stopped: boolean }> {
  return localNodeDown(nodeOf(options));
}

export async function evmNodeStatus(options: EvmNodeOptions = {}): Promise<EvmNodeStatus> {
  return localNodeStatus(nodeOf(options), rpcUrlOf(options));
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
