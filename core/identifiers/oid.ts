/** Object identifiers (ITU-T X.660 | ISO/IEC 9834-1): canonical `urn:oid:{arcs}` (RFC 3061). */
import { invalid } from "./invalid.js";

/** Why `arcs` (dot-separated, no `urn:oid:`) is not a valid arc sequence of at least `minArcs`, or undefined. */
export function oidArcsProblem(arcs: string, minArcs: number): string | undefined {
  const parts = arcs.split(".");
  for (const arc of parts) {
    if (arc === "") return `OID "${arcs}" has an empty arc`;
    if (!/^\d+$/.test(arc)) return `OID arc "${arc}" is not a decimal number`;
    if (arc.length > 1 && arc[0] === "0") return `OID arc "${arc}" has a leading zero`;
  }
  if (parts.length < minArcs) return `an OID needs at least ${minArcs} arcs, got ${parts.length}`;
  if (parts[0].length > 1 || parts[0] > "2") return `first OID arc ${parts[0]} must be 0, 1 or 2`;
  if (parts.length > 1 && parts[0] !== "2" && (parts[1].length > 2 || Number(parts[1]) > 39)) {
    return `second OID arc ${parts[1]} exceeds 39 under arc ${parts[0]}`;
  }
  return undefined;
}

function checked(arcs: string): { canonical: string; namespaceSubject: string } {
  const problem = oidArcsProblem(arcs, 2);
  if (problem) throw invalid(problem);
  return { canonical: `urn:oid:${arcs}`, namespaceSubject: arcs };
}

export function isOidInput(input: string): boolean {
  return /^(urn:)?oid:/i.test(input) || /^\d+(\.\d+)+$/.test(input);
}

/** `1.3.6.1`, `oid:1.3.6.1` or `urn:oid:1.3.6.1` (prefixes in any case). */
export function canonicalizeOid(input: string): { canonical: string; namespaceSubject: string } {
  return checked(input.replace(/^(urn:)?oid:/i, ""));
}

/** Strict: `urn:oid:` in lower case, then valid arcs. */
export function parseOidCanonical(text: string): { canonical: string; namespaceSubject: string } {
  if (!text.startsWith("urn:oid:")) throw invalid('a canonical OID starts with "urn:oid:"');
  return checked(text.slice("urn:oid:".length));
}
