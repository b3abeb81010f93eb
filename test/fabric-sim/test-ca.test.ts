import crypto from "node:crypto";
import { createRequire } from "node:module";
import { AsnConvert } from "@peculiar/asn1-schema";
import { BasicConstraints, Certificate, KeyUsage, id_ce_basicConstraints, id_ce_keyUsage } from "@peculiar/asn1-x509";
import { expect } from "chai";
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

  /** The parsed structure, for what node:crypto's X509Certificate does not expose. */
  function parsed(pem: string): Certificate {
    return AsnConvert.parse(new crypto.X509Certificate(pem).raw, Certificate);
  }
  function extension(cert: Certificate, extnID: string) {
    const found = cert.tbsCertificate.extensions?.find((e) => e.extnID === extnID);
    if (!found) throw new Error(`no extension ${extnID}`);
    return found;
  }
  const keyUsageOf = (cert: Certificate) => AsnConvert.parse(extension(cert, id_ce_keyUsage).extnValue, KeyUsage).toJSON().sort();

  it("is v3, ecdsa-with-SHA256 without parameters, with a positive serial of at most 20 octets", function () {
    for (const pem of [ca.caCertificatePem, user.certificatePem]) {
      const cert = parsed(pem);
      expect(cert.tbsCertificate.version).to.equal(2);
      expect(cert.signatureAlgorithm.algorithm).to.equal("1.2.840.10045.4.3.2");
      expect(cert.signatureAlgorithm.parameters).to.equal(undefined);
      expect(cert.tbsCertificate.signature.algorithm).to.equal("1.2.840.10045.4.3.2");
      const serial = Buffer.from(cert.tbsCertificate.serialNumber);
      expect(serial.length).to.be.within(1, 20);
      expect(serial[0]! & 0x80).to.equal(0);
      expect(serial[0]).to.not.equal(0); // minimal DER
    }
  });

  it("valid from five minutes ago for ten years, in whole seconds", function () {
    const leaf = new crypto.X509Certificate(ca.issue("Fresh").certificatePem);
    const from = new Date(leaf.validFrom).getTime();
    expect(Date.now() - from).to.be.within(5 * 60_000, 5 * 60_000 + 5_000);
    const to = new Date(leaf.validTo);
    to.setUTCFullYear(to.getUTCFullYear() - 10);
    expect(to.getTime()).to.equal(from);
  });

  it("writes names as cryptogen does: PrintableString when it can, UTF8String otherwise", function () {
    const values = parsed(user.certificatePem).tbsCertificate.subject.map((rdn) => rdn[0]!.value);
    expect(values.map((v) => v.printableString ?? `utf8:${v.utf8String}`)).to.deep.equal([
      "US", "California", "San Francisco", "org1.example.com", "client", "utf8:User1@org1.example.com",
    ]);
  });

  it("the CA: self-issued, critical basicConstraints cA, critical keyUsage for signing certificates, both EKUs", function () {
    const caCert = new crypto.X509Certificate(ca.caCertificatePem);
    expect(caCert.subject).to.equal(caCert.issuer);
    expect(caCert.issuer.split("\n")).to.deep.equal(["C=US", "ST=California", "L=San Francisco", "O=org1.example.com", "CN=ca.org1.example.com"]);
    expect(caCert.keyUsage).to.deep.equal(["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1"]); // node names the extended key usage so
    const cert = parsed(ca.caCertificatePem);
    expect(extension(cert, id_ce_basicConstraints).critical).to.equal(true);
    expect(AsnConvert.parse(extension(cert, id_ce_basicConstraints).extnValue, BasicConstraints).cA).to.equal(true);
    expect(extension(cert, id_ce_keyUsage).critical).to.equal(true);
    expect(keyUsageOf(cert)).to.deep.equal(["crlSign", "digitalSignature", "keyCertSign", "keyEncipherment"]);
    expect(cert.tbsCertificate.extensions!.map((e) => [e.extnID, e.critical])).to.deep.equal([
      ["2.5.29.15", true], ["2.5.29.37", false], ["2.5.29.19", true], ["2.5.29.14", false],
    ]);
  });

  it("a leaf: critical keyUsage digitalSignature only, critical basicConstraints not a CA, AKI = the CA's SKI", function () {
    const cert = parsed(user.certificatePem);
    expect(keyUsageOf(cert)).to.deep.equal(["digitalSignature"]);
    expect(cert.tbsCertificate.extensions!.map((e) => [e.extnID, e.critical])).to.deep.equal([
      ["2.5.29.15", true], ["2.5.29.19", true], ["2.5.29.35", false],
    ]);
    expect(Buffer.from(extension(cert, id_ce_basicConstraints).extnValue.buffer).toString("hex")).to.equal("3000");
    const ski = Buffer.from(extension(parsed(ca.caCertificatePem), "2.5.29.14").extnValue.buffer).subarray(2);
    expect(Buffer.from(extension(cert, "2.5.29.35").extnValue.buffer).toString("hex")).to.equal(`30228020${ski.toString("hex")}`);
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

  it("certify() embeds the given public key and the private key never reaches the CA", function () {
    const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const pem = ca.certify(publicKey, "HSM User", "peer");
    const cert = new crypto.X509Certificate(pem);
    expect(cert.publicKey.export({ type: "spki", format: "der" })).to.deep.equal(publicKey.export({ type: "spki", format: "der" }));
    expect(cert.subject).to.contain("OU=peer").and.to.contain("CN=HSM User@org1.example.com");
    expect(ca.issued(pem)).to.equal(true);
    const signature = crypto.sign("sha256", Buffer.from("m"), privateKey);
    expect(crypto.verify("sha256", Buffer.from("m"), cert.publicKey, signature)).to.equal(true);
  });

  it("issueTlsServer: CN the hostname, SAN with each DNS name once and the IP addresses, server and client auth", function () {
    const tls = ca.issueTlsServer("peer0.org1.example.com", { dnsNames: ["localhost", "peer0.org1.example.com"], ipAddresses: ["127.0.0.1"] });
    const cert = new crypto.X509Certificate(tls.certificatePem);
    expect(cert.subject.split("\n")).to.deep.equal(["C=US", "ST=California", "L=San Francisco", "CN=peer0.org1.example.com"]);
    expect(cert.subjectAltName).to.equal("DNS:peer0.org1.example.com, DNS:localhost, IP Address:127.0.0.1");
    expect(cert.checkHost("localhost")).to.equal("localhost");
    expect(cert.checkIP("127.0.0.1")).to.equal("127.0.0.1");
    expect(cert.keyUsage).to.deep.equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
    expect(cert.ca).to.equal(false);
    expect(cert.verify(new crypto.X509Certificate(ca.caCertificatePem).publicKey)).to.equal(true);
    expect(keyUsageOf(parsed(tls.certificatePem))).to.deep.equal(["digitalSignature", "keyEncipherment"]);
    expect(crypto.createPublicKey(tls.privateKeyPem).export({ type: "spki", format: "der" })).to.deep.equal(cert.publicKey.export({ type: "spki", format: "der" }));
  });

  it("the organisational unit is configurable (admin)", function () {
    const admin = new crypto.X509Certificate(ca.issue("Admin", "admin").certificatePem);
    expect(admin.subject).to.contain("OU=admin").and.to.contain("CN=Admin@org1.example.com");
  });
});
