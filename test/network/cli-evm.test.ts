/**
 * The `twinledger` CLI against a real EVM node: a local `hardhat node` (started here unless
 * one already answers, stopped after only if started here), contracts deployed with
 * `deployTwinledger`, their deployment file and two profiles in a temp dir. Not part of
 * `npm test`:
 *
 *   npx hardhat test mocha test/network/cli-evm.test.ts
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet } from "ethers";
import { ACTOR_NAMES } from "../../clients/ledger.js";
import { createEvmRpcProvider, deployTwinledger } from "../../clients/evm-rpc/index.js";
import { hardhatNodePrivateKeys } from "../../network/evm/accounts.js";
import { evmNodeDown, evmNodeUp } from "../../network/evm/node.js";
import { CONFORMANCE_SPECS } from "../conformance/suites.js";
import { hashOf } from "../conformance/harness.js";
import { jsonOf, runCli } from "../cli/run-cli.js";

describe("cli: twinledger against a hardhat node", function () {
  this.timeout(180_000);
  let node: Awaited<ReturnType<typeof evmNodeUp>> | undefined;
  let dir: string;
  let keys: string[];
  let profile: string;
  const env = () => ({ TWINLEDGER_TEST_EVM_KEY: keys[1] });

  before(async function () {
    this.timeout(120_000);
    node = await evmNodeUp();
    keys = await hardhatNodePrivateKeys(ACTOR_NAMES.length);
    const provider = createEvmRpcProvider(node.rpcUrl, node.chainId);
    try {
      const deployer = new Wallet(keys[0], provider);
      const deployment = await deployTwinledger(deployer, deployer.address);
      dir = mkdtempSync(join(tmpdir(), "twinledger-cli-evm-"));
      writeFileSync(join(dir, "deployment.json"), `${JSON.stringify(deployment, null, 2)}\n`);
    } finally {
      provider.destroy();
    }
    // Relative paths resolve against the profile's folder.
    profile = join(dir, "evm.json");
    writeFileSync(profile, JSON.stringify({ platform: "evm", rpcUrl: node.rpcUrl, deployment: "deployment.json", privateKeyEnv: "TWINLEDGER_TEST_EVM_KEY" }));
    writeFileSync(join(dir, "conformance.json"), JSON.stringify({ platform: "evm", rpcUrl: node.rpcUrl, privateKeys: keys }));
  });
  after(async function () {
    this.timeout(30_000);
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (node?.started) await evmNodeDown();
  });

  it("registerAsset signs with the profile's key and prints the receipt; getAsset prints the asset", async () => {
    const owner = new Wallet(keys[1]).address;
    const registered = await runCli(["registerAsset", "M-1", "machine.cnc", hashOf("m-1"), "https://example.com/m-1.json", "--target", profile], { env: env() });
    expect(registered.status, registered.stderr).to.equal(0);
    const receipt = jsonOf(registered) as { txId: string; blockNumber: number; event: { name: string; txId: string; payload: Record<string, unknown> } };
    expect(receipt.txId).to.match(/^0x[0-9a-f]{64}$/);
    expect(receipt.event).to.deep.include({ name: "AssetRegistered", txId: receipt.txId });
    expect(receipt.event.payload).to.deep.equal({
      assetId: "M-1",
      assetClass: "machine.cnc",
      owner,
      metadataHash: hashOf("m-1"),
      metadataUri: "https://example.com/m-1.json",
    });

    // A query needs no key.
    const got = await runCli(["getAsset", "M-1", "--target", profile]);
    expect(got.status, got.stderr).to.equal(0);
    expect(jsonOf(got)).to.deep.include({ id: "M-1", assetClass: "machine.cnc", owner, status: "Active", version: 1 });

    const again = await runCli(["registerAsset", "M-1", "machine.cnc", hashOf("m-1"), "", "--target", profile], { env: env() });
    expect(again.status).to.equal(1);
    expect(jsonOf(again)).to.have.nested.property("error.code", "AlreadyExists");
  });

  it("the financing story from the command line: the invoice's fingerprint, its registration, the financier's lookup, and the retyped invoice refused", async () => {
    const invoice = ["--seller", "DE 123 456 789", "--debtor", "FR40303265045", "--number", "INV-2026-0042", "--date", "2026-12-01", "--currency", "EUR"];
    const printed = await runCli(["invoice", "fingerprint", ...invoice, "--amount", "125000.00"]);
    expect(printed.status, printed.stderr).to.equal(0);
    const { fingerprint } = jsonOf(printed) as { fingerprint: string };
    const debtor = new Wallet(keys[2]).address;
    const due = String(Math.floor(Date.now() / 1000) + 2 * 365 * 86_400);
    const issue = (id: string, print: string) => runCli(["issueReceivable", id, debtor, "12500000", "EUR", due, print, "[]", "", "--target", profile], { env: env() });
    const issued = await issue("INV-2026-0042", fingerprint);
    expect(issued.status, issued.stderr).to.equal(0);
    expect(jsonOf(issued)).to.have.nested.property("event.name", "ReceivableIssued");

    const found = await runCli(["getReceivableByFingerprint", fingerprint, "--target", profile]);
    expect(found.status, found.stderr).to.equal(0);
    expect(jsonOf(found)).to.deep.include({ id: "INV-2026-0042", seller: new Wallet(keys[1]).address, debtor, amount: "12500000", state: "Issued", outstanding: "12500000" });

    // The same invoice as another system writes it: tax id in lower case, compact date, minor units.
    const retyped = await runCli(["invoice", "fingerprint", ...invoice.map((v) => (v === "DE 123 456 789" ? "de123456789" : v === "2026-12-01" ? "20261201" : v)), "--amount-minor", "12500000"]);
    expect((jsonOf(retyped) as { fingerprint: string }).fingerprint).to.equal(fingerprint);
    const again = await issue("INV-2026-0042-B", fingerprint);
    expect(again.status).to.equal(1);
    expect(jsonOf(again)).to.have.nested.property("error.code", "FingerprintTaken");
  });

  it("a submit without the key's variable set exits 3 and names the variable", async () => {
    const result = await runCli(["registerAsset", "M-2", "machine.cnc", hashOf("m-2"), "", "--target", profile], { env: { TWINLEDGER_TEST_EVM_KEY: "" } });
    expect(result.status).to.equal(3);
    expect(result.stderr).to.include("environment variable TWINLEDGER_TEST_EVM_KEY (privateKeyEnv of profile");
  });

  it("conformance --target <profile with six keys> passes every test on the node", async function () {
    // Every case of the suite in a subprocess, minutes of work: this bounds a hang, not the speed.
    this.timeout(600_000);
    const result = await runCli(["conformance", "--target", join(dir, "conformance.json"), "--json"], { timeoutMs: 590_000 });
    expect(result.status, `${result.stdout}\n${result.stderr}`).to.equal(0);
    const report = jsonOf(result) as { target: string; ok: boolean; passed: number; pending: number; total: number; primitives: Record<string, { passed: number; total: number }> };
    expect(report).to.include({ target: "evm-rpc", ok: true });
    expect(Object.keys(report.primitives)).to.deep.equal(Object.keys(CONFORMANCE_SPECS));
    expect(report.passed).to.be.greaterThan(0);
    // Every case ran, except those that set transaction times, each named on stderr as not applicable.
    const notApplicable = result.stderr.split("\n").filter((line) => line.includes("NOT APPLICABLE [evm-rpc]")).length;
    expect([report.passed + report.pending, report.pending]).to.deep.equal([report.total, notApplicable]);
  });
});
