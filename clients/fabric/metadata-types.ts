/**
 * The fabric-contract-api metadata schema type of each spec parameter type. Chaincode
 * parameters are declared with these TypeScript types; the parity check holds the
 * chaincode's metadata to this table.
 */
import type { ParamType } from "../../core/index.js";

export const FABRIC_SCHEMA_TYPES: Record<ParamType, string> = {
  id: "string",
  label: "string",
  hash: "string",
  uri: "string",
  party: "string",
  role: "string",
  assetStatus: "string",
  amount: "string",
  currency: "string",
  timestamp: "number",
  pageSize: "number",
  bookmark: "string",
  identifier: "string",
  scheme: "string",
  prefix: "string",
  idList: "array",
  signature: "string",
  subject: "string",
  optionalLabel: "string",
  duration: "number",
};

/** Chaincode transactions outside the spec: deployment steps only. */
export const FABRIC_DEPLOYMENT_TRANSACTIONS: Record<string, readonly string[]> = {
  roles: ["initLedger"],
};

/** The cross-ledger contract beside the primitives (core/spec/INTEROP.md §2): its transactions, and which only evaluate. */
export const FABRIC_INTEROP_CONTRACT = "interop";
export const FABRIC_INTEROP_TRANSACTIONS: Record<string, "SUBMIT" | "EVALUATE"> = {
  proveFact: "EVALUATE",
  setEvmCommittee: "SUBMIT",
  reserveForEvm: "SUBMIT",
  releaseFromEvm: "SUBMIT",
  getEvmReservation: "EVALUATE",
};
