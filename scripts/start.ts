/**
 * `npm start`: the walkthrough on both embedded platforms — Hardhat's in-process EVM and
 * the in-process Fabric peer — printed side by side, with any difference marked; then the
 * cross-ledger story, with facts carried between the two ledgers as proofs.
 */
import { isDeepStrictEqual } from "node:util";
import { createEmbeddedEvmTarget } from "../clients/evm-embedded/target.js";
import { createEmbeddedFabricTarget } from "../clients/fabric-embedded/target.js";
import type { ActorLedgers, LedgerTarget } from "../clients/ledger.js";
import { attempt, normalise, printTable, summarise, type Outcome } from "./walkthrough/present.js";
import { WALKTHROUGH } from "./walkthrough/steps.js";
import { createCrossLedgerStage, embeddedConsortium, embeddedFabricSide } from "./walkthrough/cross-ledger-stage.js";
import { runCrossLedgerStory } from "./walkthrough/cross-ledger.js";

async function runOn(target: LedgerTarget): Promise<{ actors: ActorLedgers; outcomes: Outcome[] }> {
  const actors = await target.deploy();
  const outcomes: Outcome[] = [];
  for (const step of WALKTHROUGH) outcomes.push(await attempt(() => step.run(actors)));
  return { actors, outcomes };
}

const fabricTarget = await createEmbeddedFabricTarget({ endorsingPeers: true });
const targets = [await createEmbeddedEvmTarget(), fabricTarget];
try {
  const runs = [];
  for (const target of targets) runs.push(await runOn(target));
  const normalised = runs.map((run) => run.outcomes.map((outcome) => normalise(outcome, run.actors) as Outcome));

  let differences = 0;
  const rows = WALKTHROUGH.map((step, index) => {
    const [evm, fabric] = normalised.map((outcomes) => outcomes[index]);
    const same = isDeepStrictEqual(evm, fabric);
    if (!same) differences += 1;
    return [step.title, summarise(evm), summarise(fabric), same ? "=" : "≠ DIFFERENT"];
  });

  console.log("\nTwinledger walkthrough — one specification, two platforms (parties shown by actor name)\n");
  printTable(["step", ...targets.map((target) => target.name), "parity"], rows);
  console.log(`\n${differences === 0 ? "Both platforms behaved identically" : `${differences} step(s) differ`} over ${WALKTHROUGH.length} steps.`);
  for (const [index, run] of runs.entries()) {
    console.log(`  ${targets[index].name}: bob = ${run.actors.bob.party}`);
  }

  // The cross-ledger story continues on the Fabric channel the walkthrough left behind.
  const stage = await createCrossLedgerStage(embeddedFabricSide(fabricTarget, runs[1].actors), embeddedConsortium(fabricTarget));
  try {
    const { results, reserveToFinancedMs } = await runCrossLedgerStory(stage);
    console.log("\nCross-ledger: facts carried between the ledgers as proofs, no relay trusted (INTEROP.md)\n");
    printTable(["step", "ledger", "outcome", "as specified"], results.map((result) => [result.title, result.ledger, result.detail, result.outcome === result.expected ? "yes" : `NO (expected ${result.expected})`]));
    const deviations = results.filter((result) => result.outcome !== result.expected).length;
    console.log(`\n${deviations === 0 ? "Every cross-ledger step behaved as specified" : `${deviations} cross-ledger step(s) deviate`}; reserved on Fabric → financed on EVM in ${Math.round(reserveToFinancedMs)} ms.`);
    process.exitCode = differences === 0 && deviations === 0 ? 0 : 1;
  } finally {
    await stage.close();
  }
} finally {
  for (const target of targets) await target.close();
}
