/**
 * Throughput and latency of Twinledger transactions on the local 2-org Fabric network
 * (2-of-2 endorsement through the Gateway): registerAsset at several concurrency levels,
 * and getAsset evaluations. Printed as a table; nothing is asserted.
 *
 *   npm run bench:fabric            # brings the network up if it is not (npm run network:up)
 */
import { createHash } from "node:crypto";
import { connectPeer } from "../../clients/fabric-gateway/connection.js";
import { connectFabricGateway } from "../../clients/fabric-gateway/ledger.js";
import { deployChaincode, networkUp } from "../../network/fabric/index.js";

const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 120);
const CONCURRENCY = [1, 8, 32];

const profile = await networkUp({ log: (line) => console.error(line) });
const chaincode = `bench-${Date.now()}`;
await deployChaincode(chaincode);
const org1 = profile.organizations[0];
const client = connectPeer(org1.peer);
const connect = (user: "Admin" | "User1") =>
  connectFabricGateway({ peer: org1.peer, client, user: { mspId: org1.mspId, ...org1.users[user] }, channel: profile.channel, chaincode });
const admin = connect("Admin");
const alice = connect("User1");
// The first transaction may race gossip's view of the new definition; retry it briefly.
for (let attempt = 0; ; attempt++) {
  try {
    await admin.transport.submit("roles:initLedger", []);
    break;
  } catch (error) {
    if (attempt > 40) throw error;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

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
for (const concurrency of CONCURRENCY) {
  rows.push(
    await measure("registerAsset (submit, 2-of-2)", concurrency, TRANSACTIONS, (index) =>
      alice.ledger.registerAsset(`B-${concurrency}-${index}`, "machine.bench", hash(`${concurrency}/${index}`), "https://example.com/bench.json"),
    ),
  );
}
for (const concurrency of CONCURRENCY) {
  rows.push(await measure("getAsset (evaluate)", concurrency, TRANSACTIONS, (index) => alice.ledger.getAsset(`B-1-${index % TRANSACTIONS}`)));
}

const header = ["operation", "concurrency", "transactions", "tx/s", "p50 ms", "p95 ms", "max ms"];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(" | ")} |`;
console.log(line(header));
console.log(`|${widths.map((width, column) => (column === 0 ? "-".repeat(width + 2) : `${"-".repeat(width + 1)}:`)).join("|")}|`);
for (const row of rows) console.log(line(row));
console.log(`\nlocal network: 1 Raft orderer (BatchTimeout from configtx), 2 peers, chaincode as a service; chaincode ${chaincode}`);

await admin.close();
await alice.close();
client.close();
process.exit(0);
