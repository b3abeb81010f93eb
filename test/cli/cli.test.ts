/**
 * The `twinledger` CLI as a user runs it (a subprocess): the operation table, usage
 * errors, profile errors, spec operations against a Fabric profile (the embedded Gateway
 * peer, served from this process) and the conformance command on the embedded Fabric.
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { OPERATIONS } from "../../core/index.js";
import { IMPLEMENTED_OPERATIONS } from "../../clients/ledger.js";
import { createEmbeddedGatewayTarget, type EmbeddedGatewayTarget } from "../../clients/fabric-embedded/gateway-target.js";
import { CONFORMANCE_SPECS } from "../conformance/suites.js";
import { hashOf } from "../conformance/harness.js";
import { jsonOf, runCli } from "./run-cli.js";

describe("cli: twinledger (subprocess)", function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "twinledger-cli-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const profile = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };

  it("operations lists every spec operation with its primitive and whether it is implemented", async () => {
    const result = await runCli(["operations", "--json"]);
    expect(result.status, result.stderr).to.equal(0);
    const rows = jsonOf(result) as { operation: string; primitive: string; kind: string; implemented: boolean }[];
    expect(rows.map((row) => row.operation)).to.deep.equal(Object.keys(OPERATIONS));
    for (const row of rows) {
      expect(row.primitive).to.equal(OPERATIONS[row.operation as keyof typeof OPERATIONS].primitive);
      expect(row.implemented, row.operation).to.equal((IMPLEMENTED_OPERATIONS as string[]).includes(row.operation));
    }
    const text = await runCli(["operations"]);
    expect(text.status).to.equal(0);
    expect(text.stdout).to.match(/^registerAsset\s+asset\s+submit\s+yes$/m);
    expect(text.stdout).to.match(/^issueReceivable\s+receivable\s+submit\s+yes$/m);
  });

  it("help registerAsset gives the synopsis and each parameter with its type, in spec order", async () => {
    const result = await runCli(["help", "registerAsset"]);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.include("usage: twinledger registerAsset <id> <assetClass> <metadataHash> <metadataUri> --target <profile.json>");
    const params = result.stdout.split("\n").filter((line) => /^ {2}\S/.test(line)).map((line) => line.trim().split(/\s+/).slice(0, 2));
    expect(params).to.deep.equal(OPERATIONS.registerAsset.params.map((param) => [param.name, param.type]));
  });

  it("a wrong argument count prints the operation's usage and exits 2", async () => {
    const result = await runCli(["registerAsset", "M-1", "machine.cnc", "--target", "profiles/local-evm.json"]);
    expect(result.status).to.equal(2);
    expect(result.stdout).to.equal("");
    expect(result.stderr).to.include("registerAsset: expected 4 arguments (id, assetClass, metadataHash, metadataUri), got 2");
    expect(result.stderr).to.include("usage: twinledger registerAsset <id>");
  });

  it("a non-integer page size prints usage and exits 2", async () => {
    const result = await runCli(["listAssetsByOwner", "someone", "ten", "", "--target", "profiles/local-evm.json"]);
    expect(result.status).to.equal(2);
    expect(result.stderr).to.include('pageSize must be an integer, got "ten"');
  });

  it("a grace period that is not an integer prints usage and exits 2", async () => {
    const result = await runCli(["setGracePeriod", "90 days", "--target", "profiles/local-evm.json"]);
    expect(result.status).to.equal(2);
    expect(result.stderr).to.include('gracePeriod must be an integer, got "90 days"');
  });

  it("a bad profile exits 3 with one line naming the file and the problem", async () => {
    const cases: [unknown, string][] = [
      ["{ not json", "not valid JSON"],
      [{ platform: "solana" }, 'platform must be "evm" or "fabric", got "solana"'],
      [{ platform: "evm", rpcUrl: "127.0.0.1:8545" }, 'rpcUrl must be an http(s) URL, got "127.0.0.1:8545"'],
      [{ platform: "evm", rpcUrl: "http://127.0.0.1:8545", privatekey: "0x01" }, "unknown field privatekey"],
      [{ platform: "fabric", peer: { endpoint: "127.0.0.1:7051", tlsCACertPath: "nowhere.pem" } }, "peer.tlsCACertPath: no such file"],
    ];
    const paths = cases.map(([content], index) => profile(`bad-${index}.json`, content));
    const results = await Promise.all(paths.map((path) => runCli(["getAsset", "M-1", "--target", path])));
    for (const [index, [, message]] of cases.entries()) {
      const [path, result] = [paths[index], results[index]];
      expect(result.status, result.stderr).to.equal(3);
      expect(result.stdout).to.equal("");
      const lines = result.stderr.trim().split("\n");
      expect(lines, result.stderr).to.have.length(1);
      expect(lines[0]).to.include(`twinledger: profile ${path}: `).and.include(message);
    }
  });

  it("an unreachable EVM node exits 3 with a clear message", async () => {
    const deployment = profile("deployment.json", {
      chainId: 31337,
      fromBlock: 1,
      contracts: {
        RoleRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        AssetRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        IdentifierRegistry: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
        CertificationRegistry: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
        ReceivableRegistry: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
      },
    });
    const rpcUrl = `http://127.0.0.1:${await closedPort()}`;
    const path = profile("unreachable.json", { platform: "evm", rpcUrl, deployment });
    const result = await runCli(["getAsset", "M-1", "--target", path]);
    expect(result.status).to.equal(3);
    expect(result.stderr.trim()).to.equal(`twinledger: cannot reach the EVM node at ${rpcUrl}: connection refused (is it running? npm run evm:up)`);
  });

  describe("operations against a Fabric profile (the embedded Gateway peer)", () => {
    let target: EmbeddedGatewayTarget;
    let path: string;

    before(async () => {
      target = await createEmbeddedGatewayTarget();
      await target.deploy();
      const alice = target.identities.alice;
      path = profile("fabric-alice.json", {
        platform: "fabric",
        peer: { endpoint: target.gateway.endpoint, hostOverride: target.gateway.hostOverride, tlsCACertPath: "tlsca.pem" },
        mspId: alice.mspId,
        certPath: "alice-cert.pem",
        keyPath: "alice-key.pem",
        channel: target.fabric.channelName,
        chaincode: target.fabric.chaincodeName,
      });
      writeFileSync(join(dir, "tlsca.pem"), target.gateway.tlsCACertPem);
      writeFileSync(join(dir, "alice-cert.pem"), alice.certificatePem);
      writeFileSync(join(dir, "alice-key.pem"), alice.privateKeyPem);
    });
    after(async () => target?.close());

    it("registerAsset prints the receipt, getAsset the asset, listAssetsByOwner the page", async () => {
      const alice = target.connections.alice.ledger.party;
      const registered = await runCli(["registerAsset", "M-1", "machine.cnc", hashOf("m-1"), "https://example.com/m-1.json", "--target", path]);
      expect(registered.status, registered.stderr).to.equal(0);
      const receipt = jsonOf(registered) as { txId: string; event: { name: string; payload: Record<string, unknown> } };
      expect(receipt.event.name).to.equal("AssetRegistered");
      expect(receipt.event.payload).to.include({ assetId: "M-1", owner: alice });

      const got = await runCli(["getAsset", "M-1", "--target", path]);
      expect(got.status, got.stderr).to.equal(0);
      expect(jsonOf(got)).to.deep.equal(await target.connections.bob.ledger.getAsset("M-1"));

      const page = await runCli(["listAssetsByOwner", alice, "10", "", "--target", path]);
      expect(page.status, page.stderr).to.equal(0);
      expect(jsonOf(page)).to.deep.include({ bookmark: "" }).and.have.nested.property("items[0].id", "M-1");
    });

    it("a rejection prints {error:{code,message}} on stdout and exits 1", async () => {
      const result = await runCli(["registerAsset", "M-1", "machine.cnc", hashOf("m-1"), "", "--target", path]);
      expect(result.status, result.stderr).to.equal(1);
      const { error } = jsonOf(result) as { error: { code: string; message: string } };
      expect(error.code).to.equal("AlreadyExists");
      expect(error.message).to.be.a("string").and.not.equal("");
    });

    it("events prints the ledger's events as JSON lines, and with --checkpoint a second run only what is new", async () => {
      const checkpoint = join(dir, "events-checkpoint.json");
      const first = await runCli(["events", "--target", path, "--checkpoint", checkpoint]);
      expect(first.status, first.stderr).to.equal(0);
      const names = first.stdout.trim().split("\n").map((line) => (JSON.parse(line) as { name: string }).name);
      expect(names).to.include.members(["RoleGranted", "AssetRegistered"]);

      const receipt = await target.connections.alice.ledger.updateAsset("M-1", hashOf("m-1 v2"), "");
      const second = await runCli(["events", "--target", path, "--checkpoint", checkpoint]);
      expect(second.status, second.stderr).to.equal(0);
      const lines = second.stdout.trim().split("\n").map((line) => JSON.parse(line) as { name: string; txId: string });
      expect(lines.map((event) => [event.name, event.txId])).to.deep.equal([["AssetUpdated", receipt.txId]]);
    });

    it("conformance refuses a Fabric profile of one identity (exit 2), naming the six actors it needs", async () => {
      const result = await runCli(["conformance", "--target", path]);
      expect(result.status).to.equal(2);
      expect(result.stderr).to.include("names one identity").and.include('"actors": { admin, alice, bob, carol, accreditor, financier }');
    });

    it("conformance --target <Fabric profile with six actors> runs on the chaincode as it is, under a run id", async () => {
      const actors: Record<string, unknown> = {};
      for (const [actor, identity] of Object.entries(target.identities)) {
        writeFileSync(join(dir, `${actor}-cert.pem`), identity.certificatePem);
        writeFileSync(join(dir, `${actor}-key.pem`), identity.privateKeyPem);
        actors[actor] = { mspId: identity.mspId, certPath: `${actor}-cert.pem`, keyPath: `${actor}-key.pem` };
      }
      const shared = profile("fabric-six.json", { ...JSON.parse(readFileSync(path, "utf8")), actors });
      const result = await runCli(["conformance", "--target", shared, "--json", "--grep", "registerAsset|listAssetsByOwner|grantRole"], { timeoutMs: 170_000 });
      expect(result.status, `${result.stdout}\n${result.stderr}`).to.equal(0);
      const report = jsonOf(result) as { target: string; ok: boolean; passed: number; total: number; primitives: Record<string, { total: number }> };
      expect(report).to.include({ target: "fabric-shared", ok: true });
      expect(report.passed).to.be.greaterThan(10);
      expect(report.primitives.receivable.total).to.equal(0); // --grep selected none of them
      expect(result.stderr).to.match(/a shared deployment: run [a-z0-9]{5}/);
    });
  });

  it("conformance --target embedded-fabric --json: every test passes, counted per primitive", async () => {
    const result = await runCli(["conformance", "--target", "embedded-fabric", "--json"]);
    expect(result.status, result.stderr).to.equal(0);
    const report = jsonOf(result) as {
      target: string;
      ok: boolean;
      passed: number;
      failed: number;
      total: number;
      primitives: Record<string, { passed: number; failed: number; total: number }>;
      failures: unknown[];
    };
    expect(report).to.include({ target: "fabric", ok: true, failed: 0 });
    expect(report.failures).to.deep.equal([]);
    expect(Object.keys(report.primitives)).to.deep.equal(Object.keys(CONFORMANCE_SPECS));
    let sum = 0;
    for (const [primitive, row] of Object.entries(report.primitives)) {
      expect(row.total, primitive).to.be.greaterThan(0);
      expect(row, primitive).to.include({ passed: row.total, failed: 0 });
      sum += row.total;
    }
    expect(report.passed).to.equal(sum);
    expect(report.total).to.equal(sum);
    expect(result.stderr).to.include(`[${sum}/${sum}]`);
  });

  it("conformance --reporter junit --grep: JUnit XML of only the selected cases, one <testsuite> per primitive", async () => {
    const result = await runCli(["conformance", "--target", "embedded-fabric", "--reporter", "junit", "--grep", "updateAsset"]);
    expect(result.status, result.stderr).to.equal(0);
    const xml = result.stdout;
    expect(xml).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="conformance \[fabric\]"/);
    const cases = [...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)];
    expect(cases.length).to.be.greaterThan(3);
    for (const [, classname, name] of cases) {
      expect(classname).to.equal("fabric.asset");
      expect(name).to.include("updateAsset");
    }
    expect(xml).to.include('failures="0"');
  });

  it("conformance with an unknown --reporter exits 2 naming the reporters", async () => {
    const result = await runCli(["conformance", "--target", "embedded-fabric", "--reporter", "tap"]);
    expect(result.status).to.equal(2);
    expect(result.stderr).to.include("--reporter must be one of matrix, json, junit");
  });
});

/** A loopback port nothing listens on (one the OS just handed out and took back). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
