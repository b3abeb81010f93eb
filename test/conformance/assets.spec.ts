/** Conformance: §1 asset registration. */
import { expect } from "chai";
import type { Asset } from "../../core/index.js";
import type { IndustrialLedger } from "../../clients/ledger.js";
import type { Conformance } from "./harness.js";
import { eventOf, expectRejected, hashOf, observe } from "./harness.js";

const H1 = hashOf("datasheet v1");
const H2 = hashOf("datasheet v2");
const URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/m-1.json";

async function register(owner: IndustrialLedger, id: string, assetClass = "machine.cnc") {
  return owner.registerAsset(id, assetClass, H1, URI);
}

export function assetsSpec({ it, actors }: Conformance): void {
  describe("registerAsset", () => {
    it("registerAsset makes the caller the owner of an Active asset at version 1", async () => {
      const { alice, bob } = actors();
      await register(alice, "M-1");
      const asset = await bob.getAsset("M-1");
      expect(asset).to.deep.include({
        id: "M-1",
        assetClass: "machine.cnc",
        owner: alice.party,
        metadataHash: H1,
        metadataUri: URI,
        status: "Active",
        version: 1,
      } satisfies Partial<Asset>);
      expect(asset.createdAt).to.be.a("number").and.equal(asset.updatedAt);
    });

    it("registerAsset emits AssetRegistered with the spec's fields", async () => {
      const { alice } = actors();
      const event = eventOf(await register(alice, "M-1"));
      expect(event.name).to.equal("AssetRegistered");
      expect(event.payload).to.deep.equal({ assetId: "M-1", assetClass: "machine.cnc", owner: alice.party, metadataHash: H1, metadataUri: URI });
    });

    it("registerAsset of an id that exists is AlreadyExists, whoever calls", async () => {
      const { alice, bob } = actors();
      await register(alice, "M-1");
      await expectRejected(register(alice, "M-1"), "AlreadyExists");
      await expectRejected(register(bob, "M-1", "other.class"), "AlreadyExists");
      expect((await bob.getAsset("M-1")).owner).to.equal(alice.party);
    });

    it("registerAsset accepts every id character and the full 64-character length", async () => {
      const { alice } = actors();
      const id = "Az09._:-".repeat(8);
      await register(alice, id);
      expect((await alice.getAsset(id)).id).to.equal(id);
    });

    it("registerAsset with an id outside ^[A-Za-z0-9._:-]{1,64}$ is InvalidArgument", async () => {
      const { alice } = actors();
      const before = await alice.getEvents(0);
      for (const id of ["", "x".repeat(65), "M 1", "M/1", "M-1\u0000", "Mé", "M#1"]) {
        await expectRejected(register(alice, id), "InvalidArgument");
      }
      expect(await alice.getEvents(0)).to.deep.equal(before);
    });

    it("registerAsset with an assetClass outside the label rule is InvalidArgument", async () => {
      const { alice } = actors();
      for (const assetClass of ["", "machine cnc", "a".repeat(65)]) {
        await expectRejected(register(alice, "M-1", assetClass), "InvalidArgument");
      }
    });

    it("registerAsset with a metadataHash that is not 0x + 64 lowercase hex is InvalidArgument", async () => {
      const { alice } = actors();
      for (const hash of [H1.toUpperCase().replace("0X", "0x"), H1.slice(2), H1.slice(0, 65), `${H1}00`]) {
        await expectRejected(alice.registerAsset("M-1", "machine", hash, URI), "InvalidArgument");
      }
    });

    it("registerAsset accepts a metadataUri of exactly 512 UTF-8 bytes and an empty one", async () => {
      const { alice } = actors();
      const uri = `https://example.com/${"€".repeat(164)}`; // 20 + 164 × 3 = 512 bytes
      await alice.registerAsset("M-1", "machine", H1, uri);
      await alice.registerAsset("M-2", "machine", H1, "");
      expect((await alice.getAsset("M-1")).metadataUri).to.equal(uri);
      expect((await alice.getAsset("M-2")).metadataUri).to.equal("");
    });

    it("registerAsset with a metadataUri over 512 UTF-8 bytes is InvalidArgument", async () => {
      const { alice } = actors();
      const uri = `https://example.com/${"€".repeat(164)}x`; // 513 bytes, 185 characters
      await expectRejected(alice.registerAsset("M-1", "machine", H1, uri), "InvalidArgument");
      await expectRejected(alice.getAsset("M-1"), "NotFound");
    });
  });

  describe("updateAsset", () => {
    it("updateAsset by the owner replaces the metadata and increments the version", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      await alice.updateAsset("M-1", H2, "https://example.com/m-1/v2");
      const asset = await alice.getAsset("M-1");
      expect(asset).to.deep.include({ metadataHash: H2, metadataUri: "https://example.com/m-1/v2", version: 2, owner: alice.party });
      expect(asset.updatedAt).to.be.at.least(asset.createdAt);
    });

    it("updateAsset emits AssetUpdated with the new version", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      await alice.updateAsset("M-1", H2, "u2");
      const event = eventOf(await alice.updateAsset("M-1", H1, "u3"));
      expect(event.name).to.equal("AssetUpdated");
      expect(event.payload).to.deep.equal({ assetId: "M-1", version: 3, metadataHash: H1, metadataUri: "u3" });
    });

    it("updateAsset by anyone but the owner is Unauthorized (member, ADMIN, ACCREDITOR, FINANCIER)", async () => {
      const { admin, alice, bob, accreditor, financier } = actors();
      await admin.grantRole("ACCREDITOR", accreditor.party);
      await admin.grantRole("FINANCIER", financier.party);
      await register(alice, "M-1");
      for (const caller of [bob, admin, accreditor, financier]) {
        await expectRejected(caller.updateAsset("M-1", H2, "x"), "Unauthorized");
      }
      expect((await alice.getAsset("M-1")).version).to.equal(1);
    });

    it("updateAsset of an unknown asset is NotFound", async () => {
      const { alice } = actors();
      await expectRejected(alice.updateAsset("nope", H2, "x"), "NotFound");
    });

    it("updateAsset of a Decommissioned asset is InvalidState", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      await alice.setAssetStatus("M-1", "Decommissioned");
      await expectRejected(alice.updateAsset("M-1", H2, "x"), "InvalidState");
    });

    it("updateAsset of a Suspended asset is allowed", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      await alice.setAssetStatus("M-1", "Suspended");
      await alice.updateAsset("M-1", H2, "x");
      expect(await alice.getAsset("M-1")).to.deep.include({ version: 2, status: "Suspended" });
    });

    it("updateAsset with a malformed metadataHash or an oversized metadataUri is InvalidArgument", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      await expectRejected(alice.updateAsset("M-1", "0x1234", "x"), "InvalidArgument");
      await expectRejected(alice.updateAsset("M-1", H2, "x".repeat(513)), "InvalidArgument");
    });
  });

  describe("transferAsset", () => {
    it("transferAsset gives the asset to the new owner, who alone may then change it", async () => {
      const { alice, bob } = actors();
      await register(alice, "M-1");
      await alice.transferAsset("M-1", bob.party);
      expect((await alice.getAsset("M-1")).owner).to.equal(bob.party);
      await bob.updateAsset("M-1", H2, "by bob");
      await expectRejected(alice.updateAsset("M-1", H1, "by alice"), "Unauthorized");
    });

    it("transferAsset emits AssetTransferred from the old owner to the new one", async () => {
      const { alice, bob } = actors();
      await register(alice, "M-1");
      const event = eventOf(await alice.transferAsset("M-1", bob.party));
      expect(event.name).to.equal("AssetTransferred");
      expect(event.payload).to.deep.equal({ assetId: "M-1", from: alice.party, to: bob.party });
    });

    it("transferAsset by anyone but the owner is Unauthorized (member, ADMIN, ACCREDITOR, FINANCIER)", async () => {
      const { admin, alice, bob, accreditor, financier } = actors();
      await admin.grantRole("ACCREDITOR", accreditor.party);
      await admin.grantRole("FINANCIER", financier.party);
      await register(alice, "M-1");
      for (const caller of [bob, admin, accreditor, financier]) {
        await expectRejected(caller.transferAsset("M-1", caller.party), "Unauthorized");
      }
      expect((await alice.getAsset("M-1")).owner).to.equal(alice.party);
    });

    it("transferAsset to a malformed party is InvalidArgument", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      await expectRejected(alice.transferAsset("M-1", "not-a-party"), "InvalidArgument");
      await expectRejected(alice.transferAsset("M-1", ""), "InvalidArgument");
    });

    it("transferAsset to the current owner is InvalidArgument", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      await expectRejected(alice.transferAsset("M-1", alice.party), "InvalidArgument");
    });

    it("transferAsset of a Decommissioned asset is InvalidState", async () => {
      const { alice, bob } = actors();
      await register(alice, "M-1");
      await alice.setAssetStatus("M-1", "Decommissioned");
      await expectRejected(alice.transferAsset("M-1", bob.party), "InvalidState");
    });

    it("transferAsset of a Suspended asset is allowed and keeps it Suspended", async () => {
      const { alice, bob } = actors();
      await register(alice, "M-1");
      await alice.setAssetStatus("M-1", "Suspended");
      await alice.transferAsset("M-1", bob.party);
      expect(await bob.getAsset("M-1")).to.deep.include({ owner: bob.party, status: "Suspended" });
    });

    it("transferAsset of an unknown asset is NotFound", async () => {
      const { alice, bob } = actors();
      await expectRejected(alice.transferAsset("nope", bob.party), "NotFound");
    });
  });

  describe("setAssetStatus", () => {
    it("setAssetStatus moves Active → Suspended → Active", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      await alice.setAssetStatus("M-1", "Suspended");
      expect((await alice.getAsset("M-1")).status).to.equal("Suspended");
      await alice.setAssetStatus("M-1", "Active");
      expect((await alice.getAsset("M-1")).status).to.equal("Active");
    });

    it("setAssetStatus emits AssetStatusChanged with both states", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      const event = eventOf(await alice.setAssetStatus("M-1", "Suspended"));
      expect(event.name).to.equal("AssetStatusChanged");
      expect(event.payload).to.deep.equal({ assetId: "M-1", from: "Active", to: "Suspended" });
    });

    it("Decommissioned is terminal: every later status change is InvalidState", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      await alice.setAssetStatus("M-1", "Suspended");
      await alice.setAssetStatus("M-1", "Decommissioned");
      for (const status of ["Active", "Suspended", "Decommissioned"] as const) {
        await expectRejected(alice.setAssetStatus("M-1", status), "InvalidState");
      }
      expect((await alice.getAsset("M-1")).status).to.equal("Decommissioned");
    });

    it("setAssetStatus to the current status is InvalidState", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      await expectRejected(alice.setAssetStatus("M-1", "Active"), "InvalidState");
    });

    it("setAssetStatus to a status outside the spec is InvalidArgument", async () => {
      const { alice } = actors();
      await register(alice, "M-1");
      for (const status of ["Retired", "active", ""]) {
        await expectRejected(alice.setAssetStatus("M-1", status as never), "InvalidArgument");
      }
    });

    it("setAssetStatus by anyone but the owner is Unauthorized (member, ADMIN, ACCREDITOR, FINANCIER)", async () => {
      const { admin, alice, bob, accreditor, financier } = actors();
      await admin.grantRole("ACCREDITOR", accreditor.party);
      await admin.grantRole("FINANCIER", financier.party);
      await register(alice, "M-1");
      for (const caller of [bob, admin, accreditor, financier]) {
        await expectRejected(caller.setAssetStatus("M-1", "Suspended"), "Unauthorized");
      }
    });

    it("setAssetStatus of an unknown asset is NotFound", async () => {
      const { alice } = actors();
      await expectRejected(alice.setAssetStatus("nope", "Suspended"), "NotFound");
    });
  });

  describe("getAsset", () => {
    it("getAsset of an unknown or malformed id is NotFound", async () => {
      const { alice } = actors();
      await expectRejected(alice.getAsset("M-404"), "NotFound");
      await expectRejected(alice.getAsset("not an id"), "NotFound");
    });
  });

  describe("listAssetsByOwner", () => {
    it("listAssetsByOwner returns only that owner's assets, in ascending id order", async () => {
      const { alice, bob } = actors();
      for (const id of ["b-2", "A-9", "a-1", "b-10"]) await register(alice, id);
      await register(bob, "a-0");
      const page = await bob.listAssetsByOwner(alice.party, 10, "");
      expect(page.items.map((asset) => asset.id)).to.deep.equal(["A-9", "a-1", "b-10", "b-2"]);
      expect(page.bookmark).to.equal("");
      expect(page.items[0]).to.deep.equal(await bob.getAsset("A-9"));
    });

    it("listAssetsByOwner pages through all assets with bookmarks, the last bookmark empty", async () => {
      const { alice } = actors();
      const ids = ["M-1", "M-2", "M-3", "M-4", "M-5"];
      for (const id of ids) await register(alice, id);
      const seen: string[][] = [];
      let bookmark = "";
      do {
        const page = await alice.listAssetsByOwner(alice.party, 2, bookmark);
        seen.push(page.items.map((asset) => asset.id));
        bookmark = page.bookmark;
      } while (bookmark !== "" && seen.length < 10);
      expect(seen).to.deep.equal([["M-1", "M-2"], ["M-3", "M-4"], ["M-5"]]);
    });

    it("listAssetsByOwner gives an empty bookmark on a last page that is exactly full", async () => {
      const { alice } = actors();
      for (const id of ["M-1", "M-2", "M-3", "M-4"]) await register(alice, id);
      const first = await alice.listAssetsByOwner(alice.party, 2, "");
      const second = await alice.listAssetsByOwner(alice.party, 2, first.bookmark);
      expect(second.items.map((asset) => asset.id)).to.deep.equal(["M-3", "M-4"]);
      expect(second.bookmark).to.equal("");
    });

    it("listAssetsByOwner resumes at its bookmark even after an earlier id was registered", async () => {
      const { alice } = actors();
      for (const id of ["M-2", "M-4", "M-6"]) await register(alice, id);
      const first = await alice.listAssetsByOwner(alice.party, 1, "");
      await register(alice, "M-1");
      const second = await alice.listAssetsByOwner(alice.party, 5, first.bookmark);
      expect(second.items.map((asset) => asset.id)).to.deep.equal(["M-4", "M-6"]);
    });

    it("listAssetsByOwner follows transfers: the asset leaves one listing and joins the other", async () => {
      const { alice, bob } = actors();
      await register(alice, "M-1");
      await register(alice, "M-2");
      await alice.transferAsset("M-1", bob.party);
      expect((await alice.listAssetsByOwner(alice.party, 10, "")).items.map((a) => a.id)).to.deep.equal(["M-2"]);
      const bobs = await alice.listAssetsByOwner(bob.party, 10, "");
      expect(bobs.items.map((a) => a.id)).to.deep.equal(["M-1"]);
      expect(bobs.items[0].owner).to.equal(bob.party);
    });

    it("listAssetsByOwner of a party without assets is an empty page", async () => {
      const { alice, carol } = actors();
      await register(alice, "M-1");
      expect(await alice.listAssetsByOwner(carol.party, 10, "")).to.deep.equal({ items: [], bookmark: "" });
    });

    it("listAssetsByOwner with a pageSize outside 1–100 is InvalidArgument", async () => {
      const { alice } = actors();
      for (const pageSize of [0, 101, 1.5, -1]) {
        await expectRejected(alice.listAssetsByOwner(alice.party, pageSize, ""), "InvalidArgument");
      }
    });

    it("listAssetsByOwner of a malformed owner or bookmark is InvalidArgument", async () => {
      const { alice } = actors();
      await expectRejected(alice.listAssetsByOwner("not-a-party", 10, ""), "InvalidArgument");
      await expectRejected(alice.listAssetsByOwner(alice.party, 10, "not a bookmark"), "InvalidArgument");
    });
  });

  describe("getAssetHistory", () => {
    it("getAssetHistory lists every state oldest first, each with its transaction id and time", async () => {
      const { alice, bob } = actors();
      const receipts = [
        await register(alice, "M-1"),
        await alice.updateAsset("M-1", H2, "u2"),
        await alice.setAssetStatus("M-1", "Suspended"),
        await alice.transferAsset("M-1", bob.party),
        await bob.setAssetStatus("M-1", "Decommissioned"),
      ];
      const history = await bob.getAssetHistory("M-1");
      expect(history.map((entry) => entry.txId)).to.deep.equal(receipts.map((receipt) => receipt.txId));
      expect(history.map((entry) => [entry.value.owner, entry.value.status, entry.value.version])).to.deep.equal([
        [alice.party, "Active", 1],
        [alice.party, "Active", 2],
        [alice.party, "Suspended", 2],
        [bob.party, "Suspended", 2],
        [bob.party, "Decommissioned", 2],
      ]);
      for (const entry of history) expect(entry.value.updatedAt).to.equal(entry.timestamp);
      const times = history.map((entry) => entry.timestamp);
      expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    });

    it("the newest history entry is the asset as getAsset returns it", async () => {
      const { alice, bob } = actors();
      await register(alice, "M-1");
      await alice.transferAsset("M-1", bob.party);
      const history = await alice.getAssetHistory("M-1");
      expect(history.at(-1)!.value).to.deep.equal(await alice.getAsset("M-1"));
    });

    it("getAssetHistory of an unknown asset is NotFound", async () => {
      const { alice } = actors();
      await expectRejected(alice.getAssetHistory("M-404"), "NotFound");
    });
  });

  describe("events and rejected calls", () => {
    it("getEvents replays every state change in ledger order with its transaction id", async () => {
      const { alice, bob } = actors();
      const receipts = [await register(alice, "M-1"), await alice.updateAsset("M-1", H2, "u2"), await alice.transferAsset("M-1", bob.party)];
      const events = await bob.getEvents(receipts[0].blockNumber);
      expect(events.map((event) => [event.name, event.txId])).to.deep.equal([
        ["AssetRegistered", receipts[0].txId],
        ["AssetUpdated", receipts[1].txId],
        ["AssetTransferred", receipts[2].txId],
      ]);
      expect(events.map((event) => event.payload)).to.deep.equal(receipts.map((receipt) => receipt.event!.payload));
    });

    it("a rejected asset operation leaves the ledger unchanged", async () => {
      const all = actors();
      const { alice, bob } = all;
      await register(alice, "M-1");
      await register(alice, "M-2");
      await alice.setAssetStatus("M-2", "Decommissioned");
      const before = await observe(all, ["M-1", "M-2", "M-3"]);
      await expectRejected(register(bob, "M-1"), "AlreadyExists");
      await expectRejected(bob.updateAsset("M-1", H2, "x"), "Unauthorized");
      await expectRejected(bob.transferAsset("M-1", bob.party), "Unauthorized");
      await expectRejected(alice.transferAsset("M-2", bob.party), "InvalidState");
      await expectRejected(alice.setAssetStatus("M-2", "Active"), "InvalidState");
      await expectRejected(alice.registerAsset("M-3", "machine", "0xnothash", URI), "InvalidArgument");
      await expectRejected(alice.updateAsset("M-3", H2, "x"), "NotFound");
      expect(await observe(all, ["M-1", "M-2", "M-3"])).to.deep.equal(before);
    });
  });
}
