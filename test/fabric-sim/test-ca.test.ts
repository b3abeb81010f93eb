import crypto from "node:crypto";
import { createRequire } from "node:module";
import { expect } from "chai";
import * as der from "../../clients/fabric-embedded/sim/der.js";
import { TestCA } from "../../clients/fabric-embedded/sim/test-ca.js";

const require = createRequire(import.meta.url);
const { ClientIdentity } = require("fabric-shim") as {
  ClientIdentity: new (stub: unknown) => { getID(): string; getMSPID(): string };
};

const SUBJECT = "/C=US/ST=California/L=San Francisco/O=org1.example.com/OU=client/CN=User1@org1.example.com";
const ISSUER = "/C=US/ST=California/L=San Francisco/O=org1.example.com/CN=ca.org1.example.com";

describe("fabric-sim: test CA", function () {
  const ca = new TestCA("Org1MSP", "org1.example.com");
  const user = ca.issue("User1");

  it("DER encoder produces the canonical bytes for OIDs, signed integers and named bit strings", function () {
    expect(der.oid("1.2.840.10045.4.3.2").toString("hex")).to.equal("06082a8648ce3d040302");
    expect(der.integer(0x80).toString("hex")).to.equal("02020080"); // sign byte keeps it positive
    expect(der.integer(0).toString("hex")).to.equal("020100");
    expect(der.namedBitString([0]).toString("hex")).to.equal("03020780"); // digitalSignature, 7 unused bits
    expect(der.namedBitString([0, 2, 5, 6]).toString("hex")).to.equal("030201a6");
  });

  it("issues a self-signed CA and a leaf that node:crypto parses and verifies against it", function () {
    const caCert = new crypto.X509Certificate(ca.caCertificatePem);
    const leaf = new crypto.X509Certificate(user.certificatePem);
    expect(caCert.ca).to.equal(true);
    expect(caCert.verify(caCert.publicKey)).to.equal(true);
    expect(leaf.ca).to.equal(false);
    expect(leaf.checkIssued(caCert)).to.equal(true);
    expect(leaf.verify(caCert.publicKey)).to.equal(true);
    expect(leaf.subject.split("\n")).to.deep.equal([
      "C=US", "ST=California", "L=San Francisco", "O=org1.example.com", "OU=client", "CN=User1@org1.example.com",
    ]);
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).to.equal("prime256v1");
  });

  it("a leaf from another CA does not verify against this CA", function () {
    const other = new TestCA("Org1MSP", "org1.example.com").issue("User1");
    expect(new crypto.X509Certificate(other.certificatePem).verify(new crypto.X509Certificate(ca.caCertificatePem).publicKey)).to.equal(false);
    expect(ca.issued(other.certificatePem)).to.equal(false);
  });

  it("the private key matches the certificate's public key", function () {
    const signature = crypto.sign("sha256", Buffer.from("hello"), user.privateKeyPem);
    expect(crypto.verify("sha256", Buffer.from("hello"), new crypto.X509Certificate(user.certificatePem).publicKey, signature)).to.equal(true);
  });

  it("fabric-shim's ClientIdentity (@fidm/x509) yields Fabric's x509::subject::issuer id and the MSP id", function () {
    const stub = {
      getChannelID: () => "mychannel",
      getTxID: () => "tx",
      getCreator: () => ({ mspid: user.mspId, idBytes: Buffer.from(user.certificatePem) }),
    };
    const identity = new ClientIdentity(stub);
    expect(identity.getID()).to.equal(`x509::${SUBJECT}::${ISSUER}`);
    expect(identity.getMSPID()).to.equal("Org1MSP");
  });

  it("the organisational unit is configurable (admin)", function () {
    const admin = new crypto.X509Certificate(ca.issue("Admin", "admin").certificatePem);
    expect(admin.subject).to.contain("OU=admin").and.to.contain("CN=Admin@org1.example.com");
  });
});
