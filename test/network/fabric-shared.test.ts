/**
 * The conformance suite on the local network's long-lived `twinledger` chaincode, as a
 * consortium's deployment would be: nothing deployed per test, the same identities
 * throughout, twice in a row on the same world state (two runs, two run ids). Run by
 * `npm run test:network:fabric` BEFORE the fresh-ledger suite on the same network, which
 * then runs only the cases that did not pass here (those a shared ledger cannot take).
 */
import { expect } from "chai";
import type { LedgerEvent } from "../../core/index.js";
import { memoryCheckpoint, watchEvents } from "../../clients/events/index.js";
import { loadProfile, openLedger } from "../../scripts/cli/profile.js";
import { jsonOf, runCli } from "../cli/run-cli.js";
import { runConformance } from "../conformance/harness.js";
import { CONFORMANCE_SPECS } from "../conformance/suites.js";
import { fabricSharedTarget, PASSED_ON_SHARED } from "./fabric-network.js";

const createTarget = fabricSharedTarget("fabric-shared");
for (const run of ["first", "second"]) {
  describe(`${run} run on the long-lived chaincode`, () => runConformance("fabric-shared", createTarget, CONFORMANCE_SPECS, { passed: PASSED_ON_SHARED }));
}

describe("twinledger conformance --target profiles/fabric-local-conformance.json", function () {
  this.timeout(300_000);
  before(async function () {
    this.timeout(120_000);
    await (await createTarget()).close(); // the network up and the chaincode initialised, as for the runs above
  });

  it("runs the selected cases on the long-lived chaincode with the profile's six identities", async () => {
    const result = await runCli(["conformance", "--target", "profiles/fabric-local-conformance.json", "--json", "--grep", "registerAsset|transferAsset"], { timeoutMs: 280_000 });
    expect(result.status, `${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`).to.equal(0);
    const report = jsonOf(result) as { target: string; ok: boolean; passed: number; pending: number; total: number };
    expect(report).to.include({ target: "fabric-shared", ok: true });
    expect(report.passed + report.pending).to.equal(report.total);
    expect(report.passed).to.be.greaterThan(10);
  });
});

describe("events pushed by the real peers' Gateway, resumed from its checkpointer", function () {
  this.timeout(120_000);
  let opened: Awaited<ReturnType<typeof openLedger>>;
  before(async function () {
    await (await createTarget()).close(); // the network up; the runs above left plenty of events
    opened = await openLedger(loadProfile("profiles/fabric-local-conformance.json"), false);
  });
  after(async () => opened?.close());

  /** Takes `count` events from a fresh stream, then ends it. */
  async function take(checkpoint: ReturnType<typeof memoryCheckpoint>, count: number): Promise<LedgerEvent[]> {
    const taken: LedgerEvent[] = [];
    for await (const event of watchEvents(opened.ledger, { fromBlock: 0, checkpoint })) {
      taken.push(event);
      if (taken.length === count) break;
    }
    return taken;
  }

  it("delivers through the Gateway's chaincode event stream the events a replay of the blocks finds, and resumes where it stopped", async () => {
    expect(opened.ledger.followEvents, "the Gateway ledger streams events").to.be.a("function");
    const replayed = (await opened.ledger.getEvents(0)).slice(0, 5);
    expect(replayed).to.have.length(5);
    const checkpoint = memoryCheckpoint();
    const first = await take(checkpoint, 3);
    const rest = await take(checkpoint, 2);
    const key = (event: LedgerEvent) => [event.blockNumber, event.txId, event.name];
    expect([...first, ...rest].map(key)).to.deep.equal(replayed.map(key));
    expect([...first, ...rest].map((event) => event.payload)).to.deep.equal(replayed.map((event) => event.payload));
  });
});
