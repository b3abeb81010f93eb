/** How much of the model test the real networks run (each step is a real transaction): MODEL_NETWORK_RUNS, default 10. */
import type { ModelRun } from "./describe-model.js";

export const NETWORK_MODEL_RUN: ModelRun = {
  runs: Number(process.env.MODEL_NETWORK_RUNS ?? 10),
  maxSteps: Number(process.env.MODEL_STEPS ?? 20),
  observeEveryStep: false,
};
