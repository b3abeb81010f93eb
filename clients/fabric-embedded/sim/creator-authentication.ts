// The peer's MSP check: a creator's certificate must be issued by its organisation's CA
// and its signature must verify. Without organisations (an open channel) anyone passes.
import crypto from "node:crypto";
import { AccessDeniedError } from "./errors.js";

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
  let cert: crypto.X509Certificate;
  try {
    cert = new crypto.X509Certificate(creator.certificatePem);
  } catch {
    throw new AccessDeniedError(`access denied: channel [${channelName}] creator certificate is malformed`);
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) {
    throw new AccessDeniedError(`access denied: channel [${channelName}] creator certificate is not valid for MSP ${creator.mspId}`);
  }
  if (!crypto.verify("sha256", signedData, cert.publicKey, signature)) {
    throw new AccessDeniedError(`access denied: channel [${channelName}] proposal signature is invalid`);
  }
}
