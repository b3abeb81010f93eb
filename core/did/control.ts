/**
 * Self-certifying DIDs: the forms whose controlling key is written in the DID itself and
 * can be checked on chain (core/spec/DID.md). Every other DID — another method, or
 * another form of these methods — is governed by the holder of its method's namespace.
 */
import { p256 } from "@noble/curves/p256";
import { decodeBase58 } from "./base58.js";

export type DidController =
  /** did:pkh:eip155 and did:ethr: a secp256k1 key, named by its Ethereum address (lower case). */
  | { readonly kind: "eip155"; readonly address: string }
  /** did:key with a P-256 public key: the 33-byte compressed point. */
  | { readonly kind: "p256"; readonly publicKey: Uint8Array };

const ADDRESS = "0x[0-9a-fA-F]{40}";
/** CAIP-10 on eip155: `did:pkh:eip155:{decimal chain id}:{address}`. */
const PKH = new RegExp(`^did:pkh:eip155:[0-9]{1,32}:(${ADDRESS})$`);
/** ERC-1056: `did:ethr:{address}` or `did:ethr:{network name or hex chain id}:{address}`. */
const ETHR = new RegExp(`^did:ethr:(?:[A-Za-z0-9._-]{1,32}:)?(${ADDRESS})$`);
/** Multibase base58btc; a P-256 did:key is 48 characters after the `z`. */
const KEY = /^did:key:z([1-9A-HJ-NP-Za-km-z]{1,64})$/;
/** The multicodec varint of p256-pub (0x1200). */
const P256_PUB = [0x80, 0x24];

function p256Key(multibase: string): Uint8Array | undefined {
  const bytes = decodeBase58(multibase);
  if (!bytes || bytes.length !== 35 || bytes[0] !== P256_PUB[0] || bytes[1] !== P256_PUB[1]) return undefined;
  const publicKey = bytes.slice(2);
  if (publicKey[0] !== 0x02 && publicKey[0] !== 0x03) return undefined;
  try {
    p256.ProjectivePoint.fromHex(publicKey).assertValidity();
  } catch {
    return undefined; // x is not the abscissa of a point on the curve
  }
  return publicKey;
}

/** The key that controls a canonical DID, or undefined if the DID is not self-certifying. */
export function didController(did: string): DidController | undefined {
  const address = PKH.exec(did)?.[1] ?? ETHR.exec(did)?.[1];
  if (address) return { kind: "eip155", address: address.toLowerCase() };
  const multibase = KEY.exec(did)?.[1];
  const publicKey = multibase === undefined ? undefined : p256Key(multibase);
  return publicKey ? { kind: "p256", publicKey } : undefined;
}
