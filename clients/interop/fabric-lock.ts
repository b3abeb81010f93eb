/**
 * The Fabric half of the cross-ledger lock (core/spec/INTEROP.md §4) and proofs of facts, as one
 * client interface, over a Gateway contract or over the embedded peer. Refusals are LedgerErrors
 * with the spec's codes, as the primitives' clients throw.
 */
import type { Contract } from "@hyperledger/fabric-gateway";
import type { EvmCommittee } from "../../core/interop/evm-checkpoint.js";
import type { EvmReservation } from "../../core/interop/lock.js";
import type { FabricFactProof } from "../../core/interop/proof.js";
import type { ReleaseEvidence } from "../../core/interop/release.js";
import { releaseEvidenceToJson } from "../../core/interop/release.js";
import { toLedgerError } from "../fabric/ledger.js";
import type { EmbeddedFabric, Identity } from "../fabric-embedded/sim/index.js";
import { PROVE_FACT, proofOfEnvelope, proveFactArguments, proveFactThroughGateway, type FactRequest } from "./prove.js";

export interface FabricLockClient {
  setEvmCommittee(chainId: bigint, committee: EvmCommittee): Promise<void>;
  reserveForEvm(fingerprint: string, chainId: bigint, registry: string, expiry: bigint): Promise<void>;
  releaseFromEvm(fingerprint: string, evidence: ReleaseEvidence): Promise<void>;
  getEvmReservation(fingerprint: string): Promise<EvmReservation>;
  /** Endorsed by every organisation, never submitted. */
  proveFact(request: FactRequest): Promise<FabricFactProof>;
}

export const LOCK_TRANSACTIONS = {
  setEvmCommittee: "interop:setEvmCommittee",
  reserveForEvm: "interop:reserveForEvm",
  releaseFromEvm: "interop:releaseFromEvm",
  getEvmReservation: "interop:getEvmReservation",
} as const;

const committeeArguments = (chainId: bigint, committee: EvmCommittee) => [chainId.toString(), JSON.stringify(committee)];
const reserveArguments = (fingerprint: string, chainId: bigint, registry: string, expiry: bigint) => [
  fingerprint,
  chainId.toString(),
  registry.toLowerCase(),
  expiry.toString(),
];
const releaseArguments = (fingerprint: string, evidence: ReleaseEvidence) => [fingerprint, releaseEvidenceToJson(evidence)];

async function mapped<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toLedgerError(error);
  }
}

/** Through a Gateway: submits for the lock, Endorse without Submit for proofs. */
export function gatewayLockClient(contract: Contract, endorsingOrganizations: string[]): FabricLockClient {
  const submit = (name: string, args: string[]) => mapped(() => contract.submitTransaction(name, ...args)).then(() => undefined);
  return {
    setEvmCommittee: (chainId, committee) => submit(LOCK_TRANSACTIONS.setEvmCommittee, committeeArguments(chainId, committee)),
    reserveForEvm: (fingerprint, chainId, registry, expiry) => submit(LOCK_TRANSACTIONS.reserveForEvm, reserveArguments(fingerprint, chainId, registry, expiry)),
    releaseFromEvm: (fingerprint, evidence) => submit(LOCK_TRANSACTIONS.releaseFromEvm, releaseArguments(fingerprint, evidence)),
    getEvmReservation: async (fingerprint) =>
      JSON.parse(Buffer.from(await mapped(() => contract.evaluateTransaction(LOCK_TRANSACTIONS.getEvmReservation, fingerprint))).toString("utf8")) as EvmReservation,
    proveFact: (request) => mapped(() => proveFactThroughGateway(contract, request, endorsingOrganizations)),
  };
}

/** On the embedded peer (its endorsers are one peer of each organisation), as `identity`. */
export function embeddedLockClient(fabric: EmbeddedFabric, identity: Identity): FabricLockClient {
  const submit = (name: string, args: string[]) => mapped(() => fabric.submit(identity, name, args)).then(() => undefined);
  return {
    setEvmCommittee: (chainId, committee) => submit(LOCK_TRANSACTIONS.setEvmCommittee, committeeArguments(chainId, committee)),
    reserveForEvm: (fingerprint, chainId, registry, expiry) => submit(LOCK_TRANSACTIONS.reserveForEvm, reserveArguments(fingerprint, chainId, registry, expiry)),
    releaseFromEvm: (fingerprint, evidence) => submit(LOCK_TRANSACTIONS.releaseFromEvm, releaseArguments(fingerprint, evidence)),
    getEvmReservation: async (fingerprint) =>
      JSON.parse((await mapped(() => fabric.evaluate(identity, LOCK_TRANSACTIONS.getEvmReservation, [fingerprint]))).toString("utf8")) as EvmReservation,
    proveFact: async (request) => {
      const endorsement = await mapped(() => fabric.endorse(identity, PROVE_FACT, proveFactArguments(request)));
      return proofOfEnvelope(endorsement.preparedTransaction.serializeBinary());
    },
  };
}
