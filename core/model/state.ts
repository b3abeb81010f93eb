/**
 * The reference model's state: everything the implemented primitives (roles, assets,
 * identifiers, certification, receivables) record, as plain maps. Histories keep values
 * only — transaction ids and times are the platform's, not the specification's.
 */
import type { Role } from "../spec/roles.js";
import type { CertificateStatus } from "../spec/lifecycles.js";
import { DEFAULT_GRACE_PERIOD } from "../spec/rules.js";
import type { Accreditation, Asset, Certificate, IdentifierBinding, Namespace, Party, Receivable } from "../spec/types.js";

/** An asset as the model knows it: everything but the platform's clock. */
export type ModelAsset = Omit<Asset, "createdAt" | "updatedAt">;
export type ModelBinding = Omit<IdentifierBinding, "boundAt">;

/** An accreditation and every withdrawal it has had (the times, oldest first). */
export interface ModelAccreditation extends Accreditation {
  withdrawals: number[];
}

/** A certificate, its status log (CERTIFICATION.md §7), its accreditation epoch and suspension count. */
export interface ModelCertificate extends Certificate {
  log: { time: number; status: CertificateStatus }[];
  /** How many withdrawals its issuer's accreditation had when it was issued. */
  epoch: number;
  suspensions: number;
}

/** A receivable (RECEIVABLES.md §3) with its amounts as bigint; getReceivable answers them as decimal strings. */
export interface ModelReceivable extends Omit<Receivable, "amount" | "advanceAmount" | "outstanding"> {
  amount: bigint;
  /** 0n when `financier` is "". */
  advanceAmount: bigint;
  outstanding: bigint;
}

export interface ModelState {
  roles: Map<Role, Set<Party>>;
  assets: Map<string, ModelAsset>;
  assetHistory: Map<string, ModelAsset[]>;
  /** Keyed by `scheme prefix`. */
  namespaces: Map<string, Namespace>;
  /** Keyed by identifier key. */
  bindings: Map<string, ModelBinding>;
  /** Every value a binding key has had, oldest first; null marks an unbinding. */
  bindingHistory: Map<string, (ModelBinding | null)[]>;
  /** Keyed by `certifier standard`. */
  accreditations: Map<string, ModelAccreditation>;
  accreditationHistory: Map<string, Accreditation[]>;
  certificates: Map<string, ModelCertificate>;
  certificateHistory: Map<string, Certificate[]>;
  receivables: Map<string, ModelReceivable>;
  /** Every value a receivable has had, oldest first: one per transaction that wrote it. */
  receivableHistory: Map<string, Receivable[]>;
  /** The global fingerprint index (RECEIVABLES.md §9): fingerprint → receivable id. Never cleared. */
  fingerprints: Map<string, string>;
  /** The ledger's grace period for future issues, seconds (§7). */
  gracePeriod: number;
}

export function initialState(firstAdmin: Party): ModelState {
  return {
    roles: new Map([["ADMIN", new Set([firstAdmin])], ["ACCREDITOR", new Set()], ["FINANCIER", new Set()]]),
    assets: new Map(),
    assetHistory: new Map(),
    namespaces: new Map(),
    bindings: new Map(),
    bindingHistory: new Map(),
    accreditations: new Map(),
    accreditationHistory: new Map(),
    certificates: new Map(),
    certificateHistory: new Map(),
    receivables: new Map(),
    receivableHistory: new Map(),
    fingerprints: new Map(),
    gracePeriod: DEFAULT_GRACE_PERIOD,
  };
}

export const namespaceId = (scheme: string, prefix: string) => `${scheme} ${prefix}`;

/** Appends to a history map. */
export function record<T>(histories: Map<string, T[]>, key: string, value: T): void {
  const history = histories.get(key) ?? [];
  history.push(value);
  histories.set(key, history);
}
