import type { Context } from "fabric-contract-api";
import type { CertificateStatus, CertificateVerdict } from "../../../core/spec/lifecycles.js";
import { isId } from "../../../core/spec/rules.js";
import type { Accreditation, Certificate } from "../../../core/spec/types.js";
import { accreditationKey, accreditationWithdrawalKey, certificateKey } from "./keys.js";
import { readJson, writeJson } from "./ledger-context.js";
import { reject } from "./reject.js";

/**
 * Certification records in world state (CERTIFICATION.md §7). A certificate's record holds
 * its status log, its accreditation epoch and its suspension count beside the public
 * fields, so every verdict is read from world state, never from the key history. An
 * accreditation's record holds how many withdrawals it has had; withdrawal `n` is its own
 * write-once key, so verification reads exactly one of them.
 */

/** One change of status, at the transaction time that made it. */
export interface StatusLogEntry {
  time: number;
  status: CertificateStatus;
}

export interface StoredCertificate extends Certificate {
  /** Every status change after the issue, times never decreasing; at most 63 entries. */
  log: StatusLogEntry[];
  /** How many withdrawals the issuer's accreditation for the standard had at the issue. */
  epoch: number;
  /** How many times it has been suspended (at most MAX_SUSPENSIONS). */
  suspensions: number;
}

export interface StoredAccreditation extends Accreditation {
  /** How many times it has been withdrawn: the next withdrawal's index. */
  withdrawalCount: number;
}

/** What getCertificate and the history answer: the record without its internal fields. */
export function publicCertificate({ log: _log, epoch: _epoch, suspensions: _suspensions, ...certificate }: StoredCertificate): Certificate {
  return certificate;
}

export function publicAccreditation({ withdrawalCount: _, ...accreditation }: StoredAccreditation): Accreditation {
  return accreditation;
}

/** The certificate, or NotFound (a malformed id cannot exist, so it is NotFound too). */
export async function loadCertificate(ctx: Context, id: string): Promise<StoredCertificate> {
  const certificate = isId(id) ? await readJson<StoredCertificate>(ctx, certificateKey(ctx, id)) : undefined;
  if (!certificate) reject("NotFound", `certificate '${id}' does not exist`);
  return certificate;
}

export async function writeCertificate(ctx: Context, certificate: StoredCertificate): Promise<void> {
  await writeJson(ctx, certificateKey(ctx, certificate.id), certificate);
}

export function readAccreditation(ctx: Context, certifier: string, standard: string): Promise<StoredAccreditation | undefined> {
  return readJson<StoredAccreditation>(ctx, accreditationKey(ctx, certifier, standard));
}

export async function writeAccreditation(ctx: Context, accreditation: StoredAccreditation): Promise<void> {
  await writeJson(ctx, accreditationKey(ctx, accreditation.certifier, accreditation.standard), accreditation);
}

/** The time of withdrawal number `n` of (certifier, standard), if there has been one. */
export function readWithdrawal(ctx: Context, certifier: string, standard: string, n: number): Promise<number | undefined> {
  return readJson<number>(ctx, accreditationWithdrawalKey(ctx, certifier, standard, n));
}

export async function writeWithdrawal(ctx: Context, certifier: string, standard: string, n: number, time: number): Promise<void> {
  await writeJson(ctx, accreditationWithdrawalKey(ctx, certifier, standard, n), time);
}

/** In force at `at`: accredited by then, not yet lapsed, not withdrawn (§0). */
export function inForce(accreditation: StoredAccreditation | undefined, at: number): accreditation is StoredAccreditation {
  return !!accreditation && accreditation.withdrawnAt === 0 && accreditation.accreditedAt <= at && at < accreditation.validUntil;
}

/**
 * s(t): the status of the last log entry whose time is ≤ t, Active before any. Binary
 * search for the last such entry, so that several changes in one second resolve to the
 * state at the end of that second.
 */
export function statusAt(log: readonly StatusLogEntry[], t: number): CertificateStatus {
  let [low, high] = [0, log.length]; // the answer's index + 1 lies in [low, high]
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (log[middle].time <= t) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? "Active" : log[low - 1].status;
}

/** The time guard (§0): a certificate's latest recorded time is its last change, or its issue. */
export function lastChange(certificate: StoredCertificate): number {
  return certificate.log.at(-1)?.time ?? certificate.issuedAt;
}

/** §4, first match wins. W is the withdrawal numbered by the certificate's epoch, if it exists. */
export async function verdictAt(ctx: Context, certificate: StoredCertificate, t: number): Promise<CertificateVerdict> {
  if (t < certificate.issuedAt) return "NotYetValid";
  const status = statusAt(certificate.log, t);
  if (status === "Revoked" || status === "Superseded") return status;
  const withdrawal = await readWithdrawal(ctx, certificate.issuer, certificate.standard, certificate.epoch);
  if (withdrawal !== undefined && withdrawal <= t) return "IssuerNotAccredited";
  if (t >= certificate.validUntil) return "Expired";
  if (status === "Suspended") return "Suspended";
  if (t < certificate.validFrom) return "NotYetValid";
  return "Valid";
}
