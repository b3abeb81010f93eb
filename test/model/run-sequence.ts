/**
 * One model test: a command sequence run step by step on the reference model and on a
 * fresh deployment of a target. After every step, the result (value, or error code) and
 * the event must match, and so must everything observable: assets, their histories,
 * every actor's listing page by page, resolutions, each asset's identifiers, identifier
 * histories, roles; at the end, the whole event log.
 */
import { LedgerError, OPERATIONS, type OperationName } from "../../core/index.js";
import { answerProblems } from "../parity/answers.js";
import { ReferenceModel, type ModelEvent } from "../../core/model/index.js";
import type { ActorLedgers, IndustrialLedger } from "../../clients/ledger.js";
import { ACTOR_NAMES } from "../../clients/ledger.js";
import { partyRulesOf, type PartyRules } from "./platform.js";
import * as pool from "./pools.js";
import { type Arg, type Step, stepScript } from "./steps.js";

export type Answer = { ok: true; value: unknown; event?: ModelEvent } | { ok: false; code: string };

export class Divergence extends Error {}

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

export function callModel(model: ReferenceModel, kind: "submit" | "query", operation: string, args: unknown[], caller: string): Answer {
  if (kind === "submit") {
    const outcome = model.submit(operation, args, caller);
    return outcome.ok ? { ok: true, value: undefined, event: outcome.event } : outcome;
  }
  const outcome = model.query(operation, args, caller);
  return outcome.ok ? { ok: true, value: normalise(outcome.value) } : outcome;
}

/** Whether the spec makes an operation a submit (a receipt) or a query (a value). */
export const kindOf = (operation: string): "submit" | "query" => OPERATIONS[operation as OperationName].kind;

export async function runSequence(actors: ActorLedgers, steps: readonly Step[], options: { observeEveryStep: boolean }): Promise<void> {
  const rules = partyRulesOf(actors);
  const model = new ReferenceModel({ firstAdmin: actors.admin.party, isParty: rules.isParty });
  const resolve = (arg: Arg) => resolveArg(actors, rules, arg);
  // Initialisation made the first ADMIN.
  const events: ModelEvent[] = [{ name: "RoleGranted", payload: { role: "ADMIN", account: actors.admin.party, sender: actors.admin.party } }];

  for (const [index, step] of steps.entries()) {
    const args = step.args.map(resolve);
    const kind = kindOf(step.operation);
    const expected = callModel(model, kind, step.operation, args, actors[step.actor].party);
    const actual = await callTarget(actors[step.actor], step.operation, args);
    if (expected.ok && expected.event) events.push(expected.event);
    same(actual, expected, steps, index, "result");
    conformsToSpec(step.operation, actual, steps, index);
    if (options.observeEveryStep || index === steps.length - 1) {
      same(await observe(actors, (op, a) => callTarget(actors.admin, op, a)), await observe(actors, async (op, a) => callModel(model, "query", op, a, actors.admin.party)), steps, index, "observed state");
    }
  }
  const log = (await actors.admin.getEvents(0)).map(({ name, payload }) => ({ name, payload }));
  same(log, events, steps, steps.length - 1, "event log");
}

/** Beyond agreeing with the model: a code the spec lists for the operation, an event it emits with the spec's fields. */
function conformsToSpec(operation: string, answer: Answer, steps: readonly Step[], index: number): void {
  const problems = answerProblems(operation as OperationName, answer.ok ? { event: answer.event } : { code: answer.code });
  if (problems.length > 0) same(problems, [], steps, index, "answer against the spec");
}

export function resolveArg(actors: ActorLedgers, rules: PartyRules, arg: Arg): unknown {
  if ("actor" in arg) return actors[arg.actor].party;
  const v = arg.value;
  if (typeof v === "object" && v !== null && "edge" in v) return rules.edges[(v as { edge: keyof PartyRules["edges"] }).edge];
  return v;
}

export type Ask = (operation: string, args: unknown[]) => Promise<Answer>;

/** Everything observable through queries, asked the same way of the target and of the model. */
export async function observe(actors: ActorLedgers, ask: Ask): Promise<unknown> {
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
  return out;
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
