/**
 * The Fabric party id of an identity, computed by fabric-shim's own ClientIdentity
 * (the code the chaincode runs), so the two can never disagree on DN formatting.
 */
import type { Party } from "../../core/index.js";
import { fabricShim } from "../fabric-embedded/sim/fabric-runtime.js";

export function fabricPartyOf(identity: { mspId: string; certificatePem: string }): Party {
  const creator = { mspid: identity.mspId, idBytes: Buffer.from(identity.certificatePem, "utf8") };
  const client = new fabricShim.ClientIdentity({ getChannelID: () => "", getTxID: () => "", getCreator: () => creator });
  return `${client.getMSPID()}::${client.getID()}`;
}
