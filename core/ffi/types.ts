/**
 * The FireFly Interface (FFI) format, as far as Twinledger writes it: the JSON document
 * `POST /api/v1/namespaces/{ns}/contracts/interfaces` takes. FireFly fills in `namespace`
 * (from the URL), ids and each method's `pathname`, so a generated document has none.
 */

/** A JSON Schema (2020-12) with FireFly's additions: `details` carries the blockchain's own type. */
export interface FfiSchema {
  type?: "boolean" | "integer" | "string" | "array" | "object" | readonly ("object" | "null")[];
  /** EVM integers: `[{type: "string"}, {type: "integer"}]`, a JSON number or a decimal string. */
  oneOf?: readonly FfiSchema[];
  items?: FfiSchema;
  properties?: Record<string, FfiSchema>;
  required?: readonly string[];
  enum?: readonly string[];
  details?: FfiParamDetails;
  description?: string;
}

/** EVM only: the Solidity type of a parameter (FireFly's Ethereum plugin requires `type`). */
export interface FfiParamDetails {
  type: string;
  internalType?: string;
  indexed?: true;
  /** A tuple member's position. */
  index?: number;
}

export interface FfiParam {
  name: string;
  schema: FfiSchema;
}

export interface FfiMethod {
  name: string;
  description: string;
  params: FfiParam[];
  returns: FfiParam[];
  /** EVM: `{stateMutability}` of the ABI; Fabric: `{tag: ["SUBMIT"] | ["EVALUATE"]}` of the chaincode metadata. */
  details: Record<string, unknown>;
}

export interface FfiEvent {
  name: string;
  description: string;
  params: FfiParam[];
}

export interface FfiError {
  name: string;
  description: string;
  params: FfiParam[];
}

export interface FfiDocument {
  name: string;
  version: string;
  description: string;
  methods: FfiMethod[];
  events: FfiEvent[];
  /** EVM only: the contract's custom errors, so FireFly can decode a revert. */
  errors?: FfiError[];
}

export const FFI_PLATFORMS = ["evm", "fabric"] as const;
export type FfiPlatform = (typeof FFI_PLATFORMS)[number];
