/**
 * The write workload of the Fabric parts of `npm run bench`: an industrial fact's life, one
 * transaction per step, each step on the records the step before it wrote — an asset registered,
 * an SGTIN bound to it, a certificate issued on it, an invoice issued against it, acknowledged,
 * financing requested and accepted. Written against `IndustrialLedger`, so the same steps run
 * in-process and on a real network, and no step needs untimed preparation of its own.
 */
import { canonicalize, sha256Hex as hash } from "../../../core/index.js";
import type { ActorLedgers } from "../../../clients/ledger.js";

export const BENCH_STANDARD = "ISO9001:2015";
/** As long as a real metadata URI: the asset JSON is then as long as the baseline's value. */
const URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy5";
const YEAR = 365 * 24 * 3600;

export interface LifecycleStep {
  /** The operation timed. */
  operation: string;
  /** One transaction: step `n` of the record named by `run` (a prefix unique to the row). */
  submit(actors: ActorLedgers, record: string, now: number): Promise<unknown>;
}

const asset = (record: string) => `A-${record}`;
const invoice = (record: string) => `I-${record}`;
/** An SGTIN of alice's company prefix whose serial is the record's name (GS1 allows [A-Za-z0-9-]). */
const sgtin = (record: string) => canonicalize(`(01)09506000134352(21)${record}`).canonical;

export const LIFECYCLE: LifecycleStep[] = [
  { operation: "registerAsset", submit: (a, r) => a.alice.registerAsset(asset(r), "machine.bench", hash(r), URI) },
  { operation: "bindIdentifier", submit: (a, r) => a.alice.bindIdentifier(asset(r), sgtin(r)) },
  {
    operation: "issueCertificate",
    submit: (a, r, now) => a.carol.issueCertificate(`C-${r}`, asset(r), BENCH_STANDARD, hash("scope"), hash("evidence"), now - 60, now + YEAR),
  },
  {
    operation: "issueReceivable",
    submit: (a, r, now) => a.alice.issueReceivable(invoice(r), a.bob.party, "100000", "EUR", now + YEAR, hash(`invoice ${r}`), [asset(r)], ""),
  },
  { operation: "acknowledgeReceivable", submit: (a, r) => a.bob.acknowledgeReceivable(invoice(r)) },
  { operation: "financeReceivable", submit: (a, r) => a.alice.financeReceivable(invoice(r), a.financier.party, "90000") },
  { operation: "acceptFinancing", submit: (a, r) => a.financier.acceptFinancing(invoice(r), "90000", []) },
];

/** Roles, an accreditation and a namespace: what every step needs, granted once per ledger. */
export async function prepareLifecycle(actors: ActorLedgers, now: number): Promise<void> {
  const { admin, accreditor, alice, carol, financier } = actors;
  await admin.grantRole("ACCREDITOR", accreditor.party);
  await admin.grantRole("FINANCIER", financier.party);
  await accreditor.accredit(carol.party, BENCH_STANDARD, now + 10 * YEAR);
  await admin.registerNamespace("gs1", "9506000", alice.party);
}
