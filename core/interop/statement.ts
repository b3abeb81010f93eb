/**
 * The statement a Fabric `proveFact` event carries and an EVM verifier decodes
 * (core/spec/INTEROP.md §1): ten static ABI words, so `abi.decode(payload, (bytes32, bytes32,
 * uint8, bytes32, bytes32, uint256, address, bytes32, uint64, uint64))` reads it for a few hundred gas and the chaincode writes it
 * without an ABI library — byte-identical on every endorser. Strings (the channel id) go in
 * as keccak-256 hashes; the verifier compares them with the hash it was configured with.
 */
import { keccak_256 } from "@noble/hashes/sha3";

/** Word 0: the format and its version, ASCII, right-padded: a statement of another kind never decodes as this one. */
export const STATEMENT_DOMAIN = `0x${Buffer.from("twinledger.fact.v1").toString("hex").padEnd(64, "0")}`;

/** The chaincode event that carries a statement; a verifier accepts no other name. */
export const FACT_PROOF_EVENT = "FactProof";

export const FACT_TYPES = { IdentifierBinding: 1, CertificateVerdict: 2, ReceivableState: 3, ReceivableReservation: 4 } as const;
export type FactType = keyof typeof FACT_TYPES;

export interface FactStatement {
  /** keccak-256 of the channel id the chaincode runs on (its own `getChannelID()`). */
  channelHash: string;
  factType: FactType;
  /** keccak-256 of the subject: identifier key, certificate id, invoice fingerprint. */
  subject: string;
  /** What is stated about it: an asset id hash, a verdict, a state — per fact type. */
  value: string;
  /** Where the proof may be used: the EVM chain and the contract that consumes it. */
  chainId: bigint;
  consumer: string;
  /** Issued by the verifier; echoed to show the query ran after it. */
  nonce: string;
  /** EVM time the nonce was issued. */
  notBefore: bigint;
  /** EVM time after which the verifier refuses the proof. */
  expiry: bigint;
}

export const STATEMENT_BYTES = 10 * 32;

export class StatementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StatementError";
  }
}

export const keccakHex = (text: string): string => `0x${Buffer.from(keccak_256(Buffer.from(text, "utf8"))).toString("hex")}`;

export function encodeStatement(statement: FactStatement): Uint8Array {
  const words = [
    word32(STATEMENT_DOMAIN, "domain"),
    word32(statement.channelHash, "channelHash"),
    uintWord(BigInt(FACT_TYPES[statement.factType] ?? fail(`unknown fact type ${statement.factType}`)), 8, "factType"),
    word32(statement.subject, "subject"),
    word32(statement.value, "value"),
    uintWord(statement.chainId, 256, "chainId"),
    addressWord(statement.consumer),
    word32(statement.nonce, "nonce"),
    uintWord(statement.notBefore, 64, "notBefore"),
    uintWord(statement.expiry, 64, "expiry"),
  ];
  return Buffer.concat(words);
}

/** Strict: exactly ten words, the domain, a known fact type, clean padding. */
export function decodeStatement(bytes: Uint8Array): FactStatement {
  if (bytes.length !== STATEMENT_BYTES) throw new StatementError(`a statement is ${STATEMENT_BYTES} bytes, got ${bytes.length}`);
  const word = (index: number) => Buffer.from(bytes.subarray(index * 32, index * 32 + 32));
  const hex = (index: number) => `0x${word(index).toString("hex")}`;
  if (hex(0) !== STATEMENT_DOMAIN) throw new StatementError("not a twinledger.fact.v1 statement");
  const factType = Object.entries(FACT_TYPES).find(([, code]) => BigInt(code) === uintOf(word(2), 8, "factType"))?.[0];
  if (factType === undefined) throw new StatementError(`unknown fact type ${uintOf(word(2), 8, "factType")}`);
  if (!word(6).subarray(0, 12).every((byte) => byte === 0)) throw new StatementError("consumer: not an address word");
  return {
    channelHash: hex(1),
    factType: factType as FactType,
    subject: hex(3),
    value: hex(4),
    chainId: uintOf(word(5), 256, "chainId"),
    consumer: `0x${word(6).subarray(12).toString("hex")}`,
    nonce: hex(7),
    notBefore: uintOf(word(8), 64, "notBefore"),
    expiry: uintOf(word(9), 64, "expiry"),
  };
}

function word32(value: string, field: string): Buffer {
  if (!/^0x[0-9a-f]{64}$/.test(value)) throw new StatementError(`${field}: expected 0x and 64 lowercase hex digits`);
  return Buffer.from(value.slice(2), "hex");
}

function uintWord(value: bigint, bits: number, field: string): Buffer {
  if (value < 0n || value >= 1n << BigInt(bits)) throw new StatementError(`${field}: out of range for uint${bits}`);
  return Buffer.from(value.toString(16).padStart(64, "0"), "hex");
}

function uintOf(word: Buffer, bits: number, field: string): bigint {
  const value = BigInt(`0x${word.toString("hex")}`);
  if (value >= 1n << BigInt(bits)) throw new StatementError(`${field}: out of range for uint${bits}`);
  return value;
}

function addressWord(address: string): Buffer {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new StatementError("consumer: expected a 20-byte address");
  return Buffer.concat([Buffer.alloc(12), Buffer.from(address.slice(2), "hex")]);
}

function fail(message: string): never {
  throw new StatementError(message);
}
