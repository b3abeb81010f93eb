/**
 * Reading the EVM half of a state fact from a node (core/interop/evm-checkpoint.ts,
 * core/interop/evm-state-proof.ts): the checkpoint of a block a committee member signs, and the
 * EIP-1186 proof of one storage slot of one contract under that block's state root.
 *
 * A committee member signs what ITS OWN node says: readCheckpoint does not check the header
 * against the block hash (a QBFT block hash is not keccak256 of the header as returned — the
 * commit seals are left out) — the committee's trust is that each member asks a node it runs.
 * The proof needs no trust in the node: the chaincode checks it against the signed state root.
 *
 * Works with an ethers JsonRpcProvider (or Hardhat's ethers provider: `send`) and an EIP-1193
 * provider (`request`). Returns JSON-ready objects (the proof) and an EvmCheckpoint for
 * checkpointEvidenceToJson.
 */
import type { Provider } from "ethers";
import { validateCheckpoint, type EvmCheckpoint } from "../../core/interop/evm-checkpoint.js";
import { evmSlotProofToJson, type EthGetProofResult } from "../../core/interop/evm-state-proof.js";

/** What answers JSON-RPC: an ethers provider with `send`, or an EIP-1193 provider. */
export type EvmRpc =
  | Provider
  | { send(method: string, params: unknown[]): Promise<unknown> }
  | { request(args: { method: string; params?: unknown[] }): Promise<unknown> };

/** A block number, or a tag the node resolves ("latest", "finalized", "safe", "earliest"). */
export type BlockTag = bigint | number | "latest" | "finalized" | "safe" | "earliest";

async function rpc(provider: EvmRpc, method: string, params: unknown[]): Promise<unknown> {
  const candidate = provider as { send?: unknown; request?: unknown };
  if (typeof candidate.send === "function") return (candidate.send as (method: string, params: unknown[]) => Promise<unknown>).call(provider, method, params);
  if (typeof candidate.request === "function") return (candidate.request as (args: { method: string; params: unknown[] }) => Promise<unknown>).call(provider, { method, params });
  throw new TypeError("the provider answers neither send(method, params) nor request({ method, params })");
}

function blockParameter(blockTag: BlockTag): string {
  if (typeof blockTag === "string") return blockTag;
  const number = BigInt(blockTag);
  if (number < 0n) throw new RangeError(`block number ${number}`);
  return `0x${number.toString(16)}`;
}

function field(block: Record<string, unknown>, name: string): string {
  const value = block[name];
  if (typeof value !== "string") throw new Error(`eth_getBlockByNumber: the block has no ${name}`);
  return value;
}

/** The checkpoint of a block: eth_chainId and eth_getBlockByNumber(blockTag, false). */
export async function readCheckpoint(provider: EvmRpc, blockTag: BlockTag = "latest"): Promise<EvmCheckpoint> {
  const chainId = await rpc(provider, "eth_chainId", []);
  const block = await rpc(provider, "eth_getBlockByNumber", [blockParameter(blockTag), false]);
  if (typeof chainId !== "string") throw new Error("eth_chainId: not a quantity");
  if (block === null || typeof block !== "object") throw new Error(`eth_getBlockByNumber(${blockParameter(blockTag)}): no such block`);
  const record = block as Record<string, unknown>;
  const checkpoint = validateCheckpoint({
    chainId: BigInt(chainId),
    blockNumber: BigInt(field(record, "number")),
    blockHash: field(record, "hash"),
    stateRoot: field(record, "stateRoot"),
    timestamp: BigInt(field(record, "timestamp")),
  });
  if (typeof blockTag !== "string" && checkpoint.blockNumber !== BigInt(blockTag)) {
    throw new Error(`eth_getBlockByNumber(${blockTag}) answered block ${checkpoint.blockNumber}`);
  }
  return checkpoint;
}

/**
 * eth_getProof(address, [slot], blockNumber): the account proof and the one storage proof,
 * normalised (lowercase, minimal quantities, the key as 32 bytes) — exactly what
 * evmSlotProofToJson writes and evmSlotProofFromJson reads back. `slot` is 0x + 32 bytes.
 */
export async function readSlotProof(provider: EvmRpc, address: string, slot: string, blockNumber: bigint): Promise<EthGetProofResult> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(slot)) throw new RangeError(`slot ${slot}: 0x and 32 bytes`);
  const result = await rpc(provider, "eth_getProof", [address.toLowerCase(), [slot.toLowerCase()], blockParameter(blockNumber)]);
  if (result === null || typeof result !== "object") throw new Error("eth_getProof: no result");
  const raw = result as EthGetProofResult;
  const proof = JSON.parse(evmSlotProofToJson(raw)) as EthGetProofResult;
  if (proof.address !== address.toLowerCase()) throw new Error(`eth_getProof answered for ${proof.address}, not ${address}`);
  return proof;
}
