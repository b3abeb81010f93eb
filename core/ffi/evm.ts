/**
 * The EVM FFI of one primitive, from its contract's compiled ABI: every function and event
 * with the ABI's own parameter names, order and Solidity types (`details.type`,
 * `details.internalType`, `details.indexed`), as FireFly's Ethereum plugin needs them to
 * encode a call and to compute an event's signature. The spec adds the words, and the
 * order: spec operations and events first, as core/spec lists them, then the rest by name.
 */
import { ERROR_CODES } from "../spec/errors.js";
import { EVENTS, type EventFieldType, type EventName } from "../spec/events.js";
import { OPERATIONS, operationsOf, type Operation, type OperationName, type Primitive } from "../spec/operations.js";
import { entriesOf, isLookupTopic, type Abi, type AbiParameter, type NamedAbiEntry } from "./abi.js";
import { eventDescription, operationDescription, platformName, typeDescription } from "./descriptions.js";
import { evmAbiProblems } from "./evm-check.js";
import { EVM_CONTRACTS, ffiName } from "./names.js";
import type { FfiDocument, FfiError, FfiEvent, FfiMethod, FfiParam, FfiParamDetails, FfiSchema } from "./types.js";

const INTEGER = /^u?int\d*$/;
const ARRAY = /^(.*)\[\d*\]$/;
const INTEGER_TEXT = "an integer: a JSON number, or a decimal string for values above 2^53";

function detailsOf(param: AbiParameter): FfiParamDetails {
  return {
    type: param.type,
    ...(param.internalType === undefined ? {} : { internalType: param.internalType }),
    ...(param.indexed ? { indexed: true as const } : {}),
  };
}

/** The JSON shape of a Solidity value, as FireFly converts an ABI: integers as a number or a decimal string. */
function shapeOf(param: AbiParameter): FfiSchema {
  const array = ARRAY.exec(param.type);
  if (array) {
    const element = { ...param, type: array[1], internalType: param.internalType?.replace(ARRAY, "$1"), indexed: false };
    return { type: "array", items: shapeOf(element) };
  }
  if (param.type === "tuple") {
    const properties: Record<string, FfiSchema> = {};
    (param.components ?? []).forEach((component, index) => {
      properties[component.name] = { ...shapeOf(component), details: { ...detailsOf(component), index } };
    });
    return { type: "object", properties };
  }
  if (INTEGER.test(param.type)) return { oneOf: [{ type: "string" }, { type: "integer" }] };
  if (param.type === "bool") return { type: "boolean" };
  return { type: "string" };
}

function paramOf(param: AbiParameter, description: string | undefined): FfiParam {
  const shape = shapeOf(param);
  const text = description ?? (shape.oneOf ? INTEGER_TEXT : undefined);
  return { name: param.name, schema: { ...shape, details: detailsOf(param), ...(text === undefined ? {} : { description: text }) } };
}

const specText = (type: EventFieldType | undefined) => (type === undefined ? undefined : typeDescription(type, "evm"));

/** Spec names first, in spec order; then the ABI's other names, sorted. */
function ordered(entries: Map<string, NamedAbiEntry>, specNames: readonly string[]): NamedAbiEntry[] {
  const spec = specNames.filter((name) => entries.has(name));
  const rest = [...entries.keys()].filter((name) => !specNames.includes(name)).sort();
  return [...spec, ...rest].map((name) => entries.get(name)!);
}

function methodOf(fn: NamedAbiEntry): FfiMethod {
  const op: Operation | undefined = Object.hasOwn(OPERATIONS, fn.name) ? OPERATIONS[fn.name as OperationName] : undefined;
  return {
    name: fn.name,
    description: op ? operationDescription(fn.name as OperationName, "evm") : "A read-only helper of the contract (not a spec operation).",
    params: (fn.inputs ?? []).map((input, index) => paramOf(input, specText(op?.params[index]?.type))),
    returns: (fn.outputs ?? []).map((output) => paramOf(output, undefined)),
    details: { stateMutability: fn.stateMutability ?? "nonpayable" },
  };
}

function eventOf(event: NamedAbiEntry): FfiEvent {
  const spec = Object.hasOwn(EVENTS, event.name) ? EVENTS[event.name as EventName] : undefined;
  const fieldType = (name: string) => spec?.fields.find((field) => field.name === name)?.type;
  return {
    name: event.name,
    description: spec ? eventDescription(event.name as EventName) : "Emitted by the contract (not a spec event).",
    params: (event.inputs ?? []).map((input) =>
      paramOf(input, spec && isLookupTopic(input) ? "keccak256 of the record's id: an indexed topic to filter logs on (not a spec field)" : specText(fieldType(input.name))),
    ),
  };
}

function errorOf(error: NamedAbiEntry): FfiError {
  const spec = (ERROR_CODES as readonly string[]).includes(error.name);
  return {
    name: error.name,
    description: spec ? `The spec's error code ${error.name} (core/spec/errors.ts).` : "An error of an OpenZeppelin library the contract uses (not a spec error code).",
    params: (error.inputs ?? []).map((input) => paramOf(input, undefined)),
  };
}

/** Throws when the ABI disagrees with the spec (see evm-check.ts): an FFI of a stale or edited contract would mislead. */
export function evmFfi(primitive: Primitive, abi: Abi, version: string): FfiDocument {
  const contract = EVM_CONTRACTS[primitive];
  const problems = evmAbiProblems(primitive, abi);
  if (problems.length > 0) throw new Error(`the ${contract} ABI disagrees with the spec (rebuild it: npm run -s build:contracts):\n  ${problems.join("\n  ")}`);

  const functions = entriesOf(abi, "function");
  const specOperations: string[] = operationsOf(primitive);
  const specEvents = (Object.keys(EVENTS) as EventName[]).filter((name) => EVENTS[name].primitive === primitive);
  const fromEvents = specOperations.filter((name) => !functions.has(name));
  const helpers = [...functions.keys()].some((name) => !specOperations.includes(name));
  const description = [
    `Twinledger ${primitive} primitive on ${platformName("evm")}: the ${contract} contract (contracts/${contract}.sol), from its compiled ABI.`,
    fromEvents.length > 0 ? `Spec queries that are not contract functions (the Twinledger clients answer them from its events): ${fromEvents.join(", ")}.` : "",
    helpers ? "Methods the spec does not name are read-only helpers." : "",
  ];
  return {
    name: ffiName(primitive),
    version,
    description: description.filter((sentence) => sentence !== "").join(" "),
    methods: ordered(functions, specOperations).map(methodOf),
    events: ordered(entriesOf(abi, "event"), specEvents).map(eventOf),
    errors: ordered(entriesOf(abi, "error"), []).map(errorOf),
  };
}
