/**
 * Counting the Gateway's endorsement mismatches: under 2-of-2 endorsement the Gateway
 * refuses to assemble a transaction whose two proposal responses differ by a single byte
 * ("ProposalResponsePayloads do not match"). Nothing else reveals non-determinism so plainly.
 */
import { OPERATIONS } from "../../../core/index.js";
import { ACTOR_NAMES, type ActorLedgers, type IndustrialLedger } from "../../../clients/ledger.js";

const MISMATCH = /ProposalResponsePayloads do not match/i;

/** The error, its Gateway details (one per peer) and its causes, searched for the Gateway's words. */
export function isEndorsementMismatch(error: unknown): boolean {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    // A Gateway error's details are one entry per peer (a LedgerError's are its own fields).
    const raw = (current as { details?: unknown }).details;
    const details = Array.isArray(raw) ? (raw as { message?: string }[]) : [];
    const text = [String((current as Error).message ?? current), ...details.map((detail) => detail.message ?? "")].join("\n");
    if (MISMATCH.test(text)) return true;
    if (typeof current !== "object") break;
  }
  return false;
}

export interface EndorsementCounts {
  /** Submits sent for endorsement by both peers. */
  submits: number;
  mismatches: number;
  examples: string[];
}

/** The actors' ledgers, each submit counted and each mismatch recorded, answers unchanged. */
export function countingActors(actors: ActorLedgers, counts: EndorsementCounts): ActorLedgers {
  const wrap = (ledger: IndustrialLedger): IndustrialLedger =>
    new Proxy(ledger, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        const operation = OPERATIONS[property as keyof typeof OPERATIONS];
        if (typeof value !== "function" || operation?.kind !== "submit") return value;
        return async (...args: unknown[]) => {
          counts.submits++;
          try {
            return await value.apply(target, args);
          } catch (error) {
            if (isEndorsementMismatch(error)) {
              counts.mismatches++;
              if (counts.examples.length < 3) counts.examples.push(`${String(property)}: ${String((error as Error).message).split("\n")[0]}`);
            }
            throw error;
          }
        };
      },
    });
  return Object.fromEntries(ACTOR_NAMES.map((actor) => [actor, wrap(actors[actor])])) as unknown as ActorLedgers;
}
