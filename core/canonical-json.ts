/**
 * Deterministic JSON: object keys sorted by UTF-16 code unit (the same order on every
 * endorser), no whitespace, `undefined` members dropped. Every byte the chaincode writes
 * to world state or an event goes through this, so two peers endorse identical bytes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError("non-finite number in canonical JSON");
    if (typeof value === "bigint") throw new TypeError("bigint in canonical JSON: use a decimal string");
    return value;
  }
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeys(member);
  }
  return sorted;
}
