/** What the model answers: a result, or the one error code the specification gives. */
import type { ErrorCode } from "../spec/errors.js";
import type { EventName } from "../spec/events.js";

export interface ModelEvent {
  name: EventName;
  payload: Record<string, unknown>;
}

export type SubmitOutcome = { ok: true; event?: ModelEvent } | { ok: false; code: ErrorCode };
export type QueryOutcome = { ok: true; value: unknown } | { ok: false; code: ErrorCode };

/** Thrown inside an operation to reject it; the state it read is left untouched. */
export class ModelRejection extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(`${code}: ${message}`);
  }
}

export function fail(code: ErrorCode, message: string): never {
  throw new ModelRejection(code, message);
}
