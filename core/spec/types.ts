/** Value types of the specification: what every client returns, on every platform. */
import type { AssetStatus, CertificateStatus, CertificateVerdict, ReceivableState } from "./lifecycles.js";

/**
 * A party is an opaque string: on EVM the checksummed address, on Fabric
 * `<mspId>::x509::<subject DN>::<issuer DN>` (MSP id + ClientIdentity.getID()).
 */
export type Party = string;
/** Unix seconds: EVM block.timestamp, Fabric transaction timestamp. */
export type Timestamp = number;

export const IDENTIFIER_SCHEMES = ["gs1", "handle", "oid", "did"] as const;
export type IdentifierScheme = (typeof IDENTIFIER_SCHEMES)[number];

export interface Asset {
  id: string;
  assetClass: string;
  owner: Party;
  metadataHash: string;
  metadataUri: string;
  status: AssetStatus;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Metadata revision: 1 at registration, +1 per updateAsset. */
  version: number;
}

/** One state of a record, as written by one transaction. Oldest first. */
export interface HistoryEntry<T> {
  txId: string;
  timestamp: Timestamp;
  value: T;
}

/**
 * A page of a listing in ascending UTF-8 byte order of the record id. `bookmark` is
 * opaque; pass it back for the next page. An empty bookmark means there is no next page.
 */
export interface Page<T> {
  items: T[];
  bookmark: string;
}

export interface Namespace {
  scheme: IdentifierScheme;
  prefix: string;
  holder: Party;
}

export interface IdentifierBinding {
  key: string;
  scheme: IdentifierScheme;
  canonical: string;
  assetId: string;
  boundBy: Party;
  boundAt: Timestamp;
}

/** One accreditation per (certifier, standard); CERTIFICATION.md §2. */
export interface Accreditation {
  certifier: Party;
  standard: string;
  /** The ACCREDITOR that last accredited. */
  accreditedBy: Party;
  /** When it was last accredited: it is in force from then. */
  accreditedAt: Timestamp;
  validUntil: Timestamp;
  /** When it was withdrawn; 0 while it is not. */
  withdrawnAt: Timestamp;
}

/** CERTIFICATION.md §3: the subject as the issuer wrote it and the asset it resolved to. */
export interface Certificate {
  id: string;
  issuer: Party;
  subject: string;
  assetId: string;
  standard: string;
  scopeHash: string;
  evidenceHash: string;
  validFrom: Timestamp;
  validUntil: Timestamp;
  issuedAt: Timestamp;
  status: CertificateStatus;
  /** Who suspended it, while it is Suspended; "" otherwise. */
  suspendedBy: Party;
  /** The certificate this one superseded, or "". */
  supersedes: string;
  /** The certificate that superseded this one, or "". */
  supersededBy: string;
}

/** What an issuer writes into a certificate (issue and supersede take the same fields). */
export type CertificateFields = Pick<Certificate, "subject" | "standard" | "scopeHash" | "evidenceHash" | "validFrom" | "validUntil">;

/** RECEIVABLES.md §3. Amounts are decimal strings of minor units. */
export interface Receivable {
  id: string;
  seller: Party;
  debtor: Party;
  amount: string;
  currency: string;
  dueDate: Timestamp;
  fingerprint: string;
  /** Who receives repayments: the seller, then the financier from acceptance on. */
  beneficiary: Party;
  /** The FINANCIER named in the pending request, or the one that financed; "" when neither. */
  financier: Party;
  /** The pending or accepted advance; "0" when `financier` is "". */
  advanceAmount: string;
  outstanding: string;
  state: ReceivableState;
  assetIds: string[];
  /** The ledger's grace period when it was issued (RECEIVABLES.md §7). */
  gracePeriod: number;
  /** "" = no financing policy, else the standard every linked asset must hold (§8). */
  requiredStandard: string;
  issuedAt: Timestamp;
  updatedAt: Timestamp;
}

export type { AssetStatus, CertificateStatus, CertificateVerdict, ReceivableState };
