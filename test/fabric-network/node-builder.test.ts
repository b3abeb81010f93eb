/**
 * The external builder for node chaincode (network/fabric/builders/node), run as the peer
 * runs it: detect on the package metadata, build on the extracted code, release, and run
 * with the chaincode.json the peer writes — here with a stand-in fabric-chaincode-node
 * that reports its arguments and TLS environment instead of dialling a peer.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_BUILDER_DIR } from "../../network/fabric/constants.js";

const builder = (step: string, ...args: string[]) =>
  spawnSync(join(NODE_BUILDER_DIR, "bin", step), args, { encoding: "utf8", env: process.env });

describe("network/fabric node builder", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "twinledger-node-builder-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const metadata = (type: string) => {
    const meta = join(dir, "meta");
    mkdirSync(meta, { recursive: true });
    writeFileSync(join(meta, "metadata.json"), JSON.stringify({ type, label: "x_1" }));
    return meta;
  };

  it("detect accepts a node package and declines a ccaas one", () => {
    expect(builder("detect", join(dir, "src"), metadata("node")).status).to.equal(0);
    expect(builder("detect", join(dir, "src"), metadata("ccaas")).status).to.not.equal(0);
  });

  it("build refuses a package whose dependencies lack fabric-shim", () => {
    const source = join(dir, "code");
    mkdirSync(join(source, "src"), { recursive: true });
    writeFileSync(join(source, "src", "package.json"), JSON.stringify({ name: "cc", version: "1.0.0" }));
    writeFileSync(join(source, "src", "package-lock.json"), JSON.stringify({ name: "cc", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": { name: "cc", version: "1.0.0" } } }));
    mkdirSync(join(dir, "out"));
    const result = builder("build", source, metadata("node"), join(dir, "out"));
    expect(result.status).to.not.equal(0);
    expect(result.stderr).to.include("fabric-shim (fabric-chaincode-node) is not a dependency of the package");
  });

  it("build refuses code without src/package.json", () => {
    mkdirSync(join(dir, "code"));
    mkdirSync(join(dir, "out"));
    const result = builder("build", join(dir, "code"), metadata("node"), join(dir, "out"));
    expect(result.status).to.not.equal(0);
    expect(result.stderr).to.include("src/package.json missing");
  });

  it("release hands over the package's CouchDB indexes", () => {
    const build = join(dir, "bld");
    mkdirSync(join(build, "META-INF", "statedb", "couchdb", "indexes"), { recursive: true });
    writeFileSync(join(build, "META-INF", "statedb", "couchdb", "indexes", "byOwner.json"), "{}");
    mkdirSync(join(dir, "release"));
    expect(builder("release", build, join(dir, "release")).status).to.equal(0);
    expect(existsSync(join(dir, "release", "statedb", "couchdb", "indexes", "byOwner.json"))).to.equal(true);
  });

  it("run starts fabric-chaincode-node against the peer with the peer's TLS material, client key and cert base64-encoded", () => {
    const build = join(dir, "bld");
    mkdirSync(join(build, "node_modules", ".bin"), { recursive: true });
    const fake = join(build, "node_modules", ".bin", "fabric-chaincode-node");
    writeFileSync(fake, `#!/bin/sh
echo "args=$*"
echo "tls=$CORE_PEER_TLS_ENABLED"
echo "key=$(cat "$CORE_TLS_CLIENT_KEY_PATH")"
echo "cert=$(cat "$CORE_TLS_CLIENT_CERT_PATH")"
echo "root=$(cat "$CORE_PEER_TLS_ROOTCERT_FILE")"
`);
    chmodSync(fake, 0o755);
    const runMeta = join(dir, "run");
    mkdirSync(runMeta);
    const chaincode = {
      chaincode_id: "twinledger_0.1.0:abc", peer_address: "127.0.0.1:7052", mspid: "Org1MSP",
      client_cert: "-----BEGIN CERTIFICATE-----\nCERT\n-----END CERTIFICATE-----\n",
      client_key: "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n",
      root_cert: "-----BEGIN CERTIFICATE-----\nROOT\n-----END CERTIFICATE-----\n",
    };
    writeFileSync(join(runMeta, "chaincode.json"), JSON.stringify(chaincode));
    const result = builder("run", build, runMeta);
    expect(result.status, result.stderr).to.equal(0);
    const out = Object.fromEntries(result.stdout.trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
    expect(out.args).to.equal(`start --peer.address 127.0.0.1:7052 --chaincode-id-name twinledger_0.1.0:abc --module-path ${build}`);
    expect(out.tls).to.equal("true");
    expect(out.key).to.equal(Buffer.from(chaincode.client_key).toString("base64"));
    expect(out.cert).to.equal(Buffer.from(chaincode.client_cert).toString("base64"));
    expect(readFileSync(join(runMeta, "tls", "root.crt"), "utf8")).to.equal(chaincode.root_cert);
  });
});
