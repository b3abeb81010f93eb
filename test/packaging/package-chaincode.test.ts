import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { expect } from "chai";
import { compileChaincode, DEFAULT_CCAAS_ADDRESS, packageChaincode, type ChaincodePackage } from "../../scripts/packaging/chaincode-package.js";
import { tar, untar } from "../../scripts/packaging/tar.js";
import { ccaasConnection } from "../../scripts/packaging/ccaas-connection.js";
import { TestCA } from "../../clients/fabric-embedded/sim/test-ca.js";

const readTarGz = async (file: string | Buffer) => untar(gunzipSync(typeof file === "string" ? await readFile(file) : file));

/** The outer archive: metadata.json then code.tar.gz, nothing else. */
async function open(pkg: ChaincodePackage) {
  const outer = await readTarGz(pkg.file);
  expect(outer.map((entry) => entry.path)).to.deep.equal(["metadata.json", "code.tar.gz"]);
  const metadata = JSON.parse(outer[0].data.toString("utf8"));
  const code = await readTarGz(outer[1].data);
  return { outer, metadata, code };
}

describe("package:chaincode — Fabric chaincode packages", function () {
  this.timeout(60_000);
  let work: string;
  let dist: string;
  let first: ChaincodePackage[];

  before(async () => {
    work = await mkdtemp(join(tmpdir(), "twinledger-package-test-"));
    dist = await compileChaincode(join(work, "compiled"));
    first = await packageChaincode({ outDir: join(work, "a"), distDir: dist, lockfile: false });
  });
  after(async () => rm(work, { recursive: true, force: true }));

  it("writes twinledger_<version>.tar.gz (node) and twinledger-ccaas_<version>.tar.gz (ccaas)", async () => {
    const { version } = JSON.parse(await readFile("chaincode/package.json", "utf8"));
    expect((await readdir(join(work, "a"))).sort()).to.deep.equal([`twinledger-ccaas_${version}.tar.gz`, `twinledger_${version}.tar.gz`]);
    expect(first.map((pkg) => [pkg.type, pkg.label])).to.deep.equal([
      ["node", `twinledger_${version}`],
      ["ccaas", `twinledger-ccaas_${version}`],
    ]);
    for (const pkg of first) {
      const sha256 = createHash("sha256").update(await readFile(pkg.file)).digest("hex");
      expect(pkg.packageId).to.equal(`${pkg.label}:${sha256}`);
    }
  });

  it("the node package holds src/package.json and the compiled JavaScript, no node_modules, sources or maps", async () => {
    const { metadata, code } = await open(first[0]);
    expect(metadata).to.deep.equal({ type: "node", label: first[0].label });
    const paths = code.map((entry) => entry.path);
    expect(paths.every((path) => path.startsWith("src/"))).to.equal(true);
    expect(paths).to.deep.equal([...paths].sort());
    expect(paths.filter((path) => !/^src\/dist\/.+\.js$/.test(path))).to.deep.equal(["src/package.json"]);
    expect(paths.some((path) => path.includes("node_modules"))).to.equal(false);

    const manifest = JSON.parse(code.find((entry) => entry.path === "src/package.json")!.data.toString("utf8"));
    expect(manifest.scripts.start).to.equal("fabric-chaincode-node start");
    expect(manifest.scripts.build, "nothing to build on the peer").to.equal(undefined);
    expect(Object.keys(manifest.dependencies).sort()).to.deep.equal(["@noble/curves", "@noble/hashes", "fabric-contract-api", "fabric-shim"]);
    expect(manifest.overrides).to.deep.equal({ "class-transformer": "0.4.0" });
    expect(paths).to.include(`src/${manifest.main}`);
    expect(paths).to.include("src/dist/core/index.js");
    expect(code.every((entry) => entry.mtime === 0 && entry.mode === 0o644)).to.equal(true);
  });

  it("the ccaas package holds connection.json, by default addressed per peer", async () => {
    const { metadata, code } = await open(first[1]);
    expect(metadata).to.deep.equal({ type: "ccaas", label: first[1].label });
    expect(code.map((entry) => entry.path)).to.deep.equal(["connection.json"]);
    expect(JSON.parse(code[0].data.toString("utf8"))).to.deep.equal({ address: DEFAULT_CCAAS_ADDRESS, dial_timeout: "10s", tls_required: false });
  });

  it("takes the ccaas address from --address and refuses one that is not host:port", async () => {
    const [, ccaas] = await packageChaincode({ outDir: join(work, "c"), distDir: dist, lockfile: false, address: "twinledger.org1.example.com:7052" });
    const { code } = await open(ccaas);
    expect(JSON.parse(code[0].data.toString("utf8")).address).to.equal("twinledger.org1.example.com:7052");
    let error: unknown;
    await packageChaincode({ outDir: join(work, "d"), distDir: dist, lockfile: false, address: "no port" }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/host:port/);
  });

  it("with TLS files the ccaas connection.json requires TLS and carries the root and the peer's client certificate and key", async () => {
    const ca = new TestCA("Org1MSP", "org1.example.com");
    const peerClient = ca.issue("peer0", "peer");
    const tls = { rootCertPem: ca.caCertificatePem, clientCertPem: peerClient.certificatePem, clientKeyPem: peerClient.privateKeyPem };
    const [, ccaas] = await packageChaincode({ outDir: join(work, "t"), distDir: dist, lockfile: false, address: "cc.org1.example.com:9999", tls });
    const { code } = await open(ccaas);
    expect(JSON.parse(code[0].data.toString("utf8"))).to.deep.equal({
      address: "cc.org1.example.com:9999",
      dial_timeout: "10s",
      tls_required: true,
      client_auth_required: true,
      root_cert: ca.caCertificatePem,
      client_cert: peerClient.certificatePem,
      client_key: peerClient.privateKeyPem,
    });
  });

  it("refuses TLS material that cannot work: a key of another certificate, half a client pair, text that is no PEM", () => {
    const ca = new TestCA("Org1MSP", "org1.example.com");
    const [one, two] = [ca.issue("peer0", "peer"), ca.issue("peer1", "peer")];
    const root = ca.caCertificatePem;
    expect(() => ccaasConnection("cc:9999", { rootCertPem: root, clientCertPem: one.certificatePem, clientKeyPem: two.privateKeyPem })).to.throw(/does not belong/);
    expect(() => ccaasConnection("cc:9999", { rootCertPem: root, clientCertPem: one.certificatePem })).to.throw(/needs its key/);
    expect(() => ccaasConnection("cc:9999", { rootCertPem: "not a certificate" })).to.throw(/root certificate is not a PEM certificate/);
    expect(ccaasConnection("cc:9999", { rootCertPem: root })).to.deep.equal({ address: "cc:9999", dial_timeout: "10s", tls_required: true, client_auth_required: false, root_cert: root });
  });

  it("building twice gives identical bytes, so the package id is reproducible", async () => {
    const second = await packageChaincode({ outDir: join(work, "b"), distDir: dist, lockfile: false });
    for (const [a, b] of first.map((pkg, index) => [pkg, second[index]] as const)) {
      expect((await readFile(a.file)).equals(await readFile(b.file)), a.label).to.equal(true);
      expect(a.packageId).to.equal(b.packageId);
    }
  });
});

describe("tar — the deterministic ustar writer behind the packages", () => {
  it("writes an archive GNU tar lists with the same paths, modes, owners and the epoch as mtime", async () => {
    const work = await mkdtemp(join(tmpdir(), "twinledger-tar-test-"));
    try {
      const deep = `src/${"d".repeat(120)}/index.js`; // longer than ustar's 100-byte name: needs the prefix field
      await writeFile(join(work, "a.tar"), tar([{ path: "metadata.json", data: "{}" }, { path: deep, data: "x", mode: 0o755 }]));
      const listing = execFileSync("tar", ["--numeric-owner", "--utc", "-tvf", join(work, "a.tar")], { encoding: "utf8" }).trim().split("\n");
      expect(listing.map((line) => line.split(/\s+/))).to.deep.equal([
        ["-rw-r--r--", "0/0", "2", "1970-01-01", "00:00", "metadata.json"],
        ["-rwxr-xr-x", "0/0", "1", "1970-01-01", "00:00", deep],
      ]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it("refuses a path that is not clean and relative, or a duplicate", () => {
    for (const path of ["/etc/passwd", "../x", "a//b", "./a"]) expect(() => tar([{ path, data: "" }]), path).to.throw(/not a clean relative path/);
    expect(() => tar([{ path: "a", data: "" }, { path: "a", data: "" }])).to.throw(/duplicate entry a/);
  });

  it("refuses a name that does not fit a ustar header rather than writing a pax extension", () => {
    expect(() => tar([{ path: `${"p".repeat(160)}/${"n".repeat(101)}`, data: "" }])).to.throw(/does not fit a ustar header/);
  });
});
