/**
 * One model test: a command sequence run step by step on the reference model and on a
 * fresh deployment of a target. After every step, the result (value, or error code) and
 * the event must match, and so must everything observable: assets, their histories,
 * every actor's listing page by page, resolutions, each asset's identifiers, identifier
 * histories, roles; at the end, the whole event log.
 */
import { isWellFormedText, LedgerError, OPERATIONS, type OperationName } from "../../core/index.js";
import { answerProblems } from "../parity/answers.js";
import { ReferenceModel, type ModelEvent } from "../../core/model/index.js";
import type { ActorLedgers, IndustrialLedger, LedgerClock } from "../../clients/ledger.js";
import { ACTOR_NAMES } from "../../clients/ledger.js";
import { partyRulesOf, type PartyRules } from "./platform.js";
import * as pool from "./pools.js";
import { type Arg, type Call, type Step, stepScript } from "./steps.js";
import { SELF_CERTIFYING_DIDS, signBinding } from "../conformance/did-signers.js";

export type Answer = { ok: true; value: unknown; event?: ModelEvent } | { ok: false; code: string };

export class Divergence extends Error {}

/** How often each operation got each answer, across every sequence run: shows what the generator reaches. */
export const OUTCOMES = new Map<string, number>();
function count(operation: string, answer: Answer, concurrent = false): void {
  const key = `${operation}${concurrent ? " (concurrent)" : ""} → ${answer.ok ? "ok" : answer.code}`;
  OUTCOMES.set(key, (OUTCOMES.get(key) ?? 0) + 1);
}

const STRIPPED = new Set(["createdAt", "updatedAt", "boundAt", "txId", "timestamp", "blockNumber"]);

/** Drops what only the platform decides (its clock, its transaction ids); history entries become their values. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.some(([key]) => key === "txId") && "value" in (value as object)) return normalise((value as { value: unknown }).value);
  return Object.fromEntries(entries.filter(([key]) => !STRIPPED.has(key)).map(([key, v]) => [key, normalise(v)]));
}

export async function callTarget(ledger: IndustrialLedger, operation: string, args: unknown[]): Promise<Answer> {
  try {
    const result = await (ledger as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[operation](...args);
    const receipt = result as { event?: { name: string; payload: Record<string, unknown> } } | undefined;
    if (receipt && typeof receipt === "object" && "txId" in receipt) {
      return { ok: true, value: undefined, event: receipt.event && { name: receipt.event.name as ModelEvent["name"], payload: receipt.event.payload } };
    }
    return { ok: true, value: normalise(result) };
  } catch (error) {
    if (error instanceof LedgerError) return { ok: false, code: error.code };
    return { ok: false, code: `uncoded error: ${(error as Error).message?.split("\n")[0]}` };
  }
}

/** `time`: the transaction's time where the target's clock set it (default: now). */
export function callModel(model: ReferenceModel, kind: "submit" | "query", operation: string, args: unknown[], caller: string, time?: number): Answer {
  if (kind === "submit") {
    const outcome = model.submit(operation, args, caller, time);
    return outcome.ok ? { ok: true, value: undefined, event: outcome.event } : outcome;
  }
  const outcome = model.query(operation, args, caller, time);
  return outcome.ok ? { ok: true, value: normalise(outcome.value) } : outcome;
}

/** Whether the spec makes an operation a submit (a receipt) or a query (a value). */
export const kindOf = (operation: string): "submit" | "query" => OPERATIONS[operation as OperationName].kind;

export interface SequenceOptions {
  observeEveryStep: boolean;
  /** The deployment's clock: every submit then carries a time the model knows. */
  clock?: LedgerClock;
}

export async function runSequence(actors: ActorLedgers, steps: readonly Step[], options: SequenceOptions): Promise<void> {
  const { clock } = options;
  const modelled = await modelOf(actors, clock);
  const { resolveStep, start } = modelled;
  let model = modelled.model;
  let time = start;
  /** The next submit's time: after the step's wait, never before the ledger's clock. */
  const nextTime = async (step: Step) => {
    if (!clock) return undefined;
    time = Math.max(time + (step.wait ?? 0), await clock.now());
    return time;
  };
  let index = 0;
  const observeNow = () => observeSame(actors, model, start, steps, index);
  // Initialisation made the first ADMIN.
  const events: ModelEvent[] = [{ name: "RoleGranted", payload: { role: "ADMIN", account: actors.admin.party, sender: actors.admin.party } }];

  for (const step of steps) {
    if (step.alongside) {
      const outcome = await runConcurrently(actors, model, resolveStep, step, step.alongside);
      if (!outcome.model) same(outcome.actual, outcome.candidates, steps, index, "concurrent results (target vs every order the model allows)");
      model = outcome.model!;
      events.push(...outcome.events);
      outcome.actual.forEach((answer, n) => {
        const { operation } = [step, step.alongside!][n];
        count(operation, answer, true);
        conformsToSpec(operation, answer, steps, index);
      });
      if (options.observeEveryStep || index === steps.length - 1) await observeNow();
      index += 1;
      continue;
    }
    const args = resolveStep(step);
    const kind = kindOf(step.operation);
    const at = kind === "submit" ? await nextTime(step) : time;
    if (kind === "submit" && at !== undefined) await clock!.setNextTime(at);
    const expected = callModel(model, kind, step.operation, args, actors[step.actor].party, at);
    const actual = await callTarget(actors[step.actor], step.operation, args);
    if (expected.ok && expected.event) events.push(expected.event);
    count(step.operation, actual);
    same(actual, expected, steps, index, "result");
    conformsToSpec(step.operation, actual, steps, index);
    if (options.observeEveryStep || index === steps.length - 1) await observeNow();
    index += 1;
  }
  const log = (await actors.admin.getEvents(0)).map(({ name, payload }) => ({ name, payload }));
  same(log, events, steps, steps.length - 1, "event log");
}

async function observeSame(actors: ActorLedgers, model: ReferenceModel, start: number, steps: readonly Step[], index: number): Promise<void> {
  const actual = await observe(actors, start, (op, a) => callTarget(actors.admin, op, a));
  same(actual, await observe(actors, start, async (op, a) => callModel(model, "query", op, a, actors.admin.party)), steps, index, "observed state");
}

interface Candidate {
  model: ReferenceModel;
  answers: Answer[];
  /** Events in commit order. */
  events: ModelEvent[];
}

/**
 * Two submits in flight at once may commit in either order; on Fabric both are simulated
 * on the same state, so the later of two that touch the same keys fails MVCC (`Conflict`)
 * and writes nothing. The target must match one of those outcomes; the model goes on from it.
 */
async function runConcurrently(actors: ActorLedgers, model: ReferenceModel, resolveStep: (call: Call) => unknown[], ...calls: Call[]) {
  const args = calls.map(resolveStep);
  const logBefore = (await actors.admin.getEvents(0)).length;
  const actual = await Promise.all(calls.map((call, n) => callTarget(actors[call.actor], call.operation, args[n])));
  const log = (await actors.admin.getEvents(0)).slice(logBefore).map(({ name, payload }) => ({ name, payload }));
  const candidates: Candidate[] = [];
  for (const [first, second] of [[0, 1], [1, 0]]) {
    for (const secondLoses of [false, true]) {
      const candidate: Candidate = { model: model.clone(), answers: [], events: [] };
      const run = (n: number, on: ReferenceModel) => callModel(on, "submit", calls[n].operation, args[n], actors[calls[n].actor].party);
      candidate.answers[first] = run(first, candidate.model);
      // The loser was endorsed on the state before the winner committed, then invalidated.
      const second_ = secondLoses ? run(second, model.clone()) : run(second, candidate.model);
      if (secondLoses && !(candidate.answers[first].ok && second_.ok)) continue;
      candidate.answers[second] = secondLoses ? { ok: false, code: "Conflict" } : second_;
      for (const n of [first, second]) {
        const answer = candidate.answers[n];
        if (answer.ok && answer.event) candidate.events.push(answer.event);
      }
      candidates.push(candidate);
    }
  }
  const matching = candidates.filter((candidate) => stable(candidate.answers) === stable(actual));
  const chosen = matching.find((candidate) => stable(candidate.events) === stable(log)) ?? matching[0];
  return { actual, candidates: candidates.map((candidate) => candidate.answers), model: chosen?.model, events: chosen?.events ?? [] };
}

/** Beyond agreeing with the model: a code the spec lists for the operation, an event it emits with the spec's fields. */
function conformsToSpec(operation: string, answer: Answer, steps: readonly Step[], index: number): void {
  const problems = answerProblems(operation as OperationName, answer.ok ? { event: answer.event } : { code: answer.code });
  if (problems.length > 0) same(problems, [], steps, index, "answer against the spec");
}

/** A fresh model of a deployment, and how its steps' arguments become values on that platform. */
/**
 * A fresh model of a deployment, and how its steps' arguments become values on that
 * platform; `start` is the time `{ at }` offsets count from (the clock's, or now).
 */
export async function modelOf(actors: ActorLedgers, clock?: LedgerClock): Promise<{ model: ReferenceModel; start: number; resolveStep: (step: Call) => unknown[] }> {
  const rules = partyRulesOf(actors);
  const ledgerDomain = await actors.admin.ledgerDomain();
  const model = new ReferenceModel({ firstAdmin: actors.admin.party, isParty: rules.isParty, ledgerDomain });
  const start = clock ? await clock.now() : Math.floor(Date.now() / 1000);
  return { model, start, resolveStep: (step) => resolveArgs(actors, rules, ledgerDomain, start, step.args) };
}

/** Actors become their parties, edges the platform's edge parties, proofs signatures over this ledger's statement. */
function resolveArgs(actors: ActorLedgers, rules: PartyRules, ledgerDomain: string, start: number, args: readonly Arg[]): unknown[] {
  const plain = args.map((arg) => ("proof" in arg ? undefined : "at" in arg ? start + arg.at : resolveArg(actors, rules, arg)));
  return args.map((arg, index) => {
    if (!("proof" in arg)) return plain[index];
    const [assetId, did, deadline] = plain;
    const key = arg.proof.key === "controller" ? SELF_CERTIFYING_DIDS[String(did)] : arg.proof.key;
    // A DID nobody controls, or arguments no statement can hold: a signature of the right shape that proves nothing.
    const asset = arg.proof.assetId ?? assetId;
    const signable = typeof did === "string" && isWellFormedText(did) && typeof asset === "string" && isWellFormedText(asset) && Number.isSafeInteger(deadline);
    if (!key || !signable) return `0x${"11".repeat(65)}`;
    return signBinding(key, ledgerDomain, did, asset, deadline as number);
  });
}

function resolveArg(actors: ActorLedgers, rules: PartyRules, arg: { actor: string } | { value: unknown }): unknown {
  if ("actor" in arg) return actors[arg.actor as keyof ActorLedgers].party;
  const v = arg.value;
  if (typeof v === "object" && v !== null && "edge" in v) return rules.edges[(v as { edge: keyof PartyRules["edges"] }).edge];
  return v;
}

export type Ask = (operation: string, args: unknown[]) => Promise<Answer>;

/** Everything observable through queries, asked the same way of the target and of the model. */
export async function observe(actors: ActorLedgers, start: number, ask: Ask): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const id of pool.ASSET_IDS) {
    out[`getAsset ${id}`] = await ask("getAsset", [id]);
    out[`getAssetHistory ${id}`] = await ask("getAssetHistory", [id]);
    out[`listIdentifiers ${id}`] = await ask("listIdentifiers", [id]);
  }
  for (const actor of ACTOR_NAMES) {
    // Page by page with the answer's own bookmark: the bookmarks must agree too.
    let bookmark = "";
    for (let page = 0; page < pool.ASSET_IDS.length + 1; page++) {
      const answer = await ask("listAssetsByOwner", [actors[actor].party, 2, bookmark]);
      out[`listAssetsByOwner ${actor} page ${page}`] = answer;
      bookmark = answer.ok ? (answer.value as { bookmark: string }).bookmark : "";
      if (bookmark === "") break;
    }
    for (const role of pool.ROLE_NAMES) out[`hasRole ${role} ${actor}`] = await ask("hasRole", [role, actors[actor].party]);
  }
  for (const identifier of pool.IDENTIFIERS) {
    out[`resolveIdentifier ${identifier}`] = await ask("resolveIdentifier", [identifier]);
    out[`getIdentifierHistory ${identifier}`] = await ask("getIdentifierHistory", [identifier]);
  }
  await observeCertification(actors, start, ask, out);
  await observeReceivables(actors, ask, out);
  return out;
}

/** Receivables (record, history, lookup by fingerprint), the three listings of every actor, the grace period. */
async function observeReceivables(actors: ActorLedgers, ask: Ask, out: Record<string, unknown>): Promise<void> {
  out.getGracePeriod = await ask("getGracePeriod", []);
  let any = false;
  for (const id of pool.RECEIVABLE_IDS) {
    const receivable = await ask("getReceivable", [id]);
    out[`getReceivable ${id}`] = receivable;
    if (!receivable.ok) continue;
    any = true;
    out[`getReceivableHistory ${id}`] = await ask("getReceivableHistory", [id]);
  }
  if (!any) return;
  for (const fingerprint of pool.FINGERPRINTS) out[`getReceivableByFingerprint ${fingerprint}`] = await ask("getReceivableByFingerprint", [fingerprint]);
  for (const actor of ["alice", "bob", "financier"] as const) {
    for (const listing of ["listReceivablesBySeller", "listReceivablesByDebtor", "listReceivablesByBeneficiary"]) {
      // Page size 1 with the answer's own bookmark: the bookmarks must agree too.
      const first = await ask(listing, [actors[actor].party, 1, ""]);
      out[`${listing} ${actor}`] = first;
      const bookmark = first.ok ? (first.value as { bookmark: string }).bookmark : "";
      if (bookmark) out[`${listing} ${actor} page 2`] = await ask(listing, [actors[actor].party, 100, bookmark]);
    }
  }
}

/** Certificates (record, history, verdicts at times around the steps), accreditations, listings. */
async function observeCertification(actors: ActorLedgers, start: number, ask: Ask, out: Record<string, unknown>): Promise<void> {
  const certificates = [];
  for (const id of pool.CERTIFICATE_IDS) {
    const certificate = await ask("getCertificate", [id]);
    out[`getCertificate ${id}`] = certificate;
    if (!certificate.ok) continue;
    certificates.push(id);
    out[`getCertificateHistory ${id}`] = await ask("getCertificateHistory", [id]);
    for (const at of [0, 600, 86_400]) out[`verifyCertificate ${id} start+${at}`] = await ask("verifyCertificate", [id, start + at]);
  }
  for (const standard of pool.STANDARDS) out[`getAccreditationHistory carol ${standard}`] = await ask("getAccreditationHistory", [actors.carol.party, standard]);
  if (certificates.length === 0) return;
  for (const id of pool.ASSET_IDS) out[`listCertificates ${id}`] = await ask("listCertificates", [id, 100, ""]);
  out["listCertificatesByIssuer carol"] = await ask("listCertificatesByIssuer", [actors.carol.party, 100, ""]);
}

/** JSON with sorted keys: the platforms' key order is not part of the specification. */
export function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v,
  );
}

function same(actual: unknown, expected: unknown, steps: readonly Step[], index: number, what: string): void {
  if (stable(actual) === stable(expected)) return;
  // Of an observation, show the first query that differs, not the whole state.
  if (actual && expected && typeof actual === "object" && !Array.isArray(actual)) {
    const key = Object.keys(expected as object).find((k) => stable((actual as never)[k]) !== stable((expected as never)[k]));
    if (key) [what, actual, expected] = [`${what} (${key})`, (actual as never)[key], (expected as never)[key]];
  }
  const [a, e] = [stable(actual), stable(expected)];
  const script = steps.slice(0, index + 1).map(stepScript).join("\n");
  throw new Divergence(`${what} after step ${index + 1} differs from the model\n  model:  ${e}\n  target: ${a}\nreplay:\n${script}`);
}
