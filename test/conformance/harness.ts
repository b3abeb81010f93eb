/**
 * The conformance suite's only view of a platform: a `LedgerTarget` that deploys a
 * fresh ledger per test and hands out one `IndustrialLedger` per named actor.
 * Test titles carry the target name, e.g. `[evm] transferAsset by a non-owner is Unauthorized`.
 */
import { createHash } from "node:crypto";
import { expect } from "chai";
import { LedgerError, type ErrorCode, type LedgerEvent, type Receipt } from "../../core/index.js";
import type { ActorLedgers, LedgerClock, LedgerTarget } from "../../clients/ledger.js";

export interface Conformance {
  /** `it` with the target name in the title. */
  it(title: string, body: () => Promise<void>): void;
  /**
   * A case that sets transaction times: on a target without a clock (a real network) it is
   * reported as not applicable, by name, instead of running.
   */
  itWithClock(title: string, body: (clock: LedgerClock) => Promise<void>): void;
  /** The actors of the current test's fresh deployment. */
  actors(): ActorLedgers;
  /** About the time the next transaction carries: the deployment's clock, the ledger's time, or the wall clock. */
  now(): Promise<number>;
}

export type ConformanceSpec = (suite: Conformance) => void;

/**
 * Thrown by a target factory when its platform cannot run here: the suite is skipped,
 * saying why — except in CI (`CI=true`), where a real network that cannot be found is a
 * failure, never a quiet skip.
 */
export class TargetUnavailable extends Error {}

/** The skip line for a target that cannot run here; in CI (`CI=true` or `1`) it throws instead. */
export function skipOrFail(targetName: string, error: TargetUnavailable, env: NodeJS.ProcessEnv = process.env): string {
  if (/^(true|1)$/i.test(env.CI ?? "")) {
    throw new Error(`[${targetName}] cannot run, and CI=true forbids skipping it: ${error.message}`, { cause: error });
  }
  return `SKIPPED [${targetName}]: ${error.message}`;
}

/** A `before` hook's target: created, or — where its platform cannot run here — the suite skipped (failed in CI). */
export async function createOrSkip(context: Mocha.Context, targetName: string, createTarget: () => Promise<LedgerTarget>): Promise<LedgerTarget> {
  try {
    return await createTarget();
  } catch (error) {
    if (!(error instanceof TargetUnavailable)) throw error;
    console.log(`    ${skipOrFail(targetName, error)}`);
    context.skip();
  }
}

export function runConformance(targetName: string, createTarget: () => Promise<LedgerTarget>, specs: Record<string, ConformanceSpec>): void {
  describe(`conformance [${targetName}]`, function () {
    let target: LedgerTarget;
    let current: ActorLedgers | undefined;

    before(async function () {
      target = await createOrSkip(this, targetName, createTarget);
      expect(target.name).to.equal(targetName);
    });
    after(async () => target?.close());
    beforeEach(async function () {
      current = await target.deploy();
    });
    afterEach(() => {
      current = undefined;
    });

    const actors = () => {
      if (!current) throw new Error("no deployment: actors() is only available inside a test");
      return current;
    };
    const suite: Conformance = {
      it: (title, body) => it(`[${targetName}] ${title}`, body),
      itWithClock: (title, body) =>
        it(`[${targetName}] ${title}`, async function () {
          if (!target.clockOf) {
            // On stderr: the `twinledger conformance` command's stdout is one JSON report.
            console.warn(`      NOT APPLICABLE [${targetName}]: ${title} — the target cannot set transaction times`);
            this.skip();
          }
          await body(target.clockOf(actors()));
        }),
      actors,
      now: async () => {
        if (target.clockOf) return target.clockOf(actors()).now();
        return target.ledgerTime ? target.ledgerTime() : Math.floor(Date.now() / 1000);
      },
    };
    for (const [primitive, spec] of Object.entries(specs)) describe(primitive, () => spec(suite));
  });
}

/**
 * The first `perPrimitive` cases of every primitive: a smoke set for a second deployment
 * path of a platform already covered case by case.
 */
export function smokeSpecs(specs: Record<string, ConformanceSpec>, perPrimitive: number): Record<string, ConformanceSpec> {
  const first = (spec: ConformanceSpec): ConformanceSpec => (suite) => {
    let registered = 0;
    const take = () => registered++ < perPrimitive;
    spec({
      ...suite,
      it: (title, body) => take() && suite.it(title, body),
      itWithClock: (title, body) => take() && suite.itWithClock(title, body),
    });
  };
  return Object.fromEntries(Object.entries(specs).map(([primitive, spec]) => [primitive, first(spec)]));
}

/** Awaits a call that must be rejected with `code`; returns the error for further checks. */
export async function expectRejected(call: Promise<unknown>, code: ErrorCode): Promise<LedgerError> {
  try {
    await call;
  } catch (error) {
    expect(error, `expected LedgerError ${code}, got ${String(error)}`).to.be.instanceOf(LedgerError);
    expect((error as LedgerError).code, (error as Error).message).to.equal(code);
    return error as LedgerError;
  }
  expect.fail(`expected rejection with ${code}, but the call succeeded`);
}

/** The one event of a successful state change, checked against the receipt. */
export function eventOf(receipt: Receipt): LedgerEvent {
  expect(receipt.event, "a state change must emit exactly one event").to.not.equal(undefined);
  expect(receipt.event!.txId).to.equal(receipt.txId);
  return receipt.event!;
}

/** A deterministic bytes32 hash for test data. */
export function hashOf(text: string): string {
  return `0x${createHash("sha256").update(text).digest("hex")}`;
}

/** Everything a client can observe, to show that a rejected call changed nothing. */
export async function observe(actors: ActorLedgers, assetIds: string[]): Promise<unknown> {
  const settle = async <T>(call: Promise<T>) => call.then((value) => ({ value }), (error: LedgerError) => ({ error: error.code }));
  const parties = Object.values(actors).map((ledger) => ledger.party);
  return {
    events: await actors.admin.getEvents(0),
    assets: await Promise.all(assetIds.map((id) => settle(actors.admin.getAsset(id)))),
    histories: await Promise.all(assetIds.map((id) => settle(actors.admin.getAssetHistory(id)))),
    listings: await Promise.all(parties.map((party) => actors.admin.listAssetsByOwner(party, 100, ""))),
    roles: await Promise.all(
      parties.flatMap((party) => (["ADMIN", "ACCREDITOR", "FINANCIER"] as const).map((role) => actors.admin.hasRole(role, party))),
    ),
  };
}
