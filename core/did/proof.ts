/**
 * Proof of control of a self-certifying DID (core/spec/DID.md): a signature by the DID's
 * own key over the binding statement. secp256k1 keys sign it as an EIP-191 personal
 * message (what every Ethereum wallet's `personal_sign` produces); P-256 keys sign its
 * SHA-256 (what WebCrypto and HSMs produce). Both curves require low-S, as the EVM side
 * (OpenZeppelin ECDSA and P256) does, so a proof valid on one platform is valid on both.
 */
import { p256 } from "@noble/curves/p256";
import { secp256k1 } from "@noble/curves/secp256k1";
import { keccak_256 } from "@noble/hashes/sha3";
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex } from "@noble/hashes/utils";
import type { DidController } from "./control.js";

const encoder = new TextEncoder();

/** The message a DID's controller signs to let `assetId`'s owner bind it on `ledger` until `deadline`. */
export function didBindingStatement(ledger: string, did: string, assetId: string, deadline: number): string {
  return ["Twinledger DID binding", `ledger: ${ledger}`, `did: ${did}`, `asset: ${assetId}`, `deadline: ${deadline}`].join("\n");
}

/** EIP-191 version 0x45: keccak256("\x19Ethereum Signed Message:\n" + byte length + message). */
export function personalMessageHash(message: string): Uint8Array {
  const body = encoder.encode(message);
  return keccak_256(Uint8Array.from([...encoder.encode(`\x19Ethereum Signed Message:\n${body.length}`), ...body]));
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.slice(2).match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function scalar(bytes: Uint8Array): bigint {
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/** 0 < r < n and 0 < s <= n/2. */
function isLowS(r: bigint, s: bigint, order: bigint): boolean {
  return r > 0n && r < order && s > 0n && s <= order / 2n;
}

function eip155Problem(address: string, statement: string, signature: Uint8Array): string | undefined {
  if (signature.length !== 65) return "a secp256k1 proof is a 65-byte signature r ‖ s ‖ v";
  const [r, s, v] = [scalar(signature.subarray(0, 32)), scalar(signature.subarray(32, 64)), signature[64]];
  if (v !== 27 && v !== 28) return "v must be 27 or 28";
  if (!isLowS(r, s, secp256k1.CURVE.n)) return "r or s out of range (s must be in the lower half)";
  let signer: string;
  try {
    const point = new secp256k1.Signature(r, s).addRecoveryBit(v - 27).recoverPublicKey(personalMessageHash(statement));
    signer = `0x${bytesToHex(keccak_256(point.toRawBytes(false).subarray(1)).subarray(12))}`;
  } catch {
    return "no key recovers from this signature"; // r is no x-coordinate, or the point is at infinity (ecrecover: zero)
  }
  return signer === address ? undefined : "the statement is not signed by the DID's key";
}

function p256Problem(publicKey: Uint8Array, statement: string, signature: Uint8Array): string | undefined {
  if (signature.length !== 64) return "a P-256 proof is a 64-byte signature r ‖ s";
  const [r, s] = [scalar(signature.subarray(0, 32)), scalar(signature.subarray(32))];
  if (!isLowS(r, s, p256.CURVE.n)) return "r or s out of range (s must be in the lower half)";
  const valid = p256.verify(new p256.Signature(r, s), sha256(encoder.encode(statement)), publicKey, { lowS: true, prehash: false });
  return valid ? undefined : "the statement is not signed by the DID's key";
}

/** Why `signatureHex` does not prove that `controller` signed `statement`, or undefined if it does. */
export function proofProblem(controller: DidController, statement: string, signatureHex: string): string | undefined {
  const signature = hexBytes(signatureHex);
  return controller.kind === "eip155"
    ? eip155Problem(controller.address, statement, signature)
    : p256Problem(controller.publicKey, statement, signature);
}
