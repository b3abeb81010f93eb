/**
 * DidControl.sol against the TypeScript reference core/did (control.ts, proof.ts, base58.ts):
 * the same DIDs are self-certifying with the same key, and the same proofs are valid.
 * Differential: every DID and signature here goes to both, and their verdicts must be equal.
 *
 *   npx hardhat test mocha test/evm/did-control.test.ts
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { p256 } from "@noble/curves/p256";
import { sha256 } from "@noble/hashes/sha2";
import { concat, getBytes, hexlify, toBeHex, Wallet, ZeroAddress, ZeroHash } from "ethers";
import { didBindingStatement, didController, encodeBase58, proofProblem, type DidController } from "../../core/did/index.js";
import { DidControlHarness__factory } from "../../typechain-types/index.js";
import type { DidControlHarness } from "../../typechain-types/index.js";
import { PROPERTY_RUNS } from "../identifiers/arbitraries.js";

const { ethers } = await network.create();

/** DidControl.Kind. */
const KIND = { none: 0, eip155: 1, p256: 2 } as const;

const P = p256.CURVE.Fp.ORDER;
const P256_N = p256.CURVE.n;
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const P256_PUB = [0x80, 0x24];
const ED25519_PUB = [0xed, 0x01];
const LEDGER = "eip155:31337:0x5fbdb2315678afecb367f032d93f642f64180aa3";

let harness: DidControlHarness;

// ---- Classification, on both sides, in one comparable shape ------------------------------------

type Classified =
  | { kind: "none" }
  | { kind: "eip155"; address: string }
  | { kind: "p256"; qx: bigint; qy: bigint };

function tsClassify(did: string): Classified {
  const controller = didController(did);
  if (!controller) return { kind: "none" };
  if (controller.kind === "eip155") return { kind: "eip155", address: controller.address };
  const { x, y } = p256.ProjectivePoint.fromHex(controller.publicKey).toAffine();
  return { kind: "p256", qx: x, qy: y };
}

async function solClassify(did: string): Promise<Classified> {
  const [kind, account, qx, qy] = await harness.controller(did);
  const show = JSON.stringify(did);
  switch (Number(kind)) {
    case KIND.none:
      expect([account, qx, qy], `${show}: None has zero results`).to.deep.equal([ZeroAddress, ZeroHash, ZeroHash]);
      return { kind: "none" };
    case KIND.eip155:
      expect([qx, qy], `${show}: Eip155 has no point`).to.deep.equal([ZeroHash, ZeroHash]);
      return { kind: "eip155", address: account.toLowerCase() };
    case KIND.p256:
      expect(account, `${show}: P256 has no account`).to.equal(ZeroAddress);
      return { kind: "p256", qx: BigInt(qx), qy: BigInt(qy) };
    default:
      throw new Error(`${show}: unknown kind ${kind}`);
  }
}

/** Solidity and TS classify `did` alike; returns the kind (so a test can check it is the one it meant). */
async function agreeOn(did: string): Promise<Classified["kind"]> {
  const ts = tsClassify(did);
  expect(await solClassify(did), JSON.stringify(did)).to.deep.equal(ts);
  return ts.kind;
}

// ---- DID arbitraries --------------------------------------------------------------------------

const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
const HEX = "0123456789abcdefABCDEF";
const DIGITS = "0123456789";
const UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** `0x` and 40 hex digits, in lower, upper or mixed case. */
const address = fc.oneof(
  chars(HEX, 40, 40),
  chars(HEX, 40, 40).map((h) => h.toLowerCase()),
  chars(HEX, 40, 40).map((h) => h.toUpperCase()),
).map((h) => `0x${h}`);
/** Almost an address: a hex digit too few or too many, `0X`, or a non-hex idchar. */
const badAddress = fc.oneof(
  chars(HEX, 39, 39).map((h) => `0x${h}`),
  chars(HEX, 41, 41).map((h) => `0x${h}`),
  chars(HEX, 40, 40).map((h) => `0X${h}`),
  chars(HEX, 40, 40).map((h) => `x0${h}`),
  // The neighbours of the hex ranges, other idchars, and a non-ASCII character (two UTF-8 bytes for two digits).
  fc.tuple(chars(HEX, 40, 40), fc.nat(39), fc.constantFrom(..."/:@G`gxz._-")).map(([h, i, c]) => `0x${h.slice(0, i)}${c}${h.slice(i + 1)}`),
  fc.tuple(chars(HEX, 40, 40), fc.nat(38)).map(([h, i]) => `0x${h.slice(0, i)}é${h.slice(i + 2)}`),
);
const chainId = chars(DIGITS, 1, 32);
const network_ = chars(UNRESERVED, 1, 32);

const scalar = (bytes: Uint8Array) => BigInt(hexlify(bytes));
const bytes32 = (value: bigint) => getBytes(toBeHex(value, 32));
const didKey = (bytes: Iterable<number>) => `did:key:z${encodeBase58(Uint8Array.from(bytes))}`;
const p256DidKey = (prefix: number, x: bigint) => didKey([...P256_PUB, prefix, ...bytes32(x)]);

const p256PrivateKey = fc.bigInt(1n, P256_N - 1n).map((d) => bytes32(d));
/** A compressed P-256 point from a random private key. */
const p256Point = p256PrivateKey.map((d) => p256.getPublicKey(d, true));
const prefix = fc.constantFrom(0x02, 0x03);
const fieldElement = fc.bigInt(0n, P - 1n);
const overP = fc.bigInt(P, 2n ** 256n - 1n);

/** y² = x³ − 3x + b has a solution: x is the abscissa of a point. */
function onCurve(x: bigint): boolean {
  const mod = (a: bigint) => ((a % P) + P) % P;
  const rhs = mod(x ** 3n - 3n * x + p256.CURVE.b);
  let [result, base, e] = [1n, rhs, (P + 1n) / 4n];
  for (; e > 0n; e >>= 1n, base = (base * base) % P) if (e & 1n) result = (result * base) % P;
  return (result * result) % P === rhs;
}
/** An x that is not the abscissa of any point (about half of them). */
const offCurve = fieldElement.filter((x) => x !== 0n && !onCurve(x));

/** Replace the character at `i` (mod length) of `text` with `c`. */
const replaceAt = (text: string, i: number, c: string) => {
  const at = i % text.length;
  return `${text.slice(0, at)}${c}${text.slice(at + 1)}`;
};

async function agreeOnAll(arbitrary: fc.Arbitrary<string>, expected?: Classified["kind"]): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (did) => {
      const kind = await agreeOn(did);
      if (expected !== undefined) expect(kind, JSON.stringify(did)).to.equal(expected);
    }),
    { numRuns: PROPERTY_RUNS },
  );
}

// ---- Proofs, on both sides --------------------------------------------------------------------

/** What `proofProblem` says: valid (undefined), or refused — also when it throws (an r that is no point's x). */
function tsValid(controller: DidController, statement: string, signature: string): boolean {
  try {
    return proofProblem(controller, statement, signature) === undefined;
  } catch {
    return false;
  }
}

async function solValid(controller: DidController, statement: string, signature: string): Promise<boolean> {
  if (controller.kind === "eip155") return harness.isValidProof(KIND.eip155, controller.address, ZeroHash, ZeroHash, statement, signature);
  const { x, y } = p256.ProjectivePoint.fromHex(controller.publicKey).toAffine();
  return harness.isValidProof(KIND.p256, ZeroAddress, toBeHex(x, 32), toBeHex(y, 32), statement, signature);
}

/** Both sides give the same verdict on the proof; returns it. */
async function verdict(controller: DidController, statement: string, signature: string): Promise<boolean> {
  const ts = tsValid(controller, statement, signature);
  expect(await solValid(controller, statement, signature), `${controller.kind} ${signature}`).to.equal(ts);
  return ts;
}

const statementOf = (did: string, assetId: string, deadline: number) => didBindingStatement(LEDGER, did, assetId, deadline);
const assetId = chars(UNRESERVED, 1, 40);
const deadline = fc.integer({ min: 0, max: 2 ** 40 });
/** Also statements with non-ASCII text, so EIP-191's length is in bytes. */
const statement = fc.oneof(
  fc.tuple(assetId, deadline).map(([asset, time]) => statementOf("did:ethr:0x0000000000000000000000000000000000000001", asset, time)),
  fc.string({ unit: "grapheme", maxLength: 200 }),
);

const secp256k1Wallet = fc.bigInt(1n, SECP256K1_N - 1n).map((d) => new Wallet(toBeHex(d, 32)));
const eip155Of = (wallet: Wallet): DidController => ({ kind: "eip155", address: wallet.address.toLowerCase() });

function p256Sign(privateKey: Uint8Array, text: string): string {
  const signature = p256.sign(sha256(new TextEncoder().encode(text)), privateKey, { lowS: true, prehash: false });
  return hexlify(signature.toCompactRawBytes());
}
const p256Of = (privateKey: Uint8Array): DidController => ({ kind: "p256", publicKey: p256.getPublicKey(privateKey, true) });

/** Signature with s replaced by n − s (and v flipped for secp256k1): the same ECDSA signature, high-S. */
function highS(signature: string, n: bigint): string {
  const bytes = getBytes(signature);
  const s = n - scalar(bytes.subarray(32, 64));
  const v = bytes.length === 65 ? [bytes[64] === 27 ? 28 : 27] : [];
  return hexlify(concat([bytes.subarray(0, 32), bytes32(s), Uint8Array.from(v)]));
}

// ---- Gas ---------------------------------------------------------------------------------------

/** The RIP-7212 / EIP-7951 test vector OpenZeppelin's P256 probes the precompile with. */
const P256VERIFY_PROBE = concat([
  "0xbb5a52f42f9c9261ed4361f59422a1e30036e7c32b270c8807a419feca605023",
  toBeHex(5n, 32),
  toBeHex(1n, 32),
  "0xa71af64de5126a4a4e02b7922d66ce9415ce88a4c9d25514d91082c8725ac957",
  "0x5d47723c8fbe580bb369fec9c2665d8e30a435b9932645482e7c9f11e872296b",
]);

before(async () => {
  harness = await new DidControlHarness__factory((await ethers.getSigners())[0]).deploy();
});

describe("DidControl (EVM) against core/did", () => {
  describe("controller: did:pkh:eip155", () => {
    it("is Eip155 with the address in lower case, for any chain id of 1–32 digits and any hex case", () =>
      agreeOnAll(fc.tuple(chainId, address).map(([chain, a]) => `did:pkh:eip155:${chain}:${a}`), "eip155"));

    it("is None with an empty chain id or one of 33 digits", () =>
      agreeOnAll(
        fc.tuple(fc.constantFrom("", "0".repeat(33), "1".repeat(33)), address).map(([chain, a]) => `did:pkh:eip155:${chain}:${a}`),
        "none",
      ));

    it("is None with a chain id that is not decimal", () =>
      agreeOnAll(
        fc.tuple(chars(UNRESERVED, 1, 32).filter((c) => !/^[0-9]+$/.test(c)), address).map(([chain, a]) => `did:pkh:eip155:${chain}:${a}`),
        "none",
      ));

    it("is None when the account is not 0x and exactly 40 hex digits", () =>
      agreeOnAll(fc.tuple(chainId, badAddress).map(([chain, a]) => `did:pkh:eip155:${chain}:${a}`), "none"));

    it("is None for another CAIP-2 namespace (bip122, solana, EIP155 in upper case)", () =>
      agreeOnAll(
        fc.tuple(fc.constantFrom("bip122:000000000019d6689c085ae165831e93", "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp", "EIP155:1", "eip155"), address)
          .map(([chain, a]) => `did:pkh:${chain}:${a}`),
        "none",
      ));
  });

  describe("controller: did:ethr", () => {
    it("is Eip155 for did:ethr:{address}", () => agreeOnAll(address.map((a) => `did:ethr:${a}`), "eip155"));

    it("is Eip155 for did:ethr:{network}:{address} with a network of 1–32 of A-Z a-z 0-9 . _ -", () =>
      agreeOnAll(fc.tuple(network_, address).map(([net, a]) => `did:ethr:${net}:${a}`), "eip155"));

    it("is None with an empty network or one of 33 bytes", () =>
      agreeOnAll(fc.tuple(fc.constantFrom("", "x".repeat(33), "0x".repeat(17).slice(0, 33)), address).map(([net, a]) => `did:ethr:${net}:${a}`), "none"));

    it("is None with a network that has a ':' or a %-escape", () =>
      agreeOnAll(
        fc.tuple(network_, network_, fc.constantFrom(":", "%3A", "%41"), address)
          .map(([a, b, sep, addr]) => `did:ethr:${a}${sep}${b}:${addr}`),
        "none",
      ));

    it("is None when the identifier is not an address (a public key, a bad address)", () =>
      agreeOnAll(
        fc.oneof(
          badAddress.map((a) => `did:ethr:${a}`),
          fc.tuple(network_, badAddress).map(([net, a]) => `did:ethr:${net}:${a}`),
          chars(HEX, 66, 66).map((h) => `did:ethr:0x${h}`),
        ),
        "none",
      ));
  });

  describe("controller: did:key", () => {
    it("is P256 with the decompressed point for a P-256 key (0x80 0x24 ‖ compressed point)", () =>
      agreeOnAll(p256Point.map((point) => didKey([...P256_PUB, ...point])), "p256"));

    it("is P256 for both parities of one x, with y and p − y", async () => {
      await fc.assert(
        fc.asyncProperty(p256Point, async (point) => {
          const x = scalar(point.subarray(1));
          const [even, odd] = [await solClassify(p256DidKey(0x02, x)), await solClassify(p256DidKey(0x03, x))];
          expect(await agreeOn(p256DidKey(0x02, x))).to.equal("p256");
          expect(await agreeOn(p256DidKey(0x03, x))).to.equal("p256");
          if (even.kind !== "p256" || odd.kind !== "p256") throw new Error("unreachable");
          expect([even.qy % 2n, odd.qy % 2n, even.qy + odd.qy]).to.deep.equal([0n, 1n, P]);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("is None when x is not the abscissa of a point", () =>
      agreeOnAll(fc.tuple(prefix, offCurve).map(([head, x]) => p256DidKey(head, x)), "none"));

    it("is None when x ≥ p", () => agreeOnAll(fc.tuple(prefix, overP).map(([head, x]) => p256DidKey(head, x)), "none"));

    it("is None for x = 0 (on the curve, but refused by @noble/curves, so by the contract)", async () => {
      expect(onCurve(0n)).to.equal(true);
      expect(await agreeOn(p256DidKey(0x02, 0n))).to.equal("none");
      expect(await agreeOn(p256DidKey(0x03, 0n))).to.equal("none");
    });

    it("is None with a prefix other than 0x02 or 0x03 (uncompressed 0x04 included)", () =>
      agreeOnAll(
        fc.tuple(fc.integer({ min: 0, max: 255 }).filter((b) => b !== 2 && b !== 3), p256Point).map(([head, point]) =>
          didKey([...P256_PUB, head, ...point.subarray(1)]),
        ),
        "none",
      ));

    it("is None with another multicodec (Ed25519 0xed 0x01, secp256k1 0xe7 0x01, or a p256 varint off by one byte)", () =>
      agreeOnAll(
        fc.tuple(fc.constantFrom(ED25519_PUB, [0xe7, 0x01], [0x81, 0x24], [0x80, 0x25], [0x00, 0x24]), p256Point).map(([codec, point]) =>
          didKey([...codec, ...point]),
        ),
        "none",
      ));

    it("is None when the decoded bytes are not 35 (a point of 31–34 or 36–45 bytes)", () =>
      agreeOnAll(
        fc.tuple(prefix, fc.integer({ min: 29, max: 43 }).filter((n) => n !== 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })))
          .map(([head, x]) => didKey([...P256_PUB, head, ...x])),
        "none",
      ));

    it("is None with a leading '1' (a leading zero byte) before a P-256 key", () =>
      agreeOnAll(
        fc.tuple(fc.integer({ min: 1, max: 3 }), p256Point).map(([ones, point]) =>
          `did:key:z${"1".repeat(ones)}${encodeBase58(Uint8Array.from([...P256_PUB, ...point]))}`,
        ),
        "none",
      ));

    it("is None with a character outside base58btc in a P-256 key (0 I O l, the neighbours of its ranges, idchars, non-ASCII)", () =>
      agreeOnAll(
        fc.tuple(p256Point, fc.nat(), fc.constantFrom(..."0IOl:@[`{/._-", "%41", "é")).map(([point, i, c]) => {
          const key = encodeBase58(Uint8Array.from([...P256_PUB, ...point]));
          // A two-byte character replaces two digits, so the byte length stays 48.
          return `did:key:z${c === "é" ? replaceAt(key, i, c).slice(0, 47) : replaceAt(key, i, c)}`;
        }),
        "none",
      ));

    it("agrees on a P-256 key with one base58 digit changed (other x, often on the curve)", () =>
      agreeOnAll(
        fc.tuple(p256Point, fc.nat(), fc.constantFrom(...BASE58)).map(([point, i, c]) =>
          `did:key:z${replaceAt(encodeBase58(Uint8Array.from([...P256_PUB, ...point])), i, c)}`,
        ),
      ));

    it("has 48 base58 digits for every P-256 key, and only 48 digits can decode to 0x80 0x24 ‖ 33 bytes", async () => {
      // No leading '1': m digits are in [58^(m-1), 58^m); the key's 35 bytes in [0x8024 << 264, 0x8025 << 264).
      const [low, high] = [0x8024n << 264n, 0x8025n << 264n];
      const lengths = Array.from({ length: 64 }, (_, i) => i + 1).filter((m) => 58n ** BigInt(m - 1) < high && 58n ** BigInt(m) > low);
      expect(lengths).to.deep.equal([48]);
      await fc.assert(
        fc.property(p256Point, (point) => encodeBase58(Uint8Array.from([...P256_PUB, ...point])).length === 48),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("agrees on any string of 1–70 base58 digits (None past 64)", () =>
      agreeOnAll(chars(BASE58, 1, 70).map((text) => `did:key:z${text}`)));

    it("is None for a multibase other than z, or no multibase digits", () =>
      agreeOnAll(
        fc.tuple(fc.constantFrom("", "u", "Z", "f", "m", "zz", "z"), p256Point).map(([head, point]) =>
          head === "z" ? "did:key:z" : `did:key:${head}${encodeBase58(Uint8Array.from([...P256_PUB, ...point]))}`,
        ),
        "none",
      ));

    it("is None with 65 base58 digits even if they start like a P-256 key", async () => {
      const point = p256.getPublicKey(bytes32(7n), true);
      const key = encodeBase58(Uint8Array.from([...P256_PUB, ...point]));
      expect(key.length).to.equal(48);
      expect(await agreeOn(`did:key:z${key}${"2".repeat(17)}`)).to.equal("none");
    });
  });

  describe("controller: every other DID", () => {
    it("is None for other methods (did:web, did:ion, did:example, did:pkhx, did:keys, did:ethrx)", () =>
      agreeOnAll(
        fc.tuple(fc.constantFrom("web", "ion", "example", "pkhx", "keys", "ethrx", "ethr2", "key2"), fc.constantFrom(":", ""), chars(`${UNRESERVED}:`, 1, 80))
          .map(([method, sep, id]) => `did:${method}${sep}${id}`)
          .filter((did) => !did.endsWith(":")),
        "none",
      ));

    it("agrees on DIDs assembled from pieces of the self-certifying forms", () =>
      agreeOnAll(
        fc
          .array(
            fc.oneof(
              fc.constantFrom("did:", "pkh:", "eip155:", "ethr:", "key:", "z", ":", "0x", "1", "mainnet:", "%3A"),
              chainId,
              address,
              chars(BASE58, 1, 8),
              p256Point.map((point) => encodeBase58(Uint8Array.from([...P256_PUB, ...point]))),
            ),
            { minLength: 1, maxLength: 6 },
          )
          .map((pieces) => `did:${pieces.join("")}`.slice(0, 256)),
      ));
  });

  describe("isValidProof: secp256k1 (EIP-191 personal message)", () => {
    it("accepts the signature of the DID's key (ethers signMessageSync)", async () => {
      await fc.assert(
        fc.asyncProperty(secp256k1Wallet, statement, async (wallet, text) => {
          expect(await verdict(eip155Of(wallet), text, wallet.signMessageSync(text))).to.equal(true);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("refuses the same signature made high-S (s → n − s, v flipped)", async () => {
      await fc.assert(
        fc.asyncProperty(secp256k1Wallet, statement, async (wallet, text) => {
          expect(await verdict(eip155Of(wallet), text, highS(wallet.signMessageSync(text), SECP256K1_N))).to.equal(false);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("refuses a v other than 27 or 28", async () => {
      await fc.assert(
        fc.asyncProperty(secp256k1Wallet, statement, fc.integer({ min: 0, max: 255 }).filter((v) => v !== 27 && v !== 28), async (wallet, text, v) => {
          const signature = getBytes(wallet.signMessageSync(text));
          signature[64] = v;
          expect(await verdict(eip155Of(wallet), text, hexlify(signature))).to.equal(false);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("refuses a signature by another key", async () => {
      await fc.assert(
        fc.asyncProperty(secp256k1Wallet, secp256k1Wallet, statement, async (signer, other, text) => {
          fc.pre(signer.address !== other.address);
          expect(await verdict(eip155Of(other), text, signer.signMessageSync(text))).to.equal(false);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("refuses a signature of another statement (tampered)", async () => {
      await fc.assert(
        fc.asyncProperty(secp256k1Wallet, fc.tuple(assetId, deadline), async (wallet, [asset, time]) => {
          const did = `did:ethr:${wallet.address}`;
          const signature = wallet.signMessageSync(statementOf(did, asset, time));
          expect(await verdict(eip155Of(wallet), statementOf(did, asset, time + 1), signature)).to.equal(false);
          expect(await verdict(eip155Of(wallet), statementOf(did, `${asset}x`, time), signature)).to.equal(false);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("refuses a signature that is not 65 bytes (0, 64 as ERC-2098, 66)", async () => {
      const wallet = new Wallet(toBeHex(1234n, 32));
      const text = statementOf(`did:ethr:${wallet.address}`, "asset-1", 1_900_000_000);
      const signature = getBytes(wallet.signMessageSync(text));
      expect(await verdict(eip155Of(wallet), text, hexlify(signature))).to.equal(true);
      for (const wrong of [new Uint8Array(), signature.subarray(0, 64), concat([signature, "0x00"])]) {
        expect(await verdict(eip155Of(wallet), text, hexlify(wrong)), `${getBytes(wrong).length} bytes`).to.equal(false);
      }
    });

    it("refuses r or s out of range (0, n, or more)", async () => {
      const wallet = new Wallet(toBeHex(1234n, 32));
      const text = "Twinledger";
      const signature = getBytes(wallet.signMessageSync(text));
      const [r, s, v] = [signature.subarray(0, 32), signature.subarray(32, 64), signature.subarray(64)];
      for (const [rr, ss] of [[bytes32(0n), s], [r, bytes32(0n)], [bytes32(SECP256K1_N), s], [bytes32(2n ** 256n - 1n), s], [r, bytes32(SECP256K1_N)]]) {
        expect(await verdict(eip155Of(wallet), text, hexlify(concat([rr, ss, v])))).to.equal(false);
      }
    });

    it("refuses random 65-byte signatures (and TS throws for none it accepts)", async () => {
      await fc.assert(
        fc.asyncProperty(secp256k1Wallet, fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.constantFrom(27, 28), async (wallet, rs, v) => {
          expect(await verdict(eip155Of(wallet), "Twinledger", hexlify(concat([rs, Uint8Array.of(v)])))).to.equal(false);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  });

  describe("isValidProof: P-256 (SHA-256 of the statement)", () => {
    it("accepts the low-S signature of the DID's key (@noble/curves p256.sign over sha256)", async () => {
      await fc.assert(
        fc.asyncProperty(p256PrivateKey, statement, async (key, text) => {
          expect(await verdict(p256Of(key), text, p256Sign(key, text))).to.equal(true);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("refuses the same signature made high-S (s → n − s)", async () => {
      await fc.assert(
        fc.asyncProperty(p256PrivateKey, statement, async (key, text) => {
          const signature = highS(p256Sign(key, text), P256_N);
          expect(p256.verify(getBytes(signature), sha256(new TextEncoder().encode(text)), p256.getPublicKey(key), { lowS: false })).to.equal(true);
          expect(await verdict(p256Of(key), text, signature)).to.equal(false);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("refuses a signature by another key", async () => {
      await fc.assert(
        fc.asyncProperty(p256PrivateKey, p256PrivateKey, statement, async (signer, other, text) => {
          fc.pre(hexlify(signer) !== hexlify(other));
          expect(await verdict(p256Of(other), text, p256Sign(signer, text))).to.equal(false);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("refuses a signature of another statement (tampered)", async () => {
      await fc.assert(
        fc.asyncProperty(p256PrivateKey, fc.tuple(assetId, deadline), async (key, [asset, time]) => {
          const did = didKey([...P256_PUB, ...p256.getPublicKey(key, true)]);
          const signature = p256Sign(key, statementOf(did, asset, time));
          expect(await verdict(p256Of(key), statementOf(did, asset, time + 1), signature)).to.equal(false);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    it("refuses a signature that is not 64 bytes (0, 63, 65 with a v)", async () => {
      const key = bytes32(1234n);
      const signature = getBytes(p256Sign(key, "Twinledger"));
      expect(await verdict(p256Of(key), "Twinledger", hexlify(signature))).to.equal(true);
      for (const wrong of [new Uint8Array(), signature.subarray(0, 63), concat([signature, "0x1b"])]) {
        expect(await verdict(p256Of(key), "Twinledger", hexlify(wrong)), `${getBytes(wrong).length} bytes`).to.equal(false);
      }
    });

    it("refuses r or s out of range (0, n, or more)", async () => {
      const key = bytes32(1234n);
      const signature = getBytes(p256Sign(key, "Twinledger"));
      const [r, s] = [signature.subarray(0, 32), signature.subarray(32)];
      for (const [rr, ss] of [[bytes32(0n), s], [r, bytes32(0n)], [bytes32(P256_N), s], [bytes32(2n ** 256n - 1n), s], [r, bytes32(P256_N)]]) {
        expect(await verdict(p256Of(key), "Twinledger", hexlify(concat([rr, ss])))).to.equal(false);
      }
    });

    it("refuses a secp256k1 proof of the same statement", async () => {
      const key = bytes32(1234n);
      const signature = new Wallet(toBeHex(1234n, 32)).signMessageSync("Twinledger");
      expect(await verdict(p256Of(key), "Twinledger", signature)).to.equal(false);
    });

    it("refuses any proof for a DID that is not self-certifying (Kind None)", async () => {
      const wallet = new Wallet(toBeHex(1234n, 32));
      const signature = wallet.signMessageSync("Twinledger");
      expect(await harness.isValidProof(KIND.none, wallet.address, ZeroHash, ZeroHash, "Twinledger", signature)).to.equal(false);
    });
  });

  describe("gas", () => {
    it("is measured for controller(did:key) and the P-256 proof (printed)", async () => {
      const key = bytes32(1234n);
      const did = didKey([...P256_PUB, ...p256.getPublicKey(key, true)]);
      const text = statementOf(did, "asset-1", 1_900_000_000);
      const [kind, , qx, qy] = await harness.controller(did);
      expect(Number(kind)).to.equal(KIND.p256);
      const signature = p256Sign(key, text);
      expect(await harness.isValidProof(kind, ZeroAddress, qx, qy, text, signature)).to.equal(true);

      const wallet = new Wallet(toBeHex(1234n, 32));
      const pkh = `did:pkh:eip155:1:${wallet.address}`;
      const k1Signature = wallet.signMessageSync(text);

      const precompile = await ethers.provider.call({ to: toBeHex(0x100n, 20), data: P256VERIFY_PROBE });
      const native = BigInt(precompile === "0x" ? 0n : precompile) === 1n;
      const gas = {
        didKeyController: await harness.controllerGas(did),
        didKeyControllerTx: await harness.controller.estimateGas(did),
        didPkhController: await harness.controllerGas(pkh),
        p256Proof: await harness.isValidProofGas(kind, ZeroAddress, qx, qy, text, signature),
        p256Refusal: await harness.isValidProofGas(kind, ZeroAddress, qx, qy, `${text}!`, signature),
        p256ProofTx: await harness.isValidProof.estimateGas(kind, ZeroAddress, qx, qy, text, signature),
        secp256k1Proof: await harness.isValidProofGas(KIND.eip155, wallet.address, ZeroHash, ZeroHash, text, k1Signature),
      };
      console.log(
        `      gas: controller(did:key) ${gas.didKeyController} in the library (estimateGas ${gas.didKeyControllerTx}); ` +
          `controller(did:pkh) ${gas.didPkhController}; P-256 proof ${gas.p256Proof} (estimateGas ${gas.p256ProofTx}, ` +
          `${native ? "P256VERIFY precompile at 0x100" : "no precompile at 0x100: OpenZeppelin's Solidity verifier"}; ` +
          `a refused one ${gas.p256Refusal}); ` +
          `secp256k1 proof ${gas.secp256k1Proof}`,
      );
      expect(gas.didKeyController > 0n && gas.p256Proof > 0n).to.equal(true);
    });
  });
});
