/**
 * Part "fabric-scale" of `npm run bench`: does Fabric get slower as the ledger grows? On the
 * local 2-org network through the Gateway, with 1, 10, 1,000 and 10,000 records of each kind on
 * the channel (assets with an SGTIN bound, certificates, receivables, filled by the bench's own
 * workload at concurrency 64 between the sizes):
 *   - the latency of each write of an industrial fact's life (register, bind, issue a
 *     certificate, issue / acknowledge / finance / accept a receivable), one at a time;
 *   - a page of each listing and a history, evaluated through the Gateway (median of repeats).
 * Brings the network up if it is not, and down again if it brought it up.
 *
 *   npx tsx scripts/bench/fabric-scale.ts     (FABRIC_SCALE_SIZES=1,10,1000,10000  FABRIC_SCALE_WRITES=20  FABRIC_SCALE_READS=15)
 */
import { performance } from "node:perf_hooks";
import { PeerClients } from "../../clients/fabric-gateway/shared-target.js";
import { deployForCast } from "../../network/fabric/conformance-target.js";
import { networkDown, networkStatus, networkUp } from "../../network/fabric/index.js";
import { TEST_BATCHING, describeBatchSettings, readBatchSettings, sameBatchSettings, updateBatchSettings } from "../../network/fabric/batch-settings.js";
import { sampleConfigDir } from "../../network/fabric/sampleconfig.js";
import { driveRow } from "./workload/drive.js";
import { LIFECYCLE, prepareLifecycle } from "./workload/lifecycle.js";
import { READ_PAGE_SIZE, READ_QUERIES, median, pageGrowthGoals, type ReadSubjects } from "./workload/read-queries.js";
import { progress, writePart, type BenchPart, type Cell } from "./report/part.js";
import { renderConsoleTable } from "./report/markdown.js";

const PART = "fabric-scale";
const SIZES = (process.env.FABRIC_SCALE_SIZES ?? "1,10,1000,10000").split(",").map(Number);
const WRITES = Number(process.env.FABRIC_SCALE_WRITES ?? 20);
const READS = Number(process.env.FABRIC_SCALE_READS ?? 15);
const FILL_CONCURRENCY = 64;
/** The fill writes what the reads list: the first four steps (asset, binding, certificate, receivable). */
const FILL_STEPS = LIFECYCLE.slice(0, 4);
const started = Date.now();
const log = (line: string) => progress(PART, line);

const wasUp = (await networkStatus()).some((node) => node.healthy);
const profile = await networkUp({ log });
const cfg = await sampleConfigDir();
const original = await readBatchSettings(cfg);
const clients = new PeerClients();
const cast = await deployForCast(profile, clients);
const actors = cast.ledgers;
const now = Math.floor(Date.now() / 1000);

const writeRows: Cell[][] = [];
const readRows: Cell[][] = [];
const latency = new Map<string, Map<number, number>>();
const reads = new Map<string, Map<number, number>>();
const keep = (into: Map<string, Map<number, number>>, name: string, size: number, value: number) => {
  if (!into.has(name)) into.set(name, new Map());
  into.get(name)!.set(size, value);
};

try {
  if (!sameBatchSettings(original, TEST_BATCHING)) await updateBatchSettings(cfg, TEST_BATCHING);
  await prepareLifecycle(actors, now);
  const subjects: ReadSubjects = { owner: actors.alice.party, issuer: actors.carol.party, seller: actors.alice.party, assetId: "A-fill-0" };
  let filled = 0;
  let round = 0;
  for (const size of SIZES) {
    log(`filling to ${size.toLocaleString("en-US")} records of each kind`);
    await fill(filled, size);
    filled = size;

    log(`${size.toLocaleString("en-US")} records: ${WRITES} of each write, one at a time`);
    const tag = `m${++round}`;
    let records: number[] | undefined;
    for (const step of LIFECYCLE) {
      const available = records;
      const row = await driveRow({ concurrency: 1, transactions: WRITES, seconds: Infinity, minTransactions: WRITES, available: available?.length }, (index) =>
        step.submit(actors, `${tag}-${available ? available[index] : index}`, now),
      );
      if (row.failures) throw new Error(`${step.operation} at ${size} records: ${row.failures} failed, the first: ${row.firstFailure}`);
      records = available ? row.succeeded.map((index) => available[index]) : row.succeeded;
      writeRows.push([step.operation, size, row.transactions, Math.round(row.p50), Math.round(row.p95)]);
      keep(latency, step.operation, size, row.p50);
    }

    for (const query of READ_QUERIES) {
      log(`${size.toLocaleString("en-US")} records: ${query.name} × ${READS}`);
      const times: number[] = [];
      let items = 0;
      for (let k = 0; k < READS; k += 1) {
        const t0 = performance.now();
        items = await query.run(actors.admin, subjects);
        times.push(performance.now() - t0);
      }
      readRows.push([query.name, size, items, Number(median(times).toFixed(2)), Number(Math.max(...times).toFixed(2))]);
      keep(reads, query.name, size, median(times));
    }
  }
} finally {
  if (!sameBatchSettings(original, TEST_BATCHING)) await updateBatchSettings(cfg, original).catch((error) => log(`could not restore the batch settings: ${(error as Error).message}`));
  await cast.close();
  clients.close();
  if (!wasUp) await networkDown();
}

/** Records [from, to) of the four kinds, each step at FILL_CONCURRENCY on the ones the step before wrote. */
async function fill(from: number, to: number): Promise<void> {
  const numbers = Array.from({ length: to - from }, (_unused, k) => from + k);
  if (numbers.length === 0) return;
  for (const step of FILL_STEPS) {
    const t0 = performance.now();
    const row = await driveRow({ concurrency: FILL_CONCURRENCY, transactions: numbers.length, seconds: Infinity, minTransactions: numbers.length }, (index) =>
      step.submit(actors, `fill-${numbers[index]}`, now),
    );
    if (row.failures) throw new Error(`filling ${step.operation}: ${row.failures} of ${numbers.length} failed, the first: ${row.firstFailure}`);
    log(`  ${step.operation}: ${numbers.length.toLocaleString("en-US")} in ${((performance.now() - t0) / 1000).toFixed(0)} s (${row.tps.toFixed(0)} tx/s)`);
  }
}

// ---- report --------------------------------------------------------------------------------
const last = SIZES.at(-1)!;
const readBase = SIZES.find((size) => size >= 10) ?? SIZES[0];
const goals = pageGrowthGoals(reads, readBase, last, "Fabric ", "the chaincode's query does work in proportion to the records on the channel");
const part: BenchPart = {
  part: PART,
  title: "Fabric as the ledger grows: write latency and page reads with 1 to 10,000 records",
  seconds: (Date.now() - started) / 1000,
  tables: [
    {
      id: `${PART}-writes`,
      title: "Write latency by records of each kind on the channel (one transaction at a time)",
      columns: ["operation", "records of each kind", "transactions", "p50 ms", "p95 ms"],
      numeric: [false, true, true, true, true],
      rows: writeRows,
      note: `Submit to commit notice through the Gateway, 2-of-2 endorsement, test batching (${describeBatchSettings(TEST_BATCHING)}): one transaction at a time waits for the batch timer, so a p50 near it is the timer. ${WRITES} of each, each step on the records the one before it wrote. The proof's verification has no Fabric side to time: the EVM verifies it.`,
    },
    {
      id: `${PART}-reads`,
      title: "A page read through the Gateway by records of each kind on the channel",
      columns: ["read", "records of each kind", "items", "median ms", "max ms"],
      numeric: [false, true, true, true, true],
      rows: readRows,
      note: `Evaluate through the Gateway to one peer, page size ${READ_PAGE_SIZE}, median of ${READS}; alice owns and sells, carol issued, every filled record.`,
    },
  ],
  charts: [
    {
      id: `${PART}-writes`,
      title: "Fabric write latency (p50) vs records on the channel",
      kind: "lines",
      xLabel: "records of each kind",
      yLabel: "p50 ms",
      logX: true,
      series: [...latency].map(([name, bySize]) => ({ name, points: [...bySize].map(([x, y]) => ({ x, y: Math.round(y) })) })),
    },
  ],
  goals,
  notes: [
    `Network: ${profile.organizations.length} organisations, one peer each (LevelDB state), chaincode ${profile.chaincode.type} package; records of each kind: ${SIZES.map((s) => s.toLocaleString("en-US")).join(", ")}.`,
  ],
};
for (const table of part.tables) console.log(`\n${renderConsoleTable(table)}`);
for (const goal of goals) console.log(goal.met ? `Target met: ${goal.goal}: ${goal.measured}.` : `TARGET MISSED: ${goal.goal}: ${goal.measured}.`);
writePart(part);
process.exit(0);
