/**
 * A cross-ledger proof as it travels (core/spec/INTEROP.md §2): the ProposalResponsePayload
 * the peers signed, byte for byte, and each peer's endorsement. Anyone may carry it; its
 * JSON form (hex strings) is what a file, a queue or an HTTP body holds, and its EVM form is
 * the verifier's calldata, where each endorser is named by the id it registered under.
 */
import { keccak_256 } from "@noble/hashes/sha3";

export interface FabricEndorsement {
  /** The endorser's SerializedIdentity (MSP id and PEM certificate) as the peer sent it. */
  endorser: Uint8Array;
  /** DER ECDSA signature over sha256(proposalResponsePayload ‖ endorser). */
  signature: Uint8Array;
}

export interface FabricFactProof {
  proposalResponsePayload: Uint8Array;
  endorsements: FabricEndorsement[];
}

export interface FabricFactProofJson {
  proposalResponsePayload: string;
  endorsements: { endorser: string; signature: string }[];
}

/** The verifier's `consumeFact` arguments: the payload and (peer id, signature) pairs. */
export interface EvmProofArguments {
  proposalResponsePayload: string;
  endorsements: { peer: string; signature: string }[];
}

const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString("hex")}`;

function bytesOf(text: unknown, field: string): Uint8Array {
  if (typeof text !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(text)) throw new TypeError(`${field}: expected 0x-prefixed hex bytes`);
  return Uint8Array.from(Buffer.from(text.slice(2), "hex"));
}

/** The peer id FabricMembership registers an endorser under: keccak-256 of its SerializedIdentity. */
export const peerIdOf = (endorser: Uint8Array): string => hex(keccak_256(endorser));

export function proofToJson(proof: FabricFactProof): FabricFactProofJson {
  return {
    proposalResponsePayload: hex(proof.proposalResponsePayload),
    endorsements: proof.endorsements.map(({ endorser, signature }) => ({ endorser: hex(endorser), signature: hex(signature) })),
  };
}

export function proofFromJson(json: unknown): FabricFactProof {
  const value = json as Partial<FabricFactProofJson> | null;
  if (typeof value !== "object" || value === null || !Array.isArray(value.endorsements)) throw new TypeError("a proof is { proposalResponsePayload, endorsements: [...] }");
  return {
    proposalResponsePayload: bytesOf(value.proposalResponsePayload, "proposalResponsePayload"),
    endorsements: value.endorsements.map((endorsement, index) => ({
      endorser: bytesOf(endorsement?.endorser, `endorsements[${index}].endorser`),
      signature: bytesOf(endorsement?.signature, `endorsements[${index}].signature`),
    })),
  };
}

export function evmProofArguments(proof: FabricFactProof): EvmProofArguments {
  return {
    proposalResponsePayload: hex(proof.proposalResponsePayload),
    endorsements: proof.endorsements.map(({ endorser, signature }) => ({ peer: peerIdOf(endorser), signature: hex(signature) })),
  };
}
