/**
 * The reference model of FabricFactVerifier (core/spec/INTEROP.md §3): nonces issued for a
 * consumer and a fact, and a proof checked in the contract's order with its error names —
 * endorsements, policy, payload, statement, target, nonce, time. The EVM contract and this
 * model are run on the same proofs (real ones from the Fabric network and every mutation of
 * them) and must agree.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { endorsementVerifies, P256_HALF_N, readDerSignature, SignatureError } from "./endorsement.js";
import { InteropError } from "./errors.js";
import type { FabricMembershipModel } from "./membership.js";
import { peerIdOf, type FabricFactProof } from "./proof.js";
import { readProposalResponsePayload, type EndorsedAnswer } from "./proposal-response.js";
import { ProtobufError } from "./protobuf.js";
import { decodeStatement, FACT_PROOF_EVENT, FACT_TYPES, StatementError, type FactStatement, type FactType } from "./statement.js";


export interface Nonce {
  nonce: string;
  notBefore: bigint;
  expiry: bigint;
}

export interface VerifierContext {
  chainId: bigint;
  /** This verifier's address: part of every nonce. */
  address: string;
}

export class FabricFactVerifierModel {
  private readonly pending = new Map<string, string>();
  private counter = 0n;

  constructor(
    readonly membership: FabricMembershipModel,
    readonly context: VerifierContext,
    public nonceLifetime: bigint,
  ) {}

  /** `seed` stands for the previous block hash the contract mixes in. */
  requestNonce(consumer: string, factType: FactType, subject: string, now: bigint, seed = `0x${"00".repeat(32)}`): Nonce {
    this.counter += 1n;
    const nonce = hash(this.context.chainId.toString(), this.context.address, consumer.toLowerCase(), factType, subject, this.counter.toString(), seed);
    const issued = { nonce, notBefore: now, expiry: now + this.nonceLifetime };
    this.pending.set(nonce, binding(consumer, factType, subject, issued.notBefore, issued.expiry));
    return issued;
  }

  /** A nonce the contract issued (from its NonceIssued event), so the model judges the same proofs. */
  recordNonce(consumer: string, factType: FactType, subject: string, issued: Nonce): void {
    this.pending.set(issued.nonce, binding(consumer, factType, subject, issued.notBefore, issued.expiry));
  }

  /** What `consumeFact` does when `caller` calls it at EVM time `now`. */
  consumeFact(proof: FabricFactProof, caller: string, now: bigint): FactStatement {
    const statement = this.judge(proof, caller, now);
    this.pending.delete(statement.nonce);
    return statement;
  }

  /** Every check of `consumeFact`, consuming nothing. */
  judge(proof: FabricFactProof, caller: string, now: bigint): FactStatement {
    const statement = this.checkProof(proof);
    if (statement.chainId !== this.context.chainId || statement.consumer !== caller.toLowerCase()) {
      throw new InteropError("WrongTarget", `for chain ${statement.chainId} and ${statement.consumer}`);
    }
    const expected = binding(statement.consumer, statement.factType, statement.subject, statement.notBefore, statement.expiry);
    if (this.pending.get(statement.nonce) !== expected) throw new InteropError("UnknownNonce", statement.nonce);
    if (now > statement.expiry) throw new InteropError("ProofExpired", `expired at ${statement.expiry}`);
    return statement;
  }

  /** Endorsements, policy, payload and statement: everything but the target and the nonce. */
  checkProof(proof: FabricFactProof): FactStatement {
    const prp = proof.proposalResponsePayload;
    let endorsed = 0n;
    proof.endorsements.forEach(({ endorser, signature }, index) => {
      const peer = peerIdOf(endorser);
      const registered = this.membership.endorser(peer);
      if (!registered || !Buffer.from(registered.endorser).equals(Buffer.from(endorser))) throw new InteropError("UnknownEndorser", peer);
      if (endorsed & registered.organizationBit) throw new InteropError("DuplicateOrganization", `endorsement ${index}`);
      endorsed |= registered.organizationBit;
      try {
        const { s } = readDerSignature(signature);
        if (s > P256_HALF_N) throw new SignatureError("high S");
      } catch (error) {
        if (error instanceof SignatureError) throw new InteropError("SignatureMalformed", `endorsement ${index}: ${error.message}`);
        throw error;
      }
      if (!endorsementVerifies(prp, registered.endorser, signature, registered.publicKey)) throw new InteropError("EndorsementInvalid", `endorsement ${index}`);
    });
    const required = this.membership.requiredOrganizations;
    if ((endorsed & required) !== required || proof.endorsements.length === 0) throw new InteropError("PolicyNotSatisfied", `endorsed ${endorsed}, required ${required}`);

    const answer = readAnswer(prp);
    if (answer.status !== 200) throw new InteropError("ChaincodeFailed", `status ${answer.status}`);
    if (answer.chaincodeName !== this.membership.chaincodeName) throw new InteropError("WrongChaincode", answer.chaincodeName);
    if (!answer.event || answer.event.chaincodeId !== this.membership.chaincodeName || answer.event.name !== FACT_PROOF_EVENT) throw new InteropError("NotAFactProof", "no FactProof event");
    if (answer.writtenNamespaces.length > 0) throw new InteropError("ProofHasWrites", answer.writtenNamespaces.join(", "));

    let statement: FactStatement;
    try {
      statement = decodeStatement(answer.event.payload);
    } catch (error) {
      if (error instanceof StatementError) throw new InteropError("StatementMalformed", error.message);
      throw error;
    }
    if (statement.channelHash !== this.membership.channelHash) throw new InteropError("WrongChannel", statement.channelHash);
    return statement;
  }
}

function readAnswer(prp: Uint8Array): EndorsedAnswer {
  try {
    return readProposalResponsePayload(prp);
  } catch (error) {
    if (error instanceof ProtobufError) throw new InteropError("ProposalResponseMalformed", error.message);
    throw error;
  }
}

function binding(consumer: string, factType: FactType, subject: string, notBefore: bigint, expiry: bigint): string {
  return hash(consumer.toLowerCase(), String(FACT_TYPES[factType]), subject, notBefore.toString(), expiry.toString());
}

const hash = (...parts: string[]) => `0x${Buffer.from(keccak_256(Buffer.from(parts.join("|"), "utf8"))).toString("hex")}`;
