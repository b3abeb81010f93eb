/**
 * The model tests of every embedded target at once, one process per target: each run is one
 * core's work for a quarter of an hour, and the machine has more than one. Each line of output
 * carries its target's name; the exit code is non-zero if any target's run failed.
 *
 *   npm run test:model     (MODEL_RUNS, MODEL_SEED as for the model test itself)
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const TARGETS = ["evm", "fabric"];

function runTarget(target: string): Promise<number> {
  const child = spawn("npx", ["hardhat", "test", "mocha", "--no-compile", "test/model/model.test.ts", "--grep", `model \\[${target}\\]`], {
    stdio: ["ignore", "pipe", "pipe"],
    env: process.env,
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => console.log(`[${target}] ${line}`));
  }
  return new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
}

const codes = await Promise.all(TARGETS.map(runTarget));
const failed = TARGETS.filter((_target, index) => codes[index] !== 0);
console.log(failed.length ? `model tests failed on: ${failed.join(", ")}` : `model tests passed on: ${TARGETS.join(", ")}`);
process.exitCode = failed.length ? 1 : 0;
