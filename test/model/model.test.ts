/**
 * Differential model tests on the embedded targets: random command sequences from the
 * named actors run on the reference model (core/model) and on each target; results, error
 * codes, events and everything observable must match after every step. A failure shrinks
 * to a minimal sequence and prints it as a replayable script.
 *
 *   npm test                    30 sequences per target
 *   npm run test:model          MODEL_RUNS (default 1000) per target, seed in the title
 *   MODEL_OBSERVE=last          all observable state compared after the last step only (CI)
 *   MODEL_SEED=… MODEL_RUNS=…   replay a reported run
 */
import { createEmbeddedEvmTarget } from "../../clients/evm-embedded/target.js";
import { createEmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import { describeModel } from "./describe-model.js";

/**
 * MODEL_OBSERVE=last compares every step's result, code and event, and all observable state
 * after the last step only: a fifth of the time, for CI's 1,000 sequences per target (the
 * 30 of `npm test` observe after every step).
 */
function observeEveryStep(setting = "every"): boolean {
  if (setting !== "every" && setting !== "last") throw new Error(`MODEL_OBSERVE must be "every" or "last", not ${JSON.stringify(setting)}`);
  return setting === "every";
}

const run = { runs: Number(process.env.MODEL_RUNS ?? 30), maxSteps: Number(process.env.MODEL_STEPS ?? 20), observeEveryStep: observeEveryStep(process.env.MODEL_OBSERVE) };

describeModel("evm", createEmbeddedEvmTarget, run);
describeModel("fabric", createEmbeddedFabricTarget, run);
