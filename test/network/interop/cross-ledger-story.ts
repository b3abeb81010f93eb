/**
 * The cross-ledger financing story (scripts/walkthrough/cross-ledger.ts) on the REAL 2-org
 * Fabric network — lock transactions submitted through the Gateway, proofs endorsed by both
 * peers and never submitted — with the EVM side on Hardhat (the story moves the EVM clock,
 * which geth's dev chain cannot). Names are this run's own, since the chaincode outlives runs.
 */
import { serializeIdentity } from "../../../clients/fabric-embedded/sim/index.js";
import { gatewayLockClient } from "../../../clients/interop/fabric-lock.js";
import type { ActorName } from "../../../clients/ledger.js";
import { createCrossLedgerStage, type CrossLedgerStage } from "../../../scripts/walkthrough/cross-ledger-stage.js";
import { crossLedgerStory, runCrossLedgerStory, type CrossLedgerResult, type StoryNames } from "../../../scripts/walkthrough/cross-ledger.js";
import { ORGANIZATIONS, type FabricSide } from "./fabric-proofs.js";

const YEAR = 365 * 86_400;
const digest = (text: string) => `0x${Buffer.from(text.padEnd(32, "-").slice(0, 32)).toString("hex")}`;

export interface StoryRun {
  results: CrossLedgerResult[];
  expected: string[];
  reserveToFinancedMs: number;
  close(): Promise<void>;
}

/** The certificate the story checks: carol, accredited for this run's standard, certifies the run's bound identifier. */
async function certify(fabric: FabricSide, run: string): Promise<string> {
  const { admin, accreditor, carol, financier } = fabric.actors;
  const now = Math.floor(Date.now() / 1000);
  // Roles outlive runs on the long-lived chaincode: granting one held already is refused, and that is fine here.
  await admin.grantRole("ACCREDITOR", accreditor.party).catch(() => undefined);
  await admin.grantRole("FINANCIER", financier.party).catch(() => undefined);
  const standard = `STD-${run}`;
  await accreditor.accredit(carol.party, standard, now + 3 * YEAR);
  const certificateId = `QMS-${run}`;
  await carol.issueCertificate(certificateId, fabric.story.canonical, standard, digest("scope"), digest("audit report"), now - 60, now + YEAR);
  return certificateId;
}

export async function runStoryOnNetwork(fabric: FabricSide): Promise<StoryRun> {
  const run = `${process.pid}${Date.now() % 1_000_000}`;
  const names: StoryNames = { certificate: await certify(fabric, run), reserved: `INV-R-${run}`, returned: `INV-H-${run}` };
  const lock = (actor: ActorName) => gatewayLockClient(fabric.target.connections[actor].transport.contract, ORGANIZATIONS);
  const stage: CrossLedgerStage = await createCrossLedgerStage(
    { ledgers: fabric.actors, lock, now: () => Math.floor(Date.now() / 1000) },
    fabric.material.map(({ mspId, caCertificatePem, peer }) => ({ mspId, caCertificatePem, peers: [serializeIdentity(peer)] })),
    { channel: fabric.channel, chaincode: fabric.chaincode },
  );
  const steps = crossLedgerStory(names);
  const { results, reserveToFinancedMs } = await runCrossLedgerStory(stage, steps);
  return { results, expected: steps.map((step) => step.expected), reserveToFinancedMs, close: () => stage.close() };
}
