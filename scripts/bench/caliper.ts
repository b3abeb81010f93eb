/**
 * Part "fabric-caliper" of `npm run bench`: the fabric-network part's workload driven by
 * Hyperledger Caliper, the tool Fabric users trust for such numbers, on the same network:
 * a warm-up round, then a bare putState, registerAsset and bindIdentifier on the assets it registered, each round
 * CALIPER_TRANSACTIONS transactions at a fixed load of CALIPER_LOAD in flight (Caliper's
 * `fixed-load` rate control), one Caliper worker, through Caliper's Fabric peer-gateway connector.
 *
 * Caliper is not a project dependency (its tree pins web3 1.2 and native builds): the part
 * installs @hyperledger/caliper-cli and caliper-fabric 0.6.0 from npm into a cache outside the
 * clone (~/.cache/twinledger/caliper-0.6.0, as geth's build) and binds it to fabric:2.5
 * (@hyperledger/fabric-gateway) on first use. Brings the network up if it is not, and down again
 * if it brought it up.
 *
 *   npx tsx scripts/bench/caliper.ts     (CALIPER_TRANSACTIONS=2000  CALIPER_LOAD=32)
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicalize, sha256Hex } from "../../core/index.js";
import { PeerClients } from "../../clients/fabric-gateway/shared-target.js";
import { castMember, deployForCast } from "../../network/fabric/conformance-target.js";
import { deployBaselineChaincode, networkDown, networkStatus, networkUp, type FabricNetworkProfile } from "../../network/fabric/index.js";
import { TEST_BATCHING, describeBatchSettings, readBatchSettings, sameBatchSettings, updateBatchSettings } from "../../network/fabric/batch-settings.js";
import { sampleConfigDir } from "../../network/fabric/sampleconfig.js";
import { lastLines, run as runCommand } from "../../network/fabric/run.js";
import { prepareLifecycle } from "./workload/lifecycle.js";
import { progress, writePart, type BenchGoal, type BenchPart, type Cell } from "./report/part.js";
import { renderConsoleTable } from "./report/markdown.js";
import { summaryRows } from "./caliper/summary.js";

const PART = "fabric-caliper";
const CALIPER_VERSION = "0.6.0";
const BINDING = "fabric:2.5";
const TRANSACTIONS = Number(process.env.CALIPER_TRANSACTIONS ?? 2_000);
const LOAD = Number(process.env.CALIPER_LOAD ?? 32);
const GOAL_RATIO = 0.8;
const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "twinledger", `caliper-${CALIPER_VERSION}`);
const WORK = join(HERE, "../../bench/caliper");
const started = Date.now();
const log = (line: string) => progress(PART, line);

/** Runs a command (network/fabric/run.ts), its output kept in `logFile`, the last lines in the error if it fails. */
async function run(command: string, args: string[], cwd: string, logFile: string): Promise<string> {
  try {
    const output = await runCommand(command, args, { cwd, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
    writeFileSync(logFile, output);
    return output;
  } catch (error) {
    const output = (error as { output?: string }).output ?? String(error);
    writeFileSync(logFile, output);
    throw new Error(`${command} ${args.join(" ")} failed; its log: ${logFile}\n${lastLines(output, 15)}`);
  }
}

/** Caliper 0.6.0 installed and bound to fabric:2.5 in the cache (once). */
async function ensureCaliper(): Promise<string> {
  const cli = join(CACHE, "node_modules", "@hyperledger", "caliper-cli", "caliper.js");
  const bound = join(CACHE, `bound-${BINDING.replace(":", "-")}`);
  if (existsSync(cli) && existsSync(bound)) return cli;
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(join(CACHE, "package.json"), `${JSON.stringify({ name: "twinledger-caliper", private: true }, null, 2)}\n`);
  log(`installing Caliper ${CALIPER_VERSION} from npm into ${CACHE} (once)`);
  const npm = join(dirname(process.execPath), "npm");
  await run(existsSync(npm) ? npm : "npm", ["install", "--no-audit", "--no-fund", `@hyperledger/caliper-cli@${CALIPER_VERSION}`, `@hyperledger/caliper-core@${CALIPER_VERSION}`, `@hyperledger/caliper-fabric@${CALIPER_VERSION}`], CACHE, join(CACHE, "install.log"));
  log(`binding Caliper to ${BINDING}`);
  await run(process.execPath, [cli, "bind", "--caliper-bind-sut", BINDING], CACHE, join(CACHE, "bind.log"));
  writeFileSync(bound, `${new Date().toISOString()}\n`);
  return cli;
}

/** Caliper's network configuration (v2.0.0) and a connection profile per organisation, from our profile. */
function networkConfig(profile: FabricNetworkProfile, chaincode: string): string {
  const organizations = profile.organizations.map((org, index) => {
    const peerName = org.peer.hostOverride;
    const connectionProfile = {
      name: `twinledger-${org.mspId}`,
      version: "1.0.0",
      client: { organization: org.mspId },
      organizations: { [org.mspId]: { mspid: org.mspId, peers: [peerName] } },
      peers: { [peerName]: { url: `grpcs://${org.peer.endpoint}`, tlsCACerts: { path: org.peer.tlsCACertPath }, grpcOptions: { "ssl-target-name-override": org.peer.hostOverride } } },
    };
    const path = join(WORK, `connection-${index}.json`);
    writeFileSync(path, `${JSON.stringify(connectionProfile, null, 2)}\n`);
    const users = Object.entries(org.users).map(([name, user]) => ({ name, clientPrivateKey: { path: user.keyPath }, clientSignedCert: { path: user.certPath } }));
    return { mspid: org.mspId, identities: { certificates: users }, connectionProfile: { path, discover: false } };
  });
  const config = {
    name: "twinledger-bench",
    version: "2.0.0",
    caliper: { blockchain: "fabric" },
    channels: [{ channelName: profile.channel, contracts: [{ id: chaincode }, { id: "baseline" }] }],
    organizations,
  };
  const path = join(WORK, "network.json");
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

interface Round {
  label: string;
  contractId: string;
  contractFunction: string;
  argumentLists: string[][];
}

/** Caliper's benchmark configuration: one round per operation, each replaying its argument lists. */
function benchConfig(rounds: Round[], invoker: { mspId: string; user: string }): string {
  const config = {
    test: {
      name: "twinledger",
      description: "Twinledger write operations beside a bare putState",
      workers: { number: 1 },
      rounds: rounds.map((round, index) => {
        const requests = join(WORK, `round-${index}.json`);
        writeFileSync(requests, JSON.stringify(round.argumentLists));
        return {
          label: round.label,
          txNumber: round.argumentLists.length,
          rateControl: { type: "fixed-load", opts: { transactionLoad: LOAD } },
          workload: {
            module: join(HERE, "caliper", "workload.cjs"),
            arguments: { requests, contractId: round.contractId, contractFunction: round.contractFunction, invokerIdentity: invoker.user, invokerMspId: invoker.mspId },
          },
        };
      }),
    },
  };
  const path = join(WORK, "benchmark.json");
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

mkdirSync(WORK, { recursive: true });
const cli = await ensureCaliper();
const wasUp = (await networkStatus()).some((node) => node.healthy);
const profile = await networkUp({ log });
const cfg = await sampleConfigDir();
const original = await readBatchSettings(cfg);
const clients = new PeerClients();
await deployBaselineChaincode();
const cast = await deployForCast(profile, clients);
let output: string;
const alice = castMember("alice");
const invoker = { mspId: profile.organizations[alice.org].mspId, user: alice.user };
const tag = `cal${Date.now().toString(36)}`;
const ids = Array.from({ length: TRANSACTIONS }, (_unused, n) => `${tag}-${n}`);
const uri = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy5";
// The baseline writes a value as long as the asset JSON registerAsset stores (as in the fabric-network part).
await prepareLifecycle(cast.ledgers, Math.floor(Date.now() / 1000));
await cast.ledgers.alice.registerAsset(`A-${tag}-probe`, "machine.bench", sha256Hex("probe"), uri);
const assetJsonBytes = Buffer.from(await cast.admin.transport.evaluate("asset:getAsset", [`A-${tag}-probe`])).length;
const WARM_UP = Math.min(200, TRANSACTIONS);
const rounds: Round[] = [
  // Caliper's first round also opens its connections and warms both chaincodes: not compared.
  { label: "warm-up", contractId: "baseline", contractFunction: "baseline:put", argumentLists: ids.slice(0, WARM_UP).map((id) => [`warm-${id}`, "x".repeat(assetJsonBytes)]) },
  { label: "bare-putState", contractId: "baseline", contractFunction: "baseline:put", argumentLists: ids.map((id) => [`put-${id}`, "x".repeat(assetJsonBytes)]) },
  { label: "registerAsset", contractId: cast.chaincode, contractFunction: "asset:registerAsset", argumentLists: ids.map((id) => [`A-${id}`, "machine.bench", sha256Hex(id), uri]) },
  { label: "bindIdentifier", contractId: cast.chaincode, contractFunction: "identifier:bindIdentifier", argumentLists: ids.map((id) => [`A-${id}`, canonicalize(`(01)09506000134352(21)${id}`).canonical]) },
];
try {
  if (!sameBatchSettings(original, TEST_BATCHING)) await updateBatchSettings(cfg, TEST_BATCHING);
  const network = networkConfig(profile, cast.chaincode);
  const benchmark = benchConfig(rounds, invoker);
  log(`caliper launch manager: ${rounds.length} rounds of ${TRANSACTIONS.toLocaleString("en-US")} transactions at a fixed load of ${LOAD}`);
  output = await run(
    process.execPath,
    [cli, "launch", "manager", "--caliper-workspace", WORK, "--caliper-networkconfig", network, "--caliper-benchconfig", benchmark, "--caliper-flow-only-test", "--caliper-report-path", join(WORK, "report.html")],
    WORK,
    join(WORK, "caliper.log"),
  );
} finally {
  if (!sameBatchSettings(original, TEST_BATCHING)) await updateBatchSettings(cfg, original).catch((error) => log(`could not restore the batch settings: ${(error as Error).message}`));
  await cast.close();
  clients.close();
  if (!wasUp) await networkDown();
}

// ---- report --------------------------------------------------------------------------------
const summary = summaryRows(output, rounds.map((round) => round.label)).slice(1);
const baseline = summary[0];
const rows: Cell[][] = summary.map((row) => [row.label, row.succ, row.fail, row.sendRate, row.tps, Math.round(row.avg * 1000), Math.round(row.max * 1000), row === baseline ? null : Number((row.tps / baseline.tps).toFixed(3))]);
const operations = summary.slice(1);
const below = operations.filter((row) => row.tps < GOAL_RATIO * baseline.tps);
const goals: BenchGoal[] = [
  {
    goal: `Caliper: registerAsset and bindIdentifier ≥ ${GOAL_RATIO}× bare-putState throughput at ${LOAD} in flight`,
    measured: operations.map((row) => `${row.label} ${(row.tps / baseline.tps).toFixed(2)}×`).join(", "),
    met: below.length === 0 && summary.every((row) => row.fail === 0),
    why: below.length ? `below: ${below.map((row) => row.label).join(", ")}` : summary.some((row) => row.fail) ? "some transactions failed (bench/caliper/caliper.log)" : undefined,
  },
];
const part: BenchPart = {
  part: PART,
  title: `Hyperledger Caliper ${CALIPER_VERSION} on the real network`,
  seconds: (Date.now() - started) / 1000,
  tables: [
    {
      id: PART,
      title: `Caliper ${CALIPER_VERSION} (${BINDING}, peer-gateway connector): ${TRANSACTIONS.toLocaleString("en-US")} transactions per round at a fixed load of ${LOAD}`,
      columns: ["round", "succeeded", "failed", "send rate tx/s", "throughput tx/s", "avg latency ms", "max latency ms", "÷ bare putState"],
      numeric: [false, true, true, true, true, true, true, true],
      rows,
      note: `Caliper's own summary, one worker, alice (Org1 User1) submitting, 2-of-2 endorsement, test batching (${describeBatchSettings(TEST_BATCHING)}). The bare putState writes ${assetJsonBytes} bytes, as long as the asset JSON. Caliper's HTML report: bench/caliper/report.html.`,
    },
  ],
  charts: [],
  goals,
  notes: [`Caliper ${CALIPER_VERSION} installed from npm into ${CACHE.replace(homedir(), "~")} and bound to ${BINDING}; configuration written to bench/caliper/ from the network profile.`],
};
console.log(`\n${renderConsoleTable(part.tables[0])}`);
for (const goal of goals) console.log(goal.met ? `Target met: ${goal.goal}: ${goal.measured}.` : `TARGET MISSED: ${goal.goal}: ${goal.measured}.`);
writePart(part);
process.exit(0);
