/**
 * The conformance suite's only view of a platform: a `LedgerTarget` that deploys a
 * fresh ledger per test — or hands out the actors of one shared, existing deployment,
 * each test in a namespace of its own (run-namespace.ts) — with one `IndustrialLedger`
 * per named actor.
 * Test titles carry the target name, e.g. `[evm] transferAsset by a non-owner is Unauthorized`.
 */
import { createHash } from "node:crypto";
import { expect } from "chai";
import { DEFAULT_GRACE_PERIOD, LedgerError, ROLES, type ErrorCode, type LedgerEvent, type Receipt } from "../../core/index.js";
import { ACTOR_NAMES, type ActorLedgers, type LedgerClock, type LedgerTarget } from "../../clients/ledger.js";
import { NotApplicableHere, namespacedActors } from "./run-namespace.js";

export interface Conformance {
  /** `it` with the target name in the title. */
  it(title: string, body: () => Promise<void>): void;
  /**
   * A case that sets transaction times: on a target without a clock (a real network) it is
   * reported as not applicable, by name, instead of running.
   */
  itWithClock(title: string, body: (clock: LedgerClock) => Promise<void>): void;
  /**
   * A case that needs a ledger nobody else has written to (e.g. that `admin` is the only
   * ADMIN): on a shared deployment it is reported as not applicable, by name.
   */
  itFresh(title: string, body: () => Promise<void>): void;
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

export interface ConformanceOptions {
  /** On a shared target, the run id that starts every test's namespace; a fresh random one by default. */
  runId?: string;
  /** Collects the titles of the cases that passed (to spare another run on the same network from repeating them). */
  passed?: Set<string>;
  /** Cases whose title is in `titles` are reported as not applicable, `why`, instead of run. */
  covered?: { titles: ReadonlySet<string>; why: string };
}

export function runConformance(
  targetName: string,
  createTarget: () => Promise<LedgerTarget>,
  specs: Record<string, ConformanceSpec>,
  options: ConformanceOptions = {},
): void {
  describe(`conformance [${targetName}]`, function () {
    let target: LedgerTarget;
    let current: ActorLedgers | undefined;
    let restoreShared: (() => Promise<void>) | undefined;
    const runId = options.runId ?? newRunId();
    let testNumber = 0;

    before(async function () {
      target = await createOrSkip(this, targetName, createTarget);
      expect(target.name).to.equal(targetName);
      if (target.shared) console.warn(`      [${targetName}] a shared deployment: run ${runId}, every id this run writes starts with "${runId}."`);
    });
    after(async () => target?.close());
    beforeEach(async function () {
      const title = this.currentTest?.title.slice(`[${targetName}] `.length);
      if (title !== undefined && options.covered?.titles.has(title)) return; // reported, not run: no ledger needed
      if (!target.shared) {
        current = await target.deploy();
        return;
      }
      const deployment = await target.deploy();
      restoreShared = await startSharedTest(deployment);
      const fromBlock = await target.height!();
      current = namespacedActors(deployment, `${runId}.${(++testNumber).toString(36)}.`, fromBlock);
    });
    afterEach(async () => {
      current = undefined;
      await restoreShared?.();
      restoreShared = undefined;
    });

    const actors = () => {
      if (!current) throw new Error("no deployment: actors() is only available inside a test");
      return current;
    };
    const notApplicable = (context: Mocha.Context, title: string, why: string) => {
      // On stderr: the `twinledger conformance` command's stdout is one JSON report.
      console.warn(`      NOT APPLICABLE [${targetName}]: ${title} — ${why}`);
      // The reason, for reporters (twinledger conformance --reporter junit|json).
      if (context.test) Object.assign(context.test, { notApplicable: why });
      context.skip();
    };
    const run = async (context: Mocha.Context, title: string, body: () => Promise<void>) => {
      if (options.covered?.titles.has(title)) notApplicable(context, title, options.covered.why);
      try {
        await body();
      } catch (error) {
        if (error instanceof NotApplicableHere) notApplicable(context, title, `on a shared deployment: ${error.message}`);
        throw error;
      }
      options.passed?.add(title);
    };
    const suite: Conformance = {
      it: (title, body) =>
        it(`[${targetName}] ${title}`, async function () {
          await run(this, title, body);
        }),
      itWithClock: (title, body) =>
        it(`[${targetName}] ${title}`, async function () {
          if (!target.clockOf) notApplicable(this, title, "the target cannot set transaction times");
          await run(this, title, () => body(target.clockOf!(actors())));
        }),
      itFresh: (title, body) =>
        it(`[${targetName}] ${title}`, async function () {
          if (target.shared) notApplicable(this, title, "it needs a ledger no other run has written to");
          await run(this, title, body);
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

/** A run id: 5 base-36 characters, a letter first (ids that start with a digit read like numbers). */
function newRunId(): string {
  const letter = String.fromCharCode(97 + Math.floor(Math.random() * 26));
  return letter + Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, "0");
}

/**
 * Before a test on a shared deployment: the actors hold the roles a fresh deployment gives
 * them (admin ADMIN, nobody else anything) whatever an earlier test left, and the grace
 * period is the spec's default. Returns what puts the deployment's own grace period back.
 */
async function startSharedTest(deployment: ActorLedgers): Promise<() => Promise<void>> {
  const { admin } = deployment;
  if (!(await admin.hasRole("ADMIN", admin.party))) {
    const holders = await Promise.all(ACTOR_NAMES.map(async (actor) => ((await admin.hasRole("ADMIN", deployment[actor].party)) ? actor : undefined)));
    const holder = holders.find((actor) => actor !== undefined);
    if (holder === undefined) throw new Error(`the profile's admin ${admin.party} holds no ADMIN role on this deployment, and no other actor does`);
    await deployment[holder].grantRole("ADMIN", admin.party);
  }
  // Read all at once (a query each, at every test's start), then revoke what is left over.
  const grants = ACTOR_NAMES.flatMap((actor) => ROLES.filter((role) => actor !== "admin" || role !== "ADMIN").map((role) => ({ role, party: deployment[actor].party })));
  const held = await Promise.all(grants.map(({ role, party }) => admin.hasRole(role, party)));
  for (const [index, { role, party }] of grants.entries()) {
    if (held[index]) await admin.revokeRole(role, party);
  }
  const gracePeriod = await admin.getGracePeriod();
  if (gracePeriod !== DEFAULT_GRACE_PERIOD) await admin.setGracePeriod(DEFAULT_GRACE_PERIOD);
  return async () => {
    if ((await admin.getGracePeriod()) === gracePeriod) return;
    if (!(await admin.hasRole("ADMIN", admin.party))) return; // the next test's start gives it back first
    await admin.setGracePeriod(gracePeriod);
  };
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
      itFresh: (title, body) => take() && suite.itFresh(title, body),
    });
  };
  return Object.fromEntries(Object.entries(specs).map(([primitive, spec]) => [primitive, first(spec)]));
}

/** Awaits a call that must be rejected with `code`; returns the error for further checks. */
export async function expectRejected(call: Promise<unknown>, code: ErrorCode): Promise<LedgerError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof NotApplicableHere) throw error;
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
