/**
 * The conformance suite against a deployment made beforehand, as an EVM team's own would
 * be: contracts deployed with Hardhat Ignition (`scripts/deploy-evm.ts`) on a local
 * `hardhat node`, a profile naming that deployment and six keys, and
 * `twinledger conformance --target <profile>` run twice in a row on the same contracts.
 *
 *   npm run test:network:evm
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACTOR_NAMES } from "../../clients/ledger.js";
import { hardhatNodePrivateKeys } from "../../network/evm/accounts.js";
import { evmNodeDown, evmNodeUp } from "../../network/evm/node.js";
import { jsonOf, ROOT, runCli } from "../cli/run-cli.js";
import { CONFORMANCE_SPECS } from "../conformance/suites.js";

interface Report {
  target: string;
  ok: boolean;
  passed: number;
  failed: number;
  pending: number;
  total: number;
  primitives: Record<string, { passed: number; total: number }>;
}

describe("conformance against an Ignition deployment on a hardhat node, twice", function () {
  this.timeout(900_000);
  let node: Awaited<ReturnType<typeof evmNodeUp>> | undefined;
  let dir: string;
  let deploymentFile: string;
  const reports: { report: Report; stderr: string }[] = [];

  const deploy = () =>
    execFileSync("npx", ["tsx", "scripts/deploy-evm.ts", "--network", "localhost", "--out", deploymentFile], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

  before(async function () {
    this.timeout(180_000);
    node = await evmNodeUp();
    dir = mkdtempSync(join(tmpdir(), "twinledger-evm-shared-"));
    deploymentFile = join(dir, "deployment.json");
    deploy();
    const keys = await hardhatNodePrivateKeys(ACTOR_NAMES.length);
    writeFileSync(join(dir, "profile.json"), JSON.stringify({ platform: "evm", rpcUrl: node.rpcUrl, deployment: "deployment.json", privateKeys: keys }));
  });
  after(async function () {
    this.timeout(30_000);
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (node?.started) await evmNodeDown();
  });

  it("deploying again resumes Ignition's journal: the same addresses, nothing redeployed", () => {
    const first = readFileSync(deploymentFile, "utf8");
    deploy();
    expect(readFileSync(deploymentFile, "utf8")).to.equal(first);
  });

  for (const run of ["first", "second"]) {
    it(`the ${run} run passes every applicable case on the deployment, naming each case it cannot run`, async () => {
      const result = await runCli(["conformance", "--target", join(dir, "profile.json"), "--json"], { timeoutMs: 800_000 });
      expect(result.status, `${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`).to.equal(0);
      const report = jsonOf(result) as Report;
      reports.push({ report, stderr: result.stderr });
      expect(report).to.include({ target: "evm-shared", ok: true, failed: 0 });
      expect(Object.keys(report.primitives)).to.deep.equal(Object.keys(CONFORMANCE_SPECS));
      const notApplicable = result.stderr.split("\n").filter((line) => line.includes("NOT APPLICABLE [evm-shared]")).length;
      expect([report.passed + report.pending, report.pending]).to.deep.equal([report.total, notApplicable]);
      // Most of the suite applies: only identifier namespaces, a virgin ledger and time travel do not.
      expect(report.passed).to.be.greaterThan(report.total * 0.7);
    });
  }

  it("the two runs wrote under different run ids and passed the same cases", () => {
    expect(reports).to.have.length(2);
    const runIds = reports.map(({ stderr }) => /a shared deployment: run ([a-z0-9]+)/.exec(stderr)?.[1]);
    expect(runIds[0]).to.be.a("string");
    expect(runIds[0]).to.not.equal(runIds[1]);
    expect(reports[1].report.passed).to.equal(reports[0].report.passed);
  });
});
