/**
 * Events: one per state-changing transaction (Fabric allows one chaincode event per
 * transaction), with the same name and payload fields on both platforms. Field types use
 * the operation parameter types, plus `count` (a small non-negative integer).
 */
import type { ParamType, Primitive } from "./operations.js";

export type EventFieldType = ParamType | "count" | "certificateStatus" | "receivableState" | "bool";

export interface EventSpec {
  readonly primitive: Primitive;
  readonly fields: readonly { readonly name: string; readonly type: EventFieldType }[];
}

const f = <T extends EventFieldType>(name: string, type: T) => ({ name, type }) as const;

export const EVENTS = {
  RoleGranted: { primitive: "roles", fields: [f("role", "role"), f("account", "party"), f("sender", "party")] },
  RoleRevoked: { primitive: "roles", fields: [f("role", "role"), f("account", "party"), f("sender", "party")] },

  AssetRegistered: {
    primitive: "asset",
    fields: [f("assetId", "id"), f("assetClass", "label"), f("owner", "party"), f("metadataHash", "hash"), f("metadataUri", "uri")],
  },
  AssetUpdated: {
    primitive: "asset",
    fields: [f("assetId", "id"), f("version", "count"), f("metadataHash", "hash"), f("metadataUri", "uri")],
  },
  AssetTransferred: { primitive: "asset", fields: [f("assetId", "id"), f("from", "party"), f("to", "party")] },
  AssetStatusChanged: { primitive: "asset", fields: [f("assetId", "id"), f("from", "assetStatus"), f("to", "assetStatus")] },

  NamespaceRegistered: { primitive: "identifier", fields: [f("scheme", "scheme"), f("prefix", "prefix"), f("holder", "party")] },
  NamespaceRevoked: { primitive: "identifier", fields: [f("scheme", "scheme"), f("prefix", "prefix"), f("holder", "party")] },
  NamespaceTransferred: { primitive: "identifier", fields: [f("scheme", "scheme"), f("prefix", "prefix"), f("from", "party"), f("to", "party")] },
  IdentifierBound: {
    primitive: "identifier",
    fields: [f("key", "hash"), f("scheme", "scheme"), f("canonical", "identifier"), f("assetId", "id"), f("boundBy", "party")],
  },
  IdentifierUnbound: { primitive: "identifier", fields: [f("key", "hash"), f("canonical", "identifier"), f("unboundBy", "party")] },

  AccreditationChanged: {
    primitive: "certification",
    fields: [f("certifier", "party"), f("standard", "label"), f("validUntil", "timestamp"), f("accredited", "bool"), f("accreditor", "party")],
  },
  CertificateIssued: {
    primitive: "certification",
    fields: [
      f("certificateId", "id"),
      f("issuer", "party"),
      f("subject", "subject"),
      f("standard", "label"),
      f("scopeHash", "hash"),
      f("evidenceHash", "hash"),
      f("validFrom", "timestamp"),
      f("validUntil", "timestamp"),
    ],
  },
  CertificateStatusChanged: {
    primitive: "certification",
    fields: [f("certificateId", "id"), f("from", "certificateStatus"), f("to", "certificateStatus"), f("reasonHash", "hash"), f("changedBy", "party")],
  },
  /** One event for both halves of a supersede: the new certificate's fields travel with it. */
  CertificateSuperseded: {
    primitive: "certification",
    fields: [
      f("oldId", "id"),
      f("newId", "id"),
      f("issuer", "party"),
      f("subject", "subject"),
      f("standard", "label"),
      f("scopeHash", "hash"),
      f("evidenceHash", "hash"),
      f("validFrom", "timestamp"),
      f("validUntil", "timestamp"),
    ],
  },

  ReceivableIssued: {
    primitive: "receivable",
    fields: [
      f("receivableId", "id"),
      f("seller", "party"),
      f("debtor", "party"),
      f("amount", "amount"),
      f("currency", "currency"),
      f("dueDate", "timestamp"),
      f("fingerprint", "hash"),
      f("assetIds", "idList"),
      f("requiredStandard", "optionalLabel"),
      f("gracePeriod", "duration"),
    ],
  },
  ReceivableAcknowledged: { primitive: "receivable", fields: [f("receivableId", "id"), f("debtor", "party")] },
  ReceivableDisputed: { primitive: "receivable", fields: [f("receivableId", "id"), f("debtor", "party"), f("reasonHash", "hash")] },
  FinancingRequested: { primitive: "receivable", fields: [f("receivableId", "id"), f("financier", "party"), f("advanceAmount", "amount")] },
  ReceivableFinanced: {
    primitive: "receivable",
    fields: [f("receivableId", "id"), f("financier", "party"), f("advanceAmount", "amount"), f("certificateIds", "idList")],
  },
  RepaymentRecorded: { primitive: "receivable", fields: [f("receivableId", "id"), f("amount", "amount"), f("outstanding", "amount"), f("paymentRef", "hash")] },
  ReceivableSettled: { primitive: "receivable", fields: [f("receivableId", "id"), f("amount", "amount"), f("paymentRef", "hash")] },
  ReceivableDefaulted: { primitive: "receivable", fields: [f("receivableId", "id"), f("outstanding", "amount")] },
  ReceivableCancelled: { primitive: "receivable", fields: [f("receivableId", "id"), f("seller", "party")] },
  GracePeriodChanged: { primitive: "receivable", fields: [f("from", "duration"), f("to", "duration"), f("changedBy", "party")] },
} as const satisfies Record<string, EventSpec>;

export type EventName = keyof typeof EVENTS;

/** An event as every client reports it. */
export interface LedgerEvent {
  name: EventName;
  /** Spec fields only, in JSON form (amounts as decimal strings, times as numbers). */
  payload: Record<string, unknown>;
  /** Fabric transaction id / EVM transaction hash. */
  txId: string;
  blockNumber: number;
}

/** What a state-changing call resolves to. `event` is absent when nothing changed. */
export interface Receipt {
  txId: string;
  blockNumber: number;
  event?: LedgerEvent;
}
