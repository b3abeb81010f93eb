// A tiny certificate authority per organisation, shaped like Fabric's cryptogen
// output (EC P-256, same DN layout): @peculiar/asn1-x509 for the structures, whose
// serializer is synchronous (unlike @peculiar/x509's WebCrypto), node:crypto for keys
// and the signature.
import crypto from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier, AttributeTypeAndValue, AttributeValue, AuthorityKeyIdentifier, BasicConstraints, Certificate,
  ExtendedKeyUsage, Extension, Extensions, GeneralName, KeyIdentifier, KeyUsage, KeyUsageFlags, Name,
  RelativeDistinguishedName, SubjectAlternativeName, SubjectKeyIdentifier, SubjectPublicKeyInfo, TBSCertificate,
  Validity, Version, id_ce_authorityKeyIdentifier, id_ce_basicConstraints, id_ce_extKeyUsage, id_ce_keyUsage,
  id_ce_subjectAltName, id_ce_subjectKeyIdentifier, id_kp_clientAuth, id_kp_serverAuth,
} from "@peculiar/asn1-x509";

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
} as const;

type Rdn = [oid: string, value: string];

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** Go's crypto/x509 (and so cryptogen) picks PrintableString when it can, UTF8String otherwise. */
function name(rdns: Rdn[]): Name {
  return new Name(rdns.map(([type, v]) => new RelativeDistinguishedName([
    new AttributeTypeAndValue({ type, value: new AttributeValue(PRINTABLE.test(v) ? { printableString: v } : { utf8String: v }) }),
  ])));
}

/** critical false is DEFAULT FALSE, which the serializer omits as DER requires. */
function extension(extnID: string, critical: boolean, value: object): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** cryptogen's key identifier: SHA-256 of the uncompressed public point. */
function keyIdentifier(publicKey: crypto.KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  return crypto.createHash("sha256").update(point).digest();
}

function toPem(label: string, body: ArrayBuffer): string {
  const lines = Buffer.from(body).toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

interface CertificateRequest {
  subject: Rdn[];
  issuer: Rdn[];
  publicKey: crypto.KeyObject;
  signingKey: crypto.KeyObject;
  extensions: Extension[];
  notBefore: Date;
  notAfter: Date;
}

function signCertificate(req: CertificateRequest): string {
  const algorithm = new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 }); // ecdsa-with-SHA256 has absent parameters
  const serial = crypto.getRandomValues(new Uint8Array(16));
  // The serializer writes these octets as they are: top bit clear keeps the INTEGER positive,
  // a non-zero first octet keeps it minimal; at most 20 octets (RFC 5280 §4.1.2.2).
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer,
    signature: algorithm,
    issuer: name(req.issuer),
    validity: new Validity({ notBefore: req.notBefore, notAfter: req.notAfter }),
    subject: name(req.subject),
    subjectPublicKeyInfo: AsnConvert.parse(req.publicKey.export({ type: "spki", format: "der" }), SubjectPublicKeyInfo),
    extensions: new Extensions(req.extensions),
  });
  const tbs = Buffer.from(AsnConvert.serialize(tbsCertificate));
  const signature = crypto.sign("sha256", tbs, req.signingKey); // DER-encoded ECDSA-Sig-Value
  const certificate = new Certificate({ tbsCertificate, signatureAlgorithm: algorithm, signatureValue: Uint8Array.from(signature).buffer });
  return toPem("CERTIFICATE", AsnConvert.serialize(certificate));
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
        extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment | KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)),
        extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([id_kp_clientAuth, id_kp_serverAuth])),
        extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true })),
        extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(this.caKeyId)),
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
      new KeyUsage(KeyUsageFlags.digitalSignature),
    );
  }

  /**
   * Issues a TLS server certificate (like cryptogen's tls/server.crt): CN `hostname`,
   * subjectAltName with every DNS name and IP address given, serverAuth and clientAuth.
   */
  issueTlsServer(hostname: string, alternativeNames: { dnsNames?: string[]; ipAddresses?: string[] } = {}): Identity {
    const dnsNames = [hostname, ...(alternativeNames.dnsNames ?? [])];
    const generalNames = [
      ...[...new Set(dnsNames)].map((dNSName) => new GeneralName({ dNSName })),
      ...(alternativeNames.ipAddresses ?? []).map((iPAddress) => new GeneralName({ iPAddress })), // IPv4 or IPv6 text
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
      new KeyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment),
      [
        extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([id_kp_serverAuth, id_kp_clientAuth])),
        extension(id_ce_subjectAltName, false, new SubjectAlternativeName(generalNames)),
      ],
    );
    return { mspId: this.mspId, certificatePem, privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
  }

  /** A certificate for `publicKey` signed by this CA: key usage, not a CA, the CA's key id. */
  private leafCertificate(publicKey: crypto.KeyObject, subject: Rdn[], keyUsage: KeyUsage, moreExtensions: Extension[] = []): string {
    const { notBefore, notAfter } = validity();
    return signCertificate({
      subject,
      issuer: this.caName,
      publicKey,
      signingKey: this.caKey,
      notBefore,
      notAfter,
      extensions: [
        extension(id_ce_keyUsage, true, keyUsage),
        extension(id_ce_basicConstraints, true, new BasicConstraints()), // cA DEFAULT FALSE → empty SEQUENCE
        extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(this.caKeyId) })),
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

/** Like cryptogen: valid from a little before now for ten years (whole seconds, as DER times are). */
function validity(): { notBefore: Date; notAfter: Date } {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const notBefore = new Date(now - 5 * 60 * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
  return { notBefore, notAfter };
}
