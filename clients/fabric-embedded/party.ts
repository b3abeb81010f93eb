/**
 * The Fabric party id of an identity, computed by fabric-shim's own ClientIdentity
 * (the code the chaincode runs), so the two can never disagree on DN formatting.
 */
import { createRequire } from "node:module";
import type { Party } from "../../core/index.js";

interface ClientIdentityLike {
  getID(): string;
  getMSPID(): string;
}
const { ClientIdentity } = createRequire(import.meta.url)("fabric-shim") as {
  ClientIdentity: new (stub: object) => ClientIdentityLike;
};

export function fabricPartyOf(identity: { mspId: string; certificatePem: string }): Party {
  const creator = { mspid: identity.mspId, idBytes: Buffer.from(identity.certificatePem, "utf8") };
  const client = new ClientIdentity({ getChannelID: () => "", getTxID: () => "", getCreator: () => creator });
  return `${client.getMSPID()}::${client.getID()}`;
}
