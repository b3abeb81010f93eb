/**
 * When the Fabric client sends a submit again: ONLY when the committing peers invalidated it
 * because a concurrent transaction changed what it read (MVCC_READ_CONFLICT,
 * PHANTOM_READ_CONFLICT). Such a transaction is in its block but wrote nothing, and the next
 * attempt is a fresh proposal (a new transaction id) that the chaincode runs again against
 * the state as it is now, with every check of the spec: a retry can neither apply an
 * operation twice nor skip a check (a transfer by an owner who lost the asset meanwhile is
 * Unauthorized, an acceptance of a receivable financed meanwhile InvalidState).
 *
 * Never sent again: a chaincode rejection, an endorsement failure, and an unknown outcome (the
 * commit status never came, a deadline passed, the submit to the orderer failed after the
 * transaction may have been ordered) — those reach the caller as they are.
 *
 * Bounded: `attempts` submits in all (default 3; 1 turns retrying off), the n-th retry after a
 * random wait of 1–2 × `baseDelayMs` × 2^(n−1) (default 20 ms: 20–40 ms, then 40–80 ms), so
 * racing clients do not collide again in step. When every attempt conflicted, the `Conflict`
 * says how many were made and that nothing was written.
 */
import { LedgerError, parseRejection } from "../../core/index.js";

export interface ConflictRetryOptions {
  /** Submits in all, the first included: a whole number ≥ 1; 1 never retries. Default 3. */
  attempts?: number;
  /** The backoff's unit in milliseconds (≥ 0). Default 20. */
  baseDelayMs?: number;
  /** Uniform in [0, 1), for the jitter; default Math.random. Tests inject their own. */
  random?: () => number;
  /** Told before each retry: which attempt conflicted, how long the wait is, the peers' report. */
  onRetry?: (retry: ConflictRetry) => void;
}

export interface ConflictRetry {
  /** The attempt that conflicted, from 1. */
  attempt: number;
  delayMs: number;
  /** The commit status as the transport reported it. */
  error: unknown;
}

export const DEFAULT_CONFLICT_ATTEMPTS = 3;
export const DEFAULT_CONFLICT_BASE_DELAY_MS = 20;
/** For callers that must see every Conflict as it happens (a conformance harness). */
export const NO_CONFLICT_RETRY: ConflictRetryOptions = Object.freeze({ attempts: 1 });

/** What both transports report for a transaction invalidated at commit by a concurrent one. */
const READ_CONFLICT = /failed to commit with status code (MVCC_READ_CONFLICT|PHANTOM_READ_CONFLICT)/;

/**
 * The commit status text when `error` is the transport's report that the peers invalidated the
 * transaction for a read conflict; undefined for anything else. Only the error's own message
 * counts, and never one that carries a chaincode rejection (whatever text that quotes).
 */
export function readConflictOf(error: unknown): string | undefined {
  if (!(error instanceof Error) || parseRejection(error.message)) return undefined;
  return READ_CONFLICT.exec(error.message)?.[0];
}

/** Options with the defaults filled in. */
export interface ConflictRetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly random: () => number;
  readonly onRetry?: (retry: ConflictRetry) => void;
}

/** The options checked, defaults filled in; a bad value is a RangeError at once, not at the first conflict. */
export function conflictRetryPolicy(options: ConflictRetryOptions = {}): ConflictRetryPolicy {
  const { attempts = DEFAULT_CONFLICT_ATTEMPTS, baseDelayMs = DEFAULT_CONFLICT_BASE_DELAY_MS, random = Math.random, onRetry } = options;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`conflict retry attempts must be a whole number ≥ 1 (1 = no retry), got ${attempts}`);
  if (!Number.isFinite(baseDelayMs) || baseDelayMs < 0) throw new RangeError(`conflict retry baseDelayMs must be a number ≥ 0, got ${baseDelayMs}`);
  return { attempts, baseDelayMs, random, onRetry };
}

/**
 * `submit()` (each call a fresh proposal), again after each read conflict, at most
 * `attempts` times in all. Anything but a read conflict is thrown as it is, at once.
 */
export async function submitRetryingConflicts<T>(submit: () => Promise<T>, policy: ConflictRetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await submit();
    } catch (error) {
      const conflict = readConflictOf(error);
      if (conflict === undefined || policy.attempts === 1) throw error;
      if (attempt === policy.attempts) throw conflictAfterRetries(conflict, attempt, error);
      const delayMs = policy.baseDelayMs * 2 ** (attempt - 1) * (1 + policy.random());
      policy.onRetry?.({ attempt, delayMs, error });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

function conflictAfterRetries(conflict: string, attempts: number, last: unknown): LedgerError {
  return new LedgerError(
    "Conflict",
    `${conflict} on each of ${attempts} attempts (each a fresh proposal): concurrent transactions kept changing what this one read; nothing of it was written, send it again`,
    { cause: last },
  );
}
