/**
 * `npm run test:faults`: nodes die under load and nothing acknowledged is lost. A fresh
 * network of 3 Raft orderers and 2 peers (2-of-2 endorsement), six Gateway clients
 * submitting without pause, two checkpointed event streams (one per org's peer). Faults, in
 * order: kill -9 of the Raft leader, kill -9 of a peer (and its restart), kill -9 of a
 * chaincode process, the whole network killed and restarted from its data folders. After
 * each, with the load paused: every transaction acknowledged to a client is VALID in the
 * ledger of both peers, the peers' world states are identical (snapshot digests), and each
 * stream delivered every committed transaction's event exactly once.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectFabricGateway, type ConnectedLedger } from "../../clients/fabric-gateway/ledger.js";
import { PeerClients } from "../../clients/fabric-gateway/shared-target.js";
import { createFabricNetworkSharedTarget } from "../../network/fabric/conformance-target.js";
import { type FabricNetworkProfile, networkClean, networkKillNow, networkUp } from "../../network/fabric/index.js";
import { PEER_ORGS } from "../../network/fabric/layout.js";
import {
  chaincodeProcesses, crashAndRestartNetwork, crashNode, crashProcess, raftLeader, restartOrderer, restartPeer,
} from "../../network/fabric/node-control.js";
import { peerProcess } from "../../network/fabric/nodes.js";
import { osnadmin } from "../../network/fabric/peer-cli.js";
import { waitFor } from "../../network/fabric/processes.js";
import { CheckpointedEventStream } from "./faults/event-audit.js";
import { converged, peerLedgers, stateDigests, validationOf, type PeerLedger, type StateDigest } from "./faults/ledger-audit.js";
import { latencySummary, SteadyLoad } from "./faults/load.js";

const LOAD_USERS = ["User1", "User2", "User3"] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let profile: FabricNetworkProfile;
let load: SteadyLoad;
let readers: PeerLedger[];
let streams: CheckpointedEventStream[] = [];
let connections: ConnectedLedger[] = [];
const clients = new PeerClients();
const checkpointDir = mkdtempSync(join(tmpdir(), "twinledger-faults-"));
const audits: { phase: string; checked: number; digest: string }[] = [];

before(async function () {
  this.timeout(600_000);
  process.once("exit", networkKillNow);
  await networkClean(); // a 3-orderer network is made from nothing, and left as nothing
  profile = await networkUp({ orderers: 3, log: (line) => console.log(`    network: ${line}`) });
  await (await createFabricNetworkSharedTarget(profile, "faults")).close(); // initLedger, once discovery sees both orgs
  connections = profile.organizations.flatMap((organization) =>
    LOAD_USERS.map((user) =>
      connectFabricGateway({
        peer: organization.peer,
        client: clients.of(organization.peer),
        user: { mspId: organization.mspId, ...organization.users[user] },
        channel: profile.channel,
        chaincode: profile.chaincode.name,
      }),
    ),
  );
  load = new SteadyLoad(connections.map((connection, index) => ({ name: `c${index + 1}`, ledger: connection.ledger })), `F${Date.now()}`);
  readers = peerLedgers(profile);
  streams = await Promise.all(readers.map((reader) => CheckpointedEventStream.open(reader.mspId, reader.network, profile.chaincode.name, join(checkpointDir, `${reader.mspId}.json`))));
  load.start();
});

after(async function () {
  this.timeout(120_000);
  await load?.pause();
  await Promise.all(streams.map((stream) => stream.stop()));
  readers?.forEach((reader) => reader.close());
  await Promise.all(connections.map((connection) => connection.close()));
  clients.close();
  printReport();
  rmSync(checkpointDir, { recursive: true, force: true });
  await networkClean();
});

/** Runs the load under `phase` for `ms`. */
async function loadFor(phase: string, ms: number): Promise<void> {
  load.phase = phase;
  load.start();
  await sleep(ms);
}

/**
 * The load paused and the peers converged: every transaction acknowledged in `phases` is
 * VALID on both peers, the two world-state digests are equal, and each stream has delivered
 * every acknowledged transaction's event, none twice.
 */
function itAudits(title: string, phases: () => string[]): void {
  it(`${title}: every acknowledged transaction is VALID on both peers, the world states are identical, every event delivered exactly once`, async function () {
    this.timeout(300_000);
    await load.pause();
    await converged(readers);
    const acknowledged = load.acknowledged.filter((ack) => phases().includes(ack.phase));
    expect(acknowledged.length, "transactions acknowledged to the clients").to.be.greaterThan(0);
    for (const reader of readers) {
      const codes = await inBatches(acknowledged, (ack) => validationOf(reader, ack.txId));
      const notValid = acknowledged.filter((_, index) => codes[index] !== "VALID").map((ack, index) => `${ack.txId}: ${codes[index]}`);
      expect(notValid, `acknowledged transactions not VALID on ${reader.mspId}'s peer`).to.deep.equal([]);
    }
    const digests: StateDigest[] = await stateDigests(profile.channel);
    expect(digests[1], "peer0.org2's snapshot against peer0.org1's").to.deep.equal(digests[0]);
    for (const stream of streams) {
      await stream.delivered(acknowledged.map((ack) => ack.txId));
      expect(stream.duplicates(), `${stream.name}: events delivered more than once`).to.deep.equal([]);
    }
    audits.push({ phase: title, checked: acknowledged.length, digest: digests[0].files["public_state.data"].slice(0, 12) });
  });
}

/** Bounded concurrency for qscc lookups: a handful at a time per peer. */
async function inBatches<T, R>(items: T[], call: (item: T) => Promise<R>, size = 8): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map(call))));
  return results;
}

async function ordererHeight(orderer: Parameters<typeof osnadmin>[0]): Promise<number> {
  const info = await osnadmin(orderer, "channel", "list", "--channelID", profile.channel);
  return Number(/"height":\s*(\d+)/.exec(info)?.[1] ?? -1);
}

describe("faults: 3 Raft orderers, 2 peers, 2-of-2 endorsement, six clients under load", function () {
  this.timeout(300_000);

  it("the load commits: every client's submits are acknowledged", async () => {
    await loadFor("warm-up", 8_000);
    const clientsAcknowledged = new Set(load.acknowledgedIn("warm-up").map((ack) => ack.client));
    expect(clientsAcknowledged.size).to.equal(connections.length);
  });
  itAudits("after the warm-up", () => ["warm-up"]);

  it("kill -9 of the Raft leader: the two other orderers elect a leader and go on ordering", async () => {
    const leader = raftLeader(profile.channel);
    expect(leader, "the Raft leader, from the orderers' logs").to.not.equal(undefined);
    load.phase = "orderer down";
    load.start();
    await crashNode(leader!.name);
    // The service goes on once the two others have elected a leader and the peers' Gateways have
    // moved to it: seconds, more on a loaded machine. Wait for it, bounded, then load it a while.
    const continued = await waitFor(async () => load.acknowledgedIn("orderer down").length > 0, 60_000, 250);
    expect(continued, "a submit acknowledged within 60 s with one orderer dead").to.equal(true);
    await sleep(5_000);
    await restartOrderer(leader!);
    await loadFor("orderer restarted", 5_000);
    await load.pause();
    const height = await converged(readers);
    expect(await waitFor(async () => (await ordererHeight(leader!)) === height, 30_000), `${leader!.name} catches up to height ${height}`).to.equal(true);
  });
  itAudits("after the orderer crash", () => ["orderer down", "orderer restarted"]);

  it("kill -9 of peer0.org2 (with its chaincode): restarted from its data folder, it catches up and endorses again", async () => {
    const org2 = PEER_ORGS[1];
    load.phase = "peer down";
    load.start();
    await crashNode(peerProcess(org2));
    await sleep(5_000);
    await restartPeer(org2);
    await loadFor("peer restarted", 8_000);
    expect(load.acknowledgedIn("peer restarted").length, "submits acknowledged after the restart").to.be.greaterThan(0);
  });
  itAudits("after the peer crash", () => ["peer down", "peer restarted"]);

  it("kill -9 of peer0.org1's chaincode process: the peer launches a new one and the load goes on", async () => {
    const org1 = PEER_ORGS[0];
    const before = chaincodeProcesses(org1);
    expect(before, "peer0.org1's chaincode processes").to.have.length.greaterThan(0);
    load.phase = "chaincode killed";
    load.start();
    await Promise.all(before.map(crashProcess));
    await sleep(8_000);
    const after = chaincodeProcesses(org1);
    expect(after, "a new chaincode process").to.have.length.greaterThan(0);
    expect(after.filter((pid) => before.includes(pid))).to.deep.equal([]);
    const failedAt = load.failedIn("chaincode killed").length;
    expect(load.acknowledgedIn("chaincode killed").length, `submits acknowledged (${failedAt} failed meanwhile)`).to.be.greaterThan(0);
  });
  itAudits("after the chaincode crash", () => ["chaincode killed"]);

  it("the whole network killed at once and restarted from its data folders: the load goes on", async () => {
    load.phase = "network down";
    load.start();
    await crashAndRestartNetwork();
    await loadFor("network restarted", 10_000);
    expect(load.acknowledgedIn("network restarted").length, "submits acknowledged after the restart").to.be.greaterThan(0);
  });
  itAudits("after the network restart, every transaction of the run", () => load.phases);
});

function printReport(): void {
  if (!load) return;
  const rows = load.phases.map((phase) => {
    const acks = load.acknowledgedIn(phase);
    const { p50, p95, max } = latencySummary(acks.map((ack) => ack.latencyMs));
    const ms = (value: number) => (Number.isNaN(value) ? "—" : value.toFixed(0));
    return `    | ${phase.padEnd(18)} | ${String(acks.length).padStart(6)} | ${String(load.failedIn(phase).length).padStart(6)} | ${ms(p50).padStart(5)} | ${ms(p95).padStart(5)} | ${ms(max).padStart(6)} |`;
  });
  console.log("\n    faults under load (6 clients, registerAsset; latency submit → commit, ms)");
  console.log("    | phase              |  acked | failed |   p50 |   p95 |    max |");
  console.log("    |--------------------|-------:|-------:|------:|------:|-------:|");
  for (const row of rows) console.log(row);
  const reasons = new Map<string, number>();
  for (const failure of load.failed) reasons.set(`${failure.phase}: ${failure.message.slice(0, 110)}`, (reasons.get(`${failure.phase}: ${failure.message.slice(0, 110)}`) ?? 0) + 1);
  if (reasons.size) console.log(`    failures (none acknowledged, so none owed):\n${[...reasons].map(([reason, n]) => `      ${n} × ${reason}`).join("\n")}`);
  for (const audit of audits) console.log(`    audit ${audit.phase}: ${audit.checked} acknowledged transactions checked on both peers, state digest ${audit.digest}…`);
  for (const stream of streams) console.log(`    event stream on ${stream.name}'s peer: ${stream.deliveries.size} events, ${stream.duplicates().length} delivered twice, ${stream.reconnects} reconnects from its checkpoint`);
}
