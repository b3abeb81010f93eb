/**
 * The reference model against core/spec/RECEIVABLES.md: the worked examples of §13, each at
 * its stated times, and the check order of §0 (which code wins when several checks fail).
 */
import { expect } from "chai";
import { DEFAULT_GRACE_PERIOD, MAX_AMOUNT, MAX_GRACE_PERIOD, ZERO_HASH } from "../../core/spec/rules.js";
import type { Page, Receivable } from "../../core/spec/types.js";
import { ReferenceModel } from "../../core/model/index.js";
import type { ModelContext } from "../../core/model/context.js";
import { ModelRejection } from "../../core/model/outcome.js";
import { financeReceivable, recordRepayment } from "../../core/model/receivables.js";
import { initialState } from "../../core/model/state.js";

const [ADMIN, FIN, ALICE, BOB, CAROL, ACC, CB] = ["admin", "financier", "alice", "bob", "carol", "acc", "cb"];
const H = `0x${"ab".repeat(32)}`;
const P1 = `0x${"01".repeat(32)}`;
const P2 = `0x${"02".repeat(32)}`;
/** Invoice fingerprints: fp(1) is the f1 of §13. */
const fp = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;
const D = 1_000_000;
const G = DEFAULT_GRACE_PERIOD;
const isParty = (v: unknown) => typeof v === "string" && v !== "";

/** A model after the common set-up of §13: FINANCIER granted, alice owns M-1 and M-2, R-1 issued at t=100. */
function setUp() {
  const model = new ReferenceModel({ firstAdmin: ADMIN, isParty, ledgerDomain: "test" });
  const submit = (caller: string, time: number, operation: string, ...args: unknown[]) => {
    const outcome = model.submit(operation, args, caller, time);
    if (!outcome.ok) throw new Error(`${operation} at ${time}: ${outcome.code}`);
    return outcome.event!;
  };
  const reject = (caller: string, time: number, operation: string, ...args: unknown[]) => {
    const outcome = model.submit(operation, args, caller, time);
    return outcome.ok ? "accepted" : outcome.code;
  };
  const query = <T = unknown>(operation: string, ...args: unknown[]): T => {
    const outcome = model.query(operation, args, CAROL, 0);
    if (!outcome.ok) throw new Error(`${operation}: ${outcome.code}`);
    return outcome.value as T;
  };
  const queryCode = (operation: string, ...args: unknown[]) => {
    const outcome = model.query(operation, args, CAROL, 0);
    return outcome.ok ? "answered" : outcome.code;
  };
  const get = (id: string) => query<Receivable>("getReceivable", id);
  const issue = (time: number, id: string, n: number, assetIds = ["M-1"], requiredStandard = "", amount = "100000", dueDate = D, seller = ALICE) =>
    submit(seller, time, "issueReceivable", id, BOB, amount, "EUR", dueDate, fp(n), assetIds, requiredStandard);
  /** Acknowledged at t, requested at t+1 (advance), accepted at t+2. */
  const finance = (t: number, id: string, advance = "90000", certificateIds: string[] = []) => {
    submit(BOB, t, "acknowledgeReceivable", id);
    submit(ALICE, t + 1, "financeReceivable", id, FIN, advance);
    return submit(FIN, t + 2, "acceptFinancing", id, advance, certificateIds);
  };
  submit(ADMIN, 50, "grantRole", "FINANCIER", FIN);
  submit(ALICE, 50, "registerAsset", "M-1", "machine", H, "");
  submit(ALICE, 50, "registerAsset", "M-2", "machine", H, "");
  issue(100, "R-1", 1);
  return { model, submit, reject, query, queryCode, get, issue, finance };
}

const ids = (page: Page<Receivable>) => page.items.map((r) => r.id);

/** A handler called directly, to read the argument a rejection carries (the outcome carries only the code). */
function rejectionOf(run: (ctx: ModelContext) => unknown, ctx: ModelContext): string {
  try {
    run(ctx);
  } catch (error) {
    if (error instanceof ModelRejection) return error.message;
    throw error;
  }
  return "accepted";
}

describe("reference model: RECEIVABLES.md", () => {
  describe("the record", () => {
    it("issue sets seller = beneficiary = caller, no request, outstanding = amount, the grace period and both times", () => {
      const { get } = setUp();
      expect(get("R-1")).to.deep.equal({
        id: "R-1",
        seller: ALICE,
        debtor: BOB,
        amount: "100000",
        currency: "EUR",
        dueDate: D,
        fingerprint: fp(1),
        beneficiary: ALICE,
        financier: "",
        advanceAmount: "0",
        outstanding: "100000",
        state: "Issued",
        assetIds: ["M-1"],
        gracePeriod: G,
        requiredStandard: "",
        issuedAt: 100,
        updatedAt: 100,
      });
    });

    it("ReceivableIssued carries the record's issue fields, the policy and the grace period snapshot", () => {
      const { issue } = setUp();
      expect(issue(150, "R-2", 2, ["M-2", "M-1"], "ISO9001:2015")).to.deep.equal({
        name: "ReceivableIssued",
        payload: {
          receivableId: "R-2",
          seller: ALICE,
          debtor: BOB,
          amount: "100000",
          currency: "EUR",
          dueDate: D,
          fingerprint: fp(2),
          assetIds: ["M-2", "M-1"],
          requiredStandard: "ISO9001:2015",
          gracePeriod: G,
        },
      });
    });

    it("every change sets updatedAt to the transaction's time", () => {
      const { submit, get } = setUp();
      submit(BOB, 250, "acknowledgeReceivable", "R-1");
      expect(get("R-1")).to.include({ issuedAt: 100, updatedAt: 250, state: "Acknowledged" });
    });

    it("a rejected submit leaves the state untouched: an issue refused for an unknown asset registers neither id nor fingerprint", () => {
      const { reject, issue, queryCode } = setUp();
      expect(reject(ALICE, 150, "issueReceivable", "R-2", BOB, "5", "EUR", D, fp(2), ["M-1", "M-404"], "")).to.equal("NotFound");
      expect(queryCode("getReceivable", "R-2")).to.equal("NotFound");
      expect(queryCode("getReceivableByFingerprint", fp(2))).to.equal("NotFound");
      expect(issue(160, "R-2", 2).name).to.equal("ReceivableIssued");
    });
  });

  describe("§13 worked examples", () => {
    it("1. happy path: acknowledge, request, accept, a partial and a final repayment emit one event each", () => {
      const { submit } = setUp();
      const events = [
        submit(BOB, 200, "acknowledgeReceivable", "R-1"),
        submit(ALICE, 300, "financeReceivable", "R-1", FIN, "90000"),
        submit(FIN, 400, "acceptFinancing", "R-1", "90000", []),
        submit(FIN, 500, "recordRepayment", "R-1", "30000", P1),
        submit(FIN, 600, "recordRepayment", "R-1", "70000", P2),
      ];
      expect(events).to.deep.equal([
        { name: "ReceivableAcknowledged", payload: { receivableId: "R-1", debtor: BOB } },
        { name: "FinancingRequested", payload: { receivableId: "R-1", financier: FIN, advanceAmount: "90000" } },
        { name: "ReceivableFinanced", payload: { receivableId: "R-1", financier: FIN, advanceAmount: "90000", certificateIds: [] } },
        { name: "RepaymentRecorded", payload: { receivableId: "R-1", amount: "30000", outstanding: "70000", paymentRef: P1 } },
        { name: "ReceivableSettled", payload: { receivableId: "R-1", amount: "70000", paymentRef: P2 } },
      ]);
    });

    it("1. a partial repayment leaves R-1 PartiallyRepaid with the rest outstanding; the final one Settled at 0", () => {
      const { submit, get, finance } = setUp();
      finance(200, "R-1");
      submit(FIN, 500, "recordRepayment", "R-1", "30000", P1);
      expect(get("R-1")).to.include({ state: "PartiallyRepaid", outstanding: "70000" });
      submit(FIN, 600, "recordRepayment", "R-1", "70000", P2);
      expect(get("R-1")).to.include({ state: "Settled", outstanding: "0" });
    });

    it("1. acceptance assigns R-1: beneficiary = financier, and it moves from alice's beneficiary listing to the financier's", () => {
      const { submit, query, get } = setUp();
      submit(BOB, 200, "acknowledgeReceivable", "R-1");
      submit(ALICE, 300, "financeReceivable", "R-1", FIN, "90000");
      expect(ids(query("listReceivablesByBeneficiary", ALICE, 10, ""))).to.deep.equal(["R-1"]);
      submit(FIN, 400, "acceptFinancing", "R-1", "90000", []);
      expect(get("R-1")).to.include({ state: "Financed", beneficiary: FIN, financier: FIN, advanceAmount: "90000", outstanding: "100000" });
      expect(ids(query("listReceivablesByBeneficiary", ALICE, 10, ""))).to.deep.equal([]);
      expect(ids(query("listReceivablesByBeneficiary", FIN, 10, ""))).to.deep.equal(["R-1"]);
      expect(ids(query("listReceivablesBySeller", ALICE, 10, ""))).to.deep.equal(["R-1"]);
      expect(ids(query("listReceivablesByDebtor", BOB, 10, ""))).to.deep.equal(["R-1"]);
    });

    it("1. the history has 6 entries, oldest first, one per transaction, each the record it wrote", () => {
      const { submit, query } = setUp();
      submit(BOB, 200, "acknowledgeReceivable", "R-1");
      submit(ALICE, 300, "financeReceivable", "R-1", FIN, "90000");
      submit(FIN, 400, "acceptFinancing", "R-1", "90000", []);
      submit(FIN, 500, "recordRepayment", "R-1", "30000", P1);
      submit(FIN, 600, "recordRepayment", "R-1", "70000", P2);
      const history = query<Receivable[]>("getReceivableHistory", "R-1");
      expect(history.map((r) => [r.state, r.updatedAt, r.outstanding, r.financier])).to.deep.equal([
        ["Issued", 100, "100000", ""],
        ["Acknowledged", 200, "100000", ""],
        ["Acknowledged", 300, "100000", FIN],
        ["Financed", 400, "100000", FIN],
        ["PartiallyRepaid", 500, "70000", FIN],
        ["Settled", 600, "0", FIN],
      ]);
    });

    it("2. f1 is FingerprintTaken for alice under another id, for carol, and for anyone after R-1 is settled", () => {
      const { submit, reject, finance } = setUp();
      const issueF1 = (caller: string, time: number, id: string) => reject(caller, time, "issueReceivable", id, BOB, "100000", "EUR", D, fp(1), [], "");
      expect(issueF1(ALICE, 150, "R-2")).to.equal("FingerprintTaken");
      expect(issueF1(CAROL, 150, "R-3")).to.equal("FingerprintTaken");
      finance(200, "R-1", "90000");
      submit(FIN, 300, "recordRepayment", "R-1", "100000", P1);
      expect(issueF1(CAROL, 400, "R-3")).to.equal("FingerprintTaken");
    });

    it("2. a cancelled receivable's fingerprint stays taken; the corrected invoice (a new fingerprint) issues", () => {
      const { submit, reject, issue, query } = setUp();
      issue(150, "R-4", 4);
      submit(ALICE, 160, "cancelReceivable", "R-4");
      expect(reject(ALICE, 170, "issueReceivable", "R-5", BOB, "100000", "EUR", D, fp(4), ["M-1"], "")).to.equal("FingerprintTaken");
      expect(issue(180, "R-5", 5).name).to.equal("ReceivableIssued");
      expect(query<Receivable>("getReceivableByFingerprint", fp(4))).to.include({ id: "R-4", state: "Cancelled" });
    });

    it("2. two concurrent issues of f9, in either commit order: one issues, the other (its retry after Conflict) is FingerprintTaken", () => {
      const { model } = setUp();
      const issueF9 = (m: ReferenceModel, caller: string, id: string) => {
        const outcome = m.submit("issueReceivable", [id, BOB, "5", "EUR", D, fp(9), [], ""], caller, 200);
        return outcome.ok ? outcome.event!.name : outcome.code;
      };
      const [first, second] = [model.clone(), model.clone()];
      expect([issueF9(first, ALICE, "R-9a"), issueF9(first, CAROL, "R-9b")]).to.deep.equal(["ReceivableIssued", "FingerprintTaken"]);
      expect([issueF9(second, CAROL, "R-9b"), issueF9(second, ALICE, "R-9a")]).to.deep.equal(["ReceivableIssued", "FingerprintTaken"]);
    });

    it("2. getReceivableByFingerprint answers the record a fingerprint registered, NotFound for one never registered", () => {
      const { query, queryCode } = setUp();
      expect(query<Receivable>("getReceivableByFingerprint", fp(1))).to.include({ id: "R-1", seller: ALICE, state: "Issued" });
      expect(queryCode("getReceivableByFingerprint", fp(2))).to.equal("NotFound");
    });

    it("3. after acceptance, alice's new request and the financier's second accept are InvalidState", () => {
      const { reject, finance } = setUp();
      finance(200, "R-1");
      expect(reject(ALICE, 500, "financeReceivable", "R-1", FIN, "90000")).to.equal("InvalidState");
      expect(reject(FIN, 500, "acceptFinancing", "R-1", "90000", [])).to.equal("InvalidState");
    });

    it("3. carol's accept is Unauthorized without the role (step 2) and, once granted FINANCIER, because she is not named (step 4)", () => {
      const { submit, reject } = setUp();
      submit(BOB, 200, "acknowledgeReceivable", "R-1");
      submit(ALICE, 300, "financeReceivable", "R-1", FIN, "90000");
      expect(reject(CAROL, 400, "acceptFinancing", "R-1", "90000", [])).to.equal("Unauthorized");
      submit(ADMIN, 400, "grantRole", "FINANCIER", CAROL);
      expect(reject(CAROL, 400, "acceptFinancing", "R-1", "90000", [])).to.equal("Unauthorized");
    });

    it("4. a dispute drops the pending request: the financier's accept is Unauthorized, alice's new request InvalidState", () => {
      const { submit, reject, issue, get } = setUp();
      issue(100, "R-6", 6);
      submit(BOB, 200, "acknowledgeReceivable", "R-6");
      submit(ALICE, 250, "financeReceivable", "R-6", FIN, "90000");
      expect(submit(BOB, 300, "disputeReceivable", "R-6", H)).to.deep.equal({ name: "ReceivableDisputed", payload: { receivableId: "R-6", debtor: BOB, reasonHash: H } });
      expect(get("R-6")).to.include({ state: "Disputed", financier: "", advanceAmount: "0" });
      expect(reject(FIN, 310, "acceptFinancing", "R-6", "90000", [])).to.equal("Unauthorized");
      expect(reject(ALICE, 310, "financeReceivable", "R-6", FIN, "90000")).to.equal("InvalidState");
    });

    it("4. the debtor concedes by acknowledging from Disputed; alice may then request again", () => {
      const { submit, issue, get } = setUp();
      issue(100, "R-6", 6);
      submit(BOB, 200, "acknowledgeReceivable", "R-6");
      submit(BOB, 300, "disputeReceivable", "R-6", H);
      submit(BOB, 400, "acknowledgeReceivable", "R-6");
      expect(get("R-6").state).to.equal("Acknowledged");
      expect(submit(ALICE, 410, "financeReceivable", "R-6", FIN, "80000").name).to.equal("FinancingRequested");
    });

    it("4. the seller concedes by cancelling from Disputed; f6 stays taken", () => {
      const { submit, reject, issue, get } = setUp();
      issue(100, "R-6", 6);
      submit(BOB, 300, "disputeReceivable", "R-6", H);
      expect(submit(ALICE, 400, "cancelReceivable", "R-6")).to.deep.equal({ name: "ReceivableCancelled", payload: { receivableId: "R-6", seller: ALICE } });
      expect(get("R-6").state).to.equal("Cancelled");
      expect(reject(CAROL, 500, "issueReceivable", "R-6b", BOB, "1", "EUR", D, fp(6), [], "")).to.equal("FingerprintTaken");
    });

    it("4. a cancellation drops a pending request too", () => {
      const { submit, get } = setUp();
      submit(BOB, 200, "acknowledgeReceivable", "R-1");
      submit(ALICE, 300, "financeReceivable", "R-1", FIN, "90000");
      submit(ALICE, 400, "cancelReceivable", "R-1");
      expect(get("R-1")).to.include({ state: "Cancelled", financier: "", advanceAmount: "0" });
    });

    it("4. no dispute after financing: the debtor's dispute of a Financed receivable is InvalidState", () => {
      const { reject, finance } = setUp();
      finance(200, "R-1");
      expect(reject(BOB, 500, "disputeReceivable", "R-1", H)).to.equal("InvalidState");
    });

    it("5. a replaced request: accepting the old advance is InvalidArgument, the new one succeeds", () => {
      const { submit, reject, get } = setUp();
      submit(BOB, 200, "acknowledgeReceivable", "R-1");
      submit(ALICE, 300, "financeReceivable", "R-1", FIN, "90000");
      submit(ALICE, 310, "financeReceivable", "R-1", FIN, "95000");
      expect(get("R-1").advanceAmount).to.equal("95000");
      expect(reject(FIN, 400, "acceptFinancing", "R-1", "90000", [])).to.equal("InvalidArgument");
      expect(submit(FIN, 400, "acceptFinancing", "R-1", "95000", []).payload).to.include({ advanceAmount: "95000" });
    });

    it("5. an advance above the amount is AmountExceedsOutstanding; an advance of 0 is InvalidArgument; the amount itself is allowed", () => {
      const { submit, reject } = setUp();
      submit(BOB, 200, "acknowledgeReceivable", "R-1");
      expect(reject(ALICE, 300, "financeReceivable", "R-1", FIN, "100001")).to.equal("AmountExceedsOutstanding");
      expect(reject(ALICE, 300, "financeReceivable", "R-1", FIN, "0")).to.equal("InvalidArgument");
      expect(reject(ALICE, 300, "financeReceivable", "R-1", FIN, "100000")).to.equal("accepted");
    });

    it("5. AmountExceedsOutstanding carries the cap: the amount before financing, the outstanding amount for a repayment", () => {
      const state = initialState(ADMIN);
      const ctx = (caller: string, now: number): ModelContext => ({ state, caller, now, isParty, ledgerDomain: "test" });
      state.roles.get("FINANCIER")!.add(FIN);
      const base = { id: "R-1", seller: ALICE, debtor: BOB, amount: 100000n, currency: "EUR", dueDate: D, fingerprint: fp(1), beneficiary: ALICE };
      const rest = { financier: "", advanceAmount: 0n, outstanding: 100000n, assetIds: [], gracePeriod: G, requiredStandard: "", issuedAt: 100, updatedAt: 100 };
      state.receivables.set("R-1", { ...base, ...rest, state: "Acknowledged" });
      expect(rejectionOf((c) => financeReceivable(c, "R-1", FIN, "100001"), ctx(ALICE, 300))).to.equal("AmountExceedsOutstanding: 100000");
      state.receivables.set("R-1", { ...base, ...rest, state: "PartiallyRepaid", beneficiary: FIN, financier: FIN, advanceAmount: 90000n, outstanding: 70000n });
      expect(rejectionOf((c) => recordRepayment(c, "R-1", "70001", P1), ctx(FIN, 300))).to.equal("AmountExceedsOutstanding: 70000");
    });

    it("6. only the beneficiary records repayments: alice's and bob's are Unauthorized once R-1 is financed", () => {
      const { reject, finance } = setUp();
      finance(200, "R-1");
      expect(reject(ALICE, 500, "recordRepayment", "R-1", "1", P1)).to.equal("Unauthorized");
      expect(reject(BOB, 500, "recordRepayment", "R-1", "1", P1)).to.equal("Unauthorized");
    });

    it("6. a repayment of 0 is InvalidArgument, one above outstanding AmountExceedsOutstanding, the exact amount settles, after which any is InvalidState", () => {
      const { submit, reject, finance } = setUp();
      finance(200, "R-1");
      expect(reject(FIN, 500, "recordRepayment", "R-1", "0", P1)).to.equal("InvalidArgument");
      expect(reject(FIN, 500, "recordRepayment", "R-1", "100001", P1)).to.equal("AmountExceedsOutstanding");
      expect(submit(FIN, 500, "recordRepayment", "R-1", "100000", P1)).to.deep.equal({ name: "ReceivableSettled", payload: { receivableId: "R-1", amount: "100000", paymentRef: P1 } });
      expect(reject(FIN, 600, "recordRepayment", "R-1", "1", P1)).to.equal("InvalidState");
    });

    it("6. before financing, alice (then the beneficiary) recording a repayment is InvalidState", () => {
      const { submit, reject } = setUp();
      expect(reject(ALICE, 150, "recordRepayment", "R-1", "1", P1)).to.equal("InvalidState");
      submit(BOB, 200, "acknowledgeReceivable", "R-1");
      expect(reject(ALICE, 250, "recordRepayment", "R-1", "1", P1)).to.equal("InvalidState");
    });

    it("6. repayments may come after the due date, until the receivable is marked defaulted", () => {
      const { submit, reject, finance } = setUp();
      finance(200, "R-1");
      expect(submit(FIN, D + 10, "recordRepayment", "R-1", "1", P1).name).to.equal("RepaymentRecorded");
      submit(FIN, D + G, "markDefaulted", "R-1");
      expect(reject(FIN, D + G + 1, "recordRepayment", "R-1", "1", P1)).to.equal("InvalidState");
    });

    it("7. the grace period is a snapshot: after ADMIN sets 0, R-1 keeps G; default is InvalidState at D + G − 1 and possible at D + G", () => {
      const { submit, reject, get, finance } = setUp();
      finance(200, "R-1");
      submit(ADMIN, 900, "setGracePeriod", 0);
      expect(get("R-1").gracePeriod).to.equal(G);
      expect(reject(FIN, 8_775_999, "markDefaulted", "R-1")).to.equal("InvalidState");
      expect(submit(FIN, 8_776_000, "markDefaulted", "R-1")).to.deep.equal({ name: "ReceivableDefaulted", payload: { receivableId: "R-1", outstanding: "100000" } });
      expect(get("R-1")).to.include({ state: "Defaulted", outstanding: "100000" });
    });

    it("7. the kept outstanding is what a default reports after a partial repayment", () => {
      const { submit, finance } = setUp();
      finance(200, "R-1");
      submit(FIN, 500, "recordRepayment", "R-1", "30000", P1);
      expect(submit(FIN, D + G, "markDefaulted", "R-1").payload).to.deep.equal({ receivableId: "R-1", outstanding: "70000" });
    });

    it("7. R-7, issued after the grace period became 0 and financed before D, can be marked defaulted at D but not at D − 1", () => {
      const { submit, reject, issue, get, finance } = setUp();
      submit(ADMIN, 900, "setGracePeriod", 0);
      issue(1000, "R-7", 7);
      expect(get("R-7").gracePeriod).to.equal(0);
      finance(1100, "R-7");
      expect(reject(FIN, D - 1, "markDefaulted", "R-7")).to.equal("InvalidState");
      expect(submit(FIN, D, "markDefaulted", "R-7").name).to.equal("ReceivableDefaulted");
    });

    it("7. alice's markDefaulted is Unauthorized, and so is the financier's on an unfinanced receivable (its beneficiary is the seller)", () => {
      const { reject, issue, finance } = setUp();
      finance(200, "R-1");
      expect(reject(ALICE, D + G, "markDefaulted", "R-1")).to.equal("Unauthorized");
      issue(300, "R-2", 2);
      expect(reject(FIN, D + G, "markDefaulted", "R-2")).to.equal("Unauthorized");
    });

    describe("8. the financing policy", () => {
      /** R-8 on M-1 and M-2 under ISO9001:2015, acknowledged and requested; C1 (M-1) and C3 (M-2) Valid, C2 (M-2) Suspended, C4 (M-2) ISO14001:2015. */
      function policySetUp() {
        const fixture = setUp();
        const { submit, issue } = fixture;
        submit(ADMIN, 60, "grantRole", "ACCREDITOR", ACC);
        submit(ACC, 60, "accredit", CB, "ISO9001:2015", 2 * D);
        submit(ACC, 60, "accredit", CB, "ISO14001:2015", 2 * D);
        const certify = (id: string, assetId: string, standard = "ISO9001:2015") =>
          submit(CB, 70, "issueCertificate", id, assetId, standard, H, H, 70, 2 * D);
        certify("C1", "M-1");
        certify("C2", "M-2");
        certify("C3", "M-2");
        certify("C4", "M-2", "ISO14001:2015");
        submit(CB, 80, "suspendCertificate", "C2", H);
        issue(100, "R-8", 8, ["M-1", "M-2"], "ISO9001:2015");
        submit(BOB, 200, "acknowledgeReceivable", "R-8");
        submit(ALICE, 300, "financeReceivable", "R-8", FIN, "90000");
        const accept = (certificateIds: string[], time = 400) => fixture.reject(FIN, time, "acceptFinancing", "R-8", "90000", certificateIds);
        return { ...fixture, accept };
      }

      it("a wrong count of certificates is InvalidArgument", () => {
        const { accept } = policySetUp();
        expect([accept([]), accept(["C1"])]).to.deep.equal(["InvalidArgument", "InvalidArgument"]);
      });

      it("certificates out of assetIds order are InvalidArgument", () => {
        expect(policySetUp().accept(["C3", "C1"])).to.equal("InvalidArgument");
      });

      it("a certificate of another standard is InvalidArgument", () => {
        expect(policySetUp().accept(["C1", "C4"])).to.equal("InvalidArgument");
      });

      it("an unknown certificate is NotFound", () => {
        expect(policySetUp().accept(["C1", "X-9"])).to.equal("NotFound");
      });

      it("a certificate that is not Valid at now (Suspended) is InvalidState", () => {
        expect(policySetUp().accept(["C1", "C2"])).to.equal("InvalidState");
      });

      it("a certificate expired at now is InvalidState", () => {
        const { submit, accept } = policySetUp();
        submit(CB, 350, "issueCertificate", "C5", "M-2", "ISO9001:2015", H, H, 350, 399);
        expect(accept(["C1", "C5"], 399)).to.equal("InvalidState");
      });

      it("one Valid certificate per asset, in order, of the standard, finances R-8 and is named in the event", () => {
        const { submit } = policySetUp();
        expect(submit(FIN, 400, "acceptFinancing", "R-8", "90000", ["C1", "C3"])).to.deep.equal({
          name: "ReceivableFinanced",
          payload: { receivableId: "R-8", financier: FIN, advanceAmount: "90000", certificateIds: ["C1", "C3"] },
        });
      });

      it("revoking C3 after the financing leaves R-8 Financed", () => {
        const { submit, get } = policySetUp();
        submit(FIN, 400, "acceptFinancing", "R-8", "90000", ["C1", "C3"]);
        submit(CB, 500, "revokeCertificate", "C3", H);
        expect(get("R-8").state).to.equal("Financed");
      });

      it("without a policy, naming a (Valid) certificate is InvalidArgument", () => {
        const { submit, reject } = policySetUp();
        submit(BOB, 200, "acknowledgeReceivable", "R-1");
        submit(ALICE, 300, "financeReceivable", "R-1", FIN, "90000");
        expect(reject(FIN, 400, "acceptFinancing", "R-1", "90000", ["C1"])).to.equal("InvalidArgument");
      });

      it("a policy needs at least one linked asset at issue", () => {
        const { reject } = setUp();
        expect(reject(ALICE, 150, "issueReceivable", "R-9", BOB, "1", "EUR", D, fp(9), [], "ISO9001:2015")).to.equal("InvalidArgument");
      });
    });

    it("9. 1 and 2^256 − 1 issue, and one repayment of 2^256 − 1 settles it", () => {
      const { submit, issue, get, finance } = setUp();
      const max = MAX_AMOUNT.toString();
      expect(issue(150, "R-min", 10, [], "", "1").name).to.equal("ReceivableIssued");
      issue(150, "R-max", 11, [], "", max);
      finance(200, "R-max", max);
      expect(submit(FIN, 300, "recordRepayment", "R-max", max, P1).name).to.equal("ReceivableSettled");
      expect(get("R-max")).to.include({ state: "Settled", outstanding: "0", amount: max });
    });

    it("9. every malformed amount, the number 1 and 0 are InvalidArgument", () => {
      const { reject } = setUp();
      const refused = [(MAX_AMOUNT + 1n).toString(), "-1", "1.5", "1e3", "0x10", "01", "abc", "", " 1", 1, "0"];
      const codes = refused.map((amount, i) => reject(ALICE, 150, "issueReceivable", `R-${i + 20}`, BOB, amount, "EUR", D, fp(i + 20), [], ""));
      expect(codes).to.deep.equal(refused.map(() => "InvalidArgument"));
    });

    it("10. carol's setGracePeriod is Unauthorized; ADMIN's above MAX_GRACE_PERIOD InvalidArgument; ADMIN's 0 emits GracePeriodChanged", () => {
      const { submit, reject, query } = setUp();
      expect(query("getGracePeriod")).to.equal(DEFAULT_GRACE_PERIOD);
      expect(reject(CAROL, 200, "setGracePeriod", 0)).to.equal("Unauthorized");
      expect(reject(ADMIN, 200, "setGracePeriod", MAX_GRACE_PERIOD + 1)).to.equal("InvalidArgument");
      expect(submit(ADMIN, 200, "setGracePeriod", 0)).to.deep.equal({ name: "GracePeriodChanged", payload: { from: G, to: 0, changedBy: ADMIN } });
      expect(query("getGracePeriod")).to.equal(0);
    });

    it("10. setting the current grace period still writes and emits; MAX_GRACE_PERIOD is allowed", () => {
      const { submit } = setUp();
      expect(submit(ADMIN, 200, "setGracePeriod", G).payload).to.deep.equal({ from: G, to: G, changedBy: ADMIN });
      expect(submit(ADMIN, 200, "setGracePeriod", MAX_GRACE_PERIOD).payload).to.deep.equal({ from: G, to: MAX_GRACE_PERIOD, changedBy: ADMIN });
    });

    it("10. a revoked FINANCIER keeps its beneficiary rights but can no longer accept, nor be named in a new request", () => {
      const { submit, reject, issue, finance } = setUp();
      finance(200, "R-1");
      issue(300, "R-2", 2);
      submit(BOB, 310, "acknowledgeReceivable", "R-2");
      submit(ALICE, 320, "financeReceivable", "R-2", FIN, "50000");
      submit(ADMIN, 400, "revokeRole", "FINANCIER", FIN);
      expect(reject(FIN, 410, "acceptFinancing", "R-2", "50000", [])).to.equal("Unauthorized");
      expect(reject(ALICE, 410, "financeReceivable", "R-2", FIN, "50000")).to.equal("InvalidArgument");
      expect(submit(FIN, 500, "recordRepayment", "R-1", "1", P1).name).to.equal("RepaymentRecorded");
      expect(submit(FIN, D + G, "markDefaulted", "R-1").name).to.equal("ReceivableDefaulted");
    });
  });

  describe("§0 check order", () => {
    it("an unknown id with a bad amount is InvalidArgument (arguments before existence)", () => {
      const { reject } = setUp();
      expect(reject(FIN, 200, "recordRepayment", "R-404", "0", P1)).to.equal("InvalidArgument");
      expect(reject(ALICE, 200, "financeReceivable", "R-404", FIN, "01")).to.equal("InvalidArgument");
      expect(reject(FIN, 200, "acceptFinancing", "R-404", "-1", [])).to.equal("InvalidArgument");
    });

    it("an unknown id with well-formed arguments is NotFound, and so is a malformed id", () => {
      const { reject, queryCode } = setUp();
      expect(reject(BOB, 200, "acknowledgeReceivable", "R-404")).to.equal("NotFound");
      expect(reject(BOB, 200, "acknowledgeReceivable", "not an id!")).to.equal("NotFound");
      expect(queryCode("getReceivable", "not an id!")).to.equal("NotFound");
      expect(queryCode("getReceivableHistory", "R-404")).to.equal("NotFound");
    });

    it("a non-FINANCIER accepting an unknown id is Unauthorized (the role gate before existence)", () => {
      const { reject } = setUp();
      expect(reject(CAROL, 200, "acceptFinancing", "R-404", "1", [])).to.equal("Unauthorized");
    });

    it("a FINANCIER naming an unknown certificate for a receivable that does not name it is NotFound (existence before authority)", () => {
      const { reject } = setUp();
      expect(reject(FIN, 200, "acceptFinancing", "R-1", "1", ["X-9"])).to.equal("NotFound");
      expect(reject(FIN, 200, "acceptFinancing", "R-1", "1", [])).to.equal("Unauthorized");
    });

    it("the accepted advance may be 0 as an argument: it is then a contradiction of the record, InvalidArgument", () => {
      const { submit, reject } = setUp();
      submit(BOB, 200, "acknowledgeReceivable", "R-1");
      submit(ALICE, 300, "financeReceivable", "R-1", FIN, "90000");
      expect(reject(FIN, 400, "acceptFinancing", "R-1", "0", [])).to.equal("InvalidArgument");
    });

    it("a request or an acceptance at or after the due date is InvalidState, before the advance is compared", () => {
      const { submit, reject } = setUp();
      submit(BOB, 200, "acknowledgeReceivable", "R-1");
      submit(ALICE, 300, "financeReceivable", "R-1", FIN, "90000");
      expect(reject(ALICE, D, "financeReceivable", "R-1", FIN, "90000")).to.equal("InvalidState");
      expect(reject(FIN, D, "acceptFinancing", "R-1", "1", [])).to.equal("InvalidState");
      expect(reject(FIN, D - 1, "acceptFinancing", "R-1", "90000", [])).to.equal("accepted");
    });

    it("issue: AlreadyExists before FingerprintTaken before an unknown asset's NotFound", () => {
      const { reject } = setUp();
      const issueWith = (id: string, n: number, assetIds: string[]) => reject(ALICE, 150, "issueReceivable", id, BOB, "1", "EUR", D, fp(n), assetIds, "");
      expect(issueWith("R-1", 1, ["M-404"])).to.equal("AlreadyExists");
      expect(issueWith("R-2", 1, ["M-404"])).to.equal("FingerprintTaken");
      expect(issueWith("R-2", 2, ["M-1", "M-404"])).to.equal("NotFound");
    });

    it("issue: a due date not after now, the seller as its own debtor, ZERO_HASH, duplicate or 11 assets are InvalidArgument, even for a taken id", () => {
      const { reject } = setUp();
      const issueWith = (caller: string, debtor: string, dueDate: number, fingerprint: string, assetIds: string[]) =>
        reject(caller, 150, "issueReceivable", "R-1", debtor, "1", "EUR", dueDate, fingerprint, assetIds, "");
      const eleven = Array.from({ length: 11 }, (_, i) => `M-${i}`);
      expect([
        issueWith(ALICE, BOB, 150, fp(1), []),
        issueWith(ALICE, ALICE, D, fp(1), []),
        issueWith(ALICE, BOB, D, ZERO_HASH, []),
        issueWith(ALICE, BOB, D, fp(1), ["M-1", "M-1"]),
        issueWith(ALICE, BOB, D, fp(1), eleven),
        issueWith(ALICE, "", D, fp(1), []),
      ]).to.deep.equal(Array(6).fill("InvalidArgument"));
      expect(reject(ALICE, 150, "issueReceivable", "R-1", BOB, "1", "eur", D, fp(1), [], "")).to.equal("InvalidArgument");
      expect(reject(ALICE, 150, "issueReceivable", "R-1", BOB, "1", "EUR", D, fp(1), [], "not a label")).to.equal("InvalidArgument");
    });

    it("authority before state: on a Financed receivable, carol acknowledging or cancelling is Unauthorized, the debtor or seller InvalidState", () => {
      const { reject, finance } = setUp();
      finance(200, "R-1");
      expect(reject(CAROL, 500, "acknowledgeReceivable", "R-1")).to.equal("Unauthorized");
      expect(reject(BOB, 500, "acknowledgeReceivable", "R-1")).to.equal("InvalidState");
      expect(reject(CAROL, 500, "cancelReceivable", "R-1")).to.equal("Unauthorized");
      expect(reject(ALICE, 500, "cancelReceivable", "R-1")).to.equal("InvalidState");
    });

    it("financeReceivable: not Acknowledged (InvalidState) before a non-FINANCIER financier (InvalidArgument) before an excessive advance", () => {
      const { submit, reject } = setUp();
      expect(reject(CAROL, 150, "financeReceivable", "R-1", CAROL, "100001")).to.equal("Unauthorized");
      expect(reject(ALICE, 150, "financeReceivable", "R-1", CAROL, "100001")).to.equal("InvalidState");
      submit(BOB, 200, "acknowledgeReceivable", "R-1");
      expect(reject(ALICE, 300, "financeReceivable", "R-1", CAROL, "100001")).to.equal("InvalidArgument");
      expect(reject(ALICE, 300, "financeReceivable", "R-1", ALICE, "1")).to.equal("InvalidArgument");
    });

    it("the seller may not name itself even as a FINANCIER; the debtor may be the financier (dynamic discounting)", () => {
      const { submit, reject } = setUp();
      submit(ADMIN, 150, "grantRole", "FINANCIER", ALICE);
      submit(ADMIN, 150, "grantRole", "FINANCIER", BOB);
      submit(BOB, 200, "acknowledgeReceivable", "R-1");
      expect(reject(ALICE, 300, "financeReceivable", "R-1", ALICE, "1")).to.equal("InvalidArgument");
      submit(ALICE, 300, "financeReceivable", "R-1", BOB, "99000");
      expect(submit(BOB, 400, "acceptFinancing", "R-1", "99000", []).payload).to.include({ financier: BOB });
    });

    it("state before the time guard: an excessive repayment dated before the last change is AmountExceedsOutstanding", () => {
      const { reject, finance } = setUp();
      finance(200, "R-1");
      expect(reject(FIN, 201, "recordRepayment", "R-1", "100001", P1)).to.equal("AmountExceedsOutstanding");
    });

    it("the time guard: a change earlier than the record's updatedAt is InvalidState; one in the same second is allowed", () => {
      const { submit, reject, finance } = setUp();
      expect(reject(BOB, 99, "acknowledgeReceivable", "R-1")).to.equal("InvalidState");
      finance(200, "R-1");
      expect(reject(FIN, 201, "recordRepayment", "R-1", "1", P1)).to.equal("InvalidState");
      expect(submit(FIN, 202, "recordRepayment", "R-1", "1", P1).name).to.equal("RepaymentRecorded");
    });

    it("setGracePeriod: the argument before the role gate", () => {
      const { reject } = setUp();
      expect(reject(CAROL, 200, "setGracePeriod", MAX_GRACE_PERIOD + 1)).to.equal("InvalidArgument");
      expect(reject(CAROL, 200, "setGracePeriod", 1.5)).to.equal("InvalidArgument");
      expect(reject(ADMIN, 200, "setGracePeriod", -1)).to.equal("InvalidArgument");
    });

    it("disputeReceivable: a malformed reason is InvalidArgument before the unknown id", () => {
      const { reject } = setUp();
      expect(reject(BOB, 200, "disputeReceivable", "R-404", "0x12")).to.equal("InvalidArgument");
      expect(reject(BOB, 200, "disputeReceivable", "R-404", H)).to.equal("NotFound");
    });
  });

  describe("§10 listings", () => {
    it("list in ascending UTF-8 byte order of the id, every state, in pages whose bookmark is the next page's first id", () => {
      const { submit, issue, query } = setUp();
      ["b", "A", "a", "_", "R-10"].forEach((id, i) => issue(150, id, 30 + i, []));
      submit(ALICE, 160, "cancelReceivable", "a");
      const pages = ["", "R-1", "_"].map((bookmark) => query<Page<Receivable>>("listReceivablesBySeller", ALICE, 2, bookmark));
      expect(pages.map((page) => [ids(page), page.bookmark])).to.deep.equal([
        [["A", "R-1"], "R-10"],
        [["R-1", "R-10"], "_"],
        [["_", "a"], "b"],
      ]);
      const last = query<Page<Receivable>>("listReceivablesBySeller", ALICE, 2, "b");
      expect([ids(last), last.bookmark]).to.deep.equal([["b"], ""]);
    });

    it("a bookmark that is no receivable's id starts at the next id in order", () => {
      const { issue, query } = setUp();
      issue(150, "R-3", 3, []);
      expect(ids(query("listReceivablesByDebtor", BOB, 100, "R-2"))).to.deep.equal(["R-3"]);
    });

    it("a party with nothing gets an empty page; a bad party, page size or bookmark is InvalidArgument", () => {
      const { query, queryCode } = setUp();
      expect(query("listReceivablesByDebtor", CAROL, 10, "")).to.deep.equal({ items: [], bookmark: "" });
      expect(queryCode("listReceivablesBySeller", "", 10, "")).to.equal("InvalidArgument");
      expect(queryCode("listReceivablesByDebtor", BOB, 0, "")).to.equal("InvalidArgument");
      expect(queryCode("listReceivablesByDebtor", BOB, 101, "")).to.equal("InvalidArgument");
      expect(queryCode("listReceivablesByBeneficiary", ALICE, 10, "not an id!")).to.equal("InvalidArgument");
    });

    it("a listing answers the full public record, amounts as decimal strings", () => {
      const { query, get } = setUp();
      expect(query<Page<Receivable>>("listReceivablesBySeller", ALICE, 1, "").items).to.deep.equal([get("R-1")]);
    });
  });
});
