/**
 * DIDs and their controllers for the conformance and model tests: self-certifying DIDs of
 * each form (their controllers sign binding statements at run time, against the target's
 * own ledger name) and DIDs governed by their method's namespace. Keys are fixed, and both curves sign
 * deterministically (RFC 6979), so a sequence replays to the same bytes.
 */
import { SigningKey, Wallet } from "ethers";
import { p256 } from "@noble/curves/p256";
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex } from "@noble/hashes/utils";
import { didBindingStatement, encodeBase58 } from "../../core/did/index.js";

const secp = (n: number) => new Wallet(new SigningKey(`0x${n.toString(16).padStart(64, "0")}`));
const P256_SECRET = Uint8Array.from({ length: 32 }, (_v, i) => (i === 31 ? 7 : 0));
const P256_OTHER = Uint8Array.from({ length: 32 }, (_v, i) => (i === 31 ? 8 : 0));

export const DID_KEYS = {
  pkh: { curve: "secp256k1", wallet: secp(0x1001) },
  ethr: { curve: "secp256k1", wallet: secp(0x1002) },
  key: { curve: "p256", secret: P256_SECRET },
  otherSecp: { curve: "secp256k1", wallet: secp(0x1003) },
  otherP256: { curve: "p256", secret: P256_OTHER },
} as const;
export type DidKeyName = keyof typeof DID_KEYS;

const p256Did = (secret: Uint8Array) => `did:key:z${encodeBase58(Uint8Array.from([0x80, 0x24, ...p256.getPublicKey(secret, true)]))}`;

/** Self-certifying DIDs, each with the key that controls it. */
export const SELF_CERTIFYING_DIDS: Record<string, DidKeyName> = {
  [`did:pkh:eip155:1:${DID_KEYS.pkh.wallet.address}`]: "pkh",
  [`did:ethr:sepolia:${DID_KEYS.ethr.wallet.address.toLowerCase()}`]: "ethr",
  [p256Did(P256_SECRET)]: "key",
};
/** DIDs no contract can check: governed by the namespace of their method. */
export const NAMESPACED_DIDS = ["did:web:example.com", "did:example:123456789abcdefghi"];

/** A proof of control by `key` of the statement for (`did`, `assetId`, `deadline`) on `ledger`. */
export function signBinding(key: DidKeyName, ledger: string, did: string, assetId: string, deadline: number): string {
  const statement = didBindingStatement(ledger, did, assetId, deadline);
  const signer = DID_KEYS[key];
  if (signer.curve === "secp256k1") return signer.wallet.signMessageSync(statement);
  const signature = p256.sign(sha256(new TextEncoder().encode(statement)), signer.secret, { lowS: true });
  return `0x${bytesToHex(signature.toCompactRawBytes())}`;
}
