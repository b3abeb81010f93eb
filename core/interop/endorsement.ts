/**
 * One endorsement of a ProposalResponsePayload, checked as a Fabric committer checks it:
 * the endorser's SerializedIdentity, and a DER ECDSA-P256 signature over
 * SHA-256(prp ‖ endorser bytes) with low S (Fabric signs and verifies low-S only). The DER is
 * read strictly — one spelling per signature — as the EVM verifier reads it.
 */
import { p256 } from "@noble/curves/p256";
import { sha256 } from "@noble/hashes/sha256";
import { ProtobufError, readMessage, requiredBytes } from "./protobuf.js";

export class SignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SignatureError";
  }
}

const N = p256.CURVE.n;
/** The largest S Fabric signs or accepts (n / 2). */
export const P256_HALF_N = N >> 1n;

/** SEQUENCE { r INTEGER, s INTEGER }: short lengths, minimal positive integers, nothing after. */
export function readDerSignature(der: Uint8Array): { r: bigint; s: bigint } {
  if (der.length < 8 || der.length > 72) throw new SignatureError(`a DER P-256 signature is 8–72 bytes, got ${der.length}`);
  if (der[0] !== 0x30 || der[1] !== der.length - 2) throw new SignatureError("not a DER SEQUENCE spanning the signature");
  let offset = 2;
  const integer = (name: string) => {
    if (offset + 2 > der.length || der[offset] !== 0x02) throw new SignatureError(`${name}: not an INTEGER`);
    const length = der[offset + 1]!;
    const start = offset + 2;
    if (length === 0 || length > 33 || start + length > der.length) throw new SignatureError(`${name}: bad length ${length}`);
    const bytes = der.subarray(start, start + length);
    if (bytes[0]! & 0x80) throw new SignatureError(`${name}: negative`);
    if (length > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) throw new SignatureError(`${name}: not minimally encoded`);
    offset = start + length;
    const value = BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
    if (value === 0n || value >= N) throw new SignatureError(`${name}: out of range`);
    return value;
  };
  const r = integer("r");
  const s = integer("s");
  if (offset !== der.length) throw new SignatureError("bytes after the signature");
  return { r, s };
}

/** SerializedIdentity { mspid = 1, id_bytes = 2 (PEM certificate) }. */
export function readSerializedIdentity(bytes: Uint8Array): { mspId: string; certificatePem: string } {
  const fields = readMessage(bytes, { 1: "bytes", 2: "bytes" }, "SerializedIdentity");
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  try {
    return { mspId: decoder.decode(requiredBytes(fields, 1, "SerializedIdentity")), certificatePem: decoder.decode(requiredBytes(fields, 2, "SerializedIdentity")) };
  } catch (error) {
    if (error instanceof ProtobufError) throw error;
    throw new ProtobufError("SerializedIdentity: not UTF-8");
  }
}

/**
 * True when `signature` is the endorser's over `prp`; `publicKey` is the endorser
 * certificate's uncompressed point (65 bytes). A high-S signature is refused, as Fabric does.
 */
export function endorsementVerifies(prp: Uint8Array, endorser: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  const { r, s } = readDerSignature(signature);
  if (s > P256_HALF_N) throw new SignatureError("high S: Fabric signs and accepts low-S signatures only");
  const digest = sha256(Buffer.concat([prp, endorser]));
  return p256.verify(new p256.Signature(r, s), digest, publicKey, { prehash: false, lowS: true });
}
