/**
 * Random command sequences for the model tests: a named actor calls an operation with
 * arguments drawn mostly from the valid pools (so state builds up) and sometimes from the
 * edges (so every check is reached). A step prints as the line of TypeScript that replays it.
 */
import fc from "fast-check";
import { ACTOR_NAMES, type ActorName } from "../../clients/ledger.js";
import * as pool from "./pools.js";

export interface Step {
  actor: ActorName;
  operation: string;
  /** Party arguments are actor names or literal strings; see `resolveArgs`. */
  args: Arg[];
}

/** A party is named by actor, so one sequence replays on every platform. */
export type Arg = { actor: ActorName } | { value: unknown };

const valid = <T>(values: readonly T[]) => fc.constantFrom(...values);
/** Actors weighted so that a few of them build up state together (own, hold, bind, transfer). */
const actor: fc.Arbitrary<ActorName> = fc.oneof(
  { arbitrary: fc.constant<ActorName>("alice"), weight: 6 },
  { arbitrary: fc.constant<ActorName>("bob"), weight: 3 },
  { arbitrary: fc.constant<ActorName>("admin"), weight: 1 },
  { arbitrary: valid(ACTOR_NAMES), weight: 1 },
);

const value = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<Arg> => arbitrary.map((v) => ({ value: v }));
const actorArg = actor.map((name): Arg => ({ actor: name }));
/** A party that is not an actor: an unknown party of this platform, the other platform's id, or garbage. */
export const PARTY_EDGES = ["otherPlatform", "stranger", "malformed", "empty"] as const;
const partyEdge = valid(PARTY_EDGES).map((edge): Arg => ({ value: { edge } }));

/**
 * Each parameter type as [valid values, edges]. A step draws either all its arguments
 * valid (mostly: state builds up) or each from valid and edges alike (every check reached).
 */
type Domain = [fc.Arbitrary<Arg>, fc.Arbitrary<Arg>];
const pair = <T>(good: readonly T[], bad: readonly T[]): Domain => [value(valid(good)), value(valid(bad))];
const D = {
  id: pair(pool.ASSET_IDS, pool.BAD_IDS),
  label: pair(pool.LABELS, pool.BAD_LABELS),
  hash: pair(pool.HASHES, pool.BAD_HASHES),
  uri: pair(pool.URIS, pool.BAD_URIS),
  role: pair(pool.ROLE_NAMES, pool.BAD_ROLES),
  status: pair(pool.STATUSES, pool.BAD_STATUSES),
  pageSize: pair(pool.PAGE_SIZES, pool.BAD_PAGE_SIZES),
  bookmark: pair([""], pool.BAD_BOOKMARKS),
  identifier: pair(pool.IDENTIFIERS, pool.BAD_IDENTIFIERS),
  party: [actorArg, partyEdge] as Domain,
};
const NAMESPACE_DOMAIN: [fc.Arbitrary<[string, string]>, fc.Arbitrary<[string, string]>] = [valid(pool.NAMESPACES), valid(pool.BAD_NAMESPACES)];

const OPERATIONS: Record<string, (keyof typeof D)[]> = {
  grantRole: ["role", "party"],
  revokeRole: ["role", "party"],
  renounceRole: ["role", "party"],
  hasRole: ["role", "party"],
  registerAsset: ["id", "label", "hash", "uri"],
  updateAsset: ["id", "hash", "uri"],
  transferAsset: ["id", "party"],
  setAssetStatus: ["id", "status"],
  getAsset: ["id"],
  listAssetsByOwner: ["party", "pageSize", "bookmark"],
  getAssetHistory: ["id"],
  bindIdentifier: ["id", "identifier"],
  unbindIdentifier: ["identifier"],
  resolveIdentifier: ["identifier"],
  listIdentifiers: ["id"],
  getIdentifierHistory: ["identifier"],
};

function argsOf(types: (keyof typeof D)[], edges: boolean): fc.Arbitrary<Arg[]> {
  return fc.tuple(...types.map((type) => (edges ? fc.oneof(D[type][0], D[type][1]) : D[type][0])));
}

/** [scheme, prefix] and, unless `withHolder` is false, a party. */
function namespaceArgs(edges: boolean, withHolder = true): fc.Arbitrary<Arg[]> {
  const pairs = edges ? fc.oneof(NAMESPACE_DOMAIN[0], NAMESPACE_DOMAIN[1]) : NAMESPACE_DOMAIN[0];
  const holder = edges ? fc.oneof(D.party[0], D.party[1]) : D.party[0];
  return fc.tuple(pairs, holder).map(([[scheme, prefix], who]) => [{ value: scheme }, { value: prefix }, ...(withHolder ? [who] : [])]);
}
const NAMESPACE_OPERATIONS: Record<string, (edges: boolean) => fc.Arbitrary<Arg[]>> = {
  registerNamespace: (edges) => namespaceArgs(edges),
  transferNamespace: (edges) => namespaceArgs(edges),
  revokeNamespace: (edges) => namespaceArgs(edges, false),
};

/** State-building operations come more often than queries. */
const WEIGHTS: Record<string, number> = { transferNamespace: 2, revokeNamespace: 2, registerAsset: 5, bindIdentifier: 6, registerNamespace: 4, transferAsset: 3, unbindIdentifier: 3, grantRole: 2, updateAsset: 2, setAssetStatus: 2 };

const stepOf = (edges: boolean): fc.Arbitrary<Step> =>
  fc.oneof(
    ...[...Object.keys(OPERATIONS), ...Object.keys(NAMESPACE_OPERATIONS)].map((operation) => ({
      weight: WEIGHTS[operation] ?? 1,
      arbitrary: fc.record({
        // Namespaces are ADMIN's to manage: let admin call those more often than its share.
        actor: operation in NAMESPACE_OPERATIONS ? fc.oneof(fc.constant<ActorName>("admin"), actor) : actor,
        operation: fc.constant(operation),
        args: operation in NAMESPACE_OPERATIONS ? NAMESPACE_OPERATIONS[operation](edges) : argsOf(OPERATIONS[operation], edges),
      }),
    })),
  );

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof({ arbitrary: stepOf(false), weight: 4 }, { arbitrary: stepOf(true), weight: 1 });

/**
 * A valid set-up — registrations, then delegations, then bindings — which a sequence starts
 * with, so that later steps find assets, namespaces and bindings to act on.
 */
const setup: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.array(fc.record({ actor, operation: fc.constant("registerAsset"), args: argsOf(OPERATIONS.registerAsset, false) }), { maxLength: 3 }),
    fc.array(fc.record({ actor: fc.constant<ActorName>("admin"), operation: fc.constant("registerNamespace"), args: namespaceArgs(false) }), { maxLength: 3 }),
    fc.array(fc.record({ actor, operation: fc.constant("bindIdentifier"), args: argsOf(OPERATIONS.bindIdentifier, false) }), { maxLength: 4 }),
  )
  .map((parts) => parts.flat());

export const sequenceArbitrary = (maxLength: number) =>
  fc
    .tuple(setup, fc.array(stepArbitrary, { minLength: 1, maxLength }))
    .map(([setup, steps]) => [...setup, ...steps]);

/** The line of TypeScript that replays a step against `ActorLedgers`. */
export function stepScript(step: Step): string {
  const args = step.args.map((arg) => ("actor" in arg ? `${arg.actor}.party` : literal(arg.value))).join(", ");
  return `await ${step.actor}.${step.operation}(${args});`;
}

function literal(value: unknown): string {
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  if (typeof value === "object" && value !== null && "edge" in value) return `PARTY_EDGE.${(value as { edge: string }).edge}`;
  return JSON.stringify(value);
}
