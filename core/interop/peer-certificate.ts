/**
 * The checks FabricMembership makes of a peer's certificate before it counts as an endorser
 * (core/spec/INTEROP.md §3), in its order and with its error names: PEM of one certificate,
 * canonical DER, issued by the organisation's CA (issuer = the CA's subject, the CA's
 * ECDSA-SHA256 signature), OU=peer in the subject, a P-256 key. Expiry is not checked:
 * Fabric's MSP ignores it too (FAB-3678). Reference code for differential tests.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { p256 } from "@noble/curves/p256";
import { sha256 } from "@noble/hashes/sha256";
import { readDerSignature } from "./endorsement.js";
import { InteropError } from "./errors.js";

const ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
const ORGANIZATIONAL_UNIT = "2.5.4.11";
/** SubjectPublicKeyInfo of a P-256 key up to the point: SEQUENCE { id-ecPublicKey, prime256v1 } BIT STRING 00 04. */
export const P256_SPKI_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d03010703420004", "hex");
const PEM = /^-----BEGIN CERTIFICATE-----\n((?:[A-Za-z0-9+/]{64}\n)*[A-Za-z0-9+/]{1,63}={0,2}\n|(?:[A-Za-z0-9+/]{64}\n)+)-----END CERTIFICATE-----\n$/;

/** The DER of the one certificate a PEM holds, lines of 64 characters, LF only. */
export function certificateDerOfPem(pem: string): Uint8Array {
  const match = PEM.exec(pem);
  if (!match) throw new InteropError("CertificateMalformed", "not one PEM certificate in 64-character LF lines");
  const body = match[1]!.replace(/\n/g, "");
  const der = Buffer.from(body, "base64");
  if (der.toString("base64") !== body) throw new InteropError("CertificateMalformed", "base64 that does not round-trip");
  return Uint8Array.from(der);
}

export interface PeerKey {
  /** The uncompressed P-256 point, 0x04 ‖ X ‖ Y. */
  publicKey: Uint8Array;
}

export interface CertificateAuthority {
  caKeyX: Uint8Array;
  caKeyY: Uint8Array;
  /** The DER of the CA certificate's subject Name. */
  caSubject: Uint8Array;
}

/** Checks the certificate against its organisation's CA; returns the peer's key. */
export function checkPeerCertificate(pem: string, ca: CertificateAuthority): PeerKey {
  const der = certificateDerOfPem(pem);
  let certificate: Certificate;
  let canonical: boolean;
  try {
    certificate = AsnConvert.parse(der, Certificate);
    // One spelling per certificate: what parses must be exactly its DER.
    canonical = Buffer.from(AsnConvert.serialize(certificate)).equals(Buffer.from(der));
  } catch {
    throw new InteropError("CertificateMalformed", "not an X.509 certificate");
  }
  if (!canonical) throw new InteropError("CertificateMalformed", "not canonical DER");
  const tbs = certificate.tbsCertificate;
  if (!Buffer.from(AsnConvert.serialize(tbs.issuer)).equals(Buffer.from(ca.caSubject))) throw new InteropError("NotIssuedByOrganization", "issuer is not the organisation's CA");
  const isPeer = tbs.subject.some((rdn) => rdn.some((attribute) => attribute.type === ORGANIZATIONAL_UNIT && attribute.value.toString() === "peer"));
  if (!isPeer) throw new InteropError("NotAPeer", "the subject has no OU=peer");
  const spki = Buffer.from(AsnConvert.serialize(tbs.subjectPublicKeyInfo));
  const algorithmsOk = [tbs.signature, certificate.signatureAlgorithm].every((a) => a.algorithm === ECDSA_WITH_SHA256 && a.parameters == null);
  if (spki.length !== P256_SPKI_PREFIX.length + 64 || !spki.subarray(0, P256_SPKI_PREFIX.length).equals(P256_SPKI_PREFIX) || !algorithmsOk) {
    throw new InteropError("UnsupportedKey", "not a P-256 key signed with ecdsa-with-SHA256");
  }
  const tbsDer = AsnConvert.serialize(tbs);
  let signature: { r: bigint; s: bigint };
  try {
    signature = readDerSignature(new Uint8Array(certificate.signatureValue));
  } catch {
    throw new InteropError("CertificateSignatureInvalid", "the CA signature is not DER");
  }
  const caKey = Buffer.concat([Buffer.from([4]), ca.caKeyX, ca.caKeyY]);
  // A CA may sign high-S (only cryptogen normalises); the key decides, not the spelling.
  const valid = p256.verify(new p256.Signature(signature.r, signature.s).normalizeS(), sha256(new Uint8Array(tbsDer)), caKey, { prehash: false, lowS: true });
  if (!valid) throw new InteropError("CertificateSignatureInvalid", "the CA did not sign this certificate");
  return { publicKey: Uint8Array.from(Buffer.concat([Buffer.from([4]), spki.subarray(P256_SPKI_PREFIX.length)])) };
}

/** What FabricMembership.registerOrganization takes, read from the organisation's CA certificate (its MSP's cacerts). */
export function certificateAuthorityOf(caCertificatePem: string): CertificateAuthority {
  const certificate = AsnConvert.parse(certificateDerOfPem(caCertificatePem), Certificate);
  const spki = Buffer.from(AsnConvert.serialize(certificate.tbsCertificate.subjectPublicKeyInfo));
  if (spki.length !== P256_SPKI_PREFIX.length + 64 || !spki.subarray(0, P256_SPKI_PREFIX.length).equals(P256_SPKI_PREFIX)) {
    throw new InteropError("UnsupportedKey", "the CA key is not P-256");
  }
  const point = spki.subarray(P256_SPKI_PREFIX.length);
  return {
    caKeyX: Uint8Array.from(point.subarray(0, 32)),
    caKeyY: Uint8Array.from(point.subarray(32)),
    caSubject: Uint8Array.from(Buffer.from(AsnConvert.serialize(certificate.tbsCertificate.subject))),
  };
}
