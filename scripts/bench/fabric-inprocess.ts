/**
 * Part "fabric-inprocess" of `npm run bench`: transactions per second of each write operation
 * on the embedded Fabric peer (the compiled chaincode under real fabric-contract-api dispatch,
 * both organisations' peers endorsing and signing, no network, no orderer): what the chaincode
 * and its client cost on one core before a network adds its own. One transaction at a time.
 *
 *   npx tsx scripts/bench/fabric-inprocess.ts        (FABRIC_INPROCESS_TRANSACTIONS, default 500)
 */
import { createEmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import { driveRow } from "./workload/drive.js";
import { LIFECYCLE, prepareLifecycle } from "./workload/lifecycle.js";
import { progress, writePart, type BenchPart } from "./report/part.js";

const PART = "fabric-inprocess";
const TRANSACTIONS = Number(process.env.FABRIC_INPROCESS_TRANSACTIONS ?? 500);
const started = Date.now();

const target = await createEmbeddedFabricTarget({ endorsingPeers: true });
const actors = await target.deploy();
const clock = target.clockOf?.(actors);
if (!clock) throw new Error("the embedded Fabric target has no clock");
const now = await clock.now();
await prepareLifecycle(actors, now);

const rows: (string | number)[][] = [];
for (const step of LIFECYCLE) {
  progress(PART, `${step.operation}: ${TRANSACTIONS} transactions`);
  const row = await driveRow({ concurrency: 1, transactions: TRANSACTIONS, seconds: Infinity, minTransactions: TRANSACTIONS }, (n) => step.submit(actors, `p${n}`, now));
  if (row.failures) throw new Error(`${step.operation}: ${row.failures} of ${TRANSACTIONS} failed, the first: ${row.firstFailure}`);
  rows.push([step.operation, row.transactions, Number(row.tps.toFixed(1)), Number(row.p50.toFixed(2)), Number(row.p95.toFixed(2)), Number(row.p99.toFixed(2))]);
}
await target.close();

const part: BenchPart = {
  part: PART,
  title: "Fabric in-process: transactions per second per operation",
  seconds: (Date.now() - started) / 1000,
  tables: [
    {
      id: PART,
      title: "Write operations on the embedded Fabric peer, one at a time",
      columns: ["operation", "transactions", "tx/s", "p50 ms", "p95 ms", "p99 ms"],
      numeric: [false, true, true, true, true, true],
      rows,
      note: "Each operation on the records the one before it wrote (asset → SGTIN → certificate → invoice → acknowledged → financing requested → accepted); proposal, both organisations' endorsements (signed), validation and commit in one process, one core.",
    },
  ],
  charts: [],
  goals: [],
  notes: [],
};
for (const row of rows) console.log(row.map((cell) => String(cell).padStart(12)).join(""));
writePart(part);
