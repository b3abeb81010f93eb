/** Conformance: §2 identifier binding — namespaces, bindings, resolution, history. */
import { expect } from "chai";
import { canonicalize, identifierKey } from "../../core/index.js";
import type { ActorLedgers, IndustrialLedger } from "../../clients/ledger.js";
import type { Conformance } from "./harness.js";
import { eventOf, expectRejected, hashOf, observe } from "./harness.js";

/** GTIN 09506000134352 (GS1's example GTIN), company prefix 9506000. */
const SGTIN = "https://id.gs1.org/01/09506000134352/21/ABC";
const GS1_PREFIX = "9506000";
const HANDLE = "hdl:88.118.8/ABC-001";
const OID = "urn:oid:1.3.6.1.4.1.343.5";
const DID = "did:example:123456789abcdefghi";

async function machine(owner: IndustrialLedger, id: string) {
  await owner.registerAsset(id, "machine", hashOf(id), "");
}

/**
 * alice holds the Handle and OID namespaces used below — and GS1's, for the cases that use
 * it (`WITH_GS1`): a shared ledger cannot take a GS1 company prefix — and owns M-1 and M-2.
 */
async function setUp(actors: ActorLedgers, { gs1 = false } = {}) {
  const { admin, alice } = actors;
  if (gs1) await admin.registerNamespace("gs1", GS1_PREFIX, alice.party);
  await admin.registerNamespace("handle", "88.118", alice.party);
  await admin.registerNamespace("oid", "1.3.6.1.4.1.343", alice.party);
  await machine(alice, "M-1");
  await machine(alice, "M-2");
}
const WITH_GS1 = { gs1: true };

export function identifiersSpec({ it, actors }: Conformance): void {
  describe("registerNamespace", () => {
    it("registerNamespace by an ADMIN delegates a prefix and emits NamespaceRegistered", async () => {
      const { admin, alice } = actors();
      const event = eventOf(await admin.registerNamespace("gs1", GS1_PREFIX, alice.party));
      expect(event.name).to.equal("NamespaceRegistered");
      expect(event.payload).to.deep.equal({ scheme: "gs1", prefix: GS1_PREFIX, holder: alice.party });
    });

    it("registerNamespace is Unauthorized for every caller without ADMIN (member, ACCREDITOR, FINANCIER)", async () => {
      const { admin, alice, accreditor, financier } = actors();
      await admin.grantRole("ACCREDITOR", accreditor.party);
      await admin.grantRole("FINANCIER", financier.party);
      for (const caller of [alice, accreditor, financier]) {
        await expectRejected(caller.registerNamespace("gs1", GS1_PREFIX, caller.party), "Unauthorized");
      }
    });

    it("registerNamespace of a registered prefix is AlreadyExists", async () => {
      const { admin, alice, bob } = actors();
      await admin.registerNamespace("handle", "88.118", alice.party);
      await expectRejected(admin.registerNamespace("handle", "88.118", bob.party), "AlreadyExists");
    });

    it("registerNamespace with a malformed prefix for its scheme is InvalidArgument", async () => {
      const { admin, alice } = actors();
      const bad: [string, string][] = [
        ["gs1", "95060"], // 5 digits
        ["gs1", "9506000134352"], // 13 digits
        ["gs1", "95O6000"], // a letter O
        ["handle", "88..118"],
        ["handle", "88.118/x"],
        ["oid", "1.03.6"],
        ["oid", "3.1"],
        ["oid", Array.from({ length: 33 }, () => "1").join(".")], // more arcs than a namespace may have
      ];
      for (const [scheme, prefix] of bad) {
        await expectRejected(admin.registerNamespace(scheme as never, prefix, alice.party), "InvalidArgument");
      }
    });

    it("registerNamespace for a malformed DID method, an unknown scheme or a malformed holder is InvalidArgument", async () => {
      const { admin, alice } = actors();
      await expectRejected(admin.registerNamespace("did", "Example", alice.party), "InvalidArgument");
      await expectRejected(admin.registerNamespace("isbn" as never, "978", alice.party), "InvalidArgument");
      await expectRejected(admin.registerNamespace("gs1", GS1_PREFIX, "not-a-party"), "InvalidArgument");
    });
  });

  describe("revokeNamespace and transferNamespace", () => {
    it("revokeNamespace by an ADMIN emits NamespaceRevoked; the holder can bind no more, its bindings stay", async () => {
      const all = actors();
      const { admin, alice } = all;
      await setUp(all, WITH_GS1);
      await alice.bindIdentifier("M-1", SGTIN);
      const event = eventOf(await admin.revokeNamespace("gs1", GS1_PREFIX));
      expect(event.name).to.equal("NamespaceRevoked");
      expect(event.payload).to.deep.equal({ scheme: "gs1", prefix: GS1_PREFIX, holder: alice.party });
      expect((await alice.resolveIdentifier(SGTIN)).assetId).to.equal("M-1");
      await expectRejected(alice.bindIdentifier("M-2", "https://id.gs1.org/01/09506000134352/21/XYZ"), "NamespaceNotHeld");
    });

    it("after revoking a delegated sub-namespace, the parent namespace governs again", async () => {
      const all = actors();
      const { admin, alice, bob } = all;
      await setUp(all);
      await admin.registerNamespace("handle", "88.118.8", bob.party);
      await expectRejected(alice.bindIdentifier("M-1", HANDLE), "NamespaceNotHeld");
      await admin.revokeNamespace("handle", "88.118.8");
      eventOf(await alice.bindIdentifier("M-1", HANDLE));
    });

    it("transferNamespace by an ADMIN hands the namespace over and emits NamespaceTransferred; bindings stay", async () => {
      const all = actors();
      const { admin, alice, bob } = all;
      await setUp(all);
      await alice.bindIdentifier("M-1", OID);
      const event = eventOf(await admin.transferNamespace("oid", "1.3.6.1.4.1.343", bob.party));
      expect(event.name).to.equal("NamespaceTransferred");
      expect(event.payload).to.deep.equal({ scheme: "oid", prefix: "1.3.6.1.4.1.343", from: alice.party, to: bob.party });
      expect((await bob.resolveIdentifier(OID)).boundBy).to.equal(alice.party);
      // The new holder may unbind in its namespace; the former one may not bind in it.
      eventOf(await bob.unbindIdentifier(OID));
      await expectRejected(alice.bindIdentifier("M-1", OID), "NamespaceNotHeld");
    });

    it("revokeNamespace and transferNamespace are Unauthorized without ADMIN, NotFound for an unregistered prefix", async () => {
      const all = actors();
      const { admin, alice, bob, accreditor } = all;
      await setUp(all, WITH_GS1);
      await admin.grantRole("ACCREDITOR", accreditor.party);
      for (const caller of [alice, bob, accreditor]) {
        await expectRejected(caller.revokeNamespace("gs1", GS1_PREFIX), "Unauthorized");
        await expectRejected(caller.transferNamespace("gs1", GS1_PREFIX, caller.party), "Unauthorized");
      }
      await expectRejected(admin.revokeNamespace("gs1", "9506001"), "NotFound");
      await expectRejected(admin.transferNamespace("handle", "88.119", bob.party), "NotFound");
    });

    it("transferNamespace to its holder or a malformed party, and either for did or a malformed prefix, is InvalidArgument", async () => {
      const all = actors();
      const { admin, alice } = all;
      await setUp(all, WITH_GS1);
      const before = await observe(all, ["M-1"]);
      await expectRejected(admin.transferNamespace("gs1", GS1_PREFIX, alice.party), "InvalidArgument");
      await expectRejected(admin.transferNamespace("gs1", GS1_PREFIX, "not-a-party"), "InvalidArgument");
      await expectRejected(admin.revokeNamespace("did", "ex-ample"), "InvalidArgument");
      await expectRejected(admin.revokeNamespace("oid", "1.03"), "InvalidArgument");
      expect(await observe(all, ["M-1"])).to.deep.equal(before);
    });
  });

  describe("bindIdentifier", () => {
    it("bindIdentifier binds a canonical identifier and resolveIdentifier returns the binding", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      const receipt = await all.alice.bindIdentifier("M-1", SGTIN);
      const binding = await all.bob.resolveIdentifier(SGTIN);
      expect(binding).to.deep.include({ key: identifierKey("gs1", SGTIN), scheme: "gs1", canonical: SGTIN, assetId: "M-1", boundBy: all.alice.party });
      expect(binding.boundAt).to.be.a("number");
      const history = await all.bob.getIdentifierHistory(SGTIN);
      expect(history.map((entry) => entry.txId)).to.deep.equal([receipt.txId]);
      expect(history[0].timestamp).to.equal(binding.boundAt);
    });

    it("bindIdentifier emits IdentifierBound with the key, scheme, canonical form, asset and binder", async () => {
      const all = actors();
      await setUp(all);
      const event = eventOf(await all.alice.bindIdentifier("M-1", HANDLE));
      expect(event.name).to.equal("IdentifierBound");
      expect(event.payload).to.deep.equal({
        key: identifierKey("handle", HANDLE),
        scheme: "handle",
        canonical: HANDLE,
        assetId: "M-1",
        boundBy: all.alice.party,
      });
    });

    it("the same GS1 identifier written in two other forms canonicalises alike and the second binding is IdentifierTaken", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      const fromElementString = canonicalize("(01)09506000134352(21)ABC");
      const fromEpc = canonicalize("urn:epc:id:sgtin:9506000.013435.ABC");
      expect(fromEpc.canonical).to.equal(fromElementString.canonical);
      await all.alice.bindIdentifier("M-1", fromElementString.canonical);
      await expectRejected(all.alice.bindIdentifier("M-2", fromEpc.canonical), "IdentifierTaken");
      expect((await all.alice.resolveIdentifier(SGTIN)).assetId).to.equal("M-1");
    });

    it("handles differing only by case collide: the second binding is IdentifierTaken", async () => {
      const all = actors();
      await setUp(all);
      await all.alice.bindIdentifier("M-1", "hdl:88.118.8/ABC-001");
      await expectRejected(all.alice.bindIdentifier("M-2", "hdl:88.118.8/abc-001"), "IdentifierTaken");
      expect((await all.alice.resolveIdentifier("hdl:88.118.8/Abc-001")).assetId).to.equal("M-1");
    });

    it("an OID is covered by a namespace of whole arcs only", async () => {
      const all = actors();
      await setUp(all);
      await all.alice.bindIdentifier("M-1", OID);
      await all.alice.bindIdentifier("M-2", "urn:oid:1.3.6.1.4.1.343");
      await expectRejected(all.alice.bindIdentifier("M-2", "urn:oid:1.3.6.1.4.1.3430.1"), "NamespaceNotHeld");
    });

    it("a Handle namespace covers its own naming authority and dotted children, not a longer sibling", async () => {
      const all = actors();
      await setUp(all);
      await all.alice.bindIdentifier("M-1", "hdl:88.118/top");
      await all.alice.bindIdentifier("M-1", "hdl:88.118.8/child");
      await expectRejected(all.alice.bindIdentifier("M-2", "hdl:88.1180/sibling"), "NamespaceNotHeld");
    });

    it("a GS1 company prefix is matched by position, not anywhere in the key", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      // 9506000 follows the indicator digit here…
      await all.alice.bindIdentifier("M-1", canonicalize("19506000134359").canonical);
      // …but here it sits one digit later (company prefix 0950600…), so alice's namespace does not cover it.
      await expectRejected(all.alice.bindIdentifier("M-2", canonicalize("00950600013439").canonical), "NamespaceNotHeld");
    });

    it("the most specific registered namespace governs: a delegated sub-namespace is no longer the parent's", async () => {
      const all = actors();
      const { admin, alice, bob } = all;
      await setUp(all);
      await admin.registerNamespace("handle", "88.118.8", bob.party);
      await machine(bob, "B-1");
      await expectRejected(alice.bindIdentifier("M-1", "hdl:88.118.8/X-1"), "NamespaceNotHeld");
      await bob.bindIdentifier("B-1", "hdl:88.118.8/X-1");
      await alice.bindIdentifier("M-1", "hdl:88.118.9/X-1");
    });

    it("a DID that is not self-certifying binds by the holder of its method's namespace", async () => {
      const all = actors();
      await all.admin.registerNamespace("did", "example", all.carol.party);
      await machine(all.carol, "C-1");
      await all.carol.bindIdentifier("C-1", DID);
      expect((await all.alice.resolveIdentifier(DID)).boundBy).to.equal(all.carol.party);
    });

    it("bindIdentifier without a covering namespace is NamespaceNotHeld", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      await machine(all.bob, "B-1");
      await expectRejected(all.bob.bindIdentifier("B-1", SGTIN), "NamespaceNotHeld");
    });

    it("bindIdentifier to an asset the caller does not own is Unauthorized, even for the namespace holder", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      await machine(all.bob, "B-1");
      await expectRejected(all.alice.bindIdentifier("B-1", SGTIN), "Unauthorized");
    });

    it("bindIdentifier to an unknown asset is NotFound", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      await expectRejected(all.alice.bindIdentifier("M-404", SGTIN), "NotFound");
    });

    it("bindIdentifier to a Decommissioned asset is InvalidState", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      await all.alice.setAssetStatus("M-1", "Decommissioned");
      await expectRejected(all.alice.bindIdentifier("M-1", SGTIN), "InvalidState");
    });

    it("non-canonical identifiers are rejected on chain with IdentifierInvalid", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      const nonCanonical = [
        "(01)09506000134352(21)ABC", // element string
        "https://id.gs1.org/01/9506000134352/21/ABC", // GTIN not padded to 14 digits
        "https://id.gs1.org/01/09506000134353/21/ABC", // wrong check digit
        "https://example.com/01/09506000134352/21/ABC", // not the canonical stem
        "https://id.gs1.org/01/09506000134352/21/ABC?linkType=gs1:pip", // query string
        "88.118.8/ABC-001", // handle without hdl:
        "hdl:88.118.8/A B", // space in a handle
        "urn:oid:1.3.06.1", // leading zero
        "urn:oid:1.40", // second arc > 39 under 1
        "did:Example:123", // upper-case DID method
        "",
      ];
      for (const identifier of nonCanonical) {
        await expectRejected(all.alice.bindIdentifier("M-1", identifier), "IdentifierInvalid");
      }
      expect(await all.alice.listIdentifiers("M-1")).to.deep.equal([]);
    });
  });

  describe("unbindIdentifier", () => {
    it("unbindIdentifier by the asset owner frees the identifier, which may then be bound to another asset", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      const first = await all.alice.bindIdentifier("M-1", SGTIN);
      const unbind = await all.alice.unbindIdentifier(SGTIN);
      await expectRejected(all.alice.resolveIdentifier(SGTIN), "NotFound");
      const second = await all.alice.bindIdentifier("M-2", SGTIN);
      expect((await all.alice.resolveIdentifier(SGTIN)).assetId).to.equal("M-2");
      const history = await all.alice.getIdentifierHistory(SGTIN);
      expect(history.map((entry) => entry.txId)).to.deep.equal([first.txId, unbind.txId, second.txId]);
      expect(history.map((entry) => entry.value?.assetId ?? null)).to.deep.equal(["M-1", null, "M-2"]);
    });

    it("unbindIdentifier emits IdentifierUnbound with the key, canonical form and who unbound it", async () => {
      const all = actors();
      await setUp(all);
      await all.alice.bindIdentifier("M-1", OID);
      const event = eventOf(await all.alice.unbindIdentifier(OID));
      expect(event.name).to.equal("IdentifierUnbound");
      expect(event.payload).to.deep.equal({ key: identifierKey("oid", OID), canonical: OID, unboundBy: all.alice.party });
    });

    it("the namespace holder may unbind an identifier bound to someone else's asset", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      await all.alice.bindIdentifier("M-1", SGTIN);
      await all.alice.transferAsset("M-1", all.bob.party);
      await all.alice.unbindIdentifier(SGTIN);
      await expectRejected(all.bob.resolveIdentifier(SGTIN), "NotFound");
    });

    it("the new owner of an asset may unbind its identifiers", async () => {
      const all = actors();
      await setUp(all);
      await all.alice.bindIdentifier("M-1", HANDLE);
      await all.alice.transferAsset("M-1", all.bob.party);
      await all.bob.unbindIdentifier(HANDLE);
      expect(await all.bob.listIdentifiers("M-1")).to.deep.equal([]);
    });

    it("unbindIdentifier by anyone else is Unauthorized (member, ADMIN, ACCREDITOR, FINANCIER)", async () => {
      const all = actors();
      const { admin, alice, bob, accreditor, financier } = all;
      await setUp(all, WITH_GS1);
      await admin.grantRole("ACCREDITOR", accreditor.party);
      await admin.grantRole("FINANCIER", financier.party);
      await alice.bindIdentifier("M-1", SGTIN);
      for (const caller of [bob, admin, accreditor, financier]) {
        await expectRejected(caller.unbindIdentifier(SGTIN), "Unauthorized");
      }
      expect((await bob.resolveIdentifier(SGTIN)).assetId).to.equal("M-1");
    });

    it("unbindIdentifier of an identifier that is not bound is NotFound", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      await expectRejected(all.alice.unbindIdentifier(SGTIN), "NotFound");
    });
  });

  describe("resolveIdentifier, listIdentifiers and history", () => {
    it("resolveIdentifier of an unbound identifier is NotFound; of a non-canonical one IdentifierInvalid", async () => {
      const { alice } = actors();
      await expectRejected(alice.resolveIdentifier(SGTIN), "NotFound");
      await expectRejected(alice.resolveIdentifier("urn:oid:1.03"), "IdentifierInvalid");
    });

    it("listIdentifiers returns an asset's current bindings in ascending key order", async () => {
      const all = actors();
      await setUp(all, WITH_GS1);
      for (const identifier of [SGTIN, HANDLE, OID, "hdl:88.118.8/OTHER"]) await all.alice.bindIdentifier("M-1", identifier);
      await all.alice.unbindIdentifier("hdl:88.118.8/OTHER");
      await all.alice.bindIdentifier("M-2", "hdl:88.118.8/M-2");
      const listed = await all.bob.listIdentifiers("M-1");
      const keys = listed.map((binding) => binding.key);
      expect(listed.map((binding) => binding.canonical).sort()).to.deep.equal([HANDLE, SGTIN, OID].sort());
      expect(keys).to.deep.equal([...keys].sort());
      expect(listed[0]).to.deep.equal(await all.bob.resolveIdentifier(listed[0].canonical));
    });

    it("listIdentifiers of an unknown asset is NotFound", async () => {
      const { alice } = actors();
      await expectRejected(alice.listIdentifiers("M-404"), "NotFound");
    });

    it("getIdentifierHistory of a never-bound identifier is empty; of a non-canonical one IdentifierInvalid", async () => {
      const { alice } = actors();
      expect(await alice.getIdentifierHistory(DID)).to.deep.equal([]);
      await expectRejected(alice.getIdentifierHistory("DID:example:1"), "IdentifierInvalid");
    });

    it("a rejected identifier operation leaves the ledger unchanged", async () => {
      const all = actors();
      const { admin, alice, bob } = all;
      await setUp(all, WITH_GS1);
      await alice.bindIdentifier("M-1", SGTIN);
      const look = async () => ({
        ledger: await observe(all, ["M-1", "M-2"]),
        bindings: await Promise.all(["M-1", "M-2"].map((id) => bob.listIdentifiers(id))),
        history: await bob.getIdentifierHistory(SGTIN),
      });
      const before = await look();
      await expectRejected(alice.bindIdentifier("M-2", SGTIN), "IdentifierTaken");
      await expectRejected(bob.unbindIdentifier(SGTIN), "Unauthorized");
      await expectRejected(admin.registerNamespace("gs1", GS1_PREFIX, bob.party), "AlreadyExists");
      await expectRejected(alice.bindIdentifier("M-2", "urn:oid:1.3.6.1.4.1.3430.1"), "NamespaceNotHeld");
      await expectRejected(alice.bindIdentifier("M-2", "urn:oid:01.3"), "IdentifierInvalid");
      expect(await look()).to.deep.equal(before);
    });
  });
}
