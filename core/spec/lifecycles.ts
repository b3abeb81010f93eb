/**
 * States and the transitions between them. On EVM each state is the enum value of its
 * index in these arrays, so the order is part of the specification.
 */

export const ASSET_STATUSES = ["Active", "Suspended", "Decommissioned"] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** Allowed `setAssetStatus` moves; Decommissioned is terminal. */
export const ASSET_STATUS_TRANSITIONS: Record<AssetStatus, readonly AssetStatus[]> = {
  Active: ["Suspended", "Decommissioned"],
  Suspended: ["Active", "Decommissioned"],
  Decommissioned: [],
};

export const CERTIFICATE_STATUSES = ["Active", "Suspended", "Revoked", "Superseded"] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export const CERTIFICATE_STATUS_TRANSITIONS: Record<CertificateStatus, readonly CertificateStatus[]> = {
  Active: ["Suspended", "Revoked", "Superseded"],
  Suspended: ["Active", "Revoked", "Superseded"],
  Revoked: [],
  Superseded: [],
};

/** What `verifyCertificate(id, atTime)` answers. */
export const CERTIFICATE_VERDICTS = [
  "Valid",
  "NotYetValid",
  "Expired",
  "Suspended",
  "Revoked",
  "Superseded",
  "IssuerNotAccredited",
] as const;
export type CertificateVerdict = (typeof CERTIFICATE_VERDICTS)[number];

/**
 * The order in which `verifyCertificate` decides (CERTIFICATION.md §4), first match wins:
 * what the ledger did not know yet, then the verdicts that never turn back into Valid, then
 * the temporary ones. Suspended → Active and Suspended → Superseded also depend on who
 * suspended (an accreditor's hold is lifted only by another ACCREDITOR, §3).
 */
export const VERDICT_PRECEDENCE: readonly CertificateVerdict[] = [
  "NotYetValid", // before issuedAt
  "Revoked",
  "Superseded",
  "IssuerNotAccredited",
  "Expired",
  "Suspended",
  "NotYetValid", // before validFrom
  "Valid",
];

export const RECEIVABLE_STATES = [
  "Issued",
  "Acknowledged",
  "Disputed",
  "Financed",
  "PartiallyRepaid",
  "Settled",
  "Defaulted",
  "Cancelled",
] as const;
export type ReceivableState = (typeof RECEIVABLE_STATES)[number];

export const RECEIVABLE_TRANSITIONS: Record<ReceivableState, readonly ReceivableState[]> = {
  Issued: ["Acknowledged", "Disputed", "Cancelled"],
  Acknowledged: ["Financed", "Disputed", "Cancelled"],
  Disputed: ["Acknowledged", "Cancelled"],
  Financed: ["PartiallyRepaid", "Settled", "Defaulted"],
  PartiallyRepaid: ["PartiallyRepaid", "Settled", "Defaulted"],
  Settled: [],
  Defaulted: [],
  Cancelled: [],
};

/** Who may move a receivable (RECEIVABLES.md §2): parties named in the record, not roles. */
export type ReceivableActor = "seller" | "debtor" | "financier" | "beneficiary";

/**
 * RECEIVABLES.md §4 as data: per operation, who may call it, from which states and to which.
 * `financeReceivable` keeps the state (a pending request); `acceptFinancing` needs one.
 * The transition-table conformance cases are generated from this table.
 */
export const RECEIVABLE_MOVES = {
  acknowledgeReceivable: { by: "debtor", from: ["Issued", "Disputed"], to: ["Acknowledged"] },
  disputeReceivable: { by: "debtor", from: ["Issued", "Acknowledged"], to: ["Disputed"] },
  financeReceivable: { by: "seller", from: ["Acknowledged"], to: ["Acknowledged"] },
  acceptFinancing: { by: "financier", from: ["Acknowledged"], to: ["Financed"] },
  recordRepayment: { by: "beneficiary", from: ["Financed", "PartiallyRepaid"], to: ["PartiallyRepaid", "Settled"] },
  markDefaulted: { by: "beneficiary", from: ["Financed", "PartiallyRepaid"], to: ["Defaulted"] },
  cancelReceivable: { by: "seller", from: ["Issued", "Acknowledged", "Disputed"], to: ["Cancelled"] },
} as const satisfies Record<
  string,
  { by: ReceivableActor; from: readonly ReceivableState[]; to: readonly ReceivableState[] }
>;
export type ReceivableMove = keyof typeof RECEIVABLE_MOVES;
