/**
 * Part "fabric-network" of `npm run bench`: submit throughput and latency of each write
 * operation on the local 2-org Fabric network (2-of-2 endorsement through the Gateway, the node
 * chaincode package launched by the peers), beside a bare `putState` chaincode measured in the
 * same run at the same concurrency, under the channel's test batching and again under
 * production-like batching (the orderer's settings changed on the live channel). Brings the
 * network up if it is not, and down again if it brought it up.
 *
 *   npx tsx scripts/bench/fabric-network.ts
 *
 * Rows: BENCH_FABRIC_TRANSACTIONS (2,000) transactions or BENCH_FABRIC_SECONDS (30) s, whichever
 * comes first, repeated BENCH_FABRIC_REPEATS (3) times; concurrency 1, 8, 32 and 64 under test
 * batching, BENCH_FABRIC_PRODUCTION_CONCURRENCY (32, 64) under production-like batching.
 */
import { PeerClients } from "../../clients/fabric-gateway/shared-target.js";
import { connectFabricGateway } from "../../clients/fabric-gateway/ledger.js";
import { deployBaselineChaincode, networkDown, networkStatus, networkUp } from "../../network/fabric/index.js";
import { deployForCast } from "../../network/fabric/conformance-target.js";
import { PRODUCTION_BATCHING, TEST_BATCHING, batchTimeoutMs, describeBatchSettings, readBatchSettings, updateBatchSettings, type BatchSettings } from "../../network/fabric/batch-settings.js";
import { sampleConfigDir } from "../../network/fabric/sampleconfig.js";
import { driveRow, spread, type RowResult } from "./workload/drive.js";
import { LIFECYCLE, prepareLifecycle } from "./workload/lifecycle.js";
import { progress, writePart, type BenchGoal, type BenchPart, type Cell } from "./report/part.js";

const PART = "fabric-network";
const numberList = (text: string) => text.split(",").map(Number);
const TRANSACTIONS = Number(process.env.BENCH_FABRIC_TRANSACTIONS ?? 2_000);
const SECONDS = Number(process.env.BENCH_FABRIC_SECONDS ?? 30);
const REPEATS = Number(process.env.BENCH_FABRIC_REPEATS ?? 3);
const TEST_CONCURRENCY = numberList(process.env.BENCH_FABRIC_CONCURRENCY ?? "1,8,32,64");
const PRODUCTION_CONCURRENCY = numberList(process.env.BENCH_FABRIC_PRODUCTION_CONCURRENCY ?? "32,64");
/** The goal's row: every write operation ≥ 0.8× the bare putState at this concurrency. */
const GOAL_CONCURRENCY = 32;
const GOAL_RATIO = 0.8;
const BASELINE = "bare putState (baseline chaincode)";
const started = Date.now();

const log = (line: string) => progress(PART, line);
const wasUp = (await networkStatus()).some((node) => node.healthy);
const profile = await networkUp({ log });
const cfg = await sampleConfigDir();
await deployBaselineChaincode();
const clients = new PeerClients();
const cast = await deployForCast(profile, clients);
const actors = cast.ledgers;
const now = Math.floor(Date.now() / 1000);
await prepareLifecycle(actors, now);
const org1 = profile.organizations[0];
const baseline = connectFabricGateway({ peer: org1.peer, client: clients.of(org1.peer), user: { mspId: org1.mspId, ...org1.users.User1 }, channel: profile.channel, chaincode: "baseline" });
const original = await readBatchSettings(cfg);

interface Measured {
  batching: "test" | "production";
  operation: string;
  concurrency: number;
  repeats: RowResult[];
}
const measured: Measured[] = [];
let baselineValue = "";
let run = 0;

/** One pass of the chain at one concurrency: each step on the records the step before committed. */
async function chainAt(batching: Measured["batching"], concurrency: number, repeat: number) {
  const tag = `r${++run}`;
  let records: number[] | undefined;
  for (const step of LIFECYCLE) {
    const available = records;
    const row = await driveRow({ concurrency, transactions: TRANSACTIONS, seconds: SECONDS, minTransactions: 0, available: available?.length }, (index) =>
      step.submit(actors, `${tag}-${available ? available[index] : index}`, now),
    );
    records = (available ? row.succeeded.map((index) => available[index]) : row.succeeded);
    record(batching, step.operation, concurrency, repeat, row);
  }
  // A value as long as the asset JSON our chaincode stores, so that both write the same bytes.
  baselineValue ||= "x".repeat(Buffer.from(await cast.admin.transport.evaluate("asset:getAsset", [`A-${tag}-${records![0] ?? 0}`])).length);
  const row = await driveRow({ concurrency, transactions: TRANSACTIONS, seconds: SECONDS, minTransactions: 0 }, (index) =>
    baseline.transport.submit("baseline:put", [`${tag}-${index}`, baselineValue]),
  );
  record(batching, BASELINE, concurrency, repeat, row);
}

function record(batching: Measured["batching"], operation: string, concurrency: number, repeat: number, row: RowResult) {
  let entry = measured.find((m) => m.batching === batching && m.operation === operation && m.concurrency === concurrency);
  if (!entry) measured.push((entry = { batching, operation, concurrency, repeats: [] }));
  entry.repeats.push(row);
  log(`${batching} batching, ${operation} at ${concurrency}, run ${repeat}: ${row.transactions} tx in ${row.seconds.toFixed(1)} s, ${row.tps.toFixed(1)} tx/s, p95 ${row.p95.toFixed(0)} ms${row.failures ? `, ${row.failures} failed (${row.firstFailure})` : ""}`);
}

async function measureUnder(batching: Measured["batching"], settings: BatchSettings, concurrencies: number[]) {
  log(`batching: ${describeBatchSettings(settings)}`);
  await updateBatchSettings(cfg, settings);
  for (let repeat = 1; repeat <= REPEATS; repeat++) for (const concurrency of concurrencies) await chainAt(batching, concurrency, repeat);
}

try {
  await measureUnder("test", TEST_BATCHING, TEST_CONCURRENCY);
  await measureUnder("production", PRODUCTION_BATCHING, PRODUCTION_CONCURRENCY);
} finally {
  await updateBatchSettings(cfg, original).catch((error) => log(`could not restore the batch settings: ${(error as Error).message}`));
  await baseline.close();
  await cast.close();
  clients.close();
  if (!wasUp) await networkDown();
}

// ---- report --------------------------------------------------------------------------------
const tpsOf = (m: Measured) => spread(m.repeats.map((r) => r.tps));
const mean = (values: number[]) => spread(values).mean;
const baselineOf = (m: Measured) => measured.find((b) => b.batching === m.batching && b.operation === BASELINE && b.concurrency === m.concurrency);
const timeoutMs = (batching: Measured["batching"]) => batchTimeoutMs(batching === "test" ? TEST_BATCHING : PRODUCTION_BATCHING);
/** A row whose median latency is most of a batch timeout waited for the timer, not for the chaincode. */
const boundBy = (m: Measured) => (mean(m.repeats.map((r) => r.p50)) >= 0.8 * timeoutMs(m.batching) ? "batch timer" : "blocks by count or size");

const rows: Cell[][] = measured.map((m) => {
  const { mean: tps, spread: swing } = tpsOf(m);
  const base = baselineOf(m);
  return [
    m.batching,
    m.operation,
    m.concurrency,
    m.repeats.reduce((sum, r) => sum + r.transactions, 0),
    Number(tps.toFixed(1)),
    `±${(swing * 50).toFixed(1)}%`,
    Math.round(mean(m.repeats.map((r) => r.p50))),
    Math.round(mean(m.repeats.map((r) => r.p95))),
    Math.round(mean(m.repeats.map((r) => r.p99))),
    base && m.operation !== BASELINE ? Number((tps / tpsOf(base).mean).toFixed(3)) : null,
    m.repeats.reduce((sum, r) => sum + r.failures, 0),
    boundBy(m),
  ];
});
const atGoal = measured.filter((m) => m.batching === "test" && m.concurrency === GOAL_CONCURRENCY && m.operation !== BASELINE);
const below = atGoal.filter((m) => tpsOf(m).mean < GOAL_RATIO * tpsOf(baselineOf(m)!).mean);
const ratioText = (m: Measured) => `${m.operation} ${(tpsOf(m).mean / tpsOf(baselineOf(m)!).mean).toFixed(2)}×`;
const goals: BenchGoal[] = atGoal.length
  ? [
      {
        goal: `every Fabric write operation ≥ ${GOAL_RATIO}× bare-putState throughput at concurrency ${GOAL_CONCURRENCY}`,
        measured: atGoal.map(ratioText).join(", "),
        met: below.length === 0,
        why: below.length ? `below: ${below.map(ratioText).join(", ")} — each does more than one putState: it reads what it checks (the record, roles, the asset, the index keys) and writes its record, its history key and its listing index keys` : undefined,
      },
    ]
  : [];
const part: BenchPart = {
  part: PART,
  title: "Fabric on the real network: throughput and latency of each write operation",
  seconds: (Date.now() - started) / 1000,
  tables: [
    {
      id: PART,
      title: "Submit throughput and latency through the Gateway (2 peers, 2-of-2 endorsement, 1 Raft orderer)",
      columns: ["batching", "operation", "concurrency", "transactions", "tx/s", "spread", "p50 ms", "p95 ms", "p99 ms", "÷ bare putState", "failed", "bound by"],
      numeric: [false, false, true, true, true, false, true, true, true, true, true, false],
      rows,
      note: `Each row ${TRANSACTIONS.toLocaleString("en-US")} transactions or ${SECONDS} s, whichever first, ${REPEATS} times (tx/s the mean, spread half the range); latency from submit to the client's commit notice; each operation on the records the one before it committed. Test batching: ${describeBatchSettings(TEST_BATCHING)}. Production-like: ${describeBatchSettings(PRODUCTION_BATCHING)}, set on the live channel by a config update. The baseline is one putState of a value as long as our asset JSON (${baselineValue.length} bytes), its own chaincode server, the same policy.`,
    },
  ],
  charts: [
    {
      id: PART,
      title: "Throughput vs concurrency (test batching)",
      kind: "lines",
      xLabel: "transactions in flight",
      yLabel: "tx/s",
      logX: true,
      series: [...new Set(measured.filter((m) => m.batching === "test").map((m) => m.operation))].map((operation) => ({
        name: operation,
        points: measured.filter((m) => m.batching === "test" && m.operation === operation).map((m) => ({ x: m.concurrency, y: Number(tpsOf(m).mean.toFixed(1)) })),
      })),
    },
  ],
  goals,
  notes: [`Network: ${profile.organizations.length} organisations, one peer each, chaincode ${profile.chaincode.type} package; the channel's batch settings restored to ${describeBatchSettings(original)} afterwards.`],
};
for (const row of rows) console.log(row.map((cell) => String(cell ?? "—").padStart(10)).join(" "));
writePart(part);
process.exit(0);
