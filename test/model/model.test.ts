/**
 * Differential model tests on the embedded targets: random command sequences from the
 * named actors run on the reference model (core/model) and on each target; results, error
 * codes, events and everything observable must match after every step. A failure shrinks
 * to a minimal sequence and prints it as a replayable script.
 *
 *   npm test                    30 sequences per target
 *   npm run test:model          MODEL_RUNS (default 1000) per target, seed in the title
 *   MODEL_SEED=… MODEL_RUNS=…   replay a reported run
 */
import { createEmbeddedEvmTarget } from "../../clients/evm-embedded/target.js";
import { createEmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import { describeModel } from "./describe-model.js";

const run = { runs: Number(process.env.MODEL_RUNS ?? 30), maxSteps: Number(process.env.MODEL_STEPS ?? 20), observeEveryStep: true };

describeModel("evm", createEmbeddedEvmTarget, run);
describeModel("fabric", createEmbeddedFabricTarget, run);
