/**
 * The second way to run the chaincode on the same network: as a service (ccaas), the peers
 * dialling one `fabric-chaincode-node server` over mutual TLS. The full suite runs on the
 * node package (fabric-network.test.ts); here a smoke set — the first cases of every
 * primitive — and the TLS itself: the installed package demands it, the server refuses
 * plain TCP and TLS clients without a certificate of its client CA, and a redeploy keeps
 * the package id (and the running server).
 *
 *   npm run test:network:fabric:ccaas
 */
import { expect } from "chai";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect as netConnect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import { type FabricNetworkProfile, readNetworkProfile } from "../../network/fabric/index.js";
import { buildCcaasPackage, ccaasPackageBytes, networkConnection, connectionOfPackage, packageIdOf } from "../../network/fabric/ccaas-package.js";
import { CHAINCODE_PROCESS } from "../../network/fabric/chaincode-server.js";
import { CHAINCODE_LABEL, CHAINCODE_SERVER_HOSTNAME, HOST, PORTS } from "../../network/fabric/constants.js";
import { type ChaincodeTlsFiles, chaincodeTlsFiles } from "../../network/fabric/crypto.js";
import { PEER_ORGS, peerOrgDir, peerTlsCa } from "../../network/fabric/layout.js";
import { peerAdmin } from "../../network/fabric/peer-cli.js";
import { isAlive, readPid } from "../../network/fabric/processes.js";
import { sampleConfigDir } from "../../network/fabric/sampleconfig.js";
import { createOrSkip, runConformance, smokeSpecs } from "../conformance/harness.js";
import { CONFORMANCE_SPECS } from "../conformance/suites.js";
import { fabricNetworkTarget } from "./fabric-network.js";

const createTarget = fabricNetworkTarget("ccaas", "fabric-ccaas");
runConformance("fabric-ccaas", createTarget, smokeSpecs(CONFORMANCE_SPECS, 4));

/** The HTTP/2 client preface and an empty SETTINGS frame: how every gRPC client opens. */
const HTTP2_PREFACE = Buffer.concat([Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1"), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);

/** True when `data` starts with an HTTP/2 SETTINGS frame: a gRPC server answering. */
const answersHttp2 = (data: Buffer) => data.length >= 9 && data[3] === 0x04;

interface Attempt {
  /** the TLS handshake completed on the client's side (TLS 1.3 checks the client certificate after) */
  handshake: boolean;
  data: Buffer;
  error?: string;
  /** the server closed the connection within the wait */
  closed: boolean;
}

/** Opens a connection, sends the HTTP/2 preface and reports what came back within `waitMs`. */
function attempt(open: () => Socket, secureEvent: boolean, waitMs = 3000): Promise<Attempt> {
  return new Promise((resolve) => {
    const result: Attempt = { handshake: false, data: Buffer.alloc(0), closed: false };
    let done = false;
    const socket = open();
    const timer = setTimeout(() => finish(), waitMs);
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    socket.once(secureEvent ? "secureConnect" : "connect", () => {
      result.handshake = secureEvent;
      socket.write(HTTP2_PREFACE);
    });
    socket.on("data", (chunk: Buffer) => {
      result.data = Buffer.concat([result.data, chunk]);
      if (answersHttp2(result.data)) finish();
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      if (!done) result.error = error.code ?? error.message;
    });
    socket.once("close", () => {
      if (!done) result.closed = true; // by the server: we close only when done
      finish();
    });
  });
}

const port = PORTS.chaincodeServer;
const plainTcp = () => attempt(() => netConnect({ host: HOST, port }), false);
const withTls = (options: ConnectionOptions) => attempt(() => tlsConnect({ host: HOST, port, ALPNProtocols: ["h2"], ...options }), true);

describe("ccaas over mutual TLS [fabric-ccaas]", function () {
  this.timeout(60_000);
  let profile: FabricNetworkProfile;
  let earlier: FabricNetworkProfile;
  let serverPid: number | undefined;
  let tls: ChaincodeTlsFiles;
  let caPem: string;

  // After the smoke set (or alone): the network as that left it, then deployed once more.
  before(async function () {
    this.timeout(600_000);
    const ran = (() => {
      try {
        return readNetworkProfile();
      } catch {
        return undefined;
      }
    })();
    const running = readPid(CHAINCODE_PROCESS);
    serverPid = isAlive(running) ? running : undefined;
    const target = await createOrSkip(this, "fabric-ccaas", createTarget);
    await target.close();
    profile = readNetworkProfile();
    earlier = serverPid !== undefined && ran?.chaincode.type === "ccaas" ? ran : profile;
    tls = chaincodeTlsFiles();
    caPem = readFileSync(tls.caCert, "utf8");
  });

  it("the package installed on each peer has connection.json require mutual TLS, PEM inline", async function () {
    const cfg = await sampleConfigDir();
    for (const org of PEER_ORGS) {
      const out = mkdtempSync(join(tmpdir(), "ccaas-installed-"));
      try {
        await peerAdmin(cfg, org)("lifecycle", "chaincode", "getinstalledpackage", "--package-id", profile.chaincode.packageId, "--output-directory", out);
        const [file] = readdirSync(out);
        const installed = readFileSync(join(out, file!));
        expect(packageIdOf(join(out, file!), CHAINCODE_LABEL), org.name).to.equal(profile.chaincode.packageId);
        const connection = connectionOfPackage(installed);
        expect(connection.address).to.equal(`${HOST}:${port}`);
        expect(connection.tls_required, "tls_required").to.equal(true);
        expect(connection.client_auth_required, "client_auth_required").to.equal(true);
        expect(connection.root_cert).to.equal(caPem);
        expect(connection.client_cert).to.equal(readFileSync(tls.clientCert, "utf8"));
        expect(connection.client_key).to.match(/^-----BEGIN (EC )?PRIVATE KEY-----\n/);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
  });

  it("the CA in root_cert issued the server's certificate (for 127.0.0.1) and the peers' client certificate", () => {
    const ca = new X509Certificate(caPem);
    const server = new X509Certificate(readFileSync(tls.serverCert));
    const client = new X509Certificate(readFileSync(tls.clientCert));
    for (const cert of [server, client]) expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).to.equal(true);
    expect(server.checkIP(HOST)).to.equal(HOST);
    expect(server.checkHost(CHAINCODE_SERVER_HOSTNAME)).to.equal(CHAINCODE_SERVER_HOSTNAME);
    expect(server.keyUsage ?? []).to.include("1.3.6.1.5.5.7.3.1"); // serverAuth
    expect(client.keyUsage ?? []).to.include("1.3.6.1.5.5.7.3.2"); // clientAuth
  });

  it("a TLS client with the peers' client certificate gets the gRPC server (the control for the refusals below)", async () => {
    const result = await withTls({ ca: caPem, cert: readFileSync(tls.clientCert), key: readFileSync(tls.clientKey) });
    expect(result.error, "error").to.equal(undefined);
    expect(answersHttp2(result.data), "HTTP/2 SETTINGS from the server").to.equal(true);
  });

  it("a plain-TCP (non-TLS) client is refused", async () => {
    const result = await plainTcp();
    expect(answersHttp2(result.data), "no HTTP/2 answer").to.equal(false);
    expect(result.closed, "the server hangs up").to.equal(true);
  });

  it("a TLS client without a client certificate is refused", async () => {
    const result = await withTls({ ca: caPem });
    expect(answersHttp2(result.data), "no HTTP/2 answer").to.equal(false);
    expect(result.closed, "the server hangs up").to.equal(true);
    expect(result.error, "a TLS alert").to.match(/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|ECONNRESET/);
  });

  it("a TLS client whose certificate another CA issued (Org1's TLS CA) is refused", async () => {
    // Node's TLS server checks the client certificate once the handshake is done and, failing
    // it, drops the connection without an alert: the client sees the handshake, then the end.
    const user = join(peerOrgDir(PEER_ORGS[0]), "users", `User1@${PEER_ORGS[0].domain}`, "tls");
    const result = await withTls({ ca: caPem, cert: readFileSync(join(user, "client.crt")), key: readFileSync(join(user, "client.key")) });
    expect(answersHttp2(result.data), "no HTTP/2 answer").to.equal(false);
    expect(result.closed, "the server hangs up").to.equal(true);
    if (result.error !== undefined) expect(result.error).to.match(/UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|HANDSHAKE_FAILURE|ECONNRESET/);
  });

  it("the server's certificate does not pass for another CA's (a client trusting only Org1's TLS CA aborts)", async () => {
    const result = await withTls({ ca: readFileSync(peerTlsCa(PEER_ORGS[0])), cert: readFileSync(tls.clientCert), key: readFileSync(tls.clientKey) });
    expect(result.handshake).to.equal(false);
    expect(result.error).to.match(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER_CERT/);
  });

  it("a redeploy keeps the package id and the running server; the same inputs give the same package bytes", async () => {
    expect(profile.chaincode.type).to.equal("ccaas");
    expect(profile.chaincode.packageId).to.equal(earlier.chaincode.packageId);
    if (serverPid !== undefined) expect(readPid(CHAINCODE_PROCESS), "not restarted").to.equal(serverPid);
    const again = await buildCcaasPackage();
    expect(again.packageId).to.equal(profile.chaincode.packageId);
    const connection = networkConnection(port, tls);
    expect(ccaasPackageBytes(CHAINCODE_LABEL, connection).equals(ccaasPackageBytes(CHAINCODE_LABEL, connection))).to.equal(true);
    // Plain (tls: false) is another package: another id, tls_required false.
    const plain = ccaasPackageBytes(CHAINCODE_LABEL, networkConnection(port, undefined));
    expect(connectionOfPackage(plain).tls_required).to.equal(false);
    expect(plain.equals(readFileSync(again.path))).to.equal(false);
  });
});
