/**
 * Spec value types as JSON Schema, for the Fabric FFI: what FireFly validates a request
 * against, and how it orders the arguments it sends to fabconnect (which passes each one
 * to the chaincode as text; contract-api converts it by the transaction's metadata type).
 */
import type { EventFieldType } from "../spec/events.js";
import { SPEC_ENUMS, typeDescription } from "./descriptions.js";
import type { FfiSchema } from "./types.js";

const INTEGER_TYPES: readonly EventFieldType[] = ["timestamp", "pageSize", "duration", "count"];

/** The JSON type of a spec value, without a description (a result's fields). */
export function bareSchema(type: EventFieldType): FfiSchema {
  if (INTEGER_TYPES.includes(type)) return { type: "integer" };
  if (type === "bool") return { type: "boolean" };
  if (type === "idList") return { type: "array", items: { type: "string" } };
  const values = SPEC_ENUMS[type];
  return values === undefined ? { type: "string" } : { type: "string", enum: values };
}

/** The JSON Schema of a Fabric parameter or event field of a spec type. */
export function fabricSchema(type: EventFieldType): FfiSchema {
  return { ...bareSchema(type), description: typeDescription(type, "fabric") };
}
