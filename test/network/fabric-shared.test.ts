/**
 * The conformance suite on the local network's long-lived `twinledger` chaincode, as a
 * consortium's deployment would be: nothing deployed per test, the same identities
 * throughout, twice in a row on the same world state (two runs, two run ids). Run by
 * `npm run test:network:fabric` BEFORE the fresh-ledger suite on the same network, which
 * then runs only the cases that did not pass here (those a shared ledger cannot take).
 */
import { expect } from "chai";
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
