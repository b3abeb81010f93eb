/**
 * Every spec operation as a command, generated from `OPERATIONS` (core/spec/operations.ts):
 *
 *   twinledger <operation> <arg>... --target <profile.json>
 *
 * Arguments come in spec order and are converted by the spec's parameter type. The output
 * is one JSON document on stdout: the result of a query, the receipt of a submit, or
 * `{"error":{"code","message"}}` when the ledger rejects the call.
 */
import {
  ASSET_STATUSES,
  IDENTIFIER_SCHEMES,
  LedgerError,
  isAssetSubject,
  OPERATIONS,
  ROLES,
  type Operation,
  type OperationName,
  type ParamType,
} from "../../core/index.js";
import { canonicalize } from "../../core/identifiers/index.js";
import { IMPLEMENTED_OPERATIONS } from "../../clients/ledger.js";
import { CliFailure, EXIT, UsageError, parseArgs, toJson, writeOut } from "./common.js";
import { loadProfile, openLedger } from "./profile.js";

export const isOperation = (name: string): name is OperationName => Object.hasOwn(OPERATIONS, name);
const isImplemented = (name: OperationName) => (IMPLEMENTED_OPERATIONS as readonly OperationName[]).includes(name);

/** How each parameter type is written on the command line. */
const TYPE_HELP: Record<ParamType, string> = {
  id: "string: 1–64 of A-Z a-z 0-9 . _ : -",
  label: "string: 1–64 of A-Z a-z 0-9 . _ : -",
  hash: "string: 0x + 64 hex digits (upper case is lowered, saying so)",
  uri: "string: at most 512 UTF-8 bytes (\"\" for none)",
  party: "string: an EVM address, or a Fabric <mspId>::x509::<subject>::<issuer>",
  role: `string: ${ROLES.join(" | ")}`,
  assetStatus: `string: ${ASSET_STATUSES.join(" | ")}`,
  amount: "string: minor units, decimal digits",
  currency: "string: ISO 4217, e.g. EUR",
  timestamp: "integer: Unix seconds",
  pageSize: "integer: 1–100",
  bookmark: "string: \"\" for the first page, then the page's bookmark",
  identifier: "string: an identifier in any form `twinledger id canonicalize` reads; sent canonical (saying so)",
  scheme: `string: ${IDENTIFIER_SCHEMES.join(" | ")}`,
  prefix: "string: a namespace prefix of the scheme",
  idList: "list: a JSON array [\"A\",\"B\"] or a comma list A,B",
  subject: "string: an asset id, or a canonical identifier bound to one",
  signature: "string: 0x + lowercase hex of a 64-byte P-256 or 65-byte secp256k1 signature",
  optionalLabel: "string: \"\" for none, or 1–64 of A-Z a-z 0-9 . _ : -",
  duration: "integer: seconds, 0–4294967295",
};

function synopsis(name: OperationName): string {
  const op: Operation = OPERATIONS[name];
  return `twinledger ${name} ${op.params.map((param) => `<${param.name}>`).join(" ")}${op.params.length ? " " : ""}--target <profile.json>`;
}

/** `twinledger help <operation>`: synopsis, what it returns, its parameters and their types. */
export function operationHelp(name: OperationName): string {
  const op: Operation = OPERATIONS[name];
  const width = Math.max(0, ...op.params.map((param) => param.name.length));
  const typeWidth = Math.max(0, ...op.params.map((param) => param.type.length));
  const lines = [
    `usage: ${synopsis(name)}`,
    "",
    `${name}: ${op.primitive} primitive, ${
      op.kind === "submit" ? `submit (prints the receipt {txId, blockNumber, event}; emits ${op.emits.join(" or ")})` : `query (prints ${op.returns})`
    }${isImplemented(name) ? "" : ` — NOT IMPLEMENTED on any platform yet`}`,
  ];
  if (op.params.length > 0) {
    lines.push("", "parameters, in this order:");
    for (const param of op.params) lines.push(`  ${param.name.padEnd(width)}  ${param.type.padEnd(typeWidth)}  ${TYPE_HELP[param.type]}`);
  } else {
    lines.push("", "no parameters");
  }
  return lines.join("\n");
}

/** `twinledger operations`: every operation, its primitive, kind and whether it is implemented. */
export async function runOperationsList(args: string[]): Promise<number> {
  const { positionals, json, help } = parseArgs(args, ["json"]);
  if (help || positionals.length > 0) throw new UsageError("usage: twinledger operations [--json]");
  const names = Object.keys(OPERATIONS) as OperationName[];
  if (json) {
    const rows = names.map((name) => ({ operation: name, primitive: OPERATIONS[name].primitive, kind: OPERATIONS[name].kind, implemented: isImplemented(name) }));
    await writeOut(toJson(rows));
    return EXIT.ok;
  }
  const width = Math.max(...names.map((name) => name.length));
  const lines = [`${"operation".padEnd(width)}  ${"primitive".padEnd(13)}  ${"kind".padEnd(6)}  implemented`];
  for (const name of names) {
    const op = OPERATIONS[name];
    lines.push(`${name.padEnd(width)}  ${op.primitive.padEnd(13)}  ${op.kind.padEnd(6)}  ${isImplemented(name) ? "yes" : "no"}`);
  }
  await writeOut(lines.join("\n"));
  return EXIT.ok;
}

function notImplemented(name: OperationName): UsageError {
  return new UsageError(`${name} (${OPERATIONS[name].primitive}) is not implemented on any platform yet; implemented: ${IMPLEMENTED_PRIMITIVES_TEXT}`);
}
const IMPLEMENTED_PRIMITIVES_TEXT = [...new Set(IMPLEMENTED_OPERATIONS.map((name) => OPERATIONS[name].primitive))].join(", ");

/**
 * Converts the command-line arguments of an operation; a UsageError names the bad one.
 * Identifiers in any input form are canonicalised and hashes written in upper case are
 * lowered — each such change said on `notice` (stderr), never silently.
 */
export function convertArguments(name: OperationName, values: readonly string[], notice: (line: string) => void = () => {}): unknown[] {
  const { params } = OPERATIONS[name] as Operation;
  const usage = (why: string) => new UsageError(`${name}: ${why}\n\n${operationHelp(name)}`);
  if (values.length !== params.length) {
    throw usage(`expected ${params.length} argument${params.length === 1 ? "" : "s"} (${params.map((param) => param.name).join(", ")}), got ${values.length}`);
  }
  return params.map((param, index) => {
    const value = values[index];
    switch (param.type) {
      case "timestamp":
      case "pageSize":
      case "duration": {
        const number = /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
        if (!Number.isSafeInteger(number)) throw usage(`${param.name} must be an integer, got ${JSON.stringify(value)}`);
        return number;
      }
      case "idList": {
        const text = value.trim();
        if (text.startsWith("[")) {
          let list: unknown;
          try {
            list = JSON.parse(text);
          } catch {
            throw usage(`${param.name} is not a valid JSON array: ${JSON.stringify(value)}`);
          }
          if (!Array.isArray(list) || !list.every((item) => typeof item === "string")) throw usage(`${param.name} must be a JSON array of strings`);
          return list;
        }
        return text === "" ? [] : text.split(",").map((item) => item.trim());
      }
      case "identifier":
        return canonicalArgument(name, param.name, value, notice);
      case "subject":
        return isAssetSubject(value) ? value : canonicalArgument(name, param.name, value, notice);
      case "hash": {
        if (/^[0-9a-fA-F]{64}$/.test(value)) throw usage(`${param.name} must start with 0x: did you mean 0x${value.toLowerCase()}?`);
        if (!/^0[xX][0-9a-fA-F]{64}$/.test(value) || value === value.toLowerCase()) return value;
        const lowered = `0x${value.slice(2).toLowerCase()}`;
        notice(`twinledger: ${name}: ${param.name} ${value} written in lower case, as the spec keeps hashes: ${lowered}`);
        return lowered;
      }
      default:
        return value;
    }
  });
}

/** The canonical form of an identifier given in any form `canonicalize` reads; anything else is passed on for the ledger to refuse. */
function canonicalArgument(name: OperationName, param: string, value: string, notice: (line: string) => void): string {
  let canonical: string;
  try {
    canonical = canonicalize(value).canonical;
  } catch {
    return value;
  }
  if (canonical !== value) notice(`twinledger: ${name}: ${param} ${JSON.stringify(value)} canonicalised to ${canonical}`);
  return canonical;
}

/** `twinledger <operation> <arg>... --target <profile.json>`. */
export async function runOperation(name: OperationName, args: string[]): Promise<number> {
  const { positionals, target, help } = parseArgs(args, ["target"]);
  if (help) {
    await writeOut(operationHelp(name));
    return EXIT.ok;
  }
  if (!isImplemented(name)) throw notImplemented(name);
  const values = convertArguments(name, positionals, (line) => console.error(line));
  if (target === undefined) throw new UsageError(`${name}: --target <profile.json> is missing\n\n${operationHelp(name)}`);

  const profile = loadProfile(target);
  const op: Operation = OPERATIONS[name];
  const { ledger, close } = await openLedger(profile, op.kind === "submit");
  try {
    const call = ledger[name as (typeof IMPLEMENTED_OPERATIONS)[number]] as (...args: unknown[]) => Promise<unknown>;
    const result = await call.apply(ledger, values);
    await writeOut(toJson(result));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof LedgerError) {
      await writeOut(toJson({ error: { code: error.code, message: error.reason } }));
      return EXIT.rejected;
    }
    throw error instanceof CliFailure ? error : new CliFailure(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await close();
  }
}
