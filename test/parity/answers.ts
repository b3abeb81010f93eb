/**
 * What the spec allows an operation to answer, checked on every answer the model tests
 * and the corpus see from either platform: a code core/spec/raises.ts lists for it, an
 * event it `emits`, with exactly the spec's payload fields.
 */
import { EVENTS, OPERATIONS, mayRaise, type ErrorCode, type EventName, type OperationName } from "../../core/index.js";

export function answerProblems(operation: OperationName, answer: { code?: string; event?: { name: string; payload: Record<string, unknown> } }): string[] {
  const problems: string[] = [];
  if (answer.code !== undefined && !mayRaise(operation, answer.code as ErrorCode)) {
    problems.push(`${operation} answered ${answer.code}, which core/spec/raises.ts does not list for it`);
  }
  if (answer.event) {
    const spec = OPERATIONS[operation];
    const emits = "emits" in spec ? (spec.emits as readonly string[]) : [];
    if (!emits.includes(answer.event.name)) problems.push(`${operation} emitted ${answer.event.name}, the spec says ${emits.join(" or ") || "none"}`);
    const fields = answer.event.name in EVENTS ? EVENTS[answer.event.name as EventName].fields.map((field) => field.name).sort() : [];
    const actual = Object.keys(answer.event.payload).sort();
    if (actual.join() !== fields.join()) problems.push(`${answer.event.name} has fields ${actual.join(", ")}, the spec says ${fields.join(", ")}`);
  }
  return problems;
}
