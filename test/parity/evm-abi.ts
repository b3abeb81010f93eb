/**
 * Holds compiled Solidity ABIs to the spec: every implemented operation is a function
 * of the same name, argument names, order and types; every spec event is an event with
 * the same fields (plus indexed `…Key` lookup topics); every custom error is a spec code.
 */
import type { Interface } from "ethers";
import { ERROR_ARGUMENTS, EVENTS, OPERATIONS, PRIMITIVES, operationsOf, type Primitive } from "../../core/index.js";
import { ABI_TYPES } from "../../clients/evm/encoding.js";
import { OPENZEPPELIN_ERRORS } from "../../clients/evm/errors.js";
import { IMPLEMENTED_PRIMITIVES } from "../../clients/ledger.js";
import { EVENT_INDEXED_QUERIES } from "../../clients/evm/ledger.js";

/** Read-only functions a contract may have beyond the spec (constants, ERC-165, helpers for other contracts). */
export const EVM_EXTRA_VIEWS = new Set([
  "ADMIN_ROLE",
  "ACCREDITOR_ROLE",
  "FINANCIER_ROLE",
  // What a receivable's financing policy asks of a certificate (RECEIVABLES.md §8).
  "certificateSubject",
  "DEFAULT_ADMIN_ROLE",
  "getRoleAdmin",
  "supportsInterface",
  "assetControl",
  "namespaceHolder",
]);

/** Errors of OpenZeppelin libraries a contract compiles in but cannot reach, and why. */
const UNREACHABLE_LIBRARY_ERRORS: Record<string, string> = {
  StringsInsufficientHexLength: "Strings.toHexString(address) always fits the address's 20 bytes",
};

const abiTypeOf = (type: string) => ABI_TYPES[type as keyof typeof ABI_TYPES];

export function evmParityProblems(abis: Partial<Record<Primitive, Interface>>): string[] {
  const problems: string[] = [];
  for (const primitive of PRIMITIVES) {
    const iface = abis[primitive];
    const implemented = (IMPLEMENTED_PRIMITIVES as readonly string[]).includes(primitive);
    if (!implemented) {
      if (iface) problems.push(`${primitive}: a contract exists but the primitive is not implemented everywhere`);
      continue;
    }
    if (!iface) {
      problems.push(`${primitive}: no contract`);
      continue;
    }
    problems.push(...functionProblems(primitive, iface), ...eventProblems(primitive, iface), ...errorProblems(primitive, iface));
  }
  return problems;
}

function functionProblems(primitive: Primitive, iface: Interface): string[] {
  const problems: string[] = [];
  const specNames = operationsOf(primitive);
  for (const name of specNames) {
    const operation = OPERATIONS[name];
    const fn = iface.getFunction(name);
    if (!fn) {
      if (!(EVENT_INDEXED_QUERIES as readonly string[]).includes(name)) problems.push(`${name}: missing from the ABI`);
      continue;
    }
    const expected = operation.params.map((param) => `${abiTypeOf(param.type)} ${param.name}`).join(", ");
    const actual = fn.inputs.map((input) => `${input.type} ${input.name}`).join(", ");
    if (expected !== actual) problems.push(`${name}(${actual}) should be ${name}(${expected})`);
    const mutability = operation.kind === "submit" ? "nonpayable" : "view";
    if (fn.stateMutability !== mutability) problems.push(`${name} is ${fn.stateMutability}, should be ${mutability}`);
  }
  iface.forEachFunction((fn) => {
    if ((specNames as string[]).includes(fn.name)) return;
    if (fn.constant && EVM_EXTRA_VIEWS.has(fn.name)) return;
    problems.push(`${fn.name}: ${fn.constant ? "view" : "state-changing"} function outside the spec`);
  });
  return problems;
}

function eventProblems(primitive: Primitive, iface: Interface): string[] {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(EVENTS)) {
    if (spec.primitive !== primitive) continue;
    const event = iface.getEvent(name);
    if (!event) {
      problems.push(`event ${name}: missing from the ABI`);
      continue;
    }
    const expected = spec.fields.map((field) => `${abiTypeOf(field.type)} ${field.name}`).join(", ");
    const actual = event.inputs
      .filter((input) => !(input.indexed && input.type === "bytes32" && input.name.endsWith("Key")))
      .map((input) => `${input.type} ${input.name}`)
      .join(", ");
    if (expected !== actual) problems.push(`event ${name}(${actual}) should be ${name}(${expected})`);
  }
  return problems;
}

function errorProblems(primitive: Primitive, iface: Interface): string[] {
  const problems: string[] = [];
  const declared = new Set<string>();
  iface.forEachError((error) => {
    declared.add(error.name);
    if (error.name in OPENZEPPELIN_ERRORS || error.name in UNREACHABLE_LIBRARY_ERRORS) return;
    const expected = ERROR_ARGUMENTS[error.name as keyof typeof ERROR_ARGUMENTS];
    if (!expected) {
      problems.push(`${primitive}: custom error ${error.name} is not a code a contract raises`);
      return;
    }
    const actual = error.inputs.map((input) => `${input.type} ${input.name}`).join(", ");
    if (actual !== `${expected[1]} ${expected[0]}`) problems.push(`${primitive}: error ${error.name}(${actual}) should be ${error.name}(${expected[1]} ${expected[0]})`);
  });
  for (const code of Object.keys(ERROR_ARGUMENTS)) if (!declared.has(code)) problems.push(`${primitive}: custom error ${code} is not declared`);
  return problems;
}
