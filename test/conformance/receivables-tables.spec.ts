/**
 * Conformance, generated from a table: every (receivable state, move, caller) against
 * RECEIVABLE_MOVES (core/spec/lifecycles.ts, RECEIVABLES.md §4) and the authority rules of
 * RECEIVABLES.md §2 and §5. Authority that depends on the record is checked before the state
 * (§0 check order), so a caller the record does not authorise is Unauthorized in every state;
 * the one it authorises gets the move, or InvalidState where the move does not start from
 * that state. Acknowledged is split in two: without and with a pending financing request.
 *
 * Per (state, move) one case for the authorised caller and one for all the others, one after
 * another, in a single set-up (a refusal writes nothing, so they do not disturb each other).
 * A Defaulted receivable needs its grace period to have run: that row, and a default that
 * succeeds, are cases with a clock.
 */
import { expect } from "chai";
import {
  DEFAULT_GRACE_PERIOD,
  RECEIVABLE_MOVES,
  RECEIVABLE_STATES,
  type ErrorCode,
  type Receipt,
  type Receivable,
  type ReceivableMove,
  type ReceivableState,
} from "../../core/index.js";
import type { ActorLedgers, IndustrialLedger, LedgerClock } from "../../clients/ledger.js";
import type { Conformance } from "./harness.js";
import { eventOf, expectRejected } from "./harness.js";
import {
  ADVANCE,
  FACE,
  PAYMENT,
  REASON,
  YEAR,
  fingerprintOf,
  issueInvoice,
} from "./receivables.spec.js";

const PENDING = "Acknowledged with a pending request";
type Row = ReceivableState | typeof PENDING;
const ROWS: readonly Row[] = RECEIVABLE_STATES.flatMap((state): Row[] => (state === "Acknowledged" ? [state, PENDING] : [state]));
const MOVES = Object.keys(RECEIVABLE_MOVES) as ReceivableMove[];
const FINANCED_STATES: readonly ReceivableState[] = ["Financed", "PartiallyRepaid", "Settled", "Defaulted"];

const stateOf = (row: Row): ReceivableState => (row === PENDING ? "Acknowledged" : row);
/** From acceptance on the financier is the beneficiary. */
const isFinanced = (row: Row) => FINANCED_STATES.includes(stateOf(row));
/** The record's `financier` is the financier: a pending request names it, or it financed the receivable. */
const namesFinancier = (row: Row) => row === PENDING || isFinanced(row);

/** seller alice, debtor bob, the FINANCIER financier, carol (a member; another FINANCIER for acceptFinancing), admin. */
const CALLERS = ["seller", "debtor", "financier", "other", "ADMIN"] as const;
type Caller = (typeof CALLERS)[number];

const ledgerOf = (all: ActorLedgers, caller: Caller): IndustrialLedger =>
  ({ seller: all.alice, debtor: all.bob, financier: all.financier, other: all.carol, ADMIN: all.admin })[caller];

function labelOf(caller: Caller, move: ReceivableMove): string {
  if (caller === "other") return move === "acceptFinancing" ? "another FINANCIER" : "a member";
  return { seller: "the seller", debtor: "the debtor", financier: "the financier", ADMIN: "an ADMIN" }[caller];
}

/** The one caller the record authorises for `move` in `row` (RECEIVABLES.md §2), if any. */
function authorisedCaller(move: ReceivableMove, row: Row): Caller | undefined {
  switch (RECEIVABLE_MOVES[move].by) {
    case "seller":
      return "seller";
    case "debtor":
      return "debtor";
    case "financier":
      return namesFinancier(row) ? "financier" : undefined;
    case "beneficiary":
      return isFinanced(row) ? "financier" : "seller";
  }
}

function authorityLabel(move: ReceivableMove, row: Row): string {
  switch (RECEIVABLE_MOVES[move].by) {
    case "seller":
      return "its seller";
    case "debtor":
      return "its debtor";
    case "financier":
      return "the financier it names";
    case "beneficiary":
      return isFinanced(row) ? "its beneficiary, the financier" : "its beneficiary, the seller";
  }
}

/** What the authorised caller gets, by RECEIVABLE_MOVES alone. */
const movesFrom = (move: ReceivableMove, row: Row): boolean => (RECEIVABLE_MOVES[move].from as readonly ReceivableState[]).includes(stateOf(row));

const NEW_ADVANCE = "95000";
const PART = "30000";
/** The row's outstanding before the move: PartiallyRepaid has had PART repaid. */
const outstandingIn = (row: Row) => (row === "PartiallyRepaid" ? (BigInt(FACE) - BigInt(PART)).toString() : row === "Settled" ? "0" : FACE);

/** Each move as the table calls it: the arguments are right, so only authority and state decide. */
const ATTEMPT: Record<ReceivableMove, (ledger: IndustrialLedger, all: ActorLedgers, amount: string) => Promise<Receipt>> = {
  acknowledgeReceivable: (ledger) => ledger.acknowledgeReceivable("R-1"),
  disputeReceivable: (ledger) => ledger.disputeReceivable("R-1", REASON),
  financeReceivable: (ledger, all) => ledger.financeReceivable("R-1", all.financier.party, NEW_ADVANCE),
  acceptFinancing: (ledger) => ledger.acceptFinancing("R-1", ADVANCE, []),
  recordRepayment: (ledger, _all, amount) => ledger.recordRepayment("R-1", amount, PAYMENT),
  markDefaulted: (ledger) => ledger.markDefaulted("R-1"),
  cancelReceivable: (ledger) => ledger.cancelReceivable("R-1"),
};

interface Effect {
  event: string;
  payload: Record<string, unknown>;
  /** The fields that change (updatedAt aside). */
  record: Partial<Receivable>;
}

/** What a successful move emits and writes (RECEIVABLES.md §5), given the record before it. */
function effectOf(move: ReceivableMove, before: Receivable, all: ActorLedgers, amount: string): Effect {
  const receivableId = before.id;
  switch (move) {
    case "acknowledgeReceivable":
      return { event: "ReceivableAcknowledged", payload: { receivableId, debtor: all.bob.party }, record: { state: "Acknowledged" } };
    case "disputeReceivable":
      return {
        event: "ReceivableDisputed",
        payload: { receivableId, debtor: all.bob.party, reasonHash: REASON },
        record: { state: "Disputed", financier: "", advanceAmount: "0" },
      };
    case "financeReceivable":
      return {
        event: "FinancingRequested",
        payload: { receivableId, financier: all.financier.party, advanceAmount: NEW_ADVANCE },
        record: { financier: all.financier.party, advanceAmount: NEW_ADVANCE },
      };
    case "acceptFinancing":
      return {
        event: "ReceivableFinanced",
        payload: { receivableId, financier: all.financier.party, advanceAmount: ADVANCE, certificateIds: [] },
        record: { state: "Financed", beneficiary: all.financier.party },
      };
    case "recordRepayment": {
      const outstanding = (BigInt(before.outstanding) - BigInt(amount)).toString();
      return outstanding === "0"
        ? { event: "ReceivableSettled", payload: { receivableId, amount, paymentRef: PAYMENT }, record: { state: "Settled", outstanding } }
        : { event: "RepaymentRecorded", payload: { receivableId, amount, outstanding, paymentRef: PAYMENT }, record: { state: "PartiallyRepaid", outstanding } };
    }
    case "markDefaulted":
      return { event: "ReceivableDefaulted", payload: { receivableId, outstanding: before.outstanding }, record: { state: "Defaulted" } };
    case "cancelReceivable":
      return { event: "ReceivableCancelled", payload: { receivableId, seller: all.alice.party }, record: { state: "Cancelled", financier: "", advanceAmount: "0" } };
  }
}

const TARGET: Record<ReceivableMove, string> = {
  acknowledgeReceivable: "Acknowledged",
  disputeReceivable: "Disputed",
  financeReceivable: PENDING,
  acceptFinancing: "Financed",
  recordRepayment: "PartiallyRepaid",
  markDefaulted: "Defaulted",
  cancelReceivable: "Cancelled",
};

interface SetUp {
  due: number;
  clock?: LedgerClock;
  /** carol is granted FINANCIER too: "another FINANCIER". */
  otherFinancier: boolean;
  move: ReceivableMove;
}

/**
 * Brings R-1 (alice's, on bob, FACE, due `due`) into `row`; returns the block of the last set-up
 * transaction. The financier holds FINANCIER wherever it can matter.
 */
async function receivableIn(all: ActorLedgers, row: Row, { due, clock, otherFinancier, move }: SetUp): Promise<number> {
  const { admin, alice, bob, carol, financier } = all;
  if (namesFinancier(row) || move === "financeReceivable" || move === "acceptFinancing") await admin.grantRole("FINANCIER", financier.party);
  if (otherFinancier) await admin.grantRole("FINANCIER", carol.party);
  let last = await issueInvoice(alice, "R-1", bob.party, due, { fingerprint: fingerprintOf("R-1") });
  if (row === "Disputed") last = await bob.disputeReceivable("R-1", REASON);
  if (row === "Cancelled") last = await alice.cancelReceivable("R-1");
  if (stateOf(row) === "Acknowledged" || isFinanced(row)) last = await bob.acknowledgeReceivable("R-1");
  if (namesFinancier(row)) last = await alice.financeReceivable("R-1", financier.party, ADVANCE);
  if (isFinanced(row)) last = await financier.acceptFinancing("R-1", ADVANCE, []);
  if (row === "PartiallyRepaid") last = await financier.recordRepayment("R-1", PART, PAYMENT);
  if (row === "Settled") last = await financier.recordRepayment("R-1", FACE, PAYMENT);
  if (row === "Defaulted") {
    await clock!.setNextTime(due + DEFAULT_GRACE_PERIOD);
    last = await financier.markDefaulted("R-1");
  }
  return last.blockNumber;
}

type Body = (clock?: LedgerClock) => Promise<void>;

export function receivablesTablesSpec({ it, itWithClock, actors, now }: Conformance): void {
  /** A due date a year away without a clock; with one, soon, so that a default needs only a short jump. */
  const dueDate = async (clock?: LedgerClock) => (clock ? (await clock.now()) + 1000 : (await now()) + YEAR);

  /** The authorised caller's attempt: `expected` "ok" checks the event and the record, a code that nothing changed. */
  function single(row: Row, move: ReceivableMove, caller: Caller, expected: "ok" | ErrorCode, options: { pastGrace?: boolean; amount?: string } = {}): Body {
    return async (clock) => {
      const all = actors();
      const due = await dueDate(clock);
      const mark = await receivableIn(all, row, { due, clock, otherFinancier: false, move });
      if (options.pastGrace) await clock!.setNextTime(due + DEFAULT_GRACE_PERIOD);
      const amount = options.amount ?? PART;
      const before = await all.carol.getReceivable("R-1");
      const events = await all.carol.getEvents(mark);
      // Sent only now, and awaited at once: a refusal must never arrive before anything awaits it.
      const attempt = ATTEMPT[move](ledgerOf(all, caller), all, amount);
      if (expected !== "ok") {
        await expectRejected(attempt, expected);
        expect(await all.carol.getReceivable("R-1")).to.deep.equal(before);
        expect(await all.carol.getEvents(mark)).to.deep.equal(events);
        return;
      }
      const event = eventOf(await attempt);
      const effect = effectOf(move, before, all, amount);
      expect(event.name).to.equal(effect.event);
      expect(event.payload).to.deep.equal(effect.payload);
      const after = await all.carol.getReceivable("R-1");
      expect(RECEIVABLE_MOVES[move].to as readonly ReceivableState[]).to.include(after.state);
      expect({ ...after, updatedAt: 0 }).to.deep.equal({ ...before, ...effect.record, updatedAt: 0 });
      expect(after.updatedAt).to.be.at.least(before.updatedAt);
    };
  }

  /** Every caller but the authorised one, one after another: each Unauthorized, and nothing changes. */
  function others(row: Row, move: ReceivableMove, callers: readonly Caller[]): Body {
    return async (clock) => {
      const all = actors();
      const due = await dueDate(clock);
      const mark = await receivableIn(all, row, { due, clock, otherFinancier: move === "acceptFinancing", move });
      const before = await all.carol.getReceivable("R-1");
      const events = await all.carol.getEvents(mark);
      for (const caller of callers) {
        try {
          await expectRejected(ATTEMPT[move](ledgerOf(all, caller), all, PART), "Unauthorized");
        } catch (failure) {
          throw new Error(`${labelOf(caller, move)}: ${(failure as Error).message}`, { cause: failure });
        }
      }
      expect(await all.carol.getReceivable("R-1")).to.deep.equal(before);
      expect(await all.carol.getEvents(mark)).to.deep.equal(events);
    };
  }

  const list = (labels: string[]) => (labels.length < 2 ? labels.join("") : `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`);

  describe("transition table", () => {
    for (const row of ROWS) {
      // A Defaulted receivable needs its grace period to have run.
      const define = (title: string, body: Body) => (row === "Defaulted" ? itWithClock(title, body) : it(title, () => body()));
      for (const move of MOVES) {
        const cell = `${move} of a receivable ${row}`;
        const authorised = authorisedCaller(move, row);
        if (authorised) {
          const by = `by ${authorityLabel(move, row)}`;
          if (!movesFrom(move, row)) {
            define(`${cell}, ${by}: InvalidState`, single(row, move, authorised, "InvalidState"));
          } else if (move === "markDefaulted") {
            // RECEIVABLE_MOVES allows it; the time rule decides (§5: now ≥ dueDate and now − dueDate ≥ gracePeriod).
            define(`${cell}, ${by}, before its due date: InvalidState`, single(row, move, authorised, "InvalidState"));
            itWithClock(`${cell}, ${by}, once its grace period has run: → Defaulted`, single(row, move, authorised, "ok", { pastGrace: true }));
          } else if (move === "recordRepayment") {
            define(`${cell}, ${by}, in part: → PartiallyRepaid`, single(row, move, authorised, "ok"));
            define(`${cell}, ${by}, of all that is outstanding: → Settled`, single(row, move, authorised, "ok", { amount: outstandingIn(row) }));
          } else {
            define(`${cell}, ${by}: → ${TARGET[move]}`, single(row, move, authorised, "ok"));
          }
        }
        const rest = CALLERS.filter((caller) => caller !== authorised);
        const note = authorised === undefined && RECEIVABLE_MOVES[move].by === "financier" ? " (no request names anyone)" : "";
        define(`${cell}, by ${list(rest.map((caller) => labelOf(caller, move)))}${note}: Unauthorized`, others(row, move, rest));
      }
    }
  });
}
