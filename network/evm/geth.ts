/**
 * A local geth for the network tests, the second real EVM client next to `hardhat node`:
 * `geth --dev` on loopback with a fresh datadir on every start, its genesis pinned to Osaka
 * and funding the actor keys (geth-genesis.ts), pid, log and datadir under the git-ignored
 * `.twinledger/geth/`. The binary comes from geth-binary.ts.
 */
import { rmSync } from "node:fs";
import { Wallet, computeAddress as addressOf } from "ethers";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureGeth } from "./geth-binary.js";
import { GETH_BLOCK_GAS_LIMIT, initGethChain } from "./geth-genesis.js";
import { localNode, localNodeDown, localNodeStatus, localNodeUp, type LocalNodeInfo, type LocalNodeStatus } from "./local-node.js";
import { assertOsaka } from "./osaka-probe.js";
import { RpcError, rpcRequest } from "./rpc.js";
import { testPrivateKeys } from "./test-keys.js";

export { ensureGeth, GETH_VERSION } from "./geth-binary.js";

export const GETH_HOST = "127.0.0.1";
/** `hardhat node` has 8545. */
export const GETH_HTTP_PORT = 8546;
/** The engine API; dev mode serves none today, but if it ever does, not on the default 8551. */
export const GETH_AUTH_PORT = 8552;
/** How many test keys the genesis funds (the conformance suite needs 6). */
export const GETH_FUNDED_KEYS = 10;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const GETH_DIR = join(ROOT, ".twinledger", "geth");
const DATADIR = join(GETH_DIR, "data");
const GENESIS = join(GETH_DIR, "genesis.json");

const NODE = localNode("`geth --dev`", GETH_DIR, "geth", (argv) => basename(argv[0] ?? "").startsWith("geth") && argv.includes("--dev"));
export const GETH_LOG = NODE.log;

export interface GethOptions {
  /** A geth binary; default `ensureGeth()` (which may build it). */
  binary?: string;
  /** Progress of a build. */
  log?: (line: string) => void;
  /** How long to wait for geth to answer `eth_chainId` (ms). */
  startTimeoutMs?: number;
}

export interface GethInfo extends LocalNodeInfo {
  /** Funded test keys, in order (the first 6 are the conformance actors). */
  privateKeys: string[];
}

export const gethRpcUrl = (): string => `http://${GETH_HOST}:${GETH_HTTP_PORT}`;

/** Starts geth unless something answers at its address; then checks it is Osaka with funded keys. */
export async function gethUp(options: GethOptions = {}): Promise<GethInfo> {
  const privateKeys = testPrivateKeys(GETH_FUNDED_KEYS);
  const launch = async () => {
    const geth = options.binary ?? (await ensureGeth(options.log));
    rmSync(DATADIR, { recursive: true, force: true });
    await initGethChain(geth, DATADIR, GENESIS, privateKeys.map(addressOf));
    return { command: geth, args: gethArgs() };
  };
  const info = await localNodeUp(NODE, gethRpcUrl(), launch, options.startTimeoutMs ?? 60_000);
  try {
    await assertOsaka(info.rpcUrl);
    await assertFunded(info.rpcUrl, addressOf(privateKeys[0]));
    await untilTransactionsIndexed(info.rpcUrl, privateKeys[privateKeys.length - 1]);
  } catch (error) {
    if (info.started) await gethDown();
    throw error;
  }
  return { ...info, privateKeys };
}

/** Stops the geth started by `gethUp` (never one started otherwise). */
export async function gethDown(): Promise<{ stopped: boolean }> {
  return localNodeDown(NODE);
}

export async function gethStatus(): Promise<LocalNodeStatus> {
  return localNodeStatus(NODE, gethRpcUrl());
}

function gethArgs(): string[] {
  return [
    "--dev",
    // Seal a block as soon as a transaction is pending: receipts come at once, as on Hardhat.
    "--dev.period", "0",
    // The chain found here is used as it is, so its genesis sets the gas limit (not --dev.gaslimit).
    "--datadir", DATADIR,
    "--miner.gaslimit", String(GETH_BLOCK_GAS_LIMIT),
    "--http", "--http.addr", GETH_HOST, "--http.port", String(GETH_HTTP_PORT), "--http.api", "eth,net,web3",
    "--authrpc.addr", GETH_HOST, "--authrpc.port", String(GETH_AUTH_PORT),
    // --dev already turns p2p off (no listener, no discovery, no peers); say so explicitly.
    "--nodiscover", "--maxpeers", "0",
    "--ipcdisable",
    // The default 2 GiB of caches is for mainnet, not a chain of a few thousand blocks.
    "--cache", "256",
  ];
}

/**
 * A geth that has just started answers receipt queries with "transaction indexing is in
 * progress" until its transaction indexer has run, which on a chain of only its genesis
 * may wait for the first block (seen on about one start in four). Seal one with a
 * self-transfer of the last funded key (no actor's nonce moves), then wait for a plain
 * `null` for an unknown transaction before anyone submits.
 */
async function untilTransactionsIndexed(rpcUrl: string, sealerKey: string, timeoutMs = 30_000): Promise<void> {
  const unknown = `0x${"0".repeat(64)}`;
  const deadline = Date.now() + timeoutMs;
  let sealed = false;
  for (;;) {
    try {
      await rpcRequest(rpcUrl, "eth_getTransactionReceipt", [unknown]);
      return;
    } catch (error) {
      if (!(error instanceof RpcError) || !/indexing is in progress/.test(error.message) || Date.now() > deadline) throw error;
    }
    if (!sealed) {
      await sealOneBlock(rpcUrl, sealerKey);
      sealed = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function sealOneBlock(rpcUrl: string, key: string): Promise<void> {
  const wallet = new Wallet(key);
  const [chainId, nonce, gasPrice] = await Promise.all([
    rpcRequest<string>(rpcUrl, "eth_chainId"),
    rpcRequest<string>(rpcUrl, "eth_getTransactionCount", [wallet.address, "pending"]),
    rpcRequest<string>(rpcUrl, "eth_gasPrice"),
  ]);
  const raw = await wallet.signTransaction({ to: wallet.address, value: 0n, gasLimit: 21_000n, gasPrice: BigInt(gasPrice) * 2n, nonce: Number(nonce), chainId: BigInt(chainId) });
  await rpcRequest(rpcUrl, "eth_sendRawTransaction", [raw]);
}

async function assertFunded(rpcUrl: string, address: string): Promise<void> {
  const balance = BigInt(await rpcRequest<string>(rpcUrl, "eth_getBalance", [address, "latest"]));
  if (balance === 0n) throw new Error(`the node at ${rpcUrl} does not fund the test key ${address}: is it a geth started by gethUp?`);
}
