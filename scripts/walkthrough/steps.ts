/**
 * The walkthrough's story, written once against IndustrialLedger: a machine's twin is
 * registered, updated, given its GS1 serial number, sold, found again from an RFID read,
 * listed and audited; a forbidden update and a second binding of the serial are refused.
 */
import { createHash } from "node:crypto";
import { canonicalize } from "../../core/index.js";
import type { ActorLedgers } from "../../clients/ledger.js";

export interface Step {
  title: string;
  run(actors: ActorLedgers): Promise<unknown>;
}

const hash = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}`;

export const WALKTHROUGH: Step[] = [
  {
    title: "alice registers CNC mill M-1001",
    run: ({ alice }) => alice.registerAsset("M-1001", "machine.cnc-mill", hash("M-1001 datasheet v1"), "https://twins.example.com/M-1001/v1.json"),
  },
  {
    title: "alice updates its metadata",
    run: ({ alice }) => alice.updateAsset("M-1001", hash("M-1001 datasheet v2"), "https://twins.example.com/M-1001/v2.json"),
  },
  { title: "ADMIN delegates GS1 prefix 9506000 to alice", run: ({ admin, alice }) => admin.registerNamespace("gs1", "9506000", alice.party) },
  {
    title: "alice binds its serial: (01)09506000134352(21)ABC",
    run: ({ alice }) => alice.bindIdentifier("M-1001", canonicalize("(01)09506000134352(21)ABC").canonical),
  },
  { title: "alice sells it to bob", run: ({ alice, bob }) => alice.transferAsset("M-1001", bob.party) },
  {
    title: "bob resolves an RFID read of it (EPC URI)",
    run: ({ bob }) => bob.resolveIdentifier(canonicalize("urn:epc:id:sgtin:9506000.013435.ABC").canonical),
  },
  { title: "bob reads the asset", run: ({ bob }) => bob.getAsset("M-1001") },
  { title: "bob lists his assets", run: ({ bob }) => bob.listAssetsByOwner(bob.party, 10, "") },
  { title: "anyone reads its history", run: ({ carol }) => carol.getAssetHistory("M-1001") },
  {
    title: "alice tries to update it again",
    run: ({ alice }) => alice.updateAsset("M-1001", hash("forged"), "https://evil.example.com/"),
  },
  {
    title: "alice binds the serial to another machine",
    run: async ({ alice }) => {
      await alice.registerAsset("M-1002", "machine.cnc-mill", hash("M-1002"), "");
      return alice.bindIdentifier("M-1002", canonicalize("https://example.com/01/9506000134352/21/ABC").canonical);
    },
  },
];
