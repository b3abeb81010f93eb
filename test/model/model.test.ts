/**
 * Differential model tests: random command sequences from the named actors run on the
 * reference model (core/model) and on every embedded target; results, error codes,
 * events and everything observable must match after every step. A failure shrinks to a
 * minimal sequence and prints it as a replayable script.
 *
 *   npm test                    a few dozen sequences per target
 *   npm run test:model          MODEL_RUNS (default 1000) per target, seed printed
 *   MODEL_SEED=… MODEL_RUNS=…   replay a reported run
 */
import fc from "fast-check";
import { createEmbeddedEvmTarget } from "../../clients/evm-embedded/target.js";
import { createEmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import type { LedgerTarget } from "../../clients/ledger.js";
import { runSequence } from "./run-sequence.js";
import { sequenceArbitrary } from "./steps.js";

const RUNS = Number(process.env.MODEL_RUNS ?? 30);
const SEED = Number(process.env.MODEL_SEED ?? Date.now() % 2 ** 31);
const MAX_STEPS = Number(process.env.MODEL_STEPS ?? 20);

const TARGETS: [string, () => Promise<LedgerTarget>][] = [
  ["evm", createEmbeddedEvmTarget],
  ["fabric", createEmbeddedFabricTarget],
];

for (const [name, createTarget] of TARGETS) {
  describe(`model [${name}]`, function () {
    this.timeout(0);
    let target: LedgerTarget;
    before(async () => {
      target = await createTarget();
    });
    after(async () => target?.close());

    it(`[${name}] ${RUNS} random sequences of up to ${MAX_STEPS} steps match the reference model after every step (seed ${SEED})`, async () => {
      await fc.assert(
        fc.asyncProperty(sequenceArbitrary(MAX_STEPS), async (steps) => runSequence(await target.deploy(), steps, { observeEveryStep: true })),
        { numRuns: RUNS, seed: SEED, endOnFailure: false },
      );
    });
  });
}
