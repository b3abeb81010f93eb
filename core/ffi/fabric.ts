/**
 * The Fabric FFI of one primitive: its chaincode contract's transactions as methods
 * (`asset:registerAsset`), parameters in spec order and JSON-Schema typed, and the
 * chaincode events its transactions set, with their JSON payload fields.
 *
 * FireFly's Fabric plugin does not mark queries in an FFI: every method gets both an
 * /invoke (submit, ordered) and a /query (evaluate, one peer) endpoint, and the caller
 * chooses. `details.tag` says which one a method is, as the chaincode metadata tags it.
 */
import { EVENTS, type EventName } from "../spec/events.js";
import { OPERATIONS, operationsOf, type Operation, type Primitive } from "../spec/operations.js";
import { eventDescription, operationDescription, platformName } from "./descriptions.js";
import { fabricSchema } from "./json-schema.js";
import { fabricTransactionName, ffiName } from "./names.js";
import { RESULT_SCHEMAS } from "./results.js";
import type { FfiDocument, FfiEvent, FfiMethod } from "./types.js";

export function fabricFfi(primitive: Primitive, version: string): FfiDocument {
  const methods: FfiMethod[] = operationsOf(primitive).map((name) => {
    const op: Operation = OPERATIONS[name];
    return {
      name: fabricTransactionName(primitive, name),
      description: operationDescription(name, "fabric"),
      params: op.params.map((param) => ({ name: param.name, schema: fabricSchema(param.type) })),
      returns: op.kind === "query" ? [{ name: "result", schema: RESULT_SCHEMAS[op.returns] }] : [],
      details: { tag: [op.kind === "submit" ? "SUBMIT" : "EVALUATE"] },
    };
  });
  const events: FfiEvent[] = (Object.keys(EVENTS) as EventName[])
    .filter((name) => EVENTS[name].primitive === primitive)
    .map((name) => ({
      name,
      description: eventDescription(name),
      params: EVENTS[name].fields.map((field) => ({ name: field.name, schema: fabricSchema(field.type) })),
    }));
  return {
    name: ffiName(primitive),
    version,
    description:
      `Twinledger ${primitive} primitive on ${platformName("fabric")}: the "${primitive}" contract of the Twinledger chaincode. ` +
      `Methods are its transactions, "${fabricTransactionName(primitive, "<operation>")}"; submit those tagged SUBMIT through /invoke ` +
      `and query those tagged EVALUATE through /query. Events are chaincode events with a JSON payload. ` +
      `A rejection carries its spec error code as "Code: message" (core/spec/errors.ts).`,
    methods,
    events,
  };
}
