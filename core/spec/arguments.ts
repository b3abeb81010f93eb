/**
 * The shape every call must have before any rule of the operation applies: as many
 * arguments as the operation has parameters, each of its parameter type's JavaScript type
 * (a string, a finite number, a list of strings), every string well-formed Unicode. A call of
 * another shape is `InvalidArgument` — answered by every client before it sends anything
 * and by the reference model, so that no platform's encoder (ethers, protobuf, JSON)
 * coerces or rejects it its own way.
 */
import type { Param, ParamType } from "./operations.js";
import { isWellFormedText } from "./rules.js";

const NUMBER_TYPES: readonly ParamType[] = ["timestamp", "pageSize", "duration"];
const LIST_TYPES: readonly ParamType[] = ["idList"];

function shapeProblem(param: Param, value: unknown): string | undefined {
  // NaN and ±Infinity have no wire form (JSON writes them as null, an ABI as nothing).
  if (NUMBER_TYPES.includes(param.type)) return Number.isFinite(value) ? undefined : `${param.name} must be a finite number`;
  if (LIST_TYPES.includes(param.type)) {
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) return `${param.name} must be a list of strings`;
    return value.every(isWellFormedText) ? undefined : `${param.name} is not well-formed Unicode (a lone surrogate)`;
  }
  if (typeof value !== "string") return `${param.name} must be a string`;
  return isWellFormedText(value) ? undefined : `${param.name} is not well-formed Unicode (a lone surrogate)`;
}

/** Why a call's arguments do not have the operation's shape, or undefined when they do. */
export function argumentShapeProblem(params: readonly Param[], args: readonly unknown[]): string | undefined {
  if (args.length !== params.length) return `expected ${params.length} arguments, got ${args.length}`;
  for (const [index, param] of params.entries()) {
    const problem = shapeProblem(param, args[index]);
    if (problem) return problem;
  }
  return undefined;
}
