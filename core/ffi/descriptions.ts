/**
 * The words of the generated interfaces: what a value of each spec type looks like on
 * each platform, and one sentence per operation and event. Shown by FireFly in the
 * OpenAPI (Swagger) page it generates for a contract API.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils";
import { EVENTS, type EventFieldType, type EventName } from "../spec/events.js";
import { ASSET_STATUSES, CERTIFICATE_STATUSES, RECEIVABLE_STATES } from "../spec/lifecycles.js";
import { OPERATIONS, type Operation, type OperationName } from "../spec/operations.js";
import { ROLES } from "../spec/roles.js";
import { MAX_DURATION, MAX_LINKED_ASSETS, MAX_PAGE_SIZE, MAX_URI_BYTES } from "../spec/rules.js";
import { IDENTIFIER_SCHEMES } from "../spec/types.js";
import type { FfiPlatform } from "./types.js";

/** The closed sets of the spec: a name on Fabric, its index (uint8) on EVM. */
export const SPEC_ENUMS: Partial<Record<EventFieldType, readonly string[]>> = {
  role: ROLES,
  assetStatus: ASSET_STATUSES,
  scheme: IDENTIFIER_SCHEMES,
  certificateStatus: CERTIFICATE_STATUSES,
  receivableState: RECEIVABLE_STATES,
};

const SAME_ON_BOTH: Partial<Record<EventFieldType, string>> = {
  id: "1–64 of A-Z a-z 0-9 . _ : -",
  label: "1–64 of A-Z a-z 0-9 . _ : -",
  uri: `at most ${MAX_URI_BYTES} UTF-8 bytes ("" for none)`,
  currency: "ISO 4217 alpha-3, e.g. EUR",
  timestamp: "Unix seconds",
  pageSize: `1–${MAX_PAGE_SIZE}`,
  bookmark: `"" for the first page, then the bookmark of the page before`,
  identifier: "a canonical identifier (see: twinledger id canonicalize)",
  prefix: "a namespace prefix of the scheme",
  idList: `at most ${MAX_LINKED_ASSETS} ids`,
  subject: "an asset id, or a canonical identifier bound to one",
  signature: "0x + lowercase hex of a 64-byte P-256 (r ‖ s) or 65-byte secp256k1 (r ‖ s ‖ v) signature",
  optionalLabel: `"" for none, or 1–64 of A-Z a-z 0-9 . _ : -`,
  duration: `whole seconds, 0–${MAX_DURATION}`,
  count: "a revision number, from 1",
  bool: "true or false",
};

const roleId = (role: string) => `0x${bytesToHex(keccak_256(utf8ToBytes(role)))}`;
const indexList = (values: readonly string[]) => values.map((value, index) => `${index} = ${value}`).join(", ");

/** How a value of a spec type is written on a platform. */
export function typeDescription(type: EventFieldType, platform: FfiPlatform): string {
  const same = SAME_ON_BOTH[type];
  if (same !== undefined) return same;
  const values = SPEC_ENUMS[type];
  if (values !== undefined) {
    if (platform === "fabric") return `one of ${values.join(", ")}`;
    if (type === "role") return `the role id, keccak256 of its name: ${ROLES.map((role) => `${role} = ${roleId(role)}`).join(", ")}`;
    return `uint8: ${indexList(values)}`;
  }
  switch (type) {
    case "hash":
      return "0x + 64 lowercase hex digits";
    case "party":
      return platform === "evm" ? "an EVM address" : "<mspId>::x509::<subject DN>::<issuer DN>, the party id of a Fabric identity";
    case "amount":
      return platform === "evm" ? "minor units; a decimal string (amounts can exceed 2^53)" : "minor units, decimal digits";
    default:
      throw new Error(`no description for spec type ${type}`);
  }
}

const PLATFORM_NAMES: Record<FfiPlatform, string> = { evm: "EVM", fabric: "Hyperledger Fabric" };
export const platformName = (platform: FfiPlatform) => PLATFORM_NAMES[platform];

/** One sentence: what kind of operation it is, and what it emits or returns. */
export function operationDescription(name: OperationName, platform: FfiPlatform): string {
  const op: Operation = OPERATIONS[name];
  const signature = `${name}(${op.params.map((param) => param.name).join(", ")})`;
  if (op.kind === "submit") return `${signature}: a transaction of the Twinledger ${op.primitive} primitive; emits ${op.emits.join(" or ")}.`;
  const answer =
    platform === "fabric" ? `returns ${op.returns} (core/spec/types.ts) as JSON` : "read-only (an eth_call, no transaction), answering with the returns below";
  return `${signature}: a query of the Twinledger ${op.primitive} primitive; ${answer}. Call it through /query.`;
}

export function eventDescription(name: EventName): string {
  const fields = EVENTS[name].fields.map((field) => field.name).join(", ");
  const emitters = (Object.keys(OPERATIONS) as OperationName[]).filter((op) => {
    const operation: Operation = OPERATIONS[op];
    return operation.kind === "submit" && operation.emits.includes(name);
  });
  return `${name}(${fields}): emitted by ${emitters.join(", ")}.`;
}
