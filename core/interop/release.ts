/**
 * Releasing a fingerprint back to Fabric (core/spec/INTEROP.md §4, step 4): the evidence is a
 * checkpoint of the EVM chain that the committee signed and the `eth_getProof` of the
 * registry's lock slot under it. `checkRelease` is what the chaincode runs — deterministic,
 * @noble only — and answers with the spec's code: the evidence is wrong (InvalidArgument) or it
 * is right but does not allow the release (InvalidState).
 *
 * The checkpoint is believed on the committee's word (committee trust, README): a QBFT
 * commit-seal light client would replace `CommitteeAttestor` behind `EvmHeaderAttestor`.
 */
import { canonicalJson } from "../canonical-json.js";
import { CommitteeAttestor, checkpointEvidenceFromJson, checkpointEvidenceToJson, MAX_CHECKPOINT_EVIDENCE_JSON, type CheckpointEvidence, type EvmCommittee, type EvmHeaderAttestor } from "./evm-checkpoint.js";
import { decodeLock, lockSlotOf } from "./evm-registry-layout.js";
import { EvmProofError, evmSlotProofFromJson, evmSlotProofToJson, exactFields, MAX_SLOT_PROOF_JSON, verifySlotAtCheckpoint, type EthGetProofResult } from "./evm-state-proof.js";
import type { EvmReservation } from "./lock.js";

export interface ReleaseEvidence extends CheckpointEvidence {
  /** eth_getProof(registry, [lockSlotOf(fingerprint)], checkpoint.blockNumber). */
  proof: EthGetProofResult;
}

export type ReleaseVerdict =
  | { ok: true; blockNumber: bigint; blockTimestamp: bigint }
  | { ok: false; code: "InvalidArgument" | "InvalidState"; reason: string };

export const MAX_RELEASE_EVIDENCE_JSON = MAX_CHECKPOINT_EVIDENCE_JSON + MAX_SLOT_PROOF_JSON + 64;

/** The canonical JSON of the evidence: {"checkpoint":…,"proof":…,"signatures":…}, each part in its own canonical form. */
export function releaseEvidenceToJson(evidence: ReleaseEvidence): string {
  const attestation = JSON.parse(checkpointEvidenceToJson({ checkpoint: evidence.checkpoint, signatures: evidence.signatures })) as Record<string, unknown>;
  return canonicalJson({ ...attestation, proof: JSON.parse(evmSlotProofToJson(evidence.proof)) });
}

/** The evidence from exactly the spelling releaseEvidenceToJson writes; EvmProofError(EvidenceMalformed) otherwise. */
export function parseReleaseEvidence(json: string): ReleaseEvidence {
  if (typeof json !== "string" || json.length > MAX_RELEASE_EVIDENCE_JSON) {
    throw new EvmProofError("EvidenceMalformed", `the release evidence is a JSON string of at most ${MAX_RELEASE_EVIDENCE_JSON} characters`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new EvmProofError("EvidenceMalformed", "the release evidence is not JSON");
  }
  exactFields(parsed, ["checkpoint", "proof", "signatures"], "the release evidence");
  const { checkpoint, signatures } = checkpointEvidenceFromJson(canonicalJson({ checkpoint: parsed.checkpoint, signatures: parsed.signatures }));
  const evidence: ReleaseEvidence = { checkpoint, signatures, proof: evmSlotProofFromJson(canonicalJson(parsed.proof)) };
  // One spelling only, so that every endorser reads the same evidence from the same bytes.
  if (releaseEvidenceToJson(evidence) !== json) throw new EvmProofError("EvidenceMalformed", "the release evidence is not in its canonical form");
  return evidence;
}

/**
 * Whether the evidence releases `reservation`: the committee's quorum signed a checkpoint of the
 * reservation's chain (`attestorOf` chooses how a checkpoint is believed); its block is at or
 * after the reservation's expiry, when the registry can no longer finance the fingerprint; and
 * the registry's lock word there, proven against the block's state root, is not financed.
 */
export function checkRelease(
  committee: EvmCommittee,
  reservation: EvmReservation,
  evidence: ReleaseEvidence,
  attestorOf: (committee: EvmCommittee, chainId: bigint) => EvmHeaderAttestor = (members, chainId) => new CommitteeAttestor(members, chainId),
): ReleaseVerdict {
  const refuse = (code: "InvalidArgument" | "InvalidState", reason: string): ReleaseVerdict => ({ ok: false, code, reason });
  let checkpoint;
  let word: bigint;
  try {
    checkpoint = attestorOf(committee, BigInt(reservation.chainId)).attest({ checkpoint: evidence.checkpoint, signatures: evidence.signatures });
    word = verifySlotAtCheckpoint(checkpoint.stateRoot, reservation.registry, lockSlotOf(reservation.fingerprint), evidence.proof).value;
  } catch (error) {
    if (error instanceof EvmProofError) return refuse("InvalidArgument", error.message);
    throw error;
  }
  if (checkpoint.timestamp < BigInt(reservation.expiry)) {
    return refuse("InvalidState", `EVM block ${checkpoint.blockNumber} (time ${checkpoint.timestamp}) is before the reservation's expiry ${reservation.expiry}: the registry may still finance it`);
  }
  let financed: boolean;
  try {
    financed = decodeLock(word).financed;
  } catch (error) {
    return refuse("InvalidArgument", `the registry's lock word ${word}: ${(error as Error).message}`);
  }
  if (financed) return refuse("InvalidState", `the EVM registry ${reservation.registry} financed fingerprint ${reservation.fingerprint}: it stays there`);
  return { ok: true, blockNumber: checkpoint.blockNumber, blockTimestamp: checkpoint.timestamp };
}
