/**
 * Real proofs from the local 2-org Fabric network: the network up with the long-lived
 * `twinledger` chaincode (both peers endorse), a small story committed under this run's own
 * names (an identifier bound, an invoice registered), then `interop:proveFact` endorsed by
 * Org1 and Org2 through the Gateway and never submitted. Throws when the network cannot be
 * had: the cross-ledger suite fails without it, it never skips.
 */
import { canonicalize, invoiceFingerprint } from "../../../core/index.js";
import { FabricMembershipModel } from "../../../core/interop/membership.js";
import { certificateAuthorityOf } from "../../../core/interop/peer-certificate.js";
import type { FabricFactProof } from "../../../core/interop/proof.js";
import type { FactType } from "../../../core/interop/statement.js";
import type { FabricSharedTarget } from "../../../clients/fabric-gateway/shared-target.js";
import { serializeIdentity } from "../../../clients/fabric-embedded/sim/index.js";
import { proveFactThroughGateway, type FactRequest } from "../../../clients/interop/prove.js";
import type { ActorLedgers } from "../../../clients/ledger.js";
import { networkUp } from "../../../network/fabric/index.js";
import { createFabricNetworkSharedTarget } from "../../../network/fabric/conformance-target.js";
import { organizationMaterial, type OrganizationMaterial } from "../../../network/fabric/interop-material.js";

export const ORGANIZATIONS = ["Org1MSP", "Org2MSP"];

export interface FabricSide {
  target: FabricSharedTarget;
  actors: ActorLedgers;
  material: OrganizationMaterial[];
  channel: string;
  chaincode: string;
  /** This run's facts: a bound identifier and a registered invoice. */
  story: { canonical: string; key: string; assetId: string; fingerprint: string; receivableId: string };
  prove(request: Omit<FactRequest, "subject"> & { subject: string }): Promise<FabricFactProof>;
  close(): Promise<void>;
}

export async function startFabricSide(log: (line: string) => void): Promise<FabricSide> {
  const profile = await networkUp({ chaincode: "node", log });
  const target = (await createFabricNetworkSharedTarget(profile, "interop")) as FabricSharedTarget;
  const actors = await target.deploy();
  const run = `${process.pid}${Date.now() % 1_000_000}`;
  const assetId = `IX-${run}`;
  const prefix = `88.${run}`;
  await actors.alice.registerAsset(assetId, "machine.cnc-mill", `0x${"11".repeat(32)}`, "");
  await actors.admin.registerNamespace("handle", prefix, actors.alice.party);
  const { canonical, key } = canonicalize(`${prefix}/${assetId}`);
  await actors.alice.bindIdentifier(assetId, canonical);
  const receivableId = `INV-${run}`;
  const fingerprint = invoiceFingerprint({ sellerTaxId: "DE 123 456 789", debtorTaxId: "FR40303265045", invoiceNumber: receivableId, issueDate: "2026-12-02", amount: "1000.00", currency: "EUR" });
  await actors.alice.issueReceivable(receivableId, actors.bob.party, "100000", "EUR", Math.floor(Date.now() / 1000) + 86_400 * 60, fingerprint, [], "");
  return {
    target,
    actors,
    material: organizationMaterial(),
    channel: profile.channel,
    chaincode: profile.chaincode.name,
    story: { canonical, key, assetId, fingerprint, receivableId },
    prove: (request) => proveFactThroughGateway(target.admin.transport.contract, request, ORGANIZATIONS),
    close: () => target.close(),
  };
}

/** The reference membership of the network: its two organisations, both required, both peers registered. */
export function referenceMembership({ material, channel, chaincode }: Pick<FabricSide, "material" | "channel" | "chaincode">): FabricMembershipModel {
  const membership = new FabricMembershipModel(channel, chaincode);
  for (const organization of material) membership.registerOrganization(organization.mspId, certificateAuthorityOf(organization.caCertificatePem));
  membership.setEndorsementPolicy(material.map(({ mspId }) => mspId));
  for (const organization of material) membership.registerPeer(serializeIdentity(organization.peer));
  return membership;
}

export type { FactType };
