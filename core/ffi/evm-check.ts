/**
 * Where a contract's ABI and the spec disagree, for one primitive: an operation missing or
 * with other parameters (count, names, order), a submit that is read-only or a query that is
 * not, a state-changing function outside the spec, a spec event missing or with other fields.
 * The EVM FFI is only generated from an ABI this finds nothing wrong with.
 *
 * A spec query may be absent: the Twinledger EVM clients answer some queries from the
 * contract's events (clients/evm/ledger.ts, EVENT_INDEXED_QUERIES). Argument types are held
 * to the spec by the parity check (test/parity/evm-abi.ts).
 */
import { EVENTS, type EventName } from "../spec/events.js";
import { OPERATIONS, operationsOf, type Operation, type Primitive } from "../spec/operations.js";
import { entriesOf, isLookupTopic, isReadOnly, type Abi } from "./abi.js";

const names = (params: readonly { name: string }[] | undefined) => (params ?? []).map((param) => param.name).join(", ");

export function evmAbiProblems(primitive: Primitive, abi: Abi): string[] {
  const problems: string[] = [];
  const functions = entriesOf(abi, "function");
  const specNames = operationsOf(primitive);
  for (const name of specNames) {
    const op: Operation = OPERATIONS[name];
    const fn = functions.get(name);
    if (fn === undefined) {
      if (op.kind === "submit") problems.push(`${name}: missing from the ABI`);
      continue;
    }
    const expected = names(op.params);
    if (names(fn.inputs) !== expected) problems.push(`${name}(${names(fn.inputs)}) should be ${name}(${expected})`);
    if (isReadOnly(fn) !== (op.kind === "query")) problems.push(`${name} is ${fn.stateMutability}, the spec says it is a ${op.kind}`);
  }
  for (const [name, fn] of functions) {
    if (!(specNames as string[]).includes(name) && !isReadOnly(fn)) problems.push(`${name}: a state-changing function outside the spec`);
  }
  const events = entriesOf(abi, "event");
  for (const name of Object.keys(EVENTS) as EventName[]) {
    if (EVENTS[name].primitive !== primitive) continue;
    const event = events.get(name);
    if (event === undefined) {
      problems.push(`event ${name}: missing from the ABI`);
      continue;
    }
    const actual = names((event.inputs ?? []).filter((input) => !isLookupTopic(input)));
    const expected = names(EVENTS[name].fields);
    if (actual !== expected) problems.push(`event ${name}(${actual}) should be ${name}(${expected})`);
  }
  return problems;
}
