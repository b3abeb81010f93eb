/**
 * Conformance: §4 receivables financing — issue, acknowledgement and dispute, financing and
 * assignment, repayment, default, the fingerprint guard, the grace period, the financing
 * policy, listings and history (core/spec/RECEIVABLES.md; §13's worked examples are cited by
 * number). The (state × move × caller) table is generated in receivables-tables.spec.ts.
 */
import { expect } from "chai";
import {
  DEFAULT_GRACE_PERIOD,
  MAX_AMOUNT,
  MAX_GRACE_PERIOD,
  MAX_LINKED_ASSETS,
  ZERO_HASH,
  invoiceFingerprint,
  type LedgerError,
  type Page,
  type Receipt,
  type Receivable,
} from "../../core/index.js";
import type { ActorLedgers, IndustrialLedger } from "../../clients/ledger.js";
import type { Conformance } from "./harness.js";
import { eventOf, expectRejected, hashOf } from "./harness.js";
import { bindSgtin, certificationSetUp, issue, STANDARD } from "./certification.spec.js";


/** The face value of the examples' invoices (RECEIVABLES.md §13), in minor units. */
export const FACE = "100000";
export const ADVANCE = "90000";
export const REASON = hashOf("goods not delivered as ordered");
export const PAYMENT = hashOf("SEPA end-to-end id E2E-0001");
export const YEAR = 365 * 24 * 3600;
export const MAX = MAX_AMOUNT.toString();
const G = DEFAULT_GRACE_PERIOD;
/** A certificate subject bound to M-1 by bindSgtin. */
const SGTIN = "https://id.gs1.org/01/09506000134352/21/ABC";
const ISO14001 = "ISO14001:2015";

/** A distinct test fingerprint per name (what `invoiceFingerprint` computes off chain). */
export const fingerprintOf = (name: string) => hashOf(`invoice ${name}`);

export interface InvoiceOptions {
  fingerprint?: string;
  amount?: string;
  currency?: string;
  assetIds?: string[];
  requiredStandard?: string;
}

/** `seller` issues receivable `id` on `debtor`: FACE in EUR, fingerprintOf(id), no assets, no policy unless told. */
export function issueInvoice(seller: IndustrialLedger, id: string, debtor: string, dueDate: number, options: InvoiceOptions = {}) {
  return seller.issueReceivable(
    id,
    debtor,
    options.amount ?? FACE,
    options.currency ?? "EUR",
    dueDate,
    options.fingerprint ?? fingerprintOf(id),
    options.assetIds ?? [],
    options.requiredStandard ?? "",
  );
}

/** §13's common set-up: `admin` grants FINANCIER to `financier`. */
export async function receivableSetUp(all: ActorLedgers): Promise<void> {
  await all.admin.grantRole("FINANCIER", all.financier.party);
}

/** bob acknowledges `id` and alice requests financing of it from `financier` for `advance`. */
export async function acknowledgeAndRequest(all: ActorLedgers, id: string, advance = ADVANCE): Promise<Receipt> {
  await all.bob.acknowledgeReceivable(id);
  return all.alice.financeReceivable(id, all.financier.party, advance);
}

/** alice's `id` on bob, acknowledged and financed by `financier` for ADVANCE (the FINANCIER role granted first). */
export async function financedReceivable(all: ActorLedgers, id: string, dueDate: number, options: InvoiceOptions = {}): Promise<Receipt> {
  await receivableSetUp(all);
  await issueInvoice(all.alice, id, all.bob.party, dueDate, options);
  await acknowledgeAndRequest(all, id);
  return all.financier.acceptFinancing(id, ADVANCE, []);
}

/** A record without its two times, to compare with what a test expects. */
export const timeless = (record: Receivable) => ({ ...record, issuedAt: 0, updatedAt: 0 });

/** Everything a client can observe of receivables, to show that a rejected call changed nothing. */
export async function observeReceivables(all: ActorLedgers, ids: string[], fingerprints: string[] = []): Promise<unknown> {
  const { admin } = all;
  const settle = async <T>(call: Promise<T>) => call.then((value) => ({ value }), (error: LedgerError) => ({ error: error.code }));
  const parties = [all.alice, all.bob, all.carol, all.financier].map((ledger) => ledger.party);
  return {
    events: await admin.getEvents(0),
    records: await Promise.all(ids.map((id) => settle(admin.getReceivable(id)))),
    byFingerprint: await Promise.all(fingerprints.map((fingerprint) => settle(admin.getReceivableByFingerprint(fingerprint)))),
    histories: await Promise.all(ids.map((id) => settle(admin.getReceivableHistory(id)))),
    listings: await Promise.all(
      parties.flatMap((party) => [
        admin.listReceivablesBySeller(party, 100, ""),
        admin.listReceivablesByDebtor(party, 100, ""),
        admin.listReceivablesByBeneficiary(party, 100, ""),
      ]),
    ),
    gracePeriod: await admin.getGracePeriod(),
  };
}

const idsOf = async (page: Promise<Page<Receivable>>) => (await page).items.map((receivable) => receivable.id);

/** §13 example 8: R-8 links M-1 and M-2 under ISO9001:2015; bob has acknowledged it and alice asks `financier` for ADVANCE. */
async function policyReceivable(all: ActorLedgers, t: number): Promise<void> {
  await certificationSetUp(all, t);
  await receivableSetUp(all);
  await issueInvoice(all.alice, "R-8", all.bob.party, t + YEAR, { assetIds: ["M-1", "M-2"], requiredStandard: STANDARD });
  await acknowledgeAndRequest(all, "R-8");
}

/** RECEIVABLES.md §0, §13 example 9: amounts that are not 1–78 digits without a leading zero, or above 2^256 − 1. */
const MALFORMED_AMOUNTS: unknown[] = [(MAX_AMOUNT + 1n).toString(), "-1", "1.5", "1e3", "0x10", "01", "abc", "", " 1", 1];

export function receivablesSpec({ it, itWithClock, actors, now }: Conformance): void {
  describe("issueReceivable", () => {
    it("issueReceivable emits ReceivableIssued with every field, and getReceivable answers an Issued record whose beneficiary is the seller", async () => {
      const all = actors();
      const { alice, bob } = all;
      for (const id of ["M-1", "M-2"]) await alice.registerAsset(id, "machine", hashOf(id), "");
      const due = (await now()) + YEAR;
      const event = eventOf(await issueInvoice(alice, "R-1", bob.party, due, { assetIds: ["M-2", "M-1"], requiredStandard: STANDARD }));
      expect(event.name).to.equal("ReceivableIssued");
      expect(event.payload).to.deep.equal({
        receivableId: "R-1", seller: alice.party, debtor: bob.party, amount: FACE, currency: "EUR", dueDate: due,
        fingerprint: fingerprintOf("R-1"), assetIds: ["M-2", "M-1"], requiredStandard: STANDARD, gracePeriod: G,
      });
      const record = await bob.getReceivable("R-1");
      expect(timeless(record)).to.deep.equal({
        id: "R-1", seller: alice.party, debtor: bob.party, amount: FACE, currency: "EUR", dueDate: due, fingerprint: fingerprintOf("R-1"),
        beneficiary: alice.party, financier: "", advanceAmount: "0", outstanding: FACE, state: "Issued", assetIds: ["M-2", "M-1"],
        gracePeriod: G, requiredStandard: STANDARD, issuedAt: 0, updatedAt: 0,
      });
      expect(record.issuedAt).to.be.greaterThan(0);
      expect(record.updatedAt).to.equal(record.issuedAt);
    });

    it("§13 example 1, the happy path: acknowledged, financing requested and accepted, repaid in part, then settled; six history entries", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      await receivableSetUp(all);
      await alice.registerAsset("M-1", "machine", hashOf("M-1"), "");
      const due = (await now()) + YEAR;
      await issueInvoice(alice, "R-1", bob.party, due, { assetIds: ["M-1"] });

      const acknowledged = eventOf(await bob.acknowledgeReceivable("R-1"));
      expect(acknowledged.name).to.equal("ReceivableAcknowledged");
      expect(acknowledged.payload).to.deep.equal({ receivableId: "R-1", debtor: bob.party });

      const requested = eventOf(await alice.financeReceivable("R-1", financier.party, ADVANCE));
      expect(requested.name).to.equal("FinancingRequested");
      expect(requested.payload).to.deep.equal({ receivableId: "R-1", financier: financier.party, advanceAmount: ADVANCE });
      expect(await carol.getReceivable("R-1")).to.deep.include({ state: "Acknowledged", financier: financier.party, advanceAmount: ADVANCE, beneficiary: alice.party });

      const financed = eventOf(await financier.acceptFinancing("R-1", ADVANCE, []));
      expect(financed.name).to.equal("ReceivableFinanced");
      expect(financed.payload).to.deep.equal({ receivableId: "R-1", financier: financier.party, advanceAmount: ADVANCE, certificateIds: [] });
      expect(await carol.getReceivable("R-1")).to.deep.include({
        state: "Financed", beneficiary: financier.party, financier: financier.party, advanceAmount: ADVANCE, outstanding: FACE,
      });

      const repaid = eventOf(await financier.recordRepayment("R-1", "30000", PAYMENT));
      expect(repaid.name).to.equal("RepaymentRecorded");
      expect(repaid.payload).to.deep.equal({ receivableId: "R-1", amount: "30000", outstanding: "70000", paymentRef: PAYMENT });
      expect(await carol.getReceivable("R-1")).to.deep.include({ state: "PartiallyRepaid", outstanding: "70000" });

      const last = hashOf("SEPA end-to-end id E2E-0002");
      const settled = eventOf(await financier.recordRepayment("R-1", "70000", last));
      expect(settled.name).to.equal("ReceivableSettled");
      expect(settled.payload).to.deep.equal({ receivableId: "R-1", amount: "70000", paymentRef: last });
      const record = await carol.getReceivable("R-1");
      expect(record).to.deep.include({ state: "Settled", outstanding: "0", beneficiary: financier.party, amount: FACE });

      const history = await carol.getReceivableHistory("R-1");
      expect(history.map((entry) => [entry.value.state, entry.value.outstanding])).to.deep.equal([
        ["Issued", FACE], ["Acknowledged", FACE], ["Acknowledged", FACE], ["Financed", FACE], ["PartiallyRepaid", "70000"], ["Settled", "0"],
      ]);
      expect(history.at(-1)!.value).to.deep.equal(record);
    });

    itWithClock("issuedAt and updatedAt are the times of the issue and of the latest change to the receivable", async (clock) => {
      const all = actors();
      const { admin, alice, bob } = all;
      const t = await clock.now();
      await clock.setNextTime(t + 100);
      await issueInvoice(alice, "R-1", bob.party, t + YEAR);
      expect(await bob.getReceivable("R-1")).to.deep.include({ issuedAt: t + 100, updatedAt: t + 100 });
      await clock.setNextTime(t + 200);
      await bob.acknowledgeReceivable("R-1");
      await clock.setNextTime(t + 300);
      await admin.setGracePeriod(0); // a ledger parameter, not a change to the receivable
      expect(await bob.getReceivable("R-1")).to.deep.include({ issuedAt: t + 100, updatedAt: t + 200, gracePeriod: G });
    });

    it("§13 example 9: issueReceivable takes the amounts \"1\" and 2^256 − 1 and keeps them exactly", async () => {
      const all = actors();
      const { alice, bob } = all;
      const due = (await now()) + YEAR;
      expect(eventOf(await issueInvoice(alice, "R-1", bob.party, due, { amount: "1" })).payload).to.deep.include({ amount: "1" });
      expect(eventOf(await issueInvoice(alice, "R-2", bob.party, due, { amount: MAX })).payload).to.deep.include({ amount: MAX });
      expect(await bob.getReceivable("R-1")).to.deep.include({ amount: "1", outstanding: "1" });
      expect(await bob.getReceivable("R-2")).to.deep.include({ amount: MAX, outstanding: MAX });
    });

    it("§13 example 9: a receivable of 2^256 − 1 is financed with an advance of 2^256 − 1 and settled by one repayment of 2^256 − 1", async () => {
      const all = actors();
      const { alice, bob, financier } = all;
      await receivableSetUp(all);
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR, { amount: MAX });
      expect(eventOf(await acknowledgeAndRequest(all, "R-1", MAX)).payload).to.deep.include({ advanceAmount: MAX });
      expect(eventOf(await financier.acceptFinancing("R-1", MAX, [])).payload).to.deep.include({ advanceAmount: MAX });
      const settled = eventOf(await financier.recordRepayment("R-1", MAX, PAYMENT));
      expect(settled.name).to.equal("ReceivableSettled");
      expect(settled.payload).to.deep.equal({ receivableId: "R-1", amount: MAX, paymentRef: PAYMENT });
      expect(await bob.getReceivable("R-1")).to.deep.include({ state: "Settled", amount: MAX, outstanding: "0", advanceAmount: MAX });
    });

    it("§13 example 9: issueReceivable with an amount of 2^256, a sign, a point, an exponent, hex, a leading zero, letters, blanks, a number or \"0\" is InvalidArgument, and nothing changes", async () => {
      const all = actors();
      const { alice, bob } = all;
      const due = (await now()) + YEAR;
      const before = await observeReceivables(all, ["R-1"], [fingerprintOf("R-1")]);
      for (const amount of [...MALFORMED_AMOUNTS, "0"]) {
        await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { amount: amount as string }), "InvalidArgument");
      }
      expect(await observeReceivables(all, ["R-1"], [fingerprintOf("R-1")])).to.deep.equal(before);
    });

    it("issueReceivable with a dueDate in the past, negative or not whole is InvalidArgument", async () => {
      const all = actors();
      const { alice, bob } = all;
      for (const due of [1000, (await now()) - 3600, -1, (await now()) + YEAR + 0.5]) {
        await expectRejected(issueInvoice(alice, "R-1", bob.party, due), "InvalidArgument");
      }
      await expectRejected(bob.getReceivable("R-1"), "NotFound");
    });

    itWithClock("issueReceivable needs dueDate > now: a dueDate equal to the transaction's time is InvalidArgument, one second later issues", async (clock) => {
      const all = actors();
      const { alice, bob } = all;
      const t = await clock.now();
      await clock.setNextTime(t + 100);
      await expectRejected(issueInvoice(alice, "R-1", bob.party, t + 100), "InvalidArgument");
      await clock.setNextTime(t + 200);
      expect(eventOf(await issueInvoice(alice, "R-1", bob.party, t + 201)).payload).to.deep.include({ dueDate: t + 201 });
    });

    it("issueReceivable naming the seller itself as debtor, or a debtor that is not a party, is InvalidArgument", async () => {
      const all = actors();
      const { alice, bob } = all;
      const due = (await now()) + YEAR;
      await expectRejected(issueInvoice(alice, "R-1", alice.party, due), "InvalidArgument");
      await expectRejected(issueInvoice(alice, "R-1", "not-a-party", due), "InvalidArgument");
      await expectRejected(issueInvoice(alice, "R-1", "", due), "InvalidArgument");
      await expectRejected(bob.getReceivable("R-1"), "NotFound");
    });

    it("issueReceivable with ZERO_HASH or a malformed fingerprint is InvalidArgument", async () => {
      const all = actors();
      const { alice, bob } = all;
      const due = (await now()) + YEAR;
      for (const fingerprint of [ZERO_HASH, "0x1234", fingerprintOf("R-1").toUpperCase().replace("0X", "0x"), fingerprintOf("R-1").slice(2), ""]) {
        await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { fingerprint }), "InvalidArgument");
      }
      await expectRejected(bob.getReceivable("R-1"), "NotFound");
    });

    it("issueReceivable with a malformed id or a currency not of the ISO 4217 form is InvalidArgument", async () => {
      const all = actors();
      const { alice, bob } = all;
      const due = (await now()) + YEAR;
      for (const id of ["R 1", "", "R".repeat(65), "R/1"]) await expectRejected(issueInvoice(alice, id, bob.party, due, { fingerprint: fingerprintOf("R-1") }), "InvalidArgument");
      for (const currency of ["eur", "EURO", "EU", "", "€"]) await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { currency }), "InvalidArgument");
      await expectRejected(bob.getReceivable("R-1"), "NotFound");
    });

    it("issueReceivable links at most 10 pairwise distinct asset ids (more, a repeated or a malformed one is InvalidArgument); an unknown asset is NotFound", async () => {
      const all = actors();
      const { alice, bob } = all;
      const due = (await now()) + YEAR;
      await alice.registerAsset("M-1", "machine", hashOf("M-1"), "");
      const ids = (count: number) => Array.from({ length: count }, (_, index) => `A-${index}`);
      await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { assetIds: ["M-1", "M-1"] }), "InvalidArgument");
      await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { assetIds: ids(MAX_LINKED_ASSETS + 1) }), "InvalidArgument");
      await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { assetIds: ["M-1", "M 2"] }), "InvalidArgument");
      // Ten distinct ids pass the argument rules: the first unknown one is what refuses them.
      await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { assetIds: ids(MAX_LINKED_ASSETS) }), "NotFound");
      await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { assetIds: ["M-1", "M-404"] }), "NotFound");
      await expectRejected(bob.getReceivable("R-1"), "NotFound");
      expect(eventOf(await issueInvoice(alice, "R-1", bob.party, due, { assetIds: ["M-1"] })).payload).to.deep.include({ assetIds: ["M-1"] });
    });

    it("issueReceivable with a financing policy but no linked asset, or a policy that is not a label, is InvalidArgument", async () => {
      const all = actors();
      const { alice, bob } = all;
      const due = (await now()) + YEAR;
      await alice.registerAsset("M-1", "machine", hashOf("M-1"), "");
      await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { requiredStandard: STANDARD }), "InvalidArgument");
      await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { assetIds: ["M-1"], requiredStandard: "ISO 9001" }), "InvalidArgument");
      await expectRejected(bob.getReceivable("R-1"), "NotFound");
    });

    it("issueReceivable checks its arguments, then the id (AlreadyExists), then the fingerprint (FingerprintTaken), then the assets (NotFound), and a refusal changes nothing", async () => {
      const all = actors();
      const { alice, bob } = all;
      const due = (await now()) + YEAR;
      const f1 = fingerprintOf("R-1");
      await issueInvoice(alice, "R-1", bob.party, due, { fingerprint: f1 });
      const before = await observeReceivables(all, ["R-1", "R-2"], [f1, fingerprintOf("R-2")]);
      await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { fingerprint: f1, amount: "0" }), "InvalidArgument");
      await expectRejected(issueInvoice(alice, "R-1", bob.party, due, { fingerprint: f1, assetIds: ["M-404"] }), "AlreadyExists");
      await expectRejected(issueInvoice(alice, "R-2", bob.party, due, { fingerprint: f1, assetIds: ["M-404"] }), "FingerprintTaken");
      await expectRejected(issueInvoice(alice, "R-2", bob.party, due, { assetIds: ["M-404"] }), "NotFound");
      expect(await observeReceivables(all, ["R-1", "R-2"], [f1, fingerprintOf("R-2")])).to.deep.equal(before);
    });
  });

  describe("the fingerprint guard", () => {
    it("§13 example 2: a fingerprint taken is FingerprintTaken for the same seller under another id and for another seller, and nothing changes", async () => {
      const all = actors();
      const { alice, bob, carol } = all;
      const due = (await now()) + YEAR;
      const f1 = fingerprintOf("R-1");
      await issueInvoice(alice, "R-1", bob.party, due, { fingerprint: f1 });
      const before = await observeReceivables(all, ["R-1", "R-2", "R-3"], [f1]);
      await expectRejected(issueInvoice(alice, "R-2", bob.party, due, { fingerprint: f1 }), "FingerprintTaken");
      await expectRejected(issueInvoice(carol, "R-3", bob.party, due, { fingerprint: f1 }), "FingerprintTaken");
      expect(await observeReceivables(all, ["R-1", "R-2", "R-3"], [f1])).to.deep.equal(before);
    });

    it("§13 example 2: a settled receivable's fingerprint stays taken", async () => {
      const all = actors();
      const { carol, bob, financier } = all;
      const due = (await now()) + YEAR;
      await financedReceivable(all, "R-1", due);
      await financier.recordRepayment("R-1", FACE, PAYMENT);
      await expectRejected(issueInvoice(carol, "R-3", bob.party, due, { fingerprint: fingerprintOf("R-1") }), "FingerprintTaken");
      expect((await carol.getReceivableByFingerprint(fingerprintOf("R-1"))).state).to.equal("Settled");
    });

    it("§13 example 2: a cancelled receivable's fingerprint stays taken; the corrected invoice, with a new fingerprint, issues", async () => {
      const all = actors();
      const { alice, bob } = all;
      const due = (await now()) + YEAR;
      await issueInvoice(alice, "R-4", bob.party, due, { fingerprint: fingerprintOf("f4") });
      await alice.cancelReceivable("R-4");
      await expectRejected(issueInvoice(alice, "R-5", bob.party, due, { fingerprint: fingerprintOf("f4") }), "FingerprintTaken");
      const event = eventOf(await issueInvoice(alice, "R-5", bob.party, due, { fingerprint: fingerprintOf("f5") }));
      expect(event.payload).to.deep.include({ receivableId: "R-5", fingerprint: fingerprintOf("f5") });
      expect((await bob.getReceivableByFingerprint(fingerprintOf("f4"))).id).to.equal("R-4");
    });

    it("§13 example 2: of two concurrent issues of one fingerprint one commits and the other is refused (Conflict or FingerprintTaken); its retry is FingerprintTaken", async () => {
      const all = actors();
      const { alice, bob, carol } = all;
      const due = (await now()) + YEAR;
      const f9 = fingerprintOf("f9");
      const outcomes = await Promise.allSettled([
        issueInvoice(alice, "R-8", bob.party, due, { fingerprint: f9 }),
        issueInvoice(carol, "R-9", bob.party, due, { fingerprint: f9 }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).to.have.length(1);
      const refused = outcomes.findIndex((outcome) => outcome.status === "rejected");
      const reason = (outcomes[refused] as PromiseRejectedResult).reason as LedgerError;
      expect(["Conflict", "FingerprintTaken"], String(reason)).to.include(reason.code);
      const retry = refused === 0 ? issueInvoice(alice, "R-8", bob.party, due, { fingerprint: f9 }) : issueInvoice(carol, "R-9", bob.party, due, { fingerprint: f9 });
      await expectRejected(retry, "FingerprintTaken");
      expect((await bob.getReceivableByFingerprint(f9)).id).to.equal(refused === 0 ? "R-9" : "R-8");
    });

    it("getReceivableByFingerprint answers what getReceivable answers, also once the receivable is cancelled; an unknown fingerprint is NotFound, a malformed one InvalidArgument", async () => {
      const all = actors();
      const { alice, bob, carol } = all;
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      expect(await carol.getReceivableByFingerprint(fingerprintOf("R-1"))).to.deep.equal(await carol.getReceivable("R-1"));
      await alice.cancelReceivable("R-1");
      const cancelled = await carol.getReceivableByFingerprint(fingerprintOf("R-1"));
      expect(cancelled).to.deep.equal(await carol.getReceivable("R-1"));
      expect(cancelled.state).to.equal("Cancelled");
      await expectRejected(carol.getReceivableByFingerprint(fingerprintOf("R-2")), "NotFound");
      await expectRejected(carol.getReceivableByFingerprint("0x1234"), "InvalidArgument");
      await expectRejected(carol.getReceivableByFingerprint(fingerprintOf("R-1").toUpperCase().replace("0X", "0x")), "InvalidArgument");
    });

    it("the financier's pre-purchase check: the invoiceFingerprint of the invoice it is shown, however formatted, finds the seller's acknowledged record", async () => {
      const all = actors();
      const { alice, bob, financier } = all;
      const asIssued = { sellerTaxId: "DE123456789", debtorTaxId: "FR12345678901", invoiceNumber: "INV20260042", issueDate: "2026-11-02", amountMinor: "1250000", currency: "EUR" };
      const asShown = { sellerTaxId: "DE 123 456 789", debtorTaxId: "fr 12345678901", invoiceNumber: "INV20260042", issueDate: "20261102", amount: "12500.00", currency: "eur" };
      await issueInvoice(alice, "INV20260042", bob.party, (await now()) + YEAR, { fingerprint: invoiceFingerprint(asIssued), amount: "1250000" });
      await bob.acknowledgeReceivable("INV20260042");
      const record = await financier.getReceivableByFingerprint(invoiceFingerprint(asShown));
      expect(record).to.deep.include({ id: "INV20260042", seller: alice.party, debtor: bob.party, amount: "1250000", state: "Acknowledged" });
    });
  });

  describe("lookups by id", () => {
    it("a malformed or unknown receivable id is NotFound for every operation on a receivable, getReceivable and getReceivableHistory", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      await receivableSetUp(all); // the financier passes acceptFinancing's role gate
      for (const id of ["R-404", "R 404", "R".repeat(65)]) {
        const calls = [
          () => bob.acknowledgeReceivable(id),
          () => bob.disputeReceivable(id, REASON),
          () => alice.financeReceivable(id, financier.party, ADVANCE),
          () => financier.acceptFinancing(id, ADVANCE, []),
          () => financier.recordRepayment(id, "1", PAYMENT),
          () => financier.markDefaulted(id),
          () => alice.cancelReceivable(id),
          () => carol.getReceivable(id),
          () => carol.getReceivableHistory(id),
        ];
        for (const call of calls) await expectRejected(call(), "NotFound");
      }
    });

    it("a receivable operation checks its arguments before the receivable, the receivable before the caller, and the caller before the state and the amount", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      await expectRejected(carol.disputeReceivable("R-1", "0x12"), "InvalidArgument");
      await expectRejected(carol.recordRepayment("R-1", "0", PAYMENT), "InvalidArgument");
      await expectRejected(carol.recordRepayment("R-1", "1", "0x12"), "InvalidArgument");
      await expectRejected(carol.acknowledgeReceivable("R-1"), "NotFound");
      await expectRejected(carol.cancelReceivable("R-1"), "NotFound");
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      const before = await observeReceivables(all, ["R-1"]);
      await expectRejected(alice.recordRepayment("R-1", "0", PAYMENT), "InvalidArgument"); // Issued: arguments first
      await expectRejected(financier.recordRepayment("R-1", "100001", PAYMENT), "Unauthorized"); // not its beneficiary
      await expectRejected(alice.recordRepayment("R-1", "100001", PAYMENT), "InvalidState"); // its beneficiary, before financing
      await expectRejected(bob.cancelReceivable("R-1"), "Unauthorized");
      await expectRejected(alice.acknowledgeReceivable("R-1"), "Unauthorized");
      expect(await observeReceivables(all, ["R-1"])).to.deep.equal(before);
    });
  });

  describe("acknowledgement and dispute", () => {
    it("§13 example 4: a dispute drops the pending request (financier \"\", advance \"0\"): the financier's acceptance is Unauthorized and a new request InvalidState", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      await receivableSetUp(all);
      await issueInvoice(alice, "R-6", bob.party, (await now()) + YEAR);
      await acknowledgeAndRequest(all, "R-6");
      const disputed = eventOf(await bob.disputeReceivable("R-6", REASON));
      expect(disputed.name).to.equal("ReceivableDisputed");
      expect(disputed.payload).to.deep.equal({ receivableId: "R-6", debtor: bob.party, reasonHash: REASON });
      const record = await carol.getReceivable("R-6");
      expect(record).to.deep.include({ state: "Disputed", financier: "", advanceAmount: "0", beneficiary: alice.party, outstanding: FACE });
      await expectRejected(financier.acceptFinancing("R-6", ADVANCE, []), "Unauthorized");
      await expectRejected(alice.financeReceivable("R-6", financier.party, ADVANCE), "InvalidState");
      expect(await carol.getReceivable("R-6")).to.deep.equal(record);
    });

    it("§13 example 4: the debtor ends its dispute by acknowledging; the receivable is Acknowledged again and the seller may request financing again", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      await receivableSetUp(all);
      await issueInvoice(alice, "R-6", bob.party, (await now()) + YEAR);
      await acknowledgeAndRequest(all, "R-6");
      await bob.disputeReceivable("R-6", REASON);
      expect(eventOf(await bob.acknowledgeReceivable("R-6")).payload).to.deep.equal({ receivableId: "R-6", debtor: bob.party });
      expect(await carol.getReceivable("R-6")).to.deep.include({ state: "Acknowledged", financier: "", advanceAmount: "0" });
      const requested = eventOf(await alice.financeReceivable("R-6", financier.party, "80000"));
      expect(requested.payload).to.deep.equal({ receivableId: "R-6", financier: financier.party, advanceAmount: "80000" });
      expect(await carol.getReceivable("R-6")).to.deep.include({ state: "Acknowledged", financier: financier.party, advanceAmount: "80000" });
    });

    it("§13 example 4: the seller concedes a dispute by cancelling: ReceivableCancelled, and the fingerprint stays taken", async () => {
      const all = actors();
      const { alice, bob, carol } = all;
      const due = (await now()) + YEAR;
      await issueInvoice(alice, "R-6", bob.party, due);
      await bob.disputeReceivable("R-6", REASON);
      const cancelled = eventOf(await alice.cancelReceivable("R-6"));
      expect(cancelled.name).to.equal("ReceivableCancelled");
      expect(cancelled.payload).to.deep.equal({ receivableId: "R-6", seller: alice.party });
      expect(await carol.getReceivable("R-6")).to.deep.include({ state: "Cancelled", financier: "", advanceAmount: "0", outstanding: FACE });
      await expectRejected(issueInvoice(carol, "R-7", bob.party, due, { fingerprint: fingerprintOf("R-6") }), "FingerprintTaken");
    });

    it("disputeReceivable with a malformed reasonHash is InvalidArgument, even for a receivable it could dispute", async () => {
      const all = actors();
      const { alice, bob } = all;
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      for (const reason of ["0x12", "", REASON.toUpperCase().replace("0X", "0x")]) await expectRejected(bob.disputeReceivable("R-1", reason), "InvalidArgument");
      expect((await bob.getReceivable("R-1")).state).to.equal("Issued");
    });
  });

  describe("financing", () => {
    it("§13 example 5: a replaced request: acceptance must repeat the current advance, the replaced one is InvalidArgument", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      await receivableSetUp(all);
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      await acknowledgeAndRequest(all, "R-1", "90000");
      const replaced = eventOf(await alice.financeReceivable("R-1", financier.party, "95000"));
      expect(replaced.payload).to.deep.equal({ receivableId: "R-1", financier: financier.party, advanceAmount: "95000" });
      const before = await observeReceivables(all, ["R-1"]);
      await expectRejected(financier.acceptFinancing("R-1", "90000", []), "InvalidArgument");
      await expectRejected(financier.acceptFinancing("R-1", "0", []), "InvalidArgument");
      expect(await observeReceivables(all, ["R-1"])).to.deep.equal(before);
      const financed = eventOf(await financier.acceptFinancing("R-1", "95000", []));
      expect(financed.payload).to.deep.equal({ receivableId: "R-1", financier: financier.party, advanceAmount: "95000", certificateIds: [] });
      expect(await carol.getReceivable("R-1")).to.deep.include({ state: "Financed", advanceAmount: "95000", beneficiary: financier.party });
    });

    it("a request replaced by one naming another FINANCIER: the first is no longer named (Unauthorized), the second finances and becomes the beneficiary", async () => {
      const all = actors();
      const { admin, alice, bob, carol, financier } = all;
      await receivableSetUp(all);
      await admin.grantRole("FINANCIER", carol.party);
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      await acknowledgeAndRequest(all, "R-1");
      await alice.financeReceivable("R-1", carol.party, ADVANCE);
      expect(await bob.getReceivable("R-1")).to.deep.include({ financier: carol.party, advanceAmount: ADVANCE });
      await expectRejected(financier.acceptFinancing("R-1", ADVANCE, []), "Unauthorized");
      expect(eventOf(await carol.acceptFinancing("R-1", ADVANCE, [])).payload).to.deep.include({ financier: carol.party });
      expect(await bob.getReceivable("R-1")).to.deep.include({ state: "Financed", beneficiary: carol.party, financier: carol.party });
    });

    it("§13 example 5: an advance above the amount is AmountExceedsOutstanding, \"0\" or a malformed one InvalidArgument; the whole amount is a valid advance", async () => {
      const all = actors();
      const { alice, bob, financier } = all;
      await receivableSetUp(all);
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      await bob.acknowledgeReceivable("R-1");
      const before = await observeReceivables(all, ["R-1"]);
      await expectRejected(alice.financeReceivable("R-1", financier.party, "100001"), "AmountExceedsOutstanding");
      for (const advance of [...MALFORMED_AMOUNTS, "0"]) await expectRejected(alice.financeReceivable("R-1", financier.party, advance as string), "InvalidArgument");
      expect(await observeReceivables(all, ["R-1"])).to.deep.equal(before);
      expect(eventOf(await alice.financeReceivable("R-1", financier.party, FACE)).payload).to.deep.include({ advanceAmount: FACE });
    });

    it("financeReceivable naming the seller (even a FINANCIER), a party without FINANCIER or no party at all is InvalidArgument", async () => {
      const all = actors();
      const { admin, alice, bob, carol } = all;
      await admin.grantRole("FINANCIER", alice.party);
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      await bob.acknowledgeReceivable("R-1");
      const before = await observeReceivables(all, ["R-1"]);
      for (const named of [alice.party, carol.party, "not-a-party", ""]) await expectRejected(alice.financeReceivable("R-1", named, ADVANCE), "InvalidArgument");
      expect(await observeReceivables(all, ["R-1"])).to.deep.equal(before);
    });

    it("financeReceivable checks the seller, then the state, then the named financier, then the advance", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      await receivableSetUp(all);
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      await expectRejected(bob.financeReceivable("R-1", carol.party, "100001"), "Unauthorized");
      await expectRejected(alice.financeReceivable("R-1", carol.party, "100001"), "InvalidState"); // Issued
      await bob.acknowledgeReceivable("R-1");
      await expectRejected(alice.financeReceivable("R-1", carol.party, "100001"), "InvalidArgument"); // carol holds no FINANCIER
      await expectRejected(alice.financeReceivable("R-1", financier.party, "100001"), "AmountExceedsOutstanding");
      expect(await bob.getReceivable("R-1")).to.deep.include({ state: "Acknowledged", financier: "", advanceAmount: "0" });
    });

    it("the debtor may finance its own invoice (dynamic discounting): it accepts, becomes the beneficiary and records the repayment", async () => {
      const all = actors();
      const { admin, alice, bob, carol } = all;
      await admin.grantRole("FINANCIER", bob.party);
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      await bob.acknowledgeReceivable("R-1");
      await alice.financeReceivable("R-1", bob.party, "98000");
      expect(eventOf(await bob.acceptFinancing("R-1", "98000", [])).payload).to.deep.equal({ receivableId: "R-1", financier: bob.party, advanceAmount: "98000", certificateIds: [] });
      expect(await carol.getReceivable("R-1")).to.deep.include({ state: "Financed", debtor: bob.party, beneficiary: bob.party, financier: bob.party });
      expect(eventOf(await bob.recordRepayment("R-1", FACE, PAYMENT)).name).to.equal("ReceivableSettled");
    });

    it("acceptFinancing checks its arguments, then the caller's FINANCIER role, then the receivable and the certificates, then that it is named", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      await receivableSetUp(all);
      const ids = Array.from({ length: MAX_LINKED_ASSETS + 1 }, (_, index) => `C-${index}`);
      for (const [advance, certificates] of [["01", []], [ADVANCE, ["C-1", "C-1"]], [ADVANCE, ids], [ADVANCE, ["C 1"]]] as [string, string[]][]) {
        await expectRejected(carol.acceptFinancing("R-404", advance, certificates), "InvalidArgument");
      }
      await expectRejected(carol.acceptFinancing("R-404", ADVANCE, []), "Unauthorized"); // no FINANCIER: before NotFound
      await expectRejected(financier.acceptFinancing("R-404", ADVANCE, []), "NotFound");
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      await expectRejected(financier.acceptFinancing("R-1", ADVANCE, ["C-404"]), "NotFound"); // certificates before being named
      await expectRejected(financier.acceptFinancing("R-1", ADVANCE, []), "Unauthorized"); // not named (and Issued)
      expect((await bob.getReceivable("R-1")).state).to.equal("Issued");
    });

    it("§13 example 3: after acceptance a new request and a second acceptance are InvalidState; another party's acceptance is Unauthorized, without FINANCIER and with it; nothing changes", async () => {
      const all = actors();
      const { admin, alice, carol, financier } = all;
      await financedReceivable(all, "R-1", (await now()) + YEAR);
      const before = await observeReceivables(all, ["R-1"]);
      await expectRejected(alice.financeReceivable("R-1", financier.party, ADVANCE), "InvalidState");
      await expectRejected(financier.acceptFinancing("R-1", ADVANCE, []), "InvalidState");
      await expectRejected(carol.acceptFinancing("R-1", ADVANCE, []), "Unauthorized");
      expect(await observeReceivables(all, ["R-1"])).to.deep.equal(before);
      await admin.grantRole("FINANCIER", carol.party);
      const record = await carol.getReceivable("R-1");
      await expectRejected(carol.acceptFinancing("R-1", ADVANCE, []), "Unauthorized");
      expect(await carol.getReceivable("R-1")).to.deep.equal(record);
    });

    it("§13 example 1: at acceptance the receivable moves from the seller's beneficiary listing to the financier's; its seller and debtor listings stay", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      await receivableSetUp(all);
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      await acknowledgeAndRequest(all, "R-1");
      expect(await idsOf(carol.listReceivablesByBeneficiary(alice.party, 10, ""))).to.deep.equal(["R-1"]);
      expect(await carol.listReceivablesByBeneficiary(financier.party, 10, "")).to.deep.equal({ items: [], bookmark: "" });
      await financier.acceptFinancing("R-1", ADVANCE, []);
      const record = await carol.getReceivable("R-1");
      expect(await carol.listReceivablesByBeneficiary(alice.party, 10, "")).to.deep.equal({ items: [], bookmark: "" });
      expect(await carol.listReceivablesByBeneficiary(financier.party, 10, "")).to.deep.equal({ items: [record], bookmark: "" });
      expect(await carol.listReceivablesBySeller(alice.party, 10, "")).to.deep.equal({ items: [record], bookmark: "" });
      expect(await carol.listReceivablesByDebtor(bob.party, 10, "")).to.deep.equal({ items: [record], bookmark: "" });
    });

    itWithClock("a receivable can be financed until the second before its due date: a request at dueDate − 2, an acceptance at dueDate − 1", async (clock) => {
      const all = actors();
      const { alice, bob, financier } = all;
      const t = await clock.now();
      const due = t + 1000;
      await receivableSetUp(all);
      await issueInvoice(alice, "R-1", bob.party, due);
      await bob.acknowledgeReceivable("R-1");
      await clock.setNextTime(due - 2);
      await alice.financeReceivable("R-1", financier.party, ADVANCE);
      await clock.setNextTime(due - 1);
      expect(eventOf(await financier.acceptFinancing("R-1", ADVANCE, [])).name).to.equal("ReceivableFinanced");
      expect(await bob.getReceivable("R-1")).to.deep.include({ state: "Financed", updatedAt: due - 1 });
    });

    itWithClock("from its due date on, an acceptance and a request are InvalidState; the seller may still cancel the unfinanced receivable", async (clock) => {
      const all = actors();
      const { alice, bob, financier } = all;
      const t = await clock.now();
      const due = t + 1000;
      await receivableSetUp(all);
      await issueInvoice(alice, "R-1", bob.party, due);
      await acknowledgeAndRequest(all, "R-1");
      const before = await bob.getReceivable("R-1");
      await clock.setNextTime(due);
      await expectRejected(financier.acceptFinancing("R-1", ADVANCE, []), "InvalidState");
      await expectRejected(alice.financeReceivable("R-1", financier.party, "95000"), "InvalidState");
      expect(await bob.getReceivable("R-1")).to.deep.equal(before);
      expect(eventOf(await alice.cancelReceivable("R-1")).name).to.equal("ReceivableCancelled");
    });
  });

  describe("financing policy", () => {
    it("§13 example 8: a wrong count, order or standard of named certificates is InvalidArgument, an unknown one NotFound, one not Valid InvalidState; nothing changes", async () => {
      const all = actors();
      const { accreditor, carol, financier } = all;
      const t = await now();
      await policyReceivable(all, t);
      await accreditor.accredit(carol.party, ISO14001, t + 10 * YEAR);
      await issue(carol, "C1", t, "M-1");
      await issue(carol, "C2", t, "M-2");
      await carol.suspendCertificate("C2", REASON);
      await issue(carol, "C3", t, "M-2");
      await carol.issueCertificate("C4", "M-2", ISO14001, hashOf("scope"), hashOf("evidence"), t, t + YEAR);
      await issue(carol, "C5", t + YEAR, "M-1", t + 2 * YEAR); // of the right asset and standard, but valid only from next year
      const before = await observeReceivables(all, ["R-8"]);
      const cases: [string[], "InvalidArgument" | "NotFound" | "InvalidState"][] = [
        [[], "InvalidArgument"], // count
        [["C1"], "InvalidArgument"], // count
        [["C1", "C3", "C2"], "InvalidArgument"], // count
        [["C3", "C1"], "InvalidArgument"], // order: certificate i is of assetIds[i]
        [["C1", "C4"], "InvalidArgument"], // standard
        [["C5", "C4"], "InvalidArgument"], // the policy's rules come before validity
        [["C1", "X-9"], "NotFound"],
        [["C1", "C2"], "InvalidState"], // Suspended
        [["C5", "C3"], "InvalidState"], // NotYetValid
      ];
      for (const [certificates, code] of cases) await expectRejected(financier.acceptFinancing("R-8", ADVANCE, certificates), code);
      expect(await observeReceivables(all, ["R-8"])).to.deep.equal(before);
    });

    it("§13 example 8: one Valid certificate per linked asset in assetIds order finances, a bound identifier's certificate included; a later revocation leaves the receivable Financed", async () => {
      const all = actors();
      const { bob, carol, financier } = all;
      const t = await now();
      await policyReceivable(all, t);
      await bindSgtin(all);
      await issue(carol, "C1", t, SGTIN); // M-1, by its SGTIN
      await issue(carol, "C3", t, "M-2");
      const financed = eventOf(await financier.acceptFinancing("R-8", ADVANCE, ["C1", "C3"]));
      expect(financed.name).to.equal("ReceivableFinanced");
      expect(financed.payload).to.deep.equal({ receivableId: "R-8", financier: financier.party, advanceAmount: ADVANCE, certificateIds: ["C1", "C3"] });
      const record = await bob.getReceivable("R-8");
      expect(record).to.deep.include({ state: "Financed", beneficiary: financier.party, requiredStandard: STANDARD, assetIds: ["M-1", "M-2"] });
      await carol.revokeCertificate("C3", REASON);
      expect(await bob.getReceivable("R-8")).to.deep.equal(record);
    });

    it("without a financing policy, acceptFinancing must name no certificate: an existing Valid one is InvalidArgument", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      const t = await now();
      await certificationSetUp(all, t);
      await receivableSetUp(all);
      await issue(carol, "C1", t, "M-1");
      await issueInvoice(alice, "R-1", bob.party, t + YEAR, { assetIds: ["M-1"] });
      await acknowledgeAndRequest(all, "R-1");
      await expectRejected(financier.acceptFinancing("R-1", ADVANCE, ["C1"]), "InvalidArgument");
      expect((await bob.getReceivable("R-1")).state).to.equal("Acknowledged");
    });
  });

  describe("repayment and default", () => {
    it("§13 example 6: on a financed receivable a repayment by the seller or the debtor is Unauthorized, of \"0\" or a malformed one InvalidArgument, of more than outstanding AmountExceedsOutstanding; nothing changes", async () => {
      const all = actors();
      const { alice, bob, financier } = all;
      await financedReceivable(all, "R-1", (await now()) + YEAR);
      const before = await observeReceivables(all, ["R-1"]);
      await expectRejected(alice.recordRepayment("R-1", "30000", PAYMENT), "Unauthorized");
      await expectRejected(bob.recordRepayment("R-1", "30000", PAYMENT), "Unauthorized");
      for (const amount of [...MALFORMED_AMOUNTS, "0"]) await expectRejected(financier.recordRepayment("R-1", amount as string, PAYMENT), "InvalidArgument");
      await expectRejected(financier.recordRepayment("R-1", "30000", "0x12"), "InvalidArgument");
      await expectRejected(financier.recordRepayment("R-1", "100001", PAYMENT), "AmountExceedsOutstanding");
      expect(await observeReceivables(all, ["R-1"])).to.deep.equal(before);
    });

    it("§13 example 6: a repayment of the whole outstanding emits ReceivableSettled; after it every repayment is InvalidState", async () => {
      const all = actors();
      const { bob, financier } = all;
      await financedReceivable(all, "R-1", (await now()) + YEAR);
      const settled = eventOf(await financier.recordRepayment("R-1", FACE, PAYMENT));
      expect(settled.name).to.equal("ReceivableSettled");
      expect(settled.payload).to.deep.equal({ receivableId: "R-1", amount: FACE, paymentRef: PAYMENT });
      const record = await bob.getReceivable("R-1");
      expect(record).to.deep.include({ state: "Settled", outstanding: "0", beneficiary: financier.party });
      await expectRejected(financier.recordRepayment("R-1", "1", PAYMENT), "InvalidState");
      expect(await bob.getReceivable("R-1")).to.deep.equal(record);
    });

    it("after a partial repayment, more than what remains is AmountExceedsOutstanding and changes nothing", async () => {
      const all = actors();
      const { bob, financier } = all;
      await financedReceivable(all, "R-1", (await now()) + YEAR);
      await financier.recordRepayment("R-1", "30000", PAYMENT);
      const before = await observeReceivables(all, ["R-1"]);
      await expectRejected(financier.recordRepayment("R-1", "70001", PAYMENT), "AmountExceedsOutstanding");
      expect(await observeReceivables(all, ["R-1"])).to.deep.equal(before);
      expect(await bob.getReceivable("R-1")).to.deep.include({ state: "PartiallyRepaid", outstanding: "70000" });
    });

    it("§13 example 6: before financing, a repayment recorded by the seller, then the beneficiary, is InvalidState", async () => {
      const all = actors();
      const { alice, bob } = all;
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      await bob.acknowledgeReceivable("R-1");
      await expectRejected(alice.recordRepayment("R-1", "30000", PAYMENT), "InvalidState");
      expect(await bob.getReceivable("R-1")).to.deep.include({ state: "Acknowledged", outstanding: FACE, beneficiary: alice.party });
    });

    itWithClock("§13 example 7: a receivable keeps the grace period of its issue; markDefaulted at dueDate + gracePeriod − 1 is InvalidState, at dueDate + gracePeriod ReceivableDefaulted", async (clock) => {
      const all = actors();
      const { admin, alice, bob, financier } = all;
      const t = await clock.now();
      const due = t + 1000;
      await financedReceivable(all, "R-1", due);
      await clock.setNextTime(t + 900);
      await admin.setGracePeriod(0);
      expect((await bob.getReceivable("R-1")).gracePeriod).to.equal(G);
      await clock.setNextTime(due + G - 1);
      await expectRejected(financier.markDefaulted("R-1"), "InvalidState");
      await clock.setNextTime(due + G);
      await expectRejected(alice.markDefaulted("R-1"), "Unauthorized"); // not the beneficiary
      const defaulted = eventOf(await financier.markDefaulted("R-1"));
      expect(defaulted.name).to.equal("ReceivableDefaulted");
      expect(defaulted.payload).to.deep.equal({ receivableId: "R-1", outstanding: FACE });
      expect(await bob.getReceivable("R-1")).to.deep.include({ state: "Defaulted", outstanding: FACE, beneficiary: financier.party });
    });

    itWithClock("§13 example 7: with a grace period of 0, a receivable issued after the change may be marked defaulted from its due date, not a second before", async (clock) => {
      const all = actors();
      const { admin, bob, financier } = all;
      const t = await clock.now();
      const due = t + 1000;
      await admin.setGracePeriod(0);
      await financedReceivable(all, "R-7", due);
      expect((await bob.getReceivable("R-7")).gracePeriod).to.equal(0);
      await clock.setNextTime(due - 1);
      await expectRejected(financier.markDefaulted("R-7"), "InvalidState");
      await clock.setNextTime(due);
      expect(eventOf(await financier.markDefaulted("R-7")).payload).to.deep.equal({ receivableId: "R-7", outstanding: FACE });
    });

    itWithClock("repayments may follow the due date until the receivable is marked defaulted; then repayments and a second default are InvalidState, and its fingerprint stays taken", async (clock) => {
      const all = actors();
      const { bob, carol, financier } = all;
      const t = await clock.now();
      const due = t + 1000;
      await financedReceivable(all, "R-1", due);
      await clock.setNextTime(due + 1);
      expect(eventOf(await financier.recordRepayment("R-1", "30000", PAYMENT)).payload).to.deep.include({ outstanding: "70000" });
      await clock.setNextTime(due + G);
      expect(eventOf(await financier.markDefaulted("R-1")).payload).to.deep.equal({ receivableId: "R-1", outstanding: "70000" });
      const record = await bob.getReceivable("R-1");
      expect(record).to.deep.include({ state: "Defaulted", outstanding: "70000" });
      await expectRejected(financier.recordRepayment("R-1", "1", PAYMENT), "InvalidState");
      await expectRejected(financier.markDefaulted("R-1"), "InvalidState");
      await expectRejected(issueInvoice(carol, "R-2", bob.party, due + G + YEAR, { fingerprint: fingerprintOf("R-1") }), "FingerprintTaken");
      expect(await bob.getReceivable("R-1")).to.deep.equal(record);
    });

    itWithClock("§13 example 10: a financier whose FINANCIER role is revoked may still mark its receivable defaulted", async (clock) => {
      const all = actors();
      const { admin, financier } = all;
      const t = await clock.now();
      const due = t + 1000;
      await financedReceivable(all, "R-1", due);
      await admin.revokeRole("FINANCIER", financier.party);
      await clock.setNextTime(due + G);
      expect(eventOf(await financier.markDefaulted("R-1")).name).to.equal("ReceivableDefaulted");
    });
  });

  describe("grace period", () => {
    it("§13 example 10: getGracePeriod starts at 7776000; setGracePeriod by ADMIN emits GracePeriodChanged, and setting the same value again is written again", async () => {
      const { admin, carol } = actors();
      expect(await carol.getGracePeriod()).to.equal(G);
      const changed = eventOf(await admin.setGracePeriod(0));
      expect(changed.name).to.equal("GracePeriodChanged");
      expect(changed.payload).to.deep.equal({ from: G, to: 0, changedBy: admin.party });
      expect(await carol.getGracePeriod()).to.equal(0);
      expect(eventOf(await admin.setGracePeriod(0)).payload).to.deep.equal({ from: 0, to: 0, changedBy: admin.party });
      expect(eventOf(await admin.setGracePeriod(MAX_GRACE_PERIOD)).payload).to.deep.equal({ from: 0, to: MAX_GRACE_PERIOD, changedBy: admin.party });
      expect(await carol.getGracePeriod()).to.equal(MAX_GRACE_PERIOD);
    });

    it("§13 example 10: setGracePeriod by a member or a FINANCIER is Unauthorized; above 31536000, negative or not whole is InvalidArgument, for anyone; nothing changes", async () => {
      const all = actors();
      const { admin, carol, financier } = all;
      await receivableSetUp(all);
      const before = await observeReceivables(all, []);
      await expectRejected(carol.setGracePeriod(0), "Unauthorized");
      await expectRejected(financier.setGracePeriod(0), "Unauthorized");
      for (const value of [MAX_GRACE_PERIOD + 1, 2 ** 32, -1, 1.5]) await expectRejected(admin.setGracePeriod(value), "InvalidArgument");
      await expectRejected(carol.setGracePeriod(MAX_GRACE_PERIOD + 1), "InvalidArgument");
      expect(await observeReceivables(all, [])).to.deep.equal(before);
    });

    it("a receivable keeps the grace period in force at its issue: a change applies to later issues only", async () => {
      const all = actors();
      const { admin, alice, bob } = all;
      const due = (await now()) + YEAR;
      await issueInvoice(alice, "R-1", bob.party, due);
      await admin.setGracePeriod(3600);
      expect(eventOf(await issueInvoice(alice, "R-2", bob.party, due)).payload).to.deep.include({ gracePeriod: 3600 });
      expect((await bob.getReceivable("R-1")).gracePeriod).to.equal(G);
      expect((await bob.getReceivable("R-2")).gracePeriod).to.equal(3600);
    });

    it("§13 example 10: a financier whose FINANCIER role is revoked still records repayments, but its acceptance of a pending request is Unauthorized and a new request naming it InvalidArgument", async () => {
      const all = actors();
      const { admin, alice, bob, financier } = all;
      const due = (await now()) + YEAR;
      await financedReceivable(all, "R-1", due);
      await issueInvoice(alice, "R-2", bob.party, due);
      await acknowledgeAndRequest(all, "R-2");
      await admin.revokeRole("FINANCIER", financier.party);
      await expectRejected(financier.acceptFinancing("R-2", ADVANCE, []), "Unauthorized");
      await expectRejected(alice.financeReceivable("R-2", financier.party, "95000"), "InvalidArgument");
      expect(await bob.getReceivable("R-2")).to.deep.include({ state: "Acknowledged", financier: financier.party, advanceAmount: ADVANCE });
      expect(eventOf(await financier.recordRepayment("R-1", "30000", PAYMENT)).payload).to.deep.include({ outstanding: "70000" });
      await expectRejected(financier.markDefaulted("R-1"), "InvalidState"); // still its beneficiary: only not yet due
    });
  });

  describe("listings and history", () => {
    it("the seller, debtor and beneficiary listings page a party's receivables in every state by ascending id; a party with none has an empty page", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      const due = (await now()) + YEAR;
      for (const id of ["R-b", "R-10", "R-9", "R-B"]) await issueInvoice(alice, id, bob.party, due);
      await issueInvoice(carol, "R-0", alice.party, due);
      await alice.cancelReceivable("R-9");
      const first = await financier.listReceivablesBySeller(alice.party, 2, "");
      expect(first.items.map((r) => r.id)).to.deep.equal(["R-10", "R-9"]);
      expect(first.items[1]).to.deep.equal(await financier.getReceivable("R-9"));
      expect(first.items[1].state).to.equal("Cancelled");
      expect(first.bookmark).to.not.equal("");
      const second = await financier.listReceivablesBySeller(alice.party, 2, first.bookmark);
      expect(second).to.deep.equal({ items: [await financier.getReceivable("R-B"), await financier.getReceivable("R-b")], bookmark: "" });
      const byDebtor = await financier.listReceivablesByDebtor(bob.party, 3, "");
      expect(byDebtor.items.map((r) => r.id)).to.deep.equal(["R-10", "R-9", "R-B"]);
      expect(await idsOf(financier.listReceivablesByDebtor(bob.party, 3, byDebtor.bookmark))).to.deep.equal(["R-b"]);
      expect(await idsOf(financier.listReceivablesByBeneficiary(alice.party, 100, ""))).to.deep.equal(["R-10", "R-9", "R-B", "R-b"]);
      expect(await idsOf(financier.listReceivablesBySeller(carol.party, 100, ""))).to.deep.equal(["R-0"]);
      expect(await idsOf(financier.listReceivablesByDebtor(alice.party, 100, ""))).to.deep.equal(["R-0"]);
      expect(await idsOf(financier.listReceivablesByBeneficiary(carol.party, 100, ""))).to.deep.equal(["R-0"]);
      const empty = { items: [], bookmark: "" };
      expect(await financier.listReceivablesBySeller(bob.party, 10, "")).to.deep.equal(empty);
      expect(await financier.listReceivablesByDebtor(carol.party, 10, "")).to.deep.equal(empty);
      expect(await financier.listReceivablesByBeneficiary(bob.party, 10, "")).to.deep.equal(empty);
    });

    it("a listing with a page size outside 1–100, a malformed party or a malformed bookmark is InvalidArgument", async () => {
      const { alice, bob } = actors();
      for (const list of [bob.listReceivablesBySeller, bob.listReceivablesByDebtor, bob.listReceivablesByBeneficiary]) {
        const listing = list.bind(bob);
        for (const pageSize of [0, 101, 1.5, -1]) await expectRejected(listing(alice.party, pageSize, ""), "InvalidArgument");
        await expectRejected(listing("not-a-party", 10, ""), "InvalidArgument");
        await expectRejected(listing(alice.party, 10, "not a bookmark"), "InvalidArgument");
        expect(await listing(alice.party, 100, "")).to.deep.equal({ items: [], bookmark: "" });
      }
    });

    it("getReceivableHistory has one entry per transaction that wrote the receivable, oldest first: a replaced request, a dispute and the acknowledgement that ends it included", async () => {
      const all = actors();
      const { alice, bob, carol, financier } = all;
      await receivableSetUp(all);
      await issueInvoice(alice, "R-1", bob.party, (await now()) + YEAR);
      await acknowledgeAndRequest(all, "R-1", "90000");
      await alice.financeReceivable("R-1", financier.party, "95000");
      await bob.disputeReceivable("R-1", REASON);
      await bob.acknowledgeReceivable("R-1");
      await alice.cancelReceivable("R-1");
      const history = await carol.getReceivableHistory("R-1");
      expect(history.map((entry) => [entry.value.state, entry.value.financier, entry.value.advanceAmount])).to.deep.equal([
        ["Issued", "", "0"],
        ["Acknowledged", "", "0"],
        ["Acknowledged", financier.party, "90000"],
        ["Acknowledged", financier.party, "95000"],
        ["Disputed", "", "0"],
        ["Acknowledged", "", "0"],
        ["Cancelled", "", "0"],
      ]);
      expect(history.at(-1)!.value).to.deep.equal(await carol.getReceivable("R-1"));
    });
  });
}
