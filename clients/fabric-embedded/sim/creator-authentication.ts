// The peer's MSP check: a creator's certificate must be issued by its organisation's CA
// and its signature must verify. Without organisations (an open channel) anyone passes.
import crypto from "node:crypto";
import { AccessDeniedError } from "./errors.js";

/**
 * A creator's certificate, parsed and checked against its CA once: every proposal of an actor
 * carries the same certificate, and parsing and verifying it again each time was a tenth of an
 * embedded run's time. Keyed by the CA object too, so that another channel's CA checks afresh.
 */
const checkedCertificates = new WeakMap<crypto.X509Certificate, Map<string, crypto.X509Certificate | "malformed" | "not issued">>();
const MAX_CHECKED_PER_CA = 1_000;

function checkedCertificate(ca: crypto.X509Certificate, certificatePem: string): crypto.X509Certificate | "malformed" | "not issued" {
  let checked = checkedCertificates.get(ca);
  if (!checked) checkedCertificates.set(ca, (checked = new Map()));
  const known = checked.get(certificatePem);
  if (known) return known;
  let verdict: crypto.X509Certificate | "malformed" | "not issued";
  try {
    const cert = new crypto.X509Certificate(certificatePem);
    verdict = cert.checkIssued(ca) && cert.verify(ca.publicKey) ? cert : "not issued";
  } catch {
    verdict = "malformed";
  }
  if (checked.size >= MAX_CHECKED_PER_CA) checked.clear();
  checked.set(certificatePem, verdict);
  return verdict;
}

/** Throws AccessDeniedError unless `creator` is a channel member whose signature over `signedData` verifies. */
export function checkCreatorSigned(
  organizations: ReadonlyMap<string, crypto.X509Certificate> | undefined,
  channelName: string,
  creator: { mspId: string; certificatePem: string },
  signedData: Uint8Array,
  signature: Uint8Array,
): void {
  if (!organizations) return;
  const ca = organizations.get(creator.mspId);
  if (!ca) throw new AccessDeniedError(`access denied: channel [${channelName}] creator org unknown, creator is malformed`);
  const cert = checkedCertificate(ca, creator.certificatePem);
  if (cert === "malformed") throw new AccessDeniedError(`access denied: channel [${channelName}] creator certificate is malformed`);
  if (cert === "not issued") {
    throw new AccessDeniedError(`access denied: channel [${channelName}] creator certificate is not valid for MSP ${creator.mspId}`);
  }
  if (!crypto.verify("sha256", signedData, cert.publicKey, signature)) {
    throw new AccessDeniedError(`access denied: channel [${channelName}] proposal signature is invalid`);
  }
}
