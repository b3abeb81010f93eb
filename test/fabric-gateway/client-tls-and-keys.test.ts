/**
 * The Fabric Gateway client as production peers want it: mutual TLS (a peer with
 * clientAuthRequired refuses a client without a certificate from its CA) and identities
 * read from an MSP folder whatever the key file's name.
 */
import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashOf } from "../conformance/harness.js";
import { createEmbeddedGatewayTarget, type EmbeddedGatewayTarget } from "../../clients/fabric-embedded/gateway-target.js";
import { TestCA } from "../../clients/fabric-embedded/sim/index.js";
import { connectPeer, type GatewayPeer } from "../../clients/fabric-gateway/connection.js";
import { loadUser } from "../../clients/fabric-gateway/identity.js";

/** Whether a TLS connection to the peer comes up within two seconds. */
function connects(peer: GatewayPeer): Promise<boolean> {
  const client = connectPeer(peer);
  return new Promise<boolean>((resolve) => client.waitForReady(Date.now() + 2_000, (error) => resolve(error === undefined || error === null))).finally(() => client.close());
}

describe("fabric-gateway client: mutual TLS", function () {
  this.timeout(30_000);
  let target: EmbeddedGatewayTarget;
  let peer: GatewayPeer;

  before(async () => {
    target = await createEmbeddedGatewayTarget({ clientAuthRequired: true });
    peer = { endpoint: target.gateway.endpoint, hostOverride: target.gateway.hostOverride, tlsCACertPem: target.gateway.tlsCACertPem };
  });
  after(async () => target?.close());

  it("a client with a TLS certificate from the peer's CA submits and queries", async () => {
    const { alice, bob } = await target.deploy();
    await alice.registerAsset("M-1", "machine", hashOf("M-1"), "");
    expect((await bob.getAsset("M-1")).owner).to.equal(alice.party);
  });

  it("a client without a TLS certificate is refused by the peer", async () => {
    expect(await connects(peer)).to.equal(false);
  });

  it("a client whose TLS certificate comes from another CA is refused", async () => {
    const stranger = new TestCA("OtherMSP", "other.example.com").issueTlsServer("client.other.example.com");
    expect(await connects({ ...peer, tlsClient: stranger })).to.equal(false);
  });
});

describe("fabric-gateway client: identities from an MSP folder", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "twinledger-msp-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("signcerts/ and keystore/ folders are read whatever the key file is named (a Fabric CA's <SKI>_sk)", async () => {
    const ca = new TestCA("Org1MSP", "org1.example.com");
    const user = ca.issue("User7");
    mkdirSync(join(dir, "signcerts"));
    mkdirSync(join(dir, "keystore"));
    writeFileSync(join(dir, "signcerts", "cert.pem"), user.certificatePem);
    writeFileSync(join(dir, "keystore", "5f0c8a0e4a1d9b6e2f3c7a8b9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a_sk"), user.privateKeyPem);
    const loaded = loadUser({ mspId: "Org1MSP", certPath: join(dir, "signcerts"), keyPath: join(dir, "keystore") });
    expect(loaded.certificatePem).to.equal(user.certificatePem);
    expect(await loaded.signer(new Uint8Array(32))).to.have.length.greaterThan(0);
  });

  it("a folder with two key files is refused, naming the folder", () => {
    const keystore = join(dir, "two-keys");
    mkdirSync(keystore);
    writeFileSync(join(keystore, "a_sk"), "x");
    writeFileSync(join(keystore, "b_sk"), "y");
    expect(() => loadUser({ mspId: "Org1MSP", certPath: join(dir, "signcerts"), keyPath: keystore })).to.throw(`${keystore} is a folder with 2 files`);
  });
});
