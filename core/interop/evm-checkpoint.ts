/**
 * Which state root is a block's of the EVM chain — COMMITTEE TRUST, today. A checkpoint
 * (chainId, blockNumber, blockHash, stateRoot, timestamp) is believed when a quorum of the
 * consortium's organisations signed it with their P-256 keys. Nothing here checks the block
 * itself: no header is hashed, no consensus seal read. The committee's members are trusted to
 * sign only blocks their own nodes hold as final (QBFT blocks are final when committed); a
 * quorum of them signing a state root the chain never had is not detected here.
 *
 * The seam for something better: `EvmHeaderAttestor` turns evidence into a checkpoint and says
 * which trust it rests on. `CommitteeAttestor` is the committee; a QBFT light client (the
 * header's RLP hashed to blockHash, the commit seals of a quorum of the validator set over it,
 * the validator set followed from a trusted genesis) would implement the same interface with
 * trust "light-client", and everything after `attest` — the state proof of
 * core/interop/evm-state-proof.ts against `stateRoot` — stays as it is.
 *
 * The digest a member signs: SHA-256 over six 32-byte words —
 *
 *   "twinledger.evm-checkpoint.v1" (ASCII, right-padded with zero bytes) ‖ chainId ‖
 *   blockNumber ‖ blockHash ‖ stateRoot ‖ timestamp       (integers big-endian)
 *
 * signed as ECDSA P-256 over that digest as it stands (no second hash: noble's prehash false),
 * deterministic (RFC 6979), low S (s ≤ n/2: one signature per key and digest), written r ‖ s as
 * 64 bytes. Verification refuses high S. Signing the digest without a second hash is
 * exactly ECDSA-with-SHA-256 of the 192-byte message, so any standard P-256 signer (an HSM, a
 * Fabric identity's key, node:crypto with dsaEncoding "ieee-p1363") can produce it from the
 * six words; only S must then be brought low (s → n − s).
 *
 * Pure, deterministic; only @noble/curves and @noble/hashes: compiled into the chaincode.
 */
import { p256 } from "@noble/curves/p256";
import { sha256 } from "@noble/hashes/sha256";
import { canonicalJson } from "../canonical-json.js";
import { EvmProofError, exactFields, hex, hexBytes, isPlainObject, lowerHex } from "./evm-state-proof.js";

export interface EvmCheckpoint {
  chainId: bigint;
  blockNumber: bigint;
  /** 0x + 32 bytes, lowercase. */
  blockHash: string;
  /** 0x + 32 bytes, lowercase. */
  stateRoot: string;
  /** Seconds since the epoch, as the block header says. */
  timestamp: bigint;
}

export interface CheckpointSignature {
  mspId: string;
  /** 0x + 64 bytes r ‖ s, low S required. */
  signature: string;
}

export interface EvmCommitteeMember {
  mspId: string;
  /** 0x04 + X + Y: an uncompressed P-256 public key (65 bytes). */
  publicKey: string;
}

export interface EvmCommittee {
  members: EvmCommitteeMember[];
  quorum: number;
}

/** What a CommitteeAttestor reads: a checkpoint and its members' signatures. */
export interface CheckpointEvidence {
  checkpoint: EvmCheckpoint;
  signatures: CheckpointSignature[];
}

export interface VerifiedCheckpoint {
  checkpoint: EvmCheckpoint;
  /** The members whose valid signatures made the quorum, in the order given. */
  signers: string[];
}

/** What a checkpoint rests on: a committee's signatures, or (later) a light client's check of consensus. */
export type EvmTrust = "committee" | "light-client";

/** Turns evidence about a block into a checkpoint — or throws EvmProofError. */
export interface EvmHeaderAttestor {
  readonly trust: EvmTrust;
  attest(evidence: unknown): EvmCheckpoint;
}

export const CHECKPOINT_DOMAIN = "twinledger.evm-checkpoint.v1";
export const MAX_COMMITTEE_MEMBERS = 16;
/** A Fabric MSP ID as the committee names it: letters, digits, '.', '_', '-'; 1 to 64 characters. */
const MSP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const UINT64_LIMIT = 1n << 64n;
const UINT256_LIMIT = 1n << 256n;
const N = p256.CURVE.n;
const HALF_N = N >> 1n;

// ---------------------------------------------------------------------------------------------
// The checkpoint and its digest.

/**
 * The checkpoint, checked and normalised (hashes lowercase): chainId 1 to 2^256 − 1, blockNumber
 * and timestamp below 2^64 (as Ethereum clients hold them). EvidenceMalformed otherwise.
 */
export function validateCheckpoint(checkpoint: EvmCheckpoint): EvmCheckpoint {
  if (!isPlainObject(checkpoint)) throw new EvmProofError("EvidenceMalformed", "a checkpoint is an object");
  const integer = (value: unknown, name: string, min: bigint, limit: bigint): bigint => {
    if (typeof value !== "bigint" || value < min || value >= limit) throw new EvmProofError("EvidenceMalformed", `checkpoint.${name}: an integer from ${min} below 2^${limit.toString(2).length - 1}`);
    return value;
  };
  return {
    chainId: integer(checkpoint.chainId, "chainId", 1n, UINT256_LIMIT),
    blockNumber: integer(checkpoint.blockNumber, "blockNumber", 0n, UINT64_LIMIT),
    blockHash: lowerHex(checkpoint.blockHash, 32, "checkpoint.blockHash"),
    stateRoot: lowerHex(checkpoint.stateRoot, 32, "checkpoint.stateRoot"),
    timestamp: integer(checkpoint.timestamp, "timestamp", 0n, UINT64_LIMIT),
  };
}

/** SHA-256 of the six words of the header comment: what every member signs. */
export function checkpointDigest(checkpoint: EvmCheckpoint): Uint8Array {
  const c = validateCheckpoint(checkpoint);
  const words = new Uint8Array(6 * 32);
  words.set(new TextEncoder().encode(CHECKPOINT_DOMAIN), 0);
  words.set(uint256(c.chainId), 32);
  words.set(uint256(c.blockNumber), 64);
  words.set(hexBytes(c.blockHash, 32, "blockHash"), 96);
  words.set(hexBytes(c.stateRoot, 32, "stateRoot"), 128);
  words.set(uint256(c.timestamp), 160);
  return sha256(words);
}

function uint256(value: bigint): Uint8Array {
  return hexBytes(`0x${value.toString(16).padStart(64, "0")}`, 32, "uint256");
}

// ---------------------------------------------------------------------------------------------
// The committee.

/**
 * The committee, checked and normalised (keys lowercase); CommitteeInvalid otherwise:
 * 1 to 16 members, distinct MSP IDs, distinct keys each a point of P-256, and an integer quorum
 * with members/2 < quorum ≤ members. A majority, because two quorums must share a member: two
 * conflicting checkpoints (another state root for the same block) then both reach quorum only
 * if some member signed both — an equivocation its own signatures prove — while with
 * quorum ≤ members/2 two disjoint halves of the committee could each certify their own fork
 * without any one of them signing twice. It also keeps a minority from overruling the rest.
 * Strict on fields: accepts a parsed JSON object (the chaincode's state) as it is.
 */
export function validateCommittee(committee: unknown): EvmCommittee {
  const invalid = (detail: string): never => {
    throw new EvmProofError("CommitteeInvalid", detail);
  };
  if (!isPlainObject(committee) || !Array.isArray(committee.members)) return invalid("a committee is { members, quorum }");
  for (const key of Object.keys(committee)) if (key !== "members" && key !== "quorum") invalid(`unknown field "${key}"`);
  const members = committee.members as unknown[];
  if (members.length < 1 || members.length > MAX_COMMITTEE_MEMBERS) invalid(`${members.length} members: 1 to ${MAX_COMMITTEE_MEMBERS}`);
  const mspIds = new Set<string>();
  const keys = new Set<string>();
  const normalized = members.map((member, i): EvmCommitteeMember => {
    if (!isPlainObject(member) || Object.keys(member).length !== 2 || typeof member.mspId !== "string" || typeof member.publicKey !== "string") {
      return invalid(`members[${i}] is { mspId, publicKey }`);
    }
    if (!MSP_ID.test(member.mspId)) invalid(`members[${i}]: "${member.mspId}" is not an MSP ID`);
    if (mspIds.has(member.mspId)) invalid(`members[${i}]: ${member.mspId} twice`);
    let publicKey: string;
    try {
      publicKey = lowerHex(member.publicKey, 65, `members[${i}].publicKey`);
    } catch (error) {
      return invalid(error instanceof Error ? error.message : String(error));
    }
    if (!publicKey.startsWith("0x04")) invalid(`members[${i}]: the public key is uncompressed (0x04 ‖ X ‖ Y)`);
    try {
      p256.ProjectivePoint.fromHex(publicKey.slice(2)).assertValidity();
    } catch {
      invalid(`members[${i}]: the public key is not a point of P-256`);
    }
    if (keys.has(publicKey)) invalid(`members[${i}]: the key of another member`);
    mspIds.add(member.mspId);
    keys.add(publicKey);
    return { mspId: member.mspId, publicKey };
  });
  const quorum = committee.quorum;
  if (typeof quorum !== "number" || !Number.isInteger(quorum) || quorum < 1 || quorum > normalized.length) {
    return invalid(`quorum ${String(quorum)}: an integer from 1 to ${normalized.length}`);
  }
  if (2 * quorum <= normalized.length) invalid(`quorum ${quorum} of ${normalized.length}: more than half the members are required`);
  return { members: normalized, quorum };
}

export const MAX_COMMITTEE_JSON = 8192;

/**
 * A committee from its JSON (a chaincode argument, `JSON.stringify` of an EvmCommittee; any
 * key order): parsed, then validateCommittee — CommitteeInvalid for anything it refuses, or for
 * input that is not JSON or longer than MAX_COMMITTEE_JSON characters.
 */
export function parseEvmCommittee(json: string): EvmCommittee {
  if (typeof json !== "string" || json.length > MAX_COMMITTEE_JSON) throw new EvmProofError("CommitteeInvalid", `a committee is a JSON string of at most ${MAX_COMMITTEE_JSON} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new EvmProofError("CommitteeInvalid", "the committee is not JSON");
  }
  return validateCommittee(parsed);
}

/** The canonical JSON of a committee (validated first): keys sorted, members in their order. */
export function evmCommitteeToJson(committee: EvmCommittee): string {
  return canonicalJson(validateCommittee(committee));
}

// ---------------------------------------------------------------------------------------------
// Signing and verifying.

/** A member's signature of the checkpoint (for clients and tests): deterministic, low S, r ‖ s. */
export function signCheckpoint(privateKey: Uint8Array, mspId: string, checkpoint: EvmCheckpoint): CheckpointSignature {
  const signature = p256.sign(checkpointDigest(checkpoint), privateKey, { lowS: true, prehash: false });
  return { mspId, signature: hex(signature.toCompactRawBytes()) };
}

/**
 * The checkpoint, if a quorum of `committee` signed it. Every signature is checked, in order,
 * and any one refuses the evidence: UnknownCommitteeMember (an mspId not in the committee),
 * DuplicateCommitteeMember (a member twice), CheckpointSignatureInvalid (not 64 bytes r ‖ s,
 * r or s out of range, high S, or not the member's signature of this checkpoint's digest);
 * then CheckpointQuorumNotMet when fewer than `quorum` members signed. EvidenceMalformed for a
 * checkpoint of the wrong shape or more than 16 signatures, CommitteeInvalid for the committee.
 */
export function verifyCheckpoint(committee: EvmCommittee, checkpoint: EvmCheckpoint, signatures: readonly CheckpointSignature[]): VerifiedCheckpoint {
  const members = validateCommittee(committee);
  const normalized = validateCheckpoint(checkpoint);
  if (!Array.isArray(signatures) || signatures.length > MAX_COMMITTEE_MEMBERS) {
    throw new EvmProofError("EvidenceMalformed", `signatures: an array of at most ${MAX_COMMITTEE_MEMBERS}`);
  }
  const digest = checkpointDigest(normalized);
  const keys = new Map(members.members.map((member) => [member.mspId, member.publicKey]));
  const signers: string[] = [];
  signatures.forEach((entry, i) => {
    if (!isPlainObject(entry) || typeof entry.mspId !== "string" || typeof entry.signature !== "string") {
      throw new EvmProofError("EvidenceMalformed", `signatures[${i}] is { mspId, signature }`);
    }
    const publicKey = keys.get(entry.mspId);
    if (publicKey === undefined) throw new EvmProofError("UnknownCommitteeMember", `signatures[${i}]: ${JSON.stringify(entry.mspId)} is not a member of the committee`);
    if (signers.includes(entry.mspId)) throw new EvmProofError("DuplicateCommitteeMember", `signatures[${i}]: ${entry.mspId} signed twice`);
    const invalid = (detail: string): never => {
      throw new EvmProofError("CheckpointSignatureInvalid", `signatures[${i}] (${entry.mspId}): ${detail}`);
    };
    let bytes: Uint8Array;
    try {
      bytes = hexBytes(entry.signature, 64, "signature");
    } catch {
      return invalid("not 0x + 64 bytes r ‖ s");
    }
    const r = BigInt(hex(bytes.subarray(0, 32)));
    const s = BigInt(hex(bytes.subarray(32)));
    if (r === 0n || r >= N || s === 0n || s >= N) invalid("r or s out of range");
    if (s > HALF_N) invalid("high S (s > n/2): only low-S signatures are accepted");
    if (!p256.verify(new p256.Signature(r, s), digest, hexBytes(publicKey, 65, "publicKey"), { lowS: true, prehash: false })) {
      invalid("not the member's signature of this checkpoint");
    }
    signers.push(entry.mspId);
  });
  if (signers.length < members.quorum) throw new EvmProofError("CheckpointQuorumNotMet", `${signers.length} of the ${members.quorum} signatures required`);
  return { checkpoint: normalized, signers };
}

/**
 * The committee as an attestor: evidence is { checkpoint, signatures } (or its JSON, see
 * checkpointEvidenceFromJson); trust "committee". With `chainId`, a checkpoint of another chain
 * is refused (CheckpointWrongChain) — the members sign the chain id, this checks it is ours.
 */
export class CommitteeAttestor implements EvmHeaderAttestor {
  readonly trust = "committee" as const;
  readonly committee: EvmCommittee;

  constructor(
    committee: EvmCommittee,
    readonly chainId?: bigint,
  ) {
    this.committee = validateCommittee(committee);
  }

  attest(evidence: unknown): EvmCheckpoint {
    const { checkpoint, signatures } = typeof evidence === "string" ? checkpointEvidenceFromJson(evidence) : checkpointEvidenceOf(evidence);
    const verified = verifyCheckpoint(this.committee, checkpoint, signatures);
    if (this.chainId !== undefined && verified.checkpoint.chainId !== this.chainId) {
      throw new EvmProofError("CheckpointWrongChain", `a checkpoint of chain ${verified.checkpoint.chainId}, not ${this.chainId}`);
    }
    return verified.checkpoint;
  }
}

/** In-memory evidence, checked for shape: exactly { checkpoint, signatures }. */
function checkpointEvidenceOf(evidence: unknown): CheckpointEvidence {
  exactFields(evidence, ["checkpoint", "signatures"], "the evidence");
  exactFields(evidence.checkpoint, CHECKPOINT_FIELDS, "checkpoint");
  const signatures = evidence.signatures;
  if (!Array.isArray(signatures) || signatures.length > MAX_COMMITTEE_MEMBERS) throw new EvmProofError("EvidenceMalformed", `signatures: an array of at most ${MAX_COMMITTEE_MEMBERS}`);
  signatures.forEach((entry: unknown, i) => exactFields(entry, SIGNATURE_FIELDS, `signatures[${i}]`));
  return { checkpoint: validateCheckpoint(evidence.checkpoint as unknown as EvmCheckpoint), signatures: signatures as CheckpointSignature[] };
}

// ---------------------------------------------------------------------------------------------
// The JSON form (a chaincode argument): canonical, strict.

const CHECKPOINT_FIELDS = ["blockHash", "blockNumber", "chainId", "stateRoot", "timestamp"] as const;
const SIGNATURE_FIELDS = ["mspId", "signature"] as const;
export const MAX_CHECKPOINT_EVIDENCE_JSON = 8192;
const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

/**
 * The canonical JSON of the evidence: keys sorted, no whitespace, integers as decimal strings,
 * hex lowercase —
 *   {"checkpoint":{"blockHash":"0x…","blockNumber":"12","chainId":"1337","stateRoot":"0x…","timestamp":"1700000000"},
 *    "signatures":[{"mspId":"Org1MSP","signature":"0x…"}]}
 * Throws EvidenceMalformed for a checkpoint or signatures of the wrong shape.
 */
export function checkpointEvidenceToJson(evidence: CheckpointEvidence): string {
  const { checkpoint, signatures } = checkpointEvidenceOf(evidence);
  return canonicalJson({
    checkpoint: {
      blockHash: checkpoint.blockHash,
      blockNumber: checkpoint.blockNumber.toString(),
      chainId: checkpoint.chainId.toString(),
      stateRoot: checkpoint.stateRoot,
      timestamp: checkpoint.timestamp.toString(),
    },
    signatures: signatures.map((entry, i) => ({ mspId: mspIdOf(entry.mspId, i), signature: lowerHex(entry.signature, 64, `signatures[${i}].signature`) })),
  });
}

/**
 * The evidence from its JSON, refused (EvidenceMalformed) unless it is exactly the spelling
 * checkpointEvidenceToJson writes: an unknown or missing field, a number where a decimal string
 * belongs, a non-minimal decimal, hex of the wrong length or in uppercase, a duplicate key,
 * whitespace — each refused. Proves nothing yet: the signatures are checked by verifyCheckpoint.
 */
export function checkpointEvidenceFromJson(json: string): CheckpointEvidence {
  const malformed = (detail: string): never => {
    throw new EvmProofError("EvidenceMalformed", detail);
  };
  if (typeof json !== "string" || json.length > MAX_CHECKPOINT_EVIDENCE_JSON) return malformed(`checkpoint evidence is a JSON string of at most ${MAX_CHECKPOINT_EVIDENCE_JSON} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return malformed("the checkpoint evidence is not JSON");
  }
  exactFields(parsed, ["checkpoint", "signatures"], "the evidence");
  const raw = parsed.checkpoint;
  exactFields(raw, CHECKPOINT_FIELDS, "checkpoint");
  const decimal = (name: (typeof CHECKPOINT_FIELDS)[number]): bigint => {
    const value = raw[name];
    if (typeof value !== "string" || !DECIMAL.test(value)) return malformed(`checkpoint.${name}: a decimal string without leading zeros`);
    return BigInt(value);
  };
  const strictHex = (value: unknown, bytes: number, name: string): string => {
    if (typeof value !== "string") return malformed(`${name}: a hex string`);
    const lower = lowerHex(value, bytes, name);
    if (lower !== value) malformed(`${name}: lowercase hex`);
    return lower;
  };
  const checkpoint = validateCheckpoint({
    chainId: decimal("chainId"),
    blockNumber: decimal("blockNumber"),
    blockHash: strictHex(raw.blockHash, 32, "checkpoint.blockHash"),
    stateRoot: strictHex(raw.stateRoot, 32, "checkpoint.stateRoot"),
    timestamp: decimal("timestamp"),
  });
  const list = parsed.signatures;
  if (!Array.isArray(list) || list.length > MAX_COMMITTEE_MEMBERS) return malformed(`signatures: an array of at most ${MAX_COMMITTEE_MEMBERS}`);
  const signatures = list.map((entry: unknown, i): CheckpointSignature => {
    exactFields(entry, SIGNATURE_FIELDS, `signatures[${i}]`);
    if (typeof entry.mspId !== "string") return malformed(`signatures[${i}].mspId: a string`);
    return { mspId: mspIdOf(entry.mspId, i), signature: strictHex(entry.signature, 64, `signatures[${i}].signature`) };
  });
  const evidence = { checkpoint, signatures };
  if (checkpointEvidenceToJson(evidence) !== json) malformed("the checkpoint evidence is not in its canonical spelling (checkpointEvidenceToJson: sorted keys, no whitespace)");
  return evidence;
}

function mspIdOf(mspId: unknown, i: number): string {
  if (typeof mspId !== "string" || !MSP_ID.test(mspId)) throw new EvmProofError("EvidenceMalformed", `signatures[${i}].mspId: an MSP ID`);
  return mspId;
}
