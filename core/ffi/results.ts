/**
 * What each query answers, as JSON Schema: the chaincode returns the spec's value as JSON
 * text, which FireFly decodes. The field tables are checked against the types of
 * core/spec/types.ts by the compiler (a field added there must be added here).
 */
import type { EventFieldType } from "../spec/events.js";
import { CERTIFICATE_VERDICTS } from "../spec/lifecycles.js";
import type { ResultType } from "../spec/operations.js";
import type { Accreditation, Asset, Certificate, IdentifierBinding, Receivable } from "../spec/types.js";
import { bareSchema } from "./json-schema.js";
import type { FfiSchema } from "./types.js";

type Fields<T> = { readonly [K in keyof Required<T>]: EventFieldType };

const ASSET = {
  id: "id",
  assetClass: "label",
  owner: "party",
  metadataHash: "hash",
  metadataUri: "uri",
  status: "assetStatus",
  createdAt: "timestamp",
  updatedAt: "timestamp",
  version: "count",
} as const satisfies Fields<Asset>;

const IDENTIFIER_BINDING = {
  key: "hash",
  scheme: "scheme",
  canonical: "identifier",
  assetId: "id",
  boundBy: "party",
  boundAt: "timestamp",
} as const satisfies Fields<IdentifierBinding>;

const ACCREDITATION = {
  certifier: "party",
  standard: "label",
  accreditedBy: "party",
  accreditedAt: "timestamp",
  validUntil: "timestamp",
  withdrawnAt: "timestamp",
} as const satisfies Fields<Accreditation>;

const CERTIFICATE = {
  id: "id",
  issuer: "party",
  subject: "subject",
  assetId: "id",
  standard: "label",
  scopeHash: "hash",
  evidenceHash: "hash",
  validFrom: "timestamp",
  validUntil: "timestamp",
  issuedAt: "timestamp",
  status: "certificateStatus",
  suspendedBy: "party",
  supersedes: "id",
  supersededBy: "id",
} as const satisfies Fields<Certificate>;

const RECEIVABLE = {
  id: "id",
  seller: "party",
  debtor: "party",
  amount: "amount",
  currency: "currency",
  dueDate: "timestamp",
  fingerprint: "hash",
  beneficiary: "party",
  financier: "party",
  advanceAmount: "amount",
  outstanding: "amount",
  state: "receivableState",
  assetIds: "idList",
  gracePeriod: "duration",
  requiredStandard: "optionalLabel",
  issuedAt: "timestamp",
  updatedAt: "timestamp",
} as const satisfies Fields<Receivable>;

function record(title: string, fields: Record<string, EventFieldType>): FfiSchema {
  const properties: Record<string, FfiSchema> = {};
  for (const [name, type] of Object.entries(fields)) properties[name] = bareSchema(type);
  return { type: "object", properties, required: Object.keys(fields), description: `${title} (core/spec/types.ts)` };
}

const page = (item: FfiSchema, title: string): FfiSchema => ({
  type: "object",
  properties: { items: { type: "array", items: item }, bookmark: { type: "string" } },
  required: ["items", "bookmark"],
  description: `a page of ${title}s in ascending id order; an empty bookmark means there is no next page`,
});

/** Oldest first; `value` is the record as that transaction wrote it (null: deleted). */
const history = (value: FfiSchema, title: string): FfiSchema => ({
  type: "array",
  items: {
    type: "object",
    properties: { txId: { type: "string" }, timestamp: { type: "integer" }, value },
    required: ["txId", "timestamp", "value"],
  },
  description: `the ${title}'s history, oldest first: each transaction that wrote it and the value it wrote`,
});

const withoutDescription = ({ description: _description, ...schema }: FfiSchema): FfiSchema => schema;

const asset = record("Asset", ASSET);
const binding = record("IdentifierBinding", IDENTIFIER_BINDING);
const accreditation = record("Accreditation", ACCREDITATION);
const certificate = record("Certificate", CERTIFICATE);
const receivable = record("Receivable", RECEIVABLE);

export const RESULT_SCHEMAS: Record<ResultType, FfiSchema> = {
  boolean: { type: "boolean" },
  text: { type: "string" },
  duration: { type: "integer", description: "whole seconds" },
  CertificateVerdict: { type: "string", enum: CERTIFICATE_VERDICTS, description: "the certificate's verdict at the time asked" },
  Asset: asset,
  AssetPage: page(withoutDescription(asset), "asset"),
  AssetHistory: history(withoutDescription(asset), "asset"),
  IdentifierBinding: binding,
  IdentifierBindings: { type: "array", items: withoutDescription(binding), description: "the identifiers bound to the asset" },
  IdentifierHistory: history({ ...withoutDescription(binding), type: ["object", "null"] }, "identifier binding"),
  Accreditation: accreditation,
  AccreditationHistory: history(withoutDescription(accreditation), "accreditation"),
  Certificate: certificate,
  CertificatePage: page(withoutDescription(certificate), "certificate"),
  CertificateHistory: history(withoutDescription(certificate), "certificate"),
  Receivable: receivable,
  ReceivablePage: page(withoutDescription(receivable), "receivable"),
  ReceivableHistory: history(withoutDescription(receivable), "receivable"),
};
