/**
 * EIP-1186 state proofs, checked against a state root: the Merkle-Patricia tries of Ethereum
 * (Yellow Paper, appendix D) in their "secure" form, every key the keccak256 of the address or
 * of the 32-byte storage slot, so every path is 64 nibbles.
 *
 * What is proven: with `stateRoot` the state root of a block, `verifyAccount` proves the account
 * of `address` in that block (or its absence), `verifyStorageSlot` one slot under the account's
 * storage root (0 when the slot is absent — the trie never stores a zero), `verifySlotAtCheckpoint`
 * both, and that the `eth_getProof` result's own fields say what the proof proves. Whether
 * `stateRoot` is the state root of a block of the chain is NOT this file's question: see
 * core/interop/evm-checkpoint.ts (committee trust, today).
 *
 * How a proof is walked (the form geth returns, and EDR): the nodes from the root down the path,
 * each the RLP of a node referenced by its keccak256 — the root by the state root, the others by
 * a 32-byte reference in their parent. A node whose encoding is under 32 bytes is embedded in its
 * parent and walked there, never listed separately. A node is a branch (17 items: 16 children
 * and a value), an extension or a leaf (2 items: a hex-prefix path and a child or a value). The
 * walk ends at the leaf of the key (present), or where the path leaves the trie — an empty branch
 * child, an extension or a leaf whose path differs (absent); nothing may follow that end.
 *
 * Strict: a proof is refused for anything an honest trie of 32-byte keys cannot contain — a
 * non-canonical RLP, a branch value or a branch at the end of the path, a reference neither empty
 * nor 32 bytes nor an embedded node, an embedded node of 32 bytes or more, a hashed node under 32
 * bytes, a leaf whose path does not reach the key's end, an extension that does, a hex-prefix with
 * a flag above 3 or a non-zero pad nibble, an account or a storage value not canonically encoded.
 *
 * Bounded (deterministic for the chaincode, and no input costs more than these bounds): a path
 * of 64 nibbles, so at most 65 nodes are walked; at most MAX_PROOF_NODES (64) nodes per proof;
 * at most MAX_NODE_BYTES (2 KiB) per node — a full branch of 32-byte references is 532 bytes,
 * an account leaf under 150; RLP nested at most 8 deep (embedded nodes are under 32 bytes).
 *
 * Pure, deterministic; only @noble/hashes (keccak256): compiled into the chaincode.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { canonicalJson } from "../canonical-json.js";
import { RlpError, decodeRlp, encodeRlp, isRlpList, type RlpItem, type RlpList } from "./rlp.js";

/** Every refusal of an EVM state fact: the proof here, the checkpoint in evm-checkpoint.ts. */
export const EVM_PROOF_ERROR_CODES = [
  /** An argument or a JSON evidence of the wrong shape: hex, lengths, fields, canonical spelling. */
  "EvidenceMalformed",
  /** A proof beyond the bounds above (nodes, bytes). */
  "ProofLimitExceeded",
  /** The account proof does not prove an account (or its absence) under the state root. */
  "StateProofInvalid",
  /** The storage proof does not prove a value (or its absence) under the storage root. */
  "StorageProofInvalid",
  /** The eth_getProof result's own fields (address, nonce, balance, hashes, key, value) disagree with the proof. */
  "ProofResultMismatch",
  /** A committee that cannot be used: size, duplicate members or keys, a key off the curve, the quorum. */
  "CommitteeInvalid",
  /** A checkpoint signature by an organisation that is not a member of the committee. */
  "UnknownCommitteeMember",
  /** Two signatures by the same member. */
  "DuplicateCommitteeMember",
  /** A signature that is not a valid low-S P-256 signature of the checkpoint digest by the member's key. */
  "CheckpointSignatureInvalid",
  /** Fewer valid signatures than the committee's quorum. */
  "CheckpointQuorumNotMet",
  /** A checkpoint of another chain than the attestor's. */
  "CheckpointWrongChain",
] as const;
export type EvmProofErrorCode = (typeof EVM_PROOF_ERROR_CODES)[number];

export class EvmProofError extends Error {
  constructor(
    readonly code: EvmProofErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "EvmProofError";
  }
}

export const MAX_PROOF_NODES = 64;
export const MAX_NODE_BYTES = 2048;
/** 32-byte keys: 64 nibbles. */
export const KEY_NIBBLES = 64;
const MAX_RLP_DEPTH = 8;

/** keccak256(RLP("")): the root of the empty trie. */
export const EMPTY_TRIE_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
/** keccak256(""): the code hash of an account without code. */
export const EMPTY_CODE_HASH = "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";
const ZERO_HASH = `0x${"00".repeat(32)}`;

/** An account as the state trie holds it; hashes as 0x-prefixed lowercase hex. */
export interface EvmAccount {
  nonce: bigint;
  balance: bigint;
  storageRoot: string;
  codeHash: string;
}

/** One storage entry of an eth_getProof result. */
export interface EthStorageProof {
  key: string;
  value: string;
  proof: string[];
}

/** An EIP-1186 eth_getProof result, as a node returns it (quantities and data as hex strings). */
export interface EthGetProofResult {
  address: string;
  balance: string;
  codeHash: string;
  nonce: string;
  storageHash: string;
  accountProof: string[];
  storageProof: EthStorageProof[];
}

/** What verifySlotAtCheckpoint proves: the value of `slot` of `address` under the state root. */
export interface EvmSlotFact {
  stateRoot: string;
  address: string;
  slot: string;
  /** The account, or undefined when the proof proves it absent (then the value is 0). */
  account: EvmAccount | undefined;
  value: bigint;
}

type ProofCode = "StateProofInvalid" | "StorageProofInvalid";

/**
 * The value the trie of root `root` holds at the 32-byte path `key` (already hashed, for a secure
 * trie), or undefined when the proof proves no value is there. Throws EvmProofError(`code`) for a
 * proof that proves neither.
 */
export function verifyTrieProof(root: Uint8Array, key: Uint8Array, proof: readonly Uint8Array[], code: ProofCode = "StateProofInvalid"): Uint8Array | undefined {
  if (root.length !== 32) throw new EvmProofError("EvidenceMalformed", `a trie root is 32 bytes, got ${root.length}`);
  if (key.length !== 32) throw new EvmProofError("EvidenceMalformed", `a secure-trie key is 32 bytes, got ${key.length}`);
  if (proof.length > MAX_PROOF_NODES) throw new EvmProofError("ProofLimitExceeded", `${proof.length} proof nodes, at most ${MAX_PROOF_NODES}`);
  proof.forEach((node, index) => {
    if (node.length > MAX_NODE_BYTES) throw new EvmProofError("ProofLimitExceeded", `node ${index} is ${node.length} bytes, at most ${MAX_NODE_BYTES}`);
  });
  const fail = (detail: string): never => {
    throw new EvmProofError(code, detail);
  };
  if (proof.length === 0) {
    if (equalBytes(root, EMPTY_ROOT_BYTES)) return undefined;
    return fail("an empty proof proves only the empty trie");
  }
  const nibbles = toNibbles(key);
  let depth = 0;
  let next = 0;
  let reference: Reference = { hash: root };
  const end = (value: Uint8Array | undefined): Uint8Array | undefined => {
    if (next !== proof.length) fail(`the path ends at node ${next - 1}, ${proof.length - next} node(s) follow`);
    return value;
  };
  // Each step consumes at least one nibble or ends: at most KEY_NIBBLES + 1 steps.
  for (let step = 0; step <= KEY_NIBBLES; step++) {
    let node: RlpList;
    const where = `at nibble ${depth}`;
    if ("hash" in reference) {
      if (next >= proof.length) return fail(`the proof ends ${where}: the node ${hex(reference.hash)} is missing`);
      const bytes = proof[next]!;
      if (!equalBytes(keccak_256(bytes), reference.hash)) {
        return fail(`node ${next} does not hash to ${next === 0 ? "the root" : `the reference of node ${next - 1}`} (${hex(reference.hash)})`);
      }
      if (next > 0 && bytes.length < 32) fail(`node ${next} is ${bytes.length} bytes: a node under 32 bytes is embedded in its parent, not hashed`);
      let item: RlpItem;
      try {
        item = decodeRlp(bytes, MAX_RLP_DEPTH);
      } catch (error) {
        if (error instanceof RlpError) return fail(`node ${next} is not canonical RLP: ${error.message}`);
        throw error;
      }
      next += 1;
      if (!isRlpList(item)) {
        // RLP("") hashed by the root: the empty trie.
        if (next === 1 && item.length === 0) return end(undefined);
        return fail(`node ${next - 1} is a byte string, not a trie node`);
      }
      node = item;
    } else {
      node = reference.embedded;
    }
    const name = "hash" in reference ? `node ${next - 1}` : `the node embedded in node ${next - 1}`;
    if (node.length === 17) {
      if (depth === KEY_NIBBLES) return fail(`${name}: a branch after the last nibble of a 32-byte key`);
      const value = node[16]!;
      if (isRlpList(value) || value.length !== 0) return fail(`${name}: a branch holds no value in a trie of 32-byte keys`);
      const child = childReference(node[nibbles[depth]!]!, name, fail);
      depth += 1;
      if (child === undefined) return end(undefined);
      reference = child;
      continue;
    }
    if (node.length !== 2) return fail(`${name}: a node of ${node.length} items (a branch has 17, an extension or a leaf 2)`);
    const [path, leaf] = hexPrefix(node[0]!, name, fail);
    const remaining = KEY_NIBBLES - depth;
    const matches = path.every((nibble, i) => nibble === nibbles[depth + i]);
    if (leaf) {
      if (path.length !== remaining) return fail(`${name}: a leaf of ${path.length} nibbles where ${remaining} remain`);
      const value = node[1]!;
      if (isRlpList(value) || value.length === 0) return fail(`${name}: a leaf value is a non-empty byte string`);
      return end(matches ? value : undefined);
    }
    if (path.length === 0 || path.length >= remaining) return fail(`${name}: an extension of ${path.length} nibbles where ${remaining} remain`);
    if (!matches) return end(undefined);
    const child = childReference(node[1]!, name, fail);
    if (child === undefined) return fail(`${name}: an extension to nothing`);
    depth += path.length;
    reference = child;
  }
  return fail("the path is longer than 64 nibbles");
}

type Reference = { hash: Uint8Array } | { embedded: RlpList };

/** A child: empty, a 32-byte hash, or a node embedded because its encoding is under 32 bytes. */
function childReference(item: RlpItem, name: string, fail: (detail: string) => never): Reference | undefined {
  if (isRlpList(item)) {
    const size = encodeRlp(item).length;
    if (size >= 32) return fail(`${name}: an embedded node of ${size} bytes (32 or more are referenced by hash)`);
    return { embedded: item };
  }
  if (item.length === 0) return undefined;
  if (item.length !== 32) return fail(`${name}: a reference of ${item.length} bytes (empty, 32 bytes or an embedded node)`);
  return { hash: item };
}

/** A hex-prefix path (Yellow Paper, appendix C): the nibbles, and whether it ends in a leaf. */
function hexPrefix(item: RlpItem, name: string, fail: (detail: string) => never): [number[], boolean] {
  if (isRlpList(item) || item.length === 0) return fail(`${name}: the path is not a hex-prefix byte string`);
  const flag = item[0]! >> 4;
  if (flag > 3) return fail(`${name}: hex-prefix flag ${flag} (0 to 3)`);
  const odd = (flag & 1) === 1;
  if (!odd && (item[0]! & 0x0f) !== 0) return fail(`${name}: an even hex-prefix path pads with a zero nibble`);
  const nibbles = odd ? [item[0]! & 0x0f] : [];
  for (let i = 1; i < item.length; i++) nibbles.push(item[i]! >> 4, item[i]! & 0x0f);
  return [nibbles, flag >= 2];
}

/** The account of `address` under `stateRoot`, or undefined when the proof proves it absent. */
export function verifyAccount(stateRoot: string, address: string, accountProof: readonly string[]): EvmAccount | undefined {
  const root = hexBytes(stateRoot, 32, "stateRoot");
  const key = keccak_256(hexBytes(address, 20, "address"));
  const value = verifyTrieProof(root, key, proofBytes(accountProof, "accountProof"), "StateProofInvalid");
  return value === undefined ? undefined : decodeAccount(value);
}

/** The value of `slot` under `storageRoot`: 0 when the proof proves the slot absent. */
export function verifyStorageSlot(storageRoot: string, slot: string, storageProof: readonly string[]): bigint {
  const root = hexBytes(storageRoot, 32, "storageRoot");
  const key = keccak_256(hexBytes(slot, 32, "slot"));
  const value = verifyTrieProof(root, key, proofBytes(storageProof, "storageProof"), "StorageProofInvalid");
  return value === undefined ? 0n : decodeStorageValue(value);
}

/**
 * The value of `slot` of `address` under `stateRoot`, proven by an eth_getProof result for that
 * address and that one slot — whose own fields must agree with what its proofs prove. An absent
 * account holds nothing: its storage proof must prove the slot absent from the empty trie.
 */
export function verifySlotAtCheckpoint(stateRoot: string, address: string, slot: string, getProofResult: EthGetProofResult): EvmSlotFact {
  const root = lowerHex(stateRoot, 32, "stateRoot");
  const account = lowerHex(address, 20, "address");
  const slotHex = lowerHex(slot, 32, "slot");
  const result = requireProofResultShape(getProofResult);
  const mismatch = (detail: string): never => {
    throw new EvmProofError("ProofResultMismatch", detail);
  };
  if (result.address.toLowerCase() !== account) mismatch(`the result is for ${result.address}, not ${account}`);
  const proven = verifyAccount(root, account, result.accountProof);
  const claimed = {
    nonce: quantity(result.nonce, "nonce"),
    balance: quantity(result.balance, "balance"),
    storageHash: lowerHex(result.storageHash, 32, "storageHash"),
    codeHash: lowerHex(result.codeHash, 32, "codeHash"),
  };
  if (proven) {
    if (claimed.nonce !== proven.nonce) mismatch(`nonce ${claimed.nonce} claimed, ${proven.nonce} proven`);
    if (claimed.balance !== proven.balance) mismatch(`balance ${claimed.balance} claimed, ${proven.balance} proven`);
    if (claimed.storageHash !== proven.storageRoot) mismatch(`storageHash ${claimed.storageHash} claimed, ${proven.storageRoot} proven`);
    if (claimed.codeHash !== proven.codeHash) mismatch(`codeHash ${claimed.codeHash} claimed, ${proven.codeHash} proven`);
  } else {
    // Nodes spell an absent account as an empty one: geth with a zero code hash, EDR with keccak256("").
    if (claimed.nonce !== 0n || claimed.balance !== 0n) mismatch("an account proven absent has a nonce or a balance claimed");
    if (claimed.storageHash !== EMPTY_TRIE_ROOT && claimed.storageHash !== ZERO_HASH) mismatch("an account proven absent has storage claimed");
    if (claimed.codeHash !== EMPTY_CODE_HASH && claimed.codeHash !== ZERO_HASH) mismatch("an account proven absent has code claimed");
  }
  if (result.storageProof.length !== 1) mismatch(`one storage proof expected (the slot), got ${result.storageProof.length}`);
  const entry = result.storageProof[0]!;
  if (quantity(entry.key, "storageProof.key") !== BigInt(slotHex)) mismatch(`the storage proof is for key ${entry.key}, not ${slotHex}`);
  const value = verifyStorageSlot(proven ? proven.storageRoot : EMPTY_TRIE_ROOT, slotHex, entry.proof);
  const claimedValue = quantity(entry.value, "storageProof.value");
  if (claimedValue !== value) mismatch(`value ${claimedValue} claimed, ${value} proven`);
  return { stateRoot: root, address: account, slot: slotHex, account: proven, value };
}

/** An account leaf: RLP [nonce, balance, storageRoot, codeHash], integers minimal. */
function decodeAccount(value: Uint8Array): EvmAccount {
  const fail = (detail: string): never => {
    throw new EvmProofError("StateProofInvalid", `the account leaf: ${detail}`);
  };
  let item: RlpItem;
  try {
    item = decodeRlp(value, 1);
  } catch (error) {
    if (error instanceof RlpError) return fail(`not canonical RLP: ${error.message}`);
    throw error;
  }
  if (!isRlpList(item) || item.length !== 4 || item.some(isRlpList)) return fail("not a list of four byte strings");
  const [nonce, balance, storageRoot, codeHash] = item as Uint8Array[];
  return {
    nonce: canonicalUint(nonce!, 8, "nonce", fail),
    balance: canonicalUint(balance!, 32, "balance", fail),
    storageRoot: storageRoot!.length === 32 ? hex(storageRoot!) : fail(`a storage root of ${storageRoot!.length} bytes`),
    codeHash: codeHash!.length === 32 ? hex(codeHash!) : fail(`a code hash of ${codeHash!.length} bytes`),
  };
}

/** A storage leaf: the RLP of the value, minimal and non-zero (a zero slot is deleted). */
function decodeStorageValue(value: Uint8Array): bigint {
  const fail = (detail: string): never => {
    throw new EvmProofError("StorageProofInvalid", `the storage leaf: ${detail}`);
  };
  let item: RlpItem;
  try {
    item = decodeRlp(value, 0);
  } catch (error) {
    if (error instanceof RlpError) return fail(`not canonical RLP: ${error.message}`);
    throw error;
  }
  if (isRlpList(item)) return fail("a list, not a value");
  if (item.length === 0) return fail("a zero value (zero slots are deleted from the trie)");
  return canonicalUint(item, 32, "value", fail);
}

function canonicalUint(bytes: Uint8Array, maxBytes: number, name: string, fail: (detail: string) => never): bigint {
  if (bytes.length > maxBytes) return fail(`${name} of ${bytes.length} bytes (at most ${maxBytes})`);
  if (bytes.length > 0 && bytes[0] === 0) return fail(`${name} with a leading zero byte`);
  return bytes.length === 0 ? 0n : BigInt(hex(bytes));
}

// ---------------------------------------------------------------------------------------------
// The JSON form of an eth_getProof result (a chaincode argument): canonical, strict.

const PROOF_RESULT_FIELDS = ["accountProof", "address", "balance", "codeHash", "nonce", "storageHash", "storageProof"] as const;
const STORAGE_PROOF_FIELDS = ["key", "proof", "value"] as const;
/** 2 × 64 nodes of 2 KiB in hex, and room for the fields. */
export const MAX_SLOT_PROOF_JSON = 2 * MAX_PROOF_NODES * (2 * MAX_NODE_BYTES + 8) + 4096;

/**
 * The canonical JSON of an eth_getProof result for one slot: keys sorted, no whitespace, data
 * lowercase, quantities minimal (0x0, 0x1f), the storage key as 32 bytes. Throws
 * EvidenceMalformed for a result of the wrong shape.
 */
export function evmSlotProofToJson(result: EthGetProofResult): string {
  return canonicalJson(normalizeProofResult(result));
}

/**
 * An eth_getProof result from its JSON, refused (EvidenceMalformed) unless it is exactly the
 * canonical spelling evmSlotProofToJson writes: unknown or missing fields, uppercase or
 * mis-sized hex, non-minimal quantities, duplicate keys, whitespace — all refused. Proves
 * nothing yet: give it to verifySlotAtCheckpoint.
 */
export function evmSlotProofFromJson(json: string): EthGetProofResult {
  if (typeof json !== "string" || json.length > MAX_SLOT_PROOF_JSON) throw new EvmProofError("EvidenceMalformed", `a slot proof is a JSON string of at most ${MAX_SLOT_PROOF_JSON} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new EvmProofError("EvidenceMalformed", "the slot proof is not JSON");
  }
  exactFields(parsed, PROOF_RESULT_FIELDS, "the slot proof");
  const result = normalizeProofResult(parsed as unknown as EthGetProofResult);
  if (canonicalJson(result) !== json) throw new EvmProofError("EvidenceMalformed", "the slot proof is not in its canonical spelling (evmSlotProofToJson: sorted keys, no whitespace, lowercase hex, minimal quantities)");
  return result;
}

function normalizeProofResult(value: EthGetProofResult): EthGetProofResult {
  const result = requireProofResultShape(value);
  if (result.storageProof.length !== 1) throw new EvmProofError("EvidenceMalformed", `one storage proof expected, got ${result.storageProof.length}`);
  return {
    accountProof: result.accountProof.map((node, i) => nodeHex(node, `accountProof[${i}]`)),
    address: lowerHex(result.address, 20, "address"),
    balance: quantityHex(quantity(result.balance, "balance")),
    codeHash: lowerHex(result.codeHash, 32, "codeHash"),
    nonce: quantityHex(quantity(result.nonce, "nonce")),
    storageHash: lowerHex(result.storageHash, 32, "storageHash"),
    storageProof: result.storageProof.map((entry, i) => {
      exactFields(entry, STORAGE_PROOF_FIELDS, `storageProof[${i}]`);
      return {
        key: `0x${quantity(entry.key, "storageProof.key").toString(16).padStart(64, "0")}`,
        proof: entry.proof.map((node, j) => nodeHex(node, `storageProof[${i}].proof[${j}]`)),
        value: quantityHex(quantity(entry.value, "storageProof.value")),
      };
    }),
  };
}

/** The shape of an eth_getProof result (not its meaning): strings and arrays where they belong, within the bounds. */
function requireProofResultShape(value: unknown): EthGetProofResult {
  const malformed = (detail: string): never => {
    throw new EvmProofError("EvidenceMalformed", detail);
  };
  if (!isPlainObject(value)) return malformed("an eth_getProof result is an object");
  for (const field of ["address", "balance", "codeHash", "nonce", "storageHash"] as const) {
    if (typeof value[field] !== "string") malformed(`${field} is a string`);
  }
  const nodes = (list: unknown, name: string): void => {
    if (!Array.isArray(list)) return malformed(`${name} is an array`);
    if (list.length > MAX_PROOF_NODES) throw new EvmProofError("ProofLimitExceeded", `${name}: ${list.length} nodes, at most ${MAX_PROOF_NODES}`);
    if (!list.every((node) => typeof node === "string")) malformed(`${name} holds strings`);
  };
  nodes(value.accountProof, "accountProof");
  const entries = value.storageProof;
  if (!Array.isArray(entries) || entries.length > 16) return malformed("storageProof is an array of at most 16 entries");
  entries.forEach((entry: unknown, i) => {
    if (!isPlainObject(entry) || typeof entry.key !== "string" || typeof entry.value !== "string") malformed(`storageProof[${i}] has a key and a value`);
    nodes((entry as Record<string, unknown>).proof, `storageProof[${i}].proof`);
  });
  return value as unknown as EthGetProofResult;
}

// ---------------------------------------------------------------------------------------------
// Hex, strictly.

const HEX_DIGITS = /^[0-9a-fA-F]*$/;
const EMPTY_ROOT_BYTES = hexBytes(EMPTY_TRIE_ROOT, 32, "EMPTY_TRIE_ROOT");

/** 0x-prefixed hex of exactly `length` bytes (either case) as bytes; EvidenceMalformed otherwise. */
export function hexBytes(value: string, length: number | undefined, name: string): Uint8Array {
  if (typeof value !== "string" || !value.startsWith("0x") || value.length % 2 !== 0 || !HEX_DIGITS.test(value.slice(2))) {
    throw new EvmProofError("EvidenceMalformed", `${name}: 0x-prefixed hex of whole bytes expected`);
  }
  if (length !== undefined && value.length !== 2 + 2 * length) throw new EvmProofError("EvidenceMalformed", `${name}: ${length} bytes expected, got ${(value.length - 2) / 2}`);
  const bytes = new Uint8Array((value.length - 2) / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(value.slice(2 + 2 * i, 4 + 2 * i), 16);
  return bytes;
}

/** The same hex, lowercase, after the checks of hexBytes. */
export function lowerHex(value: string, length: number | undefined, name: string): string {
  hexBytes(value, length, name);
  return value.toLowerCase();
}

export function hex(bytes: Uint8Array): string {
  let out = "0x";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

/** A JSON-RPC quantity of at most 256 bits: 0x and 1 to 64 hex digits (leading zeros tolerated, compared as numbers). */
function quantity(value: string, name: string): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) throw new EvmProofError("EvidenceMalformed", `${name}: a hex quantity of at most 256 bits expected`);
  return BigInt(value);
}

function quantityHex(value: bigint): string {
  return `0x${value.toString(16)}`;
}

function nodeHex(node: string, name: string): string {
  const bytes = hexBytes(node, undefined, name);
  if (bytes.length === 0) throw new EvmProofError("EvidenceMalformed", `${name}: an empty node`);
  if (bytes.length > MAX_NODE_BYTES) throw new EvmProofError("ProofLimitExceeded", `${name} is ${bytes.length} bytes, at most ${MAX_NODE_BYTES}`);
  return node.toLowerCase();
}

function proofBytes(proof: readonly string[], name: string): Uint8Array[] {
  if (!Array.isArray(proof)) throw new EvmProofError("EvidenceMalformed", `${name} is an array of hex strings`);
  if (proof.length > MAX_PROOF_NODES) throw new EvmProofError("ProofLimitExceeded", `${name}: ${proof.length} nodes, at most ${MAX_PROOF_NODES}`);
  return proof.map((node, i) => {
    if (typeof node === "string" && node.length > 2 + 2 * MAX_NODE_BYTES) throw new EvmProofError("ProofLimitExceeded", `${name}[${i}] is over ${MAX_NODE_BYTES} bytes`);
    return hexBytes(node, undefined, `${name}[${i}]`);
  });
}

function toNibbles(key: Uint8Array): number[] {
  const nibbles: number[] = [];
  for (const byte of key) nibbles.push(byte >> 4, byte & 0x0f);
  return nibbles;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** `value` is an object with exactly `fields` (EvidenceMalformed names the first unknown or missing one). */
export function exactFields(value: unknown, fields: readonly string[], name: string): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) throw new EvmProofError("EvidenceMalformed", `${name} is a JSON object`);
  for (const key of Object.keys(value)) if (!fields.includes(key)) throw new EvmProofError("EvidenceMalformed", `${name}: unknown field "${key}"`);
  for (const field of fields) if (!(field in value)) throw new EvmProofError("EvidenceMalformed", `${name}: missing field "${field}"`);
}
