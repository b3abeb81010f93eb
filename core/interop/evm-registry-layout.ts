/**
 * Where FabricReceivableRegistry keeps a fingerprint's cross-ledger lock (core/spec/INTEROP.md
 * §4), so that Fabric's `releaseFromEvm` can read it from an `eth_getProof` storage proof: one
 * word per fingerprint in `mapping(bytes32 fingerprint => uint256 lock)`, the first member of the
 * contract's ERC-7201 namespace `twinledger.storage.FabricReceivableRegistry`; the word packs the
 * claimed reservation's `expiry` (uint64, bits 0–63) and `financed` (bit 64, set for good when a
 * receivable of the fingerprint is financed there).
 *
 * Compiled into the chaincode too: @noble/hashes only, no ethers.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils";

/** The ERC-7201 namespace of FabricReceivableRegistry's own storage. */
export const FABRIC_LOCKS_NAMESPACE = "twinledger.storage.FabricReceivableRegistry";

/**
 * The declared slot of the locks mapping: keccak256(abi.encode(uint256(keccak256(namespace)) - 1))
 * & ~0xff (ERC-7201), as the contract's `_FABRIC_LOCKS_SLOT`. Part of the interface between the
 * ledgers: never change it.
 */
export const FABRIC_LOCKS_SLOT = 0x332d991947491ac8157517b6a42bb72aff4bda2278ee5c8a651238c78bdce400n;

const EXPIRY_MASK = (1n << 64n) - 1n;
const FINANCED_BIT = 1n << 64n;
const WORD_LIMIT = 1n << 256n;

/** A lock word, decoded. */
export interface EvmLock {
  /** The claimed reservation's expiry, EVM seconds (0: never claimed). */
  expiry: bigint;
  /** Whether a receivable of the fingerprint was financed on the EVM registry (never cleared). */
  financed: boolean;
}

const word = (value: bigint): Uint8Array => hexToBytes(value.toString(16).padStart(64, "0"));

/**
 * The storage slot of a fingerprint's lock word: keccak256(fingerprint ‖ uint256(FABRIC_LOCKS_SLOT)),
 * as `0x` and 64 lowercase hex digits (what `eth_getProof` and `eth_getStorageAt` take).
 * @param fingerprint `0x` and 64 hex digits.
 */
export function lockSlotOf(fingerprint: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(fingerprint)) throw new Error(`fingerprint: expected 0x and 64 hex digits, got ${fingerprint}`);
  const preimage = new Uint8Array(64);
  preimage.set(hexToBytes(fingerprint.slice(2)), 0);
  preimage.set(word(FABRIC_LOCKS_SLOT), 32);
  return `0x${bytesToHex(keccak_256(preimage))}`;
}

/**
 * The fields of a lock word (the storage value, as an unsigned 256-bit integer). The bits above
 * 64 are never set by the contract; a word with any of them set is refused.
 */
export function decodeLock(value: bigint): EvmLock {
  if (value < 0n || value >= WORD_LIMIT) throw new Error("lock word: not a uint256");
  if (value >> 65n !== 0n) throw new Error("lock word: bits above 64 are set");
  return { expiry: value & EXPIRY_MASK, financed: (value & FINANCED_BIT) !== 0n };
}
