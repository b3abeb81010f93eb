/**
 * Asking Fabric peers for a proof (core/spec/INTEROP.md §2): `interop:proveFact` is
 * endorsed by the organisations the EVM verifier's policy names and never submitted — the
 * prepared transaction's ChaincodeEndorsedAction is the proof, the payload kept as the peers
 * signed it.
 */
import type { Contract } from "@hyperledger/fabric-gateway";
import { common, gateway, peer } from "@hyperledger/fabric-protos";
import type { FabricFactProof } from "../../core/interop/proof.js";
import type { FactType } from "../../core/interop/statement.js";

/** What the EVM verifier issued the nonce for, and the subject in the chaincode's terms. */
export interface FactRequest {
  factType: FactType;
  /** The canonical identifier, the certificate id or the invoice fingerprint. */
  subject: string;
  chainId: bigint;
  consumer: string;
  nonce: string;
  notBefore: bigint;
  expiry: bigint;
}

export const PROVE_FACT = "interop:proveFact";

export function proveFactArguments(request: FactRequest): string[] {
  return [
    request.factType,
    request.subject,
    request.chainId.toString(),
    request.consumer.toLowerCase(),
    request.nonce,
    request.notBefore.toString(),
    request.expiry.toString(),
  ];
}

/** Endorsed by `endorsingOrganizations` through a Gateway; the transaction is never submitted. */
export async function proveFactThroughGateway(contract: Contract, request: FactRequest, endorsingOrganizations: string[]): Promise<FabricFactProof> {
  const transaction = await contract.newProposal(PROVE_FACT, { arguments: proveFactArguments(request), endorsingOrganizations }).endorse();
  return proofOfEnvelope(gateway.PreparedTransaction.deserializeBinary(transaction.getBytes()).getEnvelope()!.serializeBinary());
}

/** The endorsed action of a prepared (unsigned, unsubmitted) endorser transaction envelope. */
export function proofOfEnvelope(envelopeBytes: Uint8Array): FabricFactProof {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const actions = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList();
  if (actions.length !== 1) throw new Error(`an endorser transaction has one action, this one has ${actions.length}`);
  const endorsed = peer.ChaincodeActionPayload.deserializeBinary(actions[0]!.getPayload_asU8()).getAction();
  if (!endorsed) throw new Error("the transaction carries no endorsed action");
  return {
    proposalResponsePayload: endorsed.getProposalResponsePayload_asU8(),
    endorsements: endorsed.getEndorsementsList().map((endorsement) => ({ endorser: endorsement.getEndorser_asU8(), signature: endorsement.getSignature_asU8() })),
  };
}
