/**
 * The model test as a mocha suite for any target: `MODEL_RUNS` random sequences, each on a
 * fresh deployment, compared with the reference model. Embedded targets compare all
 * observable state after every step; real networks (slower per query) after the last.
 */
import fc from "fast-check";
import type { LedgerTarget } from "../../clients/ledger.js";
import { createOrSkip } from "../conformance/harness.js";
import { OUTCOMES, runSequence } from "./run-sequence.js";
import { sequenceArbitrary } from "./steps.js";

export interface ModelRun {
  runs: number;
  maxSteps: number;
  observeEveryStep: boolean;
}

/**
 * The gate (CI, `npm test`) replays one fixed seed, so a run that lands is a run that can be
 * repeated; `MODEL_SEED=random` explores new sequences, and any number replays a reported run.
 */
export const DEFAULT_MODEL_SEED = 839784172;

function modelSeed(setting: string | undefined): number {
  if (setting === undefined || setting === "") return DEFAULT_MODEL_SEED;
  if (setting === "random") return Date.now() % 2 ** 31;
  const seed = Number(setting);
  if (!Number.isSafeInteger(seed)) throw new Error(`MODEL_SEED must be an integer or "random", not ${JSON.stringify(setting)}`);
  return seed;
}

export function describeModel(name: string, createTarget: () => Promise<LedgerTarget>, { runs, maxSteps, observeEveryStep }: ModelRun): void {
  const seed = modelSeed(process.env.MODEL_SEED);
  describe(`model [${name}]`, function () {
    this.timeout(0);
    let target: LedgerTarget | undefined;
    before(async function () {
      target = await createOrSkip(this, name, createTarget);
    });
    after(async () => target?.close());

    const when = observeEveryStep ? "after every step" : "step by step, and in full after the last";
    it(`[${name}] ${runs} random sequences of up to ${maxSteps} steps match the reference model ${when} (seed ${seed})`, async () => {
      await fc.assert(
        // Certification's answers depend on each transaction's time: only where the target's clock sets it.
        fc.asyncProperty(sequenceArbitrary(maxSteps, { certification: !!target!.clockOf }), async (steps) => {
          const actors = await target!.deploy();
          await runSequence(actors, steps, { observeEveryStep, clock: target!.clockOf?.(actors) });
        }),
        { numRuns: runs, seed },
      );
      if (process.env.MODEL_OUTCOMES) {
        const lines = [...OUTCOMES].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => `      ${key}: ${n}`);
        console.log(`    answers over ${runs} sequences on ${name}:\n${lines.join("\n")}`);
      }
      OUTCOMES.clear();
    });
  });
}
