/**
 * Every operation of the four primitives (plus role administration), as data: name,
 * argument order and types, whether it changes state, what it returns and which event it
 * emits. The Solidity ABI and the chaincode metadata are checked against this table
 * (test/parity), and the `IndustrialLedger` client type is derived from it.
 */
import type { Role } from "./roles.js";
import type { AssetStatus, CertificateVerdict } from "./lifecycles.js";
import type {
  Accreditation,
  Asset,
  Certificate,
  HistoryEntry,
  IdentifierBinding,
  IdentifierScheme,
  Page,
  Receivable,
} from "./types.js";

/** Argument types. Each platform maps these to its own (see the clients' bindings). */
export interface ParamTypes {
  id: string;
  label: string;
  hash: string;
  uri: string;
  party: string;
  role: Role;
  assetStatus: AssetStatus;
  amount: string;
  currency: string;
  timestamp: number;
  pageSize: number;
  bookmark: string;
  identifier: string;
  scheme: IdentifierScheme;
  prefix: string;
  idList: string[];
  /** A certificate's subject: an asset id, or a canonical identifier bound to one (CERTIFICATION.md §5). */
  subject: string;
  /** A signature as `0x` + lowercase hex of 64 (P-256 r ‖ s) or 65 (secp256k1 r ‖ s ‖ v) bytes. */
  signature: string;
  /** `""` (none) or a label: a receivable's financing policy (RECEIVABLES.md §8). */
  optionalLabel: string;
  /** Whole seconds, 0 … 2^32 − 1 (`uint32` on EVM). */
  duration: number;
}
export type ParamType = keyof ParamTypes;

/** Result types of queries. Submits return a receipt. */
export interface ResultTypes {
  boolean: boolean;
  text: string;
  Asset: Asset;
  AssetPage: Page<Asset>;
  AssetHistory: HistoryEntry<Asset>[];
  IdentifierBinding: IdentifierBinding;
  IdentifierBindings: IdentifierBinding[];
  IdentifierHistory: HistoryEntry<IdentifierBinding | null>[];
  Accreditation: Accreditation;
  AccreditationHistory: HistoryEntry<Accreditation>[];
  Certificate: Certificate;
  CertificatePage: Page<Certificate>;
  CertificateHistory: HistoryEntry<Certificate>[];
  CertificateVerdict: CertificateVerdict;
  Receivable: Receivable;
  ReceivablePage: Page<Receivable>;
  ReceivableHistory: HistoryEntry<Receivable>[];
  duration: number;
}
export type ResultType = keyof ResultTypes;

export const PRIMITIVES = ["roles", "asset", "identifier", "certification", "receivable"] as const;
export type Primitive = (typeof PRIMITIVES)[number];

export interface Param {
  readonly name: string;
  readonly type: ParamType;
}

export interface SubmitOperation {
  readonly primitive: Primitive;
  readonly kind: "submit";
  readonly params: readonly Param[];
  /** The events this operation may emit (exactly one of them per successful call). */
  readonly emits: readonly string[];
}

export interface QueryOperation {
  readonly primitive: Primitive;
  readonly kind: "query";
  readonly params: readonly Param[];
  readonly returns: ResultType;
}

export type Operation = SubmitOperation | QueryOperation;

const p = <N extends string, T extends ParamType>(name: N, type: T) => ({ name, type }) as const;

const certificateFields = [
  p("subject", "subject"),
  p("standard", "label"),
  p("scopeHash", "hash"),
  p("evidenceHash", "hash"),
  p("validFrom", "timestamp"),
  p("validUntil", "timestamp"),
] as const;

export const OPERATIONS = {
  // Roles (consortium administration)
  grantRole: { primitive: "roles", kind: "submit", params: [p("role", "role"), p("account", "party")], emits: ["RoleGranted"] },
  revokeRole: { primitive: "roles", kind: "submit", params: [p("role", "role"), p("account", "party")], emits: ["RoleRevoked"] },
  renounceRole: { primitive: "roles", kind: "submit", params: [p("role", "role"), p("callerConfirmation", "party")], emits: ["RoleRevoked"] },
  hasRole: { primitive: "roles", kind: "query", params: [p("role", "role"), p("account", "party")], returns: "boolean" },

  // §1 Asset registration
  registerAsset: {
    primitive: "asset",
    kind: "submit",
    params: [p("id", "id"), p("assetClass", "label"), p("metadataHash", "hash"), p("metadataUri", "uri")],
    emits: ["AssetRegistered"],
  },
  updateAsset: {
    primitive: "asset",
    kind: "submit",
    params: [p("id", "id"), p("metadataHash", "hash"), p("metadataUri", "uri")],
    emits: ["AssetUpdated"],
  },
  transferAsset: { primitive: "asset", kind: "submit", params: [p("id", "id"), p("newOwner", "party")], emits: ["AssetTransferred"] },
  setAssetStatus: { primitive: "asset", kind: "submit", params: [p("id", "id"), p("status", "assetStatus")], emits: ["AssetStatusChanged"] },
  getAsset: { primitive: "asset", kind: "query", params: [p("id", "id")], returns: "Asset" },
  listAssetsByOwner: {
    primitive: "asset",
    kind: "query",
    params: [p("owner", "party"), p("pageSize", "pageSize"), p("bookmark", "bookmark")],
    returns: "AssetPage",
  },
  getAssetHistory: { primitive: "asset", kind: "query", params: [p("id", "id")], returns: "AssetHistory" },

  // §2 Identifier binding
  registerNamespace: {
    primitive: "identifier",
    kind: "submit",
    params: [p("scheme", "scheme"), p("prefix", "prefix"), p("holder", "party")],
    emits: ["NamespaceRegistered"],
  },
  revokeNamespace: { primitive: "identifier", kind: "submit", params: [p("scheme", "scheme"), p("prefix", "prefix")], emits: ["NamespaceRevoked"] },
  transferNamespace: {
    primitive: "identifier",
    kind: "submit",
    params: [p("scheme", "scheme"), p("prefix", "prefix"), p("newHolder", "party")],
    emits: ["NamespaceTransferred"],
  },
  bindIdentifier: {
    primitive: "identifier",
    kind: "submit",
    params: [p("assetId", "id"), p("canonicalIdentifier", "identifier")],
    emits: ["IdentifierBound"],
  },
  /** A self-certifying DID, bound with its controller's signature over {@link didBindingStatement} (core/spec/DID.md). */
  bindDid: {
    primitive: "identifier",
    kind: "submit",
    params: [p("assetId", "id"), p("did", "identifier"), p("deadline", "timestamp"), p("signature", "signature")],
    emits: ["IdentifierBound"],
  },
  /** The exact text a DID's controller signs for {@link bindDid} on this ledger. */
  didBindingStatement: {
    primitive: "identifier",
    kind: "query",
    params: [p("assetId", "id"), p("did", "identifier"), p("deadline", "timestamp")],
    returns: "text",
  },
  unbindIdentifier: { primitive: "identifier", kind: "submit", params: [p("canonicalIdentifier", "identifier")], emits: ["IdentifierUnbound"] },
  resolveIdentifier: { primitive: "identifier", kind: "query", params: [p("canonicalIdentifier", "identifier")], returns: "IdentifierBinding" },
  listIdentifiers: { primitive: "identifier", kind: "query", params: [p("assetId", "id")], returns: "IdentifierBindings" },
  getIdentifierHistory: { primitive: "identifier", kind: "query", params: [p("canonicalIdentifier", "identifier")], returns: "IdentifierHistory" },

  // §3 Certification
  accredit: {
    primitive: "certification",
    kind: "submit",
    params: [p("certifier", "party"), p("standard", "label"), p("validUntil", "timestamp")],
    emits: ["AccreditationChanged"],
  },
  withdrawAccreditation: {
    primitive: "certification",
    kind: "submit",
    params: [p("certifier", "party"), p("standard", "label")],
    emits: ["AccreditationChanged"],
  },
  getAccreditation: { primitive: "certification", kind: "query", params: [p("certifier", "party"), p("standard", "label")], returns: "Accreditation" },
  getAccreditationHistory: {
    primitive: "certification",
    kind: "query",
    params: [p("certifier", "party"), p("standard", "label")],
    returns: "AccreditationHistory",
  },
  issueCertificate: { primitive: "certification", kind: "submit", params: [p("id", "id"), ...certificateFields], emits: ["CertificateIssued"] },
  suspendCertificate: { primitive: "certification", kind: "submit", params: [p("id", "id"), p("reasonHash", "hash")], emits: ["CertificateStatusChanged"] },
  reinstateCertificate: { primitive: "certification", kind: "submit", params: [p("id", "id"), p("reasonHash", "hash")], emits: ["CertificateStatusChanged"] },
  revokeCertificate: { primitive: "certification", kind: "submit", params: [p("id", "id"), p("reasonHash", "hash")], emits: ["CertificateStatusChanged"] },
  supersedeCertificate: {
    primitive: "certification",
    kind: "submit",
    params: [p("oldId", "id"), p("newId", "id"), ...certificateFields],
    emits: ["CertificateSuperseded"],
  },
  getCertificate: { primitive: "certification", kind: "query", params: [p("id", "id")], returns: "Certificate" },
  verifyCertificate: { primitive: "certification", kind: "query", params: [p("id", "id"), p("atTime", "timestamp")], returns: "CertificateVerdict" },
  listCertificates: {
    primitive: "certification",
    kind: "query",
    params: [p("subject", "subject"), p("pageSize", "pageSize"), p("bookmark", "bookmark")],
    returns: "CertificatePage",
  },
  listCertificatesByIssuer: {
    primitive: "certification",
    kind: "query",
    params: [p("issuer", "party"), p("pageSize", "pageSize"), p("bookmark", "bookmark")],
    returns: "CertificatePage",
  },
  getCertificateHistory: { primitive: "certification", kind: "query", params: [p("id", "id")], returns: "CertificateHistory" },

  // §4 Receivables financing
  issueReceivable: {
    primitive: "receivable",
    kind: "submit",
    params: [
      p("id", "id"),
      p("debtor", "party"),
      p("amount", "amount"),
      p("currency", "currency"),
      p("dueDate", "timestamp"),
      p("fingerprint", "hash"),
      p("assetIds", "idList"),
      p("requiredStandard", "optionalLabel"),
    ],
    emits: ["ReceivableIssued"],
  },
  acknowledgeReceivable: { primitive: "receivable", kind: "submit", params: [p("id", "id")], emits: ["ReceivableAcknowledged"] },
  disputeReceivable: { primitive: "receivable", kind: "submit", params: [p("id", "id"), p("reasonHash", "hash")], emits: ["ReceivableDisputed"] },
  financeReceivable: {
    primitive: "receivable",
    kind: "submit",
    params: [p("id", "id"), p("financier", "party"), p("advanceAmount", "amount")],
    emits: ["FinancingRequested"],
  },
  /** Repeats the requested advance (terms confirmed) and names one Valid certificate per linked asset under a policy (RECEIVABLES.md §6, §8). */
  acceptFinancing: {
    primitive: "receivable",
    kind: "submit",
    params: [p("id", "id"), p("advanceAmount", "amount"), p("certificateIds", "idList")],
    emits: ["ReceivableFinanced"],
  },
  recordRepayment: {
    primitive: "receivable",
    kind: "submit",
    params: [p("id", "id"), p("amount", "amount"), p("paymentRef", "hash")],
    emits: ["RepaymentRecorded", "ReceivableSettled"],
  },
  markDefaulted: { primitive: "receivable", kind: "submit", params: [p("id", "id")], emits: ["ReceivableDefaulted"] },
  cancelReceivable: { primitive: "receivable", kind: "submit", params: [p("id", "id")], emits: ["ReceivableCancelled"] },
  /** The ledger's grace period for future issues (RECEIVABLES.md §7); ADMIN only. */
  setGracePeriod: { primitive: "receivable", kind: "submit", params: [p("gracePeriod", "duration")], emits: ["GracePeriodChanged"] },
  getGracePeriod: { primitive: "receivable", kind: "query", params: [], returns: "duration" },
  getReceivable: { primitive: "receivable", kind: "query", params: [p("id", "id")], returns: "Receivable" },
  /** The financier's pre-purchase check (RECEIVABLES.md §9). */
  getReceivableByFingerprint: { primitive: "receivable", kind: "query", params: [p("fingerprint", "hash")], returns: "Receivable" },
  listReceivablesBySeller: {
    primitive: "receivable",
    kind: "query",
    params: [p("seller", "party"), p("pageSize", "pageSize"), p("bookmark", "bookmark")],
    returns: "ReceivablePage",
  },
  listReceivablesByDebtor: {
    primitive: "receivable",
    kind: "query",
    params: [p("debtor", "party"), p("pageSize", "pageSize"), p("bookmark", "bookmark")],
    returns: "ReceivablePage",
  },
  listReceivablesByBeneficiary: {
    primitive: "receivable",
    kind: "query",
    params: [p("beneficiary", "party"), p("pageSize", "pageSize"), p("bookmark", "bookmark")],
    returns: "ReceivablePage",
  },
  getReceivableHistory: { primitive: "receivable", kind: "query", params: [p("id", "id")], returns: "ReceivableHistory" },
} as const satisfies Record<string, Operation>;

export type OperationName = keyof typeof OPERATIONS;
type Ops = typeof OPERATIONS;

export function operationsOf(primitive: Primitive): OperationName[] {
  return (Object.keys(OPERATIONS) as OperationName[]).filter((name) => OPERATIONS[name].primitive === primitive);
}

/** A parameter list's TypeScript types, as a tuple (mapped over a type parameter to keep it a tuple). */
type TsTuple<P extends readonly Param[]> = {
  -readonly [K in keyof P]: P[K] extends { type: infer T extends ParamType } ? ParamTypes[T] : never;
};

/** The TypeScript arguments of an operation, in spec order. */
export type ArgsOf<N extends OperationName> = TsTuple<Ops[N]["params"]>;

/** What an operation resolves to: a receipt for submits, the spec's result type for queries. */
export type ResultOf<N extends OperationName, R> = Ops[N] extends { kind: "query"; returns: infer T extends ResultType }
  ? ResultTypes[T]
  : R;
