/**
 * The gas floor of a transaction: what any implementation of the operation must pay — 21,000,
 * its calldata, the storage slots it must write, the cold reads and precompiles it cannot avoid,
 * and its event — and never below EIP-7623's calldata floor. Shared by the gas bench and the
 * contracts' gas tests, so that both measure against the same floor.
 */
import { getBytes } from "ethers";

export const NEW_SLOT = 22_100;
export const REWRITTEN_SLOT = 5_000;
export const COLD_SLOAD = 2_100;
export const COLD_ACCOUNT = 2_600;

export interface FloorParts {
  fresh?: number;
  rewritten?: number;
  coldReads?: number;
  coldAccounts?: number;
  /** Gas of precompiles the operation must call (ecrecover, P256VERIFY, SHA-256, modexp). */
  precompiles?: number;
}

/** Calldata gas before EIP-7623's floor: 4 per zero byte, 16 per other byte. */
export function calldataGas(data: string): number {
  const bytes = getBytes(data);
  const zero = bytes.filter((b) => b === 0).length;
  return 4 * zero + 16 * (bytes.length - zero);
}

export function gasFloor(data: string, parts: FloorParts, logs: readonly { topics: readonly string[]; data: string }[]): { floor: number; calldata: number; detail: string } {
  const bytes = getBytes(data);
  const zero = bytes.filter((b) => b === 0).length;
  const nonZero = bytes.length - zero;
  const calldata = calldataGas(data);
  const storage = (parts.fresh ?? 0) * NEW_SLOT + (parts.rewritten ?? 0) * REWRITTEN_SLOT;
  const reads = (parts.coldReads ?? 0) * COLD_SLOAD + (parts.coldAccounts ?? 0) * COLD_ACCOUNT + (parts.precompiles ?? 0);
  const log = logs.reduce((sum, entry) => sum + 375 + 375 * entry.topics.length + 8 * getBytes(entry.data).length, 0);
  const standard = 21_000 + calldata + storage + reads + log;
  const eip7623 = 21_000 + 10 * (zero + 4 * nonZero);
  const terms = [`cd ${calldata}`, storage && `slots ${storage}`, reads && `reads ${reads}`, log && `log ${log}`].filter(Boolean).join(" + ");
  return { floor: Math.max(standard, eip7623), calldata, detail: `21000 + ${terms}${eip7623 > standard ? " (EIP-7623 floor)" : ""}` };
}
