/**
 * Random command sequences for the model tests: a named actor calls an operation with
 * arguments drawn mostly from the valid pools (so state builds up) and sometimes from the
 * edges (so every check is reached). A step prints as the line of TypeScript that replays it.
 */
import fc from "fast-check";
import { OPERATIONS as SPEC, type OperationName } from "../../core/index.js";
import { ACTOR_NAMES, type ActorName } from "../../clients/ledger.js";
import * as pool from "./pools.js";
import type { DidKeyName } from "../conformance/did-signers.js";

export interface Call {
  actor: ActorName;
  operation: string;
  /** Party arguments are actor names or literal strings; see `resolveArgs`. */
  args: Arg[];
}

/** A call, and optionally a submit by another actor sent at the same time (both in flight at once). */
export interface Step extends Call {
  alongside?: Call;
  /** Seconds the ledger's clock moves on before the step (targets with a clock). */
  wait?: number;
}

/**
 * A party is named by actor, and a DID proof by its signer, so one sequence replays on
 * every platform: the proof is signed at run time over the statement of the step's own
 * asset (or `assetId`), DID and deadline, on the target's ledger.
 */
export type Arg = { actor: ActorName } | { value: unknown } | { proof: ProofSpec } | { at: number };
export interface ProofSpec {
  /** "controller": the DID's own key; otherwise that key. */
  key: DidKeyName | "controller";
  assetId?: string;
}

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
  did: pair(pool.DIDS, [...pool.BAD_DIDS, ...pool.BAD_IDENTIFIERS]),
  deadline: pair(pool.DEADLINES, pool.BAD_DEADLINES),
  certificateId: pair(pool.CERTIFICATE_IDS, pool.BAD_CERTIFICATE_IDS),
  standard: pair(pool.STANDARDS, pool.BAD_LABELS),
  subject: pair(pool.SUBJECTS, pool.BAD_SUBJECTS),
  time: [valid(pool.TIME_OFFSETS).map((at): Arg => ({ at })), value(valid(pool.BAD_TIMES))] as Domain,
  // A window mostly open now: from the start or soon after, until an hour, a day or months on.
  validFrom: [valid([0, 30, 600]).map((at): Arg => ({ at })), value(valid(pool.BAD_TIMES))] as Domain,
  validUntil: [valid([3600, 86_400, 10_000_000, 30]).map((at): Arg => ({ at })), value(valid([0, ...pool.BAD_TIMES]))] as Domain,
  // Mostly R-1, the one the set-up brings along; R-2 is issued (or not) by the steps.
  receivableId: [
    fc.oneof({ arbitrary: fc.constant<Arg>({ value: pool.RECEIVABLE_IDS[0] }), weight: 3 }, { arbitrary: value(valid(pool.RECEIVABLE_IDS)), weight: 1 }),
    value(valid(pool.BAD_RECEIVABLE_IDS)),
  ] as Domain,
  // Mostly the advance the set-up requests (an acceptance must repeat it), sometimes face value or the edges.
  amount: [
    fc.oneof({ arbitrary: fc.constant<Arg>({ value: pool.ADVANCE }), weight: 4 }, { arbitrary: value(valid(pool.AMOUNTS)), weight: 3 }),
    value(valid(pool.BAD_AMOUNTS)),
  ] as Domain,
  currency: pair(pool.CURRENCIES, pool.BAD_CURRENCIES),
  dueDate: [valid(pool.DUE_OFFSETS).map((at): Arg => ({ at })), value(valid(pool.BAD_TIMES))] as Domain,
  fingerprint: pair(pool.FINGERPRINTS, pool.BAD_FINGERPRINTS),
  assetIds: pair(pool.ASSET_LISTS, pool.BAD_ASSET_LISTS),
  policy: pair(pool.POLICIES, pool.BAD_POLICIES),
  // Mostly none: only a receivable under a policy needs certificates.
  certificateIds: [
    fc.oneof({ arbitrary: fc.constant<Arg>({ value: [] }), weight: 4 }, { arbitrary: value(valid(pool.CERTIFICATE_LISTS)), weight: 1 }),
    value(valid(pool.BAD_CERTIFICATE_LISTS)),
  ] as Domain,
  gracePeriod: pair(pool.GRACE_PERIODS, pool.BAD_GRACE_PERIODS),
  signature: [
    fc.constant<Arg>({ proof: { key: "controller" } }),
    fc.oneof(
      valid<DidKeyName>(["otherSecp", "otherP256", "pkh", "key"]).map((key): Arg => ({ proof: { key } })),
      valid(pool.ASSET_IDS).map((assetId): Arg => ({ proof: { key: "controller", assetId: `${assetId}.other` } })),
      value(valid(pool.BAD_SIGNATURES)),
    ),
  ] as Domain,
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
  bindDid: ["id", "did", "deadline", "signature"],
  didBindingStatement: ["id", "did", "deadline"],
  unbindIdentifier: ["identifier"],
  resolveIdentifier: ["identifier"],
  listIdentifiers: ["id"],
  getIdentifierHistory: ["identifier"],
};

/** Certification: only on targets with a clock, since its answers depend on each transaction's time. */
const CERTIFICATION_OPERATIONS: Record<string, (keyof typeof D)[]> = {
  accredit: ["party", "standard", "time"],
  withdrawAccreditation: ["party", "standard"],
  getAccreditation: ["party", "standard"],
  getAccreditationHistory: ["party", "standard"],
  issueCertificate: ["certificateId", "subject", "standard", "hash", "hash", "validFrom", "validUntil"],
  suspendCertificate: ["certificateId", "hash"],
  reinstateCertificate: ["certificateId", "hash"],
  revokeCertificate: ["certificateId", "hash"],
  supersedeCertificate: ["certificateId", "certificateId", "subject", "standard", "hash", "hash", "validFrom", "validUntil"],
  getCertificate: ["certificateId"],
  verifyCertificate: ["certificateId", "time"],
  listCertificates: ["subject", "pageSize", "bookmark"],
  listCertificatesByIssuer: ["party", "pageSize", "bookmark"],
  getCertificateHistory: ["certificateId"],
};

/** Receivables: also only with a clock (due dates, defaults after the grace period). */
const RECEIVABLE_OPERATIONS: Record<string, (keyof typeof D)[]> = {
  issueReceivable: ["receivableId", "party", "amount", "currency", "dueDate", "fingerprint", "assetIds", "policy"],
  acknowledgeReceivable: ["receivableId"],
  disputeReceivable: ["receivableId", "hash"],
  financeReceivable: ["receivableId", "party", "amount"],
  acceptFinancing: ["receivableId", "amount", "certificateIds"],
  recordRepayment: ["receivableId", "amount", "hash"],
  markDefaulted: ["receivableId"],
  cancelReceivable: ["receivableId"],
  setGracePeriod: ["gracePeriod"],
  getGracePeriod: [],
  getReceivable: ["receivableId"],
  getReceivableByFingerprint: ["fingerprint"],
  listReceivablesBySeller: ["party", "pageSize", "bookmark"],
  listReceivablesByDebtor: ["party", "pageSize", "bookmark"],
  listReceivablesByBeneficiary: ["party", "pageSize", "bookmark"],
  getReceivableHistory: ["receivableId"],
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
const WEIGHTS: Record<string, number> = {
  transferNamespace: 2, revokeNamespace: 2, registerAsset: 5, bindIdentifier: 6, registerNamespace: 4, bindDid: 4, transferAsset: 3,
  unbindIdentifier: 3, grantRole: 2, updateAsset: 2, setAssetStatus: 2,
  issueReceivable: 4, acknowledgeReceivable: 3, disputeReceivable: 2, financeReceivable: 4, acceptFinancing: 4, recordRepayment: 6, markDefaulted: 3, cancelReceivable: 1,
  issueCertificate: 5, suspendCertificate: 3, reinstateCertificate: 3, revokeCertificate: 2, supersedeCertificate: 3, accredit: 2, withdrawAccreditation: 1, verifyCertificate: 3,
};

/** Certification is mostly the certifier's and the accreditor's to do. */
const certificationActor: fc.Arbitrary<ActorName> = fc.oneof(
  { arbitrary: fc.constant<ActorName>("carol"), weight: 4 },
  { arbitrary: fc.constant<ActorName>("accreditor"), weight: 2 },
  { arbitrary: actor, weight: 1 },
);
/** Parties in certification are mostly the certifier (accredited, listed) and the accreditor. */
const certificationParty = fc.oneof(
  { arbitrary: fc.constant<Arg>({ actor: "carol" }), weight: 4 },
  { arbitrary: actorArg, weight: 1 },
  { arbitrary: partyEdge, weight: 1 },
);

/** Who acts on receivables: the seller, the debtor and the financier above all. */
const receivableActor: fc.Arbitrary<ActorName> = fc.oneof(
  { arbitrary: fc.constant<ActorName>("alice"), weight: 3 },
  { arbitrary: fc.constant<ActorName>("bob"), weight: 2 },
  { arbitrary: fc.constant<ActorName>("financier"), weight: 3 },
  { arbitrary: actor, weight: 1 },
);
/** Parties named in receivables: the debtor bob or the financier, mostly. */
const receivableParty = fc.oneof(
  { arbitrary: fc.constant<Arg>({ actor: "bob" }), weight: 2 },
  { arbitrary: fc.constant<Arg>({ actor: "financier" }), weight: 2 },
  { arbitrary: actorArg, weight: 1 },
  { arbitrary: partyEdge, weight: 1 },
);

function receivableArgs(operation: string, edges: boolean): fc.Arbitrary<Arg[]> {
  const types = RECEIVABLE_OPERATIONS[operation];
  if (types.length === 0) return fc.constant([]);
  return fc.tuple(...types.map((type) => (type === "party" ? receivableParty : edges ? fc.oneof(D[type][0], D[type][1]) : D[type][0])));
}

function certificationArgs(operation: string, edges: boolean): fc.Arbitrary<Arg[]> {
  const types = CERTIFICATION_OPERATIONS[operation];
  return fc.tuple(...types.map((type) => (type === "party" ? certificationParty : edges ? fc.oneof(D[type][0], D[type][1]) : D[type][0])));
}

const stepOf = (edges: boolean, certification = false): fc.Arbitrary<Step> =>
  fc.oneof(
    ...[
      ...Object.keys(OPERATIONS),
      ...Object.keys(NAMESPACE_OPERATIONS),
      ...(certification ? [...Object.keys(CERTIFICATION_OPERATIONS), ...Object.keys(RECEIVABLE_OPERATIONS)] : []),
    ].map((operation) => ({
      weight: WEIGHTS[operation] ?? 1,
      arbitrary: fc.record({
        // Namespaces and the grace period are ADMIN's to manage: let admin call those more often than its share.
        actor:
          operation in NAMESPACE_OPERATIONS || operation === "setGracePeriod"
            ? fc.oneof(fc.constant<ActorName>("admin"), actor)
            : operation in CERTIFICATION_OPERATIONS
              ? certificationActor
              : operation in RECEIVABLE_OPERATIONS
                ? receivableActor
                : actor,
        operation: fc.constant(operation),
        args:
          operation in NAMESPACE_OPERATIONS
            ? NAMESPACE_OPERATIONS[operation](edges)
            : operation in CERTIFICATION_OPERATIONS
              ? certificationArgs(operation, edges)
              : operation in RECEIVABLE_OPERATIONS
                ? receivableArgs(operation, edges)
                : argsOf(OPERATIONS[operation], edges),
      }),
    })),
  );

const isSubmit = (step: Call) => SPEC[step.operation as OperationName].kind === "submit";

/** Two valid submits of two actors at once: on Fabric, one may lose the race (Conflict). */
const concurrentPairs: fc.Arbitrary<Step> = fc
  .tuple(stepOf(false).filter(isSubmit), stepOf(false).filter(isSubmit))
  .filter(([first, second]) => first.actor !== second.actor)
  .map(([first, second]) => ({ ...first, alongside: second }));

/** Two actors racing for the same key: the same new asset id, the same DID, the same unbinding. */
const owner = fc.constantFrom<ActorName>("alice", "bob");
const race = (operation: string, args: fc.Arbitrary<[Arg[], Arg[]]>): fc.Arbitrary<Step> =>
  args.map(([first, second]) => ({ actor: "alice", operation, args: first, alongside: { actor: "bob", operation, args: second } }));
const races: fc.Arbitrary<Step> = fc.oneof(
  race("registerAsset", argsOf(OPERATIONS.registerAsset, false).map((args) => [args, args])),
  race("bindDid", fc.tuple(D.id[0], D.id[0], D.did[0], D.deadline[0]).map(([a, b, did, deadline]) => [
    [a, did, deadline, { proof: { key: "controller" } }],
    [b, did, deadline, { proof: { key: "controller" } }],
  ])),
  race("unbindIdentifier", D.identifier[0].map((identifier) => [[identifier], [identifier]])),
);

/** Steps of a sequence; with `certification`, certification calls too, each after a random wait. */
export function stepArbitrary(certification: boolean): fc.Arbitrary<Step> {
  const step = fc.oneof(
    { arbitrary: stepOf(false, certification), weight: 8 },
    { arbitrary: stepOf(true, certification), weight: 2 },
    { arbitrary: concurrentPairs, weight: 1 },
    { arbitrary: races, weight: 1 },
  );
  return certification ? fc.tuple(step, valid(pool.WAITS)).map(([s, wait]) => (wait && !s.alongside ? { ...s, wait } : s)) : step;
}

/**
 * A coherent set-up a sequence starts with — alice or bob registers each asset, holds some
 * namespaces, binds some identifiers and proves some DIDs — so that later steps find
 * assets, namespaces and bindings to act on (and unbind, transfer and rebind them).
 */
const setup: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.tuple(...pool.ASSET_IDS.map((id) => fc.tuple(owner, argsOf(OPERATIONS.registerAsset, false)).map(([who, [, ...rest]]): Step => ({ actor: who, operation: "registerAsset", args: [{ value: id }, ...rest] })))),
    fc.subarray(pool.NAMESPACES).chain((namespaces) =>
      fc.tuple(...namespaces.map(([scheme, prefix]) => owner.map((holder): Step => ({ actor: "admin", operation: "registerNamespace", args: [{ value: scheme }, { value: prefix }, { actor: holder }] })))),
    ),
    fc.array(fc.record({ actor: owner, operation: fc.constant("bindIdentifier"), args: argsOf(OPERATIONS.bindIdentifier, false) }), { maxLength: 4 }),
    fc.array(fc.record({ actor: owner, operation: fc.constant("bindDid"), args: argsOf(OPERATIONS.bindDid, false) }), { maxLength: 2 }),
  )
  .map((parts) => parts.flat());

/** An ACCREDITOR, carol accredited for both standards and one certificate, so that later steps find them. */
const certificationSetup: fc.Arbitrary<Step[]> = valid(pool.STANDARDS).map((standard) => [
  { actor: "admin", operation: "grantRole", args: [{ value: "ACCREDITOR" }, { actor: "accreditor" }] },
  ...pool.STANDARDS.map((each): Step => ({ actor: "accreditor", operation: "accredit", args: [{ actor: "carol" }, { value: each }, { at: pool.TIME_OFFSETS.at(-1)! }] })),
  {
    actor: "carol",
    operation: "issueCertificate",
    args: [{ value: "C-1" }, { value: pool.ASSET_IDS[0] }, { value: standard }, { value: pool.HASHES[0] }, { value: pool.HASHES[1] }, { at: 0 }, { at: 86_400 }],
  },
]);

/**
 * A FINANCIER, and R-1: alice's invoice to bob, due in months, brought some way along its life
 * — issued, acknowledged, with financing requested, or financed — so that sequences reach
 * every stage (a random walk alone seldom gets a request accepted).
 */
const RECEIVABLE_STAGES: Step[] = [
  { actor: "bob", operation: "acknowledgeReceivable", args: [{ value: "R-1" }] },
  { actor: "alice", operation: "financeReceivable", args: [{ value: "R-1" }, { actor: "financier" }, { value: pool.ADVANCE }] },
  { actor: "financier", operation: "acceptFinancing", args: [{ value: "R-1" }, { value: pool.ADVANCE }, { value: [] }] },
  { actor: "financier", operation: "recordRepayment", args: [{ value: "R-1" }, { value: "40000" }, { value: pool.HASHES[0] }] },
];
/** How far along R-1 starts: financed (or repaid in part) half of the time, where most of the rules are. */
const receivableStage = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 2 }), weight: 1 },
  { arbitrary: fc.integer({ min: 3, max: RECEIVABLE_STAGES.length }), weight: 1 },
);
/** Sometimes due soon under a grace period of 0, so that a default can be reached within a sequence's waits. */
const receivableSetup: fc.Arbitrary<Step[]> = fc
  .tuple(valid(pool.ASSET_LISTS), receivableStage, fc.boolean())
  .map(([assetIds, stage, dueSoon]) => [
    { actor: "admin", operation: "grantRole", args: [{ value: "FINANCIER" }, { actor: "financier" }] },
    ...(dueSoon ? [{ actor: "admin", operation: "setGracePeriod", args: [{ value: 0 }] } as Step] : []),
    {
      actor: "alice",
      operation: "issueReceivable",
      args: [
        { value: "R-1" }, { actor: "bob" }, { value: pool.AMOUNTS[0] }, { value: "EUR" }, { at: dueSoon ? pool.DUE_OFFSETS[0] : pool.DUE_OFFSETS.at(-1)! },
        { value: pool.FINGERPRINTS[0] }, { value: assetIds }, { value: "" },
      ],
    },
    ...RECEIVABLE_STAGES.slice(0, stage),
  ]);

export const sequenceArbitrary = (maxLength: number, { certification = false } = {}) =>
  fc
    .tuple(
      setup,
      certification ? certificationSetup : fc.constant([]),
      certification ? receivableSetup : fc.constant([]),
      fc.array(stepArbitrary(certification), { minLength: 1, maxLength }),
    )
    .map(([setup, certify, finance, steps]) => [...setup, ...certify, ...finance, ...steps]);

/** The line of TypeScript that replays a step against `ActorLedgers`. */
export function stepScript(step: Step): string {
  const call = (c: Call) => `${c.actor}.${c.operation}(${c.args.map(argScript).join(", ")})`;
  const wait = step.wait ? `await clock.setNextTime(time += ${step.wait}); ` : "";
  return step.alongside ? `await Promise.allSettled([${call(step)}, ${call(step.alongside)}]);` : `${wait}await ${call(step)};`;
}

function argScript(arg: Arg): string {
  if ("actor" in arg) return `${arg.actor}.party`;
  if ("at" in arg) return `start + ${arg.at}`;
  if ("proof" in arg) return `await proof(${JSON.stringify(arg.proof.key)}${arg.proof.assetId ? `, ${JSON.stringify(arg.proof.assetId)}` : ""})`;
  return literal(arg.value);
}

function literal(value: unknown): string {
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  if (typeof value === "object" && value !== null && "edge" in value) return `PARTY_EDGE.${(value as { edge: string }).edge}`;
  return JSON.stringify(value);
}
