/**
 * Throughput and latency of Twinledger transactions on the local 2-org Fabric network
 * (2-of-2 endorsement through the Gateway): registerAsset at several concurrency levels,
 * and getAsset evaluations. Printed as a table; nothing is asserted.
 *
 * Against a yardstick (PRIMITIVES.md: a transaction of ours should reach ≥ 0.8× the throughput
 * of a bare putState on the same network): the bench-only chaincode `baseline`
 * (network/fabric/baseline/), whose `put(key, value)` is one putState, same policy, same client
 * connection, concurrency levels and transaction count, unique keys, a value as long as our
 * asset JSON. `baseline:put` is submitted twice over: through the same transport as ours
 * (submit, wait for commit, read the block for the event) — the chaincode's cost alone — and as a
 * bare Gateway submit (submitAsync + commit status) — the chaincode's and our client's cost.
 *
 *   npm run bench:fabric            # brings the network up if it is not (npm run network:up)
 */
import { createHash } from "node:crypto";
import { connectPeer } from "../../clients/fabric-gateway/connection.js";
import { connectFabricGateway } from "../../clients/fabric-gateway/ledger.js";
import { deployBaselineChaincode, deployChaincode, networkUp } from "../../network/fabric/index.js";
import { parseCommandLine } from "../common/command-line.js";

// It takes no flags: a mistyped one is refused rather than ignored.
parseCommandLine("bench:fabric", "npm run bench:fabric", { options: {} });

const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 120);
const CONCURRENCY = [1, 8, 32];

const profile = await networkUp({ log: (line) => console.error(line) });
const chaincode = `bench-${Date.now()}`;
await deployChaincode(chaincode);
await deployBaselineChaincode();
const org1 = profile.organizations[0];
const client = connectPeer(org1.peer);
const connect = (user: "Admin" | "User1") =>
  connectFabricGateway({ peer: org1.peer, client, user: { mspId: org1.mspId, ...org1.users[user] }, channel: profile.channel, chaincode });
const admin = connect("Admin");
const alice = connect("User1");
const baseline = connectFabricGateway({
  peer: org1.peer, client, user: { mspId: org1.mspId, ...org1.users.User1 }, channel: profile.channel, chaincode: "baseline",
});
// The first transaction may race gossip's view of a new definition; retry it briefly.
async function firstSubmit(submit: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await submit();
      return;
    } catch (error) {
      if (attempt > 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
await firstSubmit(() => admin.transport.submit("roles:initLedger", []));
await firstSubmit(() => baseline.transport.submit("baseline:put", [`${chaincode}-warmup`, "{}"]));

const hash = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(label: string, concurrency: number, count: number, call: (index: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) {
        const t0 = performance.now();
        await call(index);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return [label, String(concurrency), String(count), (count / seconds).toFixed(1), percentile(latencies, 50).toFixed(0), percentile(latencies, 95).toFixed(0), latencies.at(-1)!.toFixed(0)];
}

const rows: string[][] = [];
const ratios: string[][] = [];
let value = "";
for (const concurrency of CONCURRENCY) {
  const ours = await measure("registerAsset (submit, 2-of-2)", concurrency, TRANSACTIONS, (index) =>
    alice.ledger.registerAsset(`B-${concurrency}-${index}`, "machine.bench", hash(`${concurrency}/${index}`), "https://example.com/bench.json"),
  );
  // A value as long as the asset JSON our chaincode stores.
  value ||= "x".repeat(Buffer.from(await alice.transport.evaluate("asset:getAsset", ["B-1-0"])).length);
  const same = await measure("baseline:put (submit, same transport)", concurrency, TRANSACTIONS, (index) =>
    baseline.transport.submit("baseline:put", [`${chaincode}-t-${concurrency}-${index}`, value]),
  );
  const bare = await measure("baseline:put (bare Gateway submit)", concurrency, TRANSACTIONS, async (index) => {
    const submitted = await baseline.transport.contract.submitAsync("baseline:put", { arguments: [`${chaincode}-b-${concurrency}-${index}`, value] });
    if (!(await submitted.getStatus()).successful) throw new Error(`baseline:put ${submitted.getTransactionId()} did not commit`);
  });
  rows.push(ours, same, bare);
  const tps = (row: string[]) => Number(row[3]);
  ratios.push([String(concurrency), ours[3], same[3], (tps(ours) / tps(same)).toFixed(2), bare[3], (tps(ours) / tps(bare)).toFixed(2)]);
}
for (const concurrency of CONCURRENCY) {
  rows.push(await measure("getAsset (evaluate)", concurrency, TRANSACTIONS, (index) => alice.ledger.getAsset(`B-1-${index % TRANSACTIONS}`)));
}

function table(header: string[], body: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width, column) => (column === 0 ? "-".repeat(width + 2) : `${"-".repeat(width + 1)}:`)).join("|")}|`);
  for (const row of body) console.log(line(row));
}
table(["operation", "concurrency", "transactions", "tx/s", "p50 ms", "p95 ms", "max ms"], rows);
console.log(`\nregisterAsset vs a bare putState of ${value.length} bytes (target: ours ≥ 0.8× baseline)\n`);
table(["concurrency", "ours tx/s", "baseline tx/s (same transport)", "ratio", "baseline tx/s (bare submit)", "ratio"], ratios);
console.log(`\nlocal network: 1 Raft orderer (BatchTimeout from configtx), 2 peers; chaincode ${chaincode} (${profile.chaincode.type} package), baseline chaincode baseline (ccaas)`);

await admin.close();
await alice.close();
await baseline.close();
client.close();
process.exit(0);
