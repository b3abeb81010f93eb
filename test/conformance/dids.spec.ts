/** Conformance: binding DIDs — proof of control for self-certifying DIDs, namespaces for the rest (core/spec/DID.md). */
import { expect } from "chai";
import { p256 } from "@noble/curves/p256";
import { secp256k1 } from "@noble/curves/secp256k1";
import { didBindingStatement, identifierKey } from "../../core/index.js";
import type { ActorLedgers, IndustrialLedger } from "../../clients/ledger.js";
import type { Conformance } from "./harness.js";
import { eventOf, expectRejected, hashOf, observe } from "./harness.js";
import { NAMESPACED_DIDS, SELF_CERTIFYING_DIDS, signBinding, type DidKeyName } from "./did-signers.js";

const [PKH, ETHR, KEY] = Object.keys(SELF_CERTIFYING_DIDS);
const WEB = NAMESPACED_DIDS[0];


async function ownedMachine(owner: IndustrialLedger, id = "M-1") {
  await owner.registerAsset(id, "machine", hashOf(id), "");
}

/** The controller's proof for binding `did` to `assetId` on this ledger. */
async function proof(ledger: IndustrialLedger, did: string, assetId: string, deadline: number, key: DidKeyName = SELF_CERTIFYING_DIDS[did]) {
  return signBinding(key, await ledger.ledgerDomain(), did, assetId, deadline);
}

/** The same signature with s replaced by n − s (and v flipped): valid maths, but high-S. */
function highS(signature: string, curve: "secp256k1" | "p256"): string {
  const n = curve === "secp256k1" ? secp256k1.CURVE.n : p256.CURVE.n;
  const hex = signature.slice(2);
  const s = (n - BigInt(`0x${hex.slice(64, 128)}`)).toString(16).padStart(64, "0");
  const v = hex.length === 130 ? (hex.slice(128) === "1b" ? "1c" : "1b") : "";
  return `0x${hex.slice(0, 64)}${s}${v}`;
}

async function expectBound(all: ActorLedgers, did: string, assetId: string) {
  const binding = await all.bob.resolveIdentifier(did);
  expect({ assetId: binding.assetId, key: binding.key, scheme: binding.scheme }).to.deep.equal({ assetId, key: identifierKey("did", did), scheme: "did" });
}

export function didsSpec({ it, actors, now }: Conformance): void {
  /** An hour from the ledger's now: every proof below is signed to be good for the test's duration. */
  const soon = async () => (await now()) + 3600;

  describe("bindDid", () => {
    it("bindDid binds a did:pkh with its controller's EIP-191 signature and emits IdentifierBound", async () => {
      const all = actors();
      await ownedMachine(all.alice);
      const deadline = await soon();
      const event = eventOf(await all.alice.bindDid("M-1", PKH, deadline, await proof(all.alice, PKH, "M-1", deadline)));
      expect(event).to.deep.include({ name: "IdentifierBound" });
      expect(event.payload).to.deep.equal({ key: identifierKey("did", PKH), scheme: "did", canonical: PKH, assetId: "M-1", boundBy: all.alice.party });
      await expectBound(all, PKH, "M-1");
    });

    it("bindDid binds a did:ethr (with its network) and a P-256 did:key with their controllers' signatures", async () => {
      const all = actors();
      await ownedMachine(all.alice);
      const deadline = await soon();
      for (const did of [ETHR, KEY]) await all.alice.bindDid("M-1", did, deadline, await proof(all.alice, did, "M-1", deadline));
      await expectBound(all, ETHR, "M-1");
      await expectBound(all, KEY, "M-1");
    });

    it("didBindingStatement answers the statement of core/spec/DID.md for this ledger; the asset need not exist", async () => {
      const { bob } = actors();
      const deadline = await soon();
      expect(await bob.didBindingStatement("M-404", KEY, deadline)).to.equal(didBindingStatement(await bob.ledgerDomain(), KEY, "M-404", deadline));
    });

    it("a proof by another key, for another asset, for another ledger or past its deadline is ProofInvalid and writes nothing", async () => {
      const all = actors();
      const { alice } = all;
      await ownedMachine(alice);
      const deadline = await soon();
      const before = await observe(all, ["M-1"]);
      await expectRejected(alice.bindDid("M-1", PKH, deadline, await proof(alice, PKH, "M-1", deadline, "otherSecp")), "ProofInvalid");
      await expectRejected(alice.bindDid("M-1", KEY, deadline, await proof(alice, KEY, "M-1", deadline, "otherP256")), "ProofInvalid");
      await expectRejected(alice.bindDid("M-1", PKH, deadline, await proof(alice, PKH, "M-2", deadline)), "ProofInvalid");
      await expectRejected(alice.bindDid("M-1", PKH, deadline, signBinding("pkh", "fabric:elsewhere", PKH, "M-1", deadline)), "ProofInvalid");
      await expectRejected(alice.bindDid("M-1", PKH, deadline + 1, await proof(alice, PKH, "M-1", deadline)), "ProofInvalid");
      await expectRejected(alice.bindDid("M-1", PKH, 1000, await proof(alice, PKH, "M-1", 1000)), "ProofInvalid");
      expect(await observe(all, ["M-1"])).to.deep.equal(before);
      expect(await alice.getIdentifierHistory(PKH)).to.deep.equal([]);
    });

    it("a high-S signature, or one of the other curve's length, is ProofInvalid", async () => {
      const { alice } = actors();
      await ownedMachine(alice);
      const deadline = await soon();
      await expectRejected(alice.bindDid("M-1", PKH, deadline, highS(await proof(alice, PKH, "M-1", deadline), "secp256k1")), "ProofInvalid");
      await expectRejected(alice.bindDid("M-1", KEY, deadline, highS(await proof(alice, KEY, "M-1", deadline), "p256")), "ProofInvalid");
      await expectRejected(alice.bindDid("M-1", KEY, deadline, await proof(alice, KEY, "M-1", deadline, "otherSecp")), "ProofInvalid");
      await expectRejected(alice.bindDid("M-1", PKH, deadline, await proof(alice, PKH, "M-1", deadline, "otherP256")), "ProofInvalid");
    });

    it("bindDid of a DID that is not self-certifying, a non-DID or a malformed signature is InvalidArgument", async () => {
      const { alice } = actors();
      await ownedMachine(alice);
      const deadline = await soon();
      const good = await proof(alice, PKH, "M-1", deadline);
      await expectRejected(alice.bindDid("M-1", WEB, deadline, good), "InvalidArgument");
      await expectRejected(alice.bindDid("M-1", "hdl:88.118.8/ABC-001", deadline, good), "InvalidArgument");
      await expectRejected(alice.didBindingStatement("M-1", WEB, deadline), "InvalidArgument");
      for (const signature of ["0x", good.slice(0, -4), good.toUpperCase().replace("0X", "0x"), `${good}00`]) {
        await expectRejected(alice.bindDid("M-1", PKH, deadline, signature), "InvalidArgument");
      }
      await expectRejected(alice.bindDid("M-1", "did:PKH:eip155:1:x", deadline, good), "IdentifierInvalid");
    });

    it("bindDid to an unknown asset is NotFound, to another's asset Unauthorized, to a Decommissioned one InvalidState", async () => {
      const { alice, bob } = actors();
      await ownedMachine(alice);
      await ownedMachine(bob, "B-1");
      await bob.setAssetStatus("B-1", "Decommissioned");
      const deadline = await soon();
      await expectRejected(alice.bindDid("M-404", PKH, deadline, await proof(alice, PKH, "M-404", deadline)), "NotFound");
      await expectRejected(bob.bindDid("M-1", PKH, deadline, await proof(bob, PKH, "M-1", deadline)), "Unauthorized");
      await expectRejected(bob.bindDid("B-1", PKH, deadline, await proof(bob, PKH, "B-1", deadline)), "InvalidState");
    });

    it("bindDid of a DID already bound is IdentifierTaken, even with a fresh proof", async () => {
      const { alice } = actors();
      await ownedMachine(alice);
      await ownedMachine(alice, "M-2");
      const deadline = await soon();
      await alice.bindDid("M-1", KEY, deadline, await proof(alice, KEY, "M-1", deadline));
      await expectRejected(alice.bindDid("M-2", KEY, deadline, await proof(alice, KEY, "M-2", deadline)), "IdentifierTaken");
    });
  });

  describe("DIDs and namespaces", () => {
    it("bindIdentifier of a self-certifying DID is ProofRequired, even for the holder of its method's namespace", async () => {
      const { admin, alice } = actors();
      await admin.registerNamespace("did", "pkh", alice.party);
      await ownedMachine(alice);
      for (const did of [PKH, ETHR, KEY]) await expectRejected(alice.bindIdentifier("M-1", did), "ProofRequired");
    });

    it("a did:web binds only by the holder of the web namespace: NamespaceNotHeld for anyone else", async () => {
      const all = actors();
      const { admin, alice, bob } = all;
      await ownedMachine(alice);
      await expectRejected(alice.bindIdentifier("M-1", WEB), "NamespaceNotHeld");
      await admin.registerNamespace("did", "web", bob.party);
      await expectRejected(alice.bindIdentifier("M-1", WEB), "NamespaceNotHeld");
      await admin.transferNamespace("did", "web", alice.party);
      await alice.bindIdentifier("M-1", WEB);
      await expectBound(all, WEB, "M-1");
    });

    it("a method's namespace holder may unbind its DIDs, but not a self-certifying DID; the asset's owner may", async () => {
      const { admin, alice, bob } = actors();
      await admin.registerNamespace("did", "web", alice.party);
      await admin.registerNamespace("did", "pkh", bob.party);
      await ownedMachine(alice);
      await alice.bindIdentifier("M-1", WEB);
      const deadline = await soon();
      await alice.bindDid("M-1", PKH, deadline, await proof(alice, PKH, "M-1", deadline));
      await admin.transferNamespace("did", "web", bob.party);
      await expectRejected(bob.unbindIdentifier(PKH), "Unauthorized");
      await bob.unbindIdentifier(WEB);
      await alice.unbindIdentifier(PKH);
      await expectRejected(bob.resolveIdentifier(PKH), "NotFound");
    });

    it("a did namespace is a DID method name: a malformed one is InvalidArgument", async () => {
      const { admin, alice } = actors();
      for (const prefix of ["", "Web", "we-b", "web:x", "a".repeat(65)]) {
        await expectRejected(admin.registerNamespace("did", prefix, alice.party), "InvalidArgument");
      }
    });
  });
}
