/**
 * The bad-input corpus (corpus.ts) on every embedded target: each entry must get the code
 * the reference model gives it — the same on both platforms — and leave everything
 * observable exactly as it was.
 */
import { expect } from "chai";
import type { OperationName } from "../../core/index.js";
import { answerProblems } from "../parity/answers.js";
import { createEmbeddedEvmTarget } from "../../clients/evm-embedded/target.js";
import { createEmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import type { ActorLedgers, LedgerTarget } from "../../clients/ledger.js";
import { corpus, SEED, type CorpusEntry } from "./corpus.js";
import { callModel, callTarget, kindOf, modelOf, observe, stable } from "./run-sequence.js";
import type { Step } from "./steps.js";

const ENTRIES = corpus();

const TARGETS: [string, () => Promise<LedgerTarget>][] = [
  ["evm", createEmbeddedEvmTarget],
  ["fabric", createEmbeddedFabricTarget],
];

/** One fresh, seeded deployment with its model. */
async function seeded(target: LedgerTarget) {
  const actors = await target.deploy();
  const { model, resolveStep, start } = await modelOf(actors);
  const run = async (step: Step) => {
    const args = resolveStep(step);
    const kind = kindOf(step.operation);
    return { expected: callModel(model, kind, step.operation, args, actors[step.actor].party), actual: await callTarget(actors[step.actor], step.operation, args) };
  };
  for (const step of SEED) {
    const { expected, actual } = await run(step);
    if (!expected.ok || !actual.ok) throw new Error(`seed step ${step.operation} failed: ${stable({ expected, actual })}`);
  }
  const digest = (ledgers: ActorLedgers) => observe(ledgers, start, (op, a) => callTarget(ledgers.admin, op, a));
  return { actors, run, digest: () => digest(actors) };
}

for (const [name, createTarget] of TARGETS) {
  describe(`bad-input corpus [${name}]`, function () {
    this.timeout(0);
    let target: LedgerTarget;
    before(async () => {
      target = await createTarget();
    });
    after(async () => target?.close());

    it(`[${name}] all ${ENTRIES.length} bad inputs get the model's code, and nothing observable changes`, async () => {
      const failures: string[] = [];
      const byOperation = new Map<string, CorpusEntry[]>();
      for (const entry of ENTRIES) byOperation.set(entry.step.operation, [...(byOperation.get(entry.step.operation) ?? []), entry]);
      for (const entries of byOperation.values()) {
        const ledger = await seeded(target);
        const before = stable(await ledger.digest());
        for (const entry of entries) {
          const { expected, actual } = await ledger.run(entry.step);
          if (expected.ok) failures.push(`${entry.title}: the model accepts it, so it is no bad input`);
          else if (stable(actual) !== stable(expected)) failures.push(`${entry.title}: model ${stable(expected)}, target ${stable(actual)}`);
          else if (stable(await ledger.digest()) !== before) failures.push(`${entry.title}: rejected, but the ledger changed`);
          if (!actual.ok) failures.push(...answerProblems(entry.step.operation as OperationName, { code: actual.code }).map((p) => `${entry.title}: ${p}`));
        }
      }
      expect(failures).to.deep.equal([]);
    });
  });
}
