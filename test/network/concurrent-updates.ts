/**
 * Two clients updating the same record at once, on any Fabric target: the same asset (two
 * metadata updates, two transfers) and the same receivable (two acceptances of its financing,
 * two repayments). "At once" is both submits started before either is awaited; when they are
 * endorsed on the same state and ordered into one block, the peers invalidate the later one.
 *
 * Retries off: a race that conflicted is exactly one success and one `Conflict`, and the
 * record shows the success alone. Retries on (the client's default policy): both calls end as
 * the spec says for the state the other left — a second update or repayment succeeds on it, a
 * second transfer is Unauthorized, a second acceptance InvalidState — and the record shows
 * every success and nothing else: no lost update, no transition made twice.
 *
 * A real network may put the two submits in different blocks (then the second sees the first,
 * and there is no conflict): each scenario is raced again, on a fresh record, until a conflict
 * is seen (retries off: a `Conflict`; on: a retry), at most `rounds` times, and every round is
 * held to the invariant whatever happened in it.
 *
 *   describeConcurrentUpdates("fabric-network", async (conflictRetry) => ({ first, second }))
 */
import { expect } from "chai";
import { LedgerError, type ErrorCode, type Receipt } from "../../core/index.js";
import type { ActorLedgers } from "../../clients/ledger.js";
import { NO_CONFLICT_RETRY, type ConflictRetryOptions } from "../../clients/fabric/conflict-retry.js";
import { hashOf } from "../conformance/harness.js";

/**
 * Two applications acting for the same actors on ONE deployment, each with its own clients.
 * Used: `first.admin` (holds ADMIN: grants FINANCIER), `first.alice` and `second.alice` (the
 * asset's owner and the receivable's seller), `first.bob` (the debtor; with `carol`, a new
 * owner), `first.financier` and `second.financier`. Records are read through `first`, which
 * must see `second`'s writes (on a multi-org network: one commit session for both).
 */
export interface TwoApplications {
  first: ActorLedgers;
  second: ActorLedgers;
  /** Called when the scenarios of one policy are done. */
  close?(): Promise<void>;
}

/** Both applications' Fabric clients, made with `createFabricLedger(transport, party, { conflictRetry })`. */
export type ConnectTwoApplications = (conflictRetry: ConflictRetryOptions) => Promise<TwoApplications>;

export interface ConcurrentUpdatesOptions {
  /** At most this many races per scenario until one conflicts. Default 5. */
  rounds?: number;
  /** Per test. Default 120 s. */
  timeoutMs?: number;
}

const FACE = "100000";
const ADVANCE = "90000";
const YEAR = 365 * 24 * 3600;

type Outcome = { ok: true; receipt: Receipt } | { ok: false; code: ErrorCode; error: LedgerError };

/** Both calls started before either is awaited; a failure that is not a spec code fails the test as it is. */
async function atOnce(calls: [() => Promise<Receipt>, () => Promise<Receipt>]): Promise<[Outcome, Outcome]> {
  const started = calls.map((call) => call());
  const settled = await Promise.allSettled(started);
  return settled.map((result): Outcome => {
    if (result.status === "fulfilled") return { ok: true, receipt: result.value };
    if (!(result.reason instanceof LedgerError)) throw result.reason;
    return { ok: false, code: result.reason.code, error: result.reason };
  }) as [Outcome, Outcome];
}

const describeOutcomes = (outcomes: Outcome[]) => outcomes.map((o) => (o.ok ? `ok (block ${o.receipt.blockNumber})` : String(o.error))).join(" | ");
const successes = (outcomes: Outcome[]) => outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
/** The successful receipts in commit order. */
const committedOrder = (outcomes: Outcome[]) => successes(outcomes).map((o) => o.receipt).sort((a, b) => a.blockNumber - b.blockNumber);

/** One race of a scenario: its outcomes checked against the invariant; true when it conflicted. */
type Round = (round: number) => Promise<boolean>;

export function describeConcurrentUpdates(name: string, connect: ConnectTwoApplications, options: ConcurrentUpdatesOptions = {}): void {
  const rounds = options.rounds ?? 5;
  // Ids and fingerprints only this run writes: the deployment may be a long-lived one.
  const tag = `cu${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
  let scenario = 0;
  const newId = (kind: string, round: number) => `${tag}.${++scenario}.${kind}${round}`;

  /** Races again until one conflicts; fails when none did within `rounds`. */
  async function untilConflict(race: Round): Promise<void> {
    for (let round = 1; round <= rounds; round++) if (await race(round)) return;
    expect.fail(`no two submits shared a block in ${rounds} rounds: the conflict path was not exercised`);
  }

  describe(`concurrent updates [${name}]`, function () {
    this.timeout(options.timeoutMs ?? 120_000);

    describe("retries off: one success and one Conflict, and only the success written", () => {
      let apps: TwoApplications;
      before(async () => {
        apps = await connect(NO_CONFLICT_RETRY);
        await apps.first.admin.grantRole("FINANCIER", apps.first.financier.party);
      });
      after(async () => apps?.close?.());
      const raced = (outcomes: Outcome[], loserSequential: ErrorCode | "ok") => {
        const text = describeOutcomes(outcomes);
        expect(successes(outcomes), text).to.not.be.empty;
        const conflicts = outcomes.filter((o) => !o.ok && o.code === "Conflict");
        if (conflicts.length > 0) {
          expect(successes(outcomes), `a conflicted race: ${text}`).to.have.length(1);
          return true;
        }
        // Not in one block: the second ran on the state the first left.
        if (loserSequential === "ok") expect(successes(outcomes), text).to.have.length(2);
        else expect(outcomes.map((o) => (o.ok ? "ok" : o.code)).sort(), text).to.deep.equal([loserSequential, "ok"].sort());
        return false;
      };

      it("two clients of the owner update one asset at once: the asset holds the one that committed, its history no other", async () => {
        await untilConflict(async (round) => {
          const id = newId("M", round);
          const { first, second } = apps;
          const registered = await first.alice.registerAsset(id, "machine", hashOf(`${id} v0`), "u0");
          const outcomes = await atOnce([() => first.alice.updateAsset(id, hashOf(`${id} v1`), "u1"), () => second.alice.updateAsset(id, hashOf(`${id} v2`), "u2")]);
          const conflicted = raced(outcomes, "ok");
          const history = await first.alice.getAssetHistory(id);
          const written = committedOrder(outcomes);
          expect(history.map((entry) => entry.txId), describeOutcomes(outcomes)).to.deep.equal([registered.txId, ...written.map((r) => r.txId)]);
          const asset = await first.alice.getAsset(id);
          expect(asset.version).to.equal(1 + written.length);
          expect(asset.metadataHash).to.equal(history.at(-1)!.value.metadataHash);
          return conflicted;
        });
      });

      it("two clients of the owner transfer one asset at once, to two parties: one transfer, to that party", async () => {
        await untilConflict(async (round) => {
          const id = newId("T", round);
          const { first, second } = apps;
          await first.alice.registerAsset(id, "machine", hashOf(id), "");
          const recipients = [first.bob.party, first.carol.party];
          const outcomes = await atOnce([() => first.alice.transferAsset(id, recipients[0]), () => second.alice.transferAsset(id, recipients[1])]);
          const conflicted = raced(outcomes, "Unauthorized");
          const winner = outcomes.findIndex((o) => o.ok);
          expect((await first.alice.getAsset(id)).owner).to.equal(recipients[winner]);
          const owners = (await first.alice.getAssetHistory(id)).map((entry) => entry.value.owner);
          expect(owners).to.deep.equal([first.alice.party, recipients[winner]]);
          return conflicted;
        });
      });

      it("two clients of the financier accept one receivable's financing at once: financed once", async () => {
        await untilConflict(async (round) => {
          const id = await financingRequested(apps, newId("R", round));
          const { first, second } = apps;
          const outcomes = await atOnce([() => first.financier.acceptFinancing(id, ADVANCE, []), () => second.financier.acceptFinancing(id, ADVANCE, [])]);
          const conflicted = raced(outcomes, "InvalidState");
          await expectFinancedOnce(apps, id, committedOrder(outcomes));
          return conflicted;
        });
      });

      it("two clients of the beneficiary record two repayments of one receivable at once: outstanding less exactly what committed", async () => {
        await untilConflict(async (round) => {
          const id = await financed(apps, newId("P", round));
          const outcomes = await atOnce(repayments(apps, id));
          const conflicted = raced(outcomes, "ok");
          await expectRepaid(apps, id, outcomes);
          return conflicted;
        });
      });
    });

    describe("retries on (the default policy): both calls end as the new state says, nothing lost, nothing twice", () => {
      let apps: TwoApplications;
      let retries = 0;
      before(async () => {
        apps = await connect({ onRetry: () => (retries += 1) });
        await apps.first.admin.grantRole("FINANCIER", apps.first.financier.party);
      });
      after(async () => apps?.close?.());
      /** The race's outcomes; true when a retry answered a conflict in it. */
      const race = async (calls: [() => Promise<Receipt>, () => Promise<Receipt>]) => {
        retries = 0;
        const outcomes = await atOnce(calls);
        return { outcomes, conflicted: retries > 0 };
      };

      it("two clients of the owner update one asset at once: both updates are in its history, in commit order", async () => {
        await untilConflict(async (round) => {
          const id = newId("M", round);
          const { first, second } = apps;
          const registered = await first.alice.registerAsset(id, "machine", hashOf(`${id} v0`), "u0");
          const { outcomes, conflicted } = await race([() => first.alice.updateAsset(id, hashOf(`${id} v1`), "u1"), () => second.alice.updateAsset(id, hashOf(`${id} v2`), "u2")]);
          expect(successes(outcomes), describeOutcomes(outcomes)).to.have.length(2);
          const history = await first.alice.getAssetHistory(id);
          expect(history.map((entry) => entry.txId)).to.deep.equal([registered.txId, ...committedOrder(outcomes).map((r) => r.txId)]);
          expect(history.map((entry) => entry.value.version)).to.deep.equal([1, 2, 3]);
          expect(new Set(history.slice(1).map((entry) => entry.value.metadataUri))).to.deep.equal(new Set(["u1", "u2"]));
          expect(await first.alice.getAsset(id)).to.deep.equal(history.at(-1)!.value);
          return conflicted;
        });
      });

      it("two clients of the owner transfer one asset at once: one transfer; the other, sent again, is Unauthorized", async () => {
        await untilConflict(async (round) => {
          const id = newId("T", round);
          const { first, second } = apps;
          await first.alice.registerAsset(id, "machine", hashOf(id), "");
          const recipients = [first.bob.party, first.carol.party];
          const { outcomes, conflicted } = await race([() => first.alice.transferAsset(id, recipients[0]), () => second.alice.transferAsset(id, recipients[1])]);
          expect(outcomes.map((o) => (o.ok ? "ok" : o.code)).sort(), describeOutcomes(outcomes)).to.deep.equal(["Unauthorized", "ok"].sort());
          const winner = outcomes.findIndex((o) => o.ok);
          const owners = (await first.alice.getAssetHistory(id)).map((entry) => entry.value.owner);
          expect(owners).to.deep.equal([first.alice.party, recipients[winner]]);
          return conflicted;
        });
      });

      it("two clients of the financier accept one receivable's financing at once: financed once; the other, sent again, is InvalidState", async () => {
        await untilConflict(async (round) => {
          const id = await financingRequested(apps, newId("R", round));
          const { first, second } = apps;
          const { outcomes, conflicted } = await race([() => first.financier.acceptFinancing(id, ADVANCE, []), () => second.financier.acceptFinancing(id, ADVANCE, [])]);
          expect(outcomes.map((o) => (o.ok ? "ok" : o.code)).sort(), describeOutcomes(outcomes)).to.deep.equal(["InvalidState", "ok"].sort());
          await expectFinancedOnce(apps, id, committedOrder(outcomes));
          return conflicted;
        });
      });

      it("two clients of the beneficiary record two repayments of one receivable at once: both count", async () => {
        await untilConflict(async (round) => {
          const id = await financed(apps, newId("P", round));
          const { outcomes, conflicted } = await race(repayments(apps, id));
          expect(successes(outcomes), describeOutcomes(outcomes)).to.have.length(2);
          await expectRepaid(apps, id, outcomes);
          return conflicted;
        });
      });
    });
  });
}

/** alice's receivable `id` on bob, acknowledged, its financing requested from the financier. */
async function financingRequested({ first }: TwoApplications, id: string): Promise<string> {
  const dueDate = Math.floor(Date.now() / 1000) + YEAR;
  await first.alice.issueReceivable(id, first.bob.party, FACE, "EUR", dueDate, hashOf(`invoice ${id}`), [], "");
  await first.bob.acknowledgeReceivable(id);
  await first.alice.financeReceivable(id, first.financier.party, ADVANCE);
  return id;
}

async function financed(apps: TwoApplications, id: string): Promise<string> {
  await financingRequested(apps, id);
  await apps.first.financier.acceptFinancing(id, ADVANCE, []);
  return id;
}

/** Financed by the financier, by exactly the one acceptance that committed. */
async function expectFinancedOnce({ first }: TwoApplications, id: string, accepted: Receipt[]): Promise<void> {
  expect(accepted).to.have.length(1);
  const receivable = await first.financier.getReceivable(id);
  expect(receivable).to.deep.include({ state: "Financed", beneficiary: first.financier.party, outstanding: FACE });
  const history = await first.financier.getReceivableHistory(id);
  expect(history.filter((entry) => entry.value.state === "Financed").map((entry) => entry.txId)).to.deep.equal([accepted[0].txId]);
}

const REPAYMENTS = [
  ["30000", hashOf("repayment one")],
  ["20000", hashOf("repayment two")],
] as const;

function repayments({ first, second }: TwoApplications, id: string): [() => Promise<Receipt>, () => Promise<Receipt>] {
  return [() => first.financier.recordRepayment(id, ...REPAYMENTS[0]), () => second.financier.recordRepayment(id, ...REPAYMENTS[1])];
}

/** Outstanding is the face value less exactly the repayments that committed, each in the history once. */
async function expectRepaid({ first }: TwoApplications, id: string, outcomes: Outcome[]): Promise<void> {
  const paid = outcomes.reduce((sum, o, index) => (o.ok ? sum + BigInt(REPAYMENTS[index][0]) : sum), 0n);
  const receivable = await first.financier.getReceivable(id);
  expect(receivable).to.deep.include({ state: "PartiallyRepaid", outstanding: (BigInt(FACE) - paid).toString() });
  const history = await first.financier.getReceivableHistory(id);
  const repaid = history.filter((entry) => entry.value.state === "PartiallyRepaid").map((entry) => entry.txId);
  expect(repaid).to.deep.equal(committedOrder(outcomes).map((r) => r.txId));
}
