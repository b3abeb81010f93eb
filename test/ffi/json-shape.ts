/**
 * Where a JSON value departs from the subset of JSON Schema the FFI documents use (type,
 * enum, properties, required, items, oneOf): enough to hold a real chaincode answer or
 * event payload to the schema an FFI gives for it.
 */
import type { FfiSchema } from "../../core/ffi/index.js";

const jsonType = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;

export function shapeProblems(schema: FfiSchema, value: unknown, path = "$"): string[] {
  if (schema.oneOf) {
    const matches = schema.oneOf.filter((option) => shapeProblems(option, value, path).length === 0).length;
    return matches === 1 ? [] : [`${path}: ${JSON.stringify(value)} matches ${matches} of the oneOf options, not 1`];
  }
  const types: readonly string[] = schema.type === undefined ? [] : typeof schema.type === "string" ? [schema.type] : schema.type;
  const actual = jsonType(value);
  if (types.length > 0 && !types.includes(actual)) return [`${path}: a ${actual}, the schema says ${types.join(" or ")}`];
  if (schema.enum && !schema.enum.includes(value as string)) return [`${path}: ${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`];
  const problems: string[] = [];
  if (actual === "array" && schema.items) (value as unknown[]).forEach((item, index) => problems.push(...shapeProblems(schema.items!, item, `${path}[${index}]`)));
  if (actual === "object" && schema.properties) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) problems.push(`${path}.${name}: missing`);
    for (const [name, member] of Object.entries(record)) {
      const property = schema.properties[name];
      if (property === undefined) problems.push(`${path}.${name}: not in the schema`);
      else problems.push(...shapeProblems(property, member, `${path}.${name}`));
    }
  }
  return problems;
}
