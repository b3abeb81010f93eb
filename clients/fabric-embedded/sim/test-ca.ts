// A tiny certificate authority per organisation, shaped like Fabric's cryptogen
// output (EC P-256, same DN layout), built from node:crypto and der.ts only.
import crypto from "node:crypto";
import * as der from "./der.js";

/** An enrolled identity as a Fabric client holds it: MSP id, PEM certificate, PKCS#8 PEM key. */
export interface Identity {
  mspId: string;
  certificatePem: string;
  privateKeyPem: string;
}

export type OrganizationalUnit = "client" | "admin" | "peer";

const OID = {
  country: "2.5.4.6",
  state: "2.5.4.8",
  locality: "2.5.4.7",
  organization: "2.5.4.10",
  organizationalUnit: "2.5.4.11",
  commonName: "2.5.4.3",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  basicConstraints: "2.5.29.19",
  extKeyUsage: "2.5.29.37",
  authorityKeyIdentifier: "2.5.29.35",
  subjectAltName: "2.5.29.17",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

// keyUsage bit positions (RFC 5280 §4.2.1.3).
const KU = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

type Rdn = [oid: string, value: string];

function name(rdns: Rdn[]): Buffer {
  return der.sequence(...rdns.map(([o, v]) => der.set(der.sequence(der.oid(o), der.directoryString(v)))));
}

function extension(extnId: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? der.sequence(der.oid(extnId), der.boolean(true), der.octetString(value))
    : der.sequence(der.oid(extnId), der.octetString(value)); // DEFAULT FALSE is omitted in DER
}

/** cryptogen's key identifier: SHA-256 of the uncompressed public point. */
function keyIdentifier(publicKey: crypto.KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  return crypto.createHash("sha256").update(point).digest();
}

function toPem(label: string, body: Buffer): string {
  const lines = body.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

interface CertificateRequest {
  subject: Rdn[];
  issuer: Rdn[];
  publicKey: crypto.KeyObject;
  signingKey: crypto.KeyObject;
  extensions: Buffer[];
  notBefore: Date;
  notAfter: Date;
}

function signCertificate(req: CertificateRequest): string {
  const algorithm = der.sequence(der.oid(OID.ecdsaWithSha256)); // ecdsa-with-SHA256 has absent parameters
  const serial = crypto.randomBytes(16);
  serial[0]! &= 0x7f; // positive, at most 20 octets (RFC 5280 §4.1.2.2)
  const tbs = der.sequence(
    der.contextExplicit(0, der.integer(2)), // v3
    der.integer(serial),
    algorithm,
    name(req.issuer),
    der.sequence(der.x509Time(req.notBefore), der.x509Time(req.notAfter)),
    name(req.subject),
    req.publicKey.export({ type: "spki", format: "der" }),
    der.contextExplicit(3, der.sequence(...req.extensions)),
  );
  const signature = crypto.sign("sha256", tbs, req.signingKey); // DER-encoded ECDSA-Sig-Value
  return toPem("CERTIFICATE", der.sequence(tbs, algorithm, der.bitString(signature)));
}

export class TestCA {
  readonly mspId: string;
  readonly domain: string;
  readonly caCertificatePem: string;
  private readonly caKey: crypto.KeyObject;
  private readonly caKeyId: Buffer;
  private readonly caName: Rdn[];

  /** e.g. new TestCA("Org1MSP", "org1.example.com"). */
  constructor(mspId: string, domain: string) {
    this.mspId = mspId;
    this.domain = domain;
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.caKey = privateKey;
    this.caKeyId = keyIdentifier(publicKey);
    this.caName = [
      [OID.country, "US"],
      [OID.state, "California"],
      [OID.locality, "San Francisco"],
      [OID.organization, domain],
      [OID.commonName, `ca.${domain}`],
    ];
    const { notBefore, notAfter } = validity();
    this.caCertificatePem = signCertificate({
      subject: this.caName,
      issuer: this.caName,
      publicKey,
      signingKey: privateKey,
      notBefore,
      notAfter,
      extensions: [
        extension(OID.keyUsage, true, der.namedBitString([KU.digitalSignature, KU.keyEncipherment, KU.keyCertSign, KU.cRLSign])),
        extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.clientAuth), der.oid(OID.serverAuth))),
        extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
        extension(OID.subjectKeyIdentifier, false, der.octetString(this.caKeyId)),
      ],
    });
  }

  /**
   * Issues a leaf certificate. `commonName` is used as given when it contains "@",
   * otherwise cryptogen's "<name>@<domain>" form is built (issue("User1") → User1@org1.example.com).
   */
  issue(commonName: string, ou: OrganizationalUnit = "client"): Identity {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    return {
      mspId: this.mspId,
      certificatePem: this.certify(publicKey, commonName, ou),
      privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    };
  }

  /**
   * A certificate, as `issue` makes, for a P-256 public key held elsewhere (an HSM): the
   * private key never passes through the CA.
   */
  certify(publicKey: crypto.KeyObject, commonName: string, ou: OrganizationalUnit = "client"): string {
    const cn = commonName.includes("@") ? commonName : `${commonName}@${this.domain}`;
    return this.leafCertificate(
      publicKey,
      [
        [OID.country, "US"],
        [OID.state, "California"],
        [OID.locality, "San Francisco"],
        [OID.organization, this.domain],
        [OID.organizationalUnit, ou],
        [OID.commonName, cn],
      ],
      der.namedBitString([KU.digitalSignature]),
    );
  }

  /**
   * Issues a TLS server certificate (like cryptogen's tls/server.crt): CN `hostname`,
   * subjectAltName with every DNS name and IP address given, serverAuth and clientAuth.
   */
  issueTlsServer(hostname: string, alternativeNames: { dnsNames?: string[]; ipAddresses?: string[] } = {}): Identity {
    const dnsNames = [hostname, ...(alternativeNames.dnsNames ?? [])];
    const generalNames = [
      ...[...new Set(dnsNames)].map((dns) => der.contextImplicit(2, Buffer.from(dns, "ascii"))), // dNSName [2] IA5String
      ...(alternativeNames.ipAddresses ?? []).map((ip) => der.contextImplicit(7, ipv4Bytes(ip))), // iPAddress [7] OCTET STRING
    ];
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const certificatePem = this.leafCertificate(
      publicKey,
      [
        [OID.country, "US"],
        [OID.state, "California"],
        [OID.locality, "San Francisco"],
        [OID.commonName, hostname],
      ],
      der.namedBitString([KU.digitalSignature, KU.keyEncipherment]),
      [
        extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth), der.oid(OID.clientAuth))),
        extension(OID.subjectAltName, false, der.sequence(...generalNames)),
      ],
    );
    return { mspId: this.mspId, certificatePem, privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
  }

  /** A certificate for `publicKey` signed by this CA: key usage, not a CA, the CA's key id. */
  private leafCertificate(publicKey: crypto.KeyObject, subject: Rdn[], keyUsage: Buffer, moreExtensions: Buffer[] = []): string {
    const { notBefore, notAfter } = validity();
    return signCertificate({
      subject,
      issuer: this.caName,
      publicKey,
      signingKey: this.caKey,
      notBefore,
      notAfter,
      extensions: [
        extension(OID.keyUsage, true, keyUsage),
        extension(OID.basicConstraints, true, der.sequence()), // cA DEFAULT FALSE → empty SEQUENCE
        extension(OID.authorityKeyIdentifier, false, der.sequence(der.contextImplicit(0, this.caKeyId))),
        ...moreExtensions,
      ],
    });
  }

  /** True when `certificatePem` was issued by this CA (signature check only). */
  issued(certificatePem: string): boolean {
    const cert = new crypto.X509Certificate(certificatePem);
    return cert.checkIssued(new crypto.X509Certificate(this.caCertificatePem)) &&
      cert.verify(new crypto.X509Certificate(this.caCertificatePem).publicKey);
  }
}

function ipv4Bytes(ip: string): Buffer {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new RangeError(`not an IPv4 address: ${ip}`);
  return Buffer.from(parts);
}

/** Like cryptogen: valid from a little before now for ten years (whole seconds, as DER times are). */
function validity(): { notBefore: Date; notAfter: Date } {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const notBefore = new Date(now - 5 * 60 * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
  return { notBefore, notAfter };
}
