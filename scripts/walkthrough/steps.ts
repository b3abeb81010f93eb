/**
 * The walkthrough's story, written once against IndustrialLedger: a machine's twin is
 * registered, updated, sold, listed and audited, and one forbidden call is refused.
 */
import { createHash } from "node:crypto";
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
  { title: "alice sells it to bob", run: ({ alice, bob }) => alice.transferAsset("M-1001", bob.party) },
  { title: "bob reads the asset", run: ({ bob }) => bob.getAsset("M-1001") },
  { title: "bob lists his assets", run: ({ bob }) => bob.listAssetsByOwner(bob.party, 10, "") },
  { title: "anyone reads its history", run: ({ carol }) => carol.getAssetHistory("M-1001") },
  {
    title: "alice tries to update it again",
    run: ({ alice }) => alice.updateAsset("M-1001", hash("forged"), "https://evil.example.com/"),
  },
];
