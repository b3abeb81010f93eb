/**
 * Namespaces (PRIMITIVES.md §2): which registered prefixes could cover an identifier, and
 * which prefixes may be registered at all.
 */
import type { IdentifierScheme } from "../spec/types.js";
import type { Check } from "./types.js";
import { handlePrefixProblem } from "./handle.js";
import { MAX_CANONICAL_BYTES } from "./invalid.js";
import { oidArcsProblem } from "./oid.js";

/**
 * An OID namespace has at most this many arcs, so finding the one that governs an
 * identifier tries at most 32 prefixes, however many arcs the identifier has (up to 124).
 */
export const MAX_OID_NAMESPACE_ARCS = 32;

/**
 * The namespace prefixes that could cover a namespace subject, most specific first:
 * gs1 → its first 12, 11, …, 6 characters (all digits, no longer than the subject);
 * handle → the prefix, then each dotted parent; oid → its first 32 arcs (a namespace has no
 * more), then each shorter whole-arc prefix down to one arc; did → the method.
 */
export function namespaceCandidates(scheme: IdentifierScheme, namespaceSubject: string): string[] {
  switch (scheme) {
    case "gs1": {
      const candidates: string[] = [];
      for (let length = 12; length >= 6; length -= 1) {
        const prefix = namespaceSubject.slice(0, length);
        if (length <= namespaceSubject.length && /^\d+$/.test(prefix)) candidates.push(prefix);
      }
      return candidates;
    }
    case "handle":
    case "oid": {
      const all = namespaceSubject.split(".");
      const parts = scheme === "oid" ? all.slice(0, MAX_OID_NAMESPACE_ARCS) : all;
      return parts.map((_part, i) => parts.slice(0, parts.length - i).join("."));
    }
    case "did":
      return [namespaceSubject];
  }
}

/**
 * Whether `prefix` may be registered as a namespace of `scheme`: gs1 → a GS1 company
 * prefix of 6–12 digits; handle → a canonical Handle prefix (≤ 64 bytes); oid → valid arcs
 * (1 to 32 arcs, ≤ 256 bytes), written without `urn:oid:`; did → a method name (1–64 of
 * `a-z 0-9`), whose namespace governs the method's DIDs that are not self-certifying.
 */
export function checkNamespacePrefix(scheme: IdentifierScheme, prefix: string): Check {
  const fail = (reason: string): Check => ({ ok: false, reason });
  switch (scheme) {
    case "gs1":
      if (!/^\d+$/.test(prefix)) return fail(`GS1 company prefix "${prefix}" must contain only digits`);
      if (prefix.length < 6 || prefix.length > 12) return fail(`GS1 company prefix "${prefix}" has ${prefix.length} digits, expected 6 to 12`);
      return { ok: true };
    case "handle": {
      const problem = handlePrefixProblem(prefix);
      return problem ? fail(problem) : { ok: true };
    }
    case "oid": {
      // The same bound as every identifier (the contracts hold prefixes to it too).
      if (prefix.length > MAX_CANONICAL_BYTES) return fail(`OID prefix has ${prefix.length} bytes, at most ${MAX_CANONICAL_BYTES}`);
      const arcs = prefix.split(".").length;
      if (arcs > MAX_OID_NAMESPACE_ARCS) return fail(`OID namespace has ${arcs} arcs, at most ${MAX_OID_NAMESPACE_ARCS}`);
      const problem = oidArcsProblem(prefix, 1);
      return problem ? fail(problem) : { ok: true };
    }
    case "did":
      if (!/^[a-z0-9]{1,64}$/.test(prefix)) return fail(`a did namespace is a DID method name: 1 to 64 of a-z 0-9, not "${prefix}"`);
      return { ok: true };
  }
}

/** Why `prefix` may not be registered as a namespace of `scheme`, or undefined if it may. */
export function namespacePrefixProblem(scheme: IdentifierScheme, prefix: string): string | undefined {
  const check = checkNamespacePrefix(scheme, prefix);
  return check.ok ? undefined : check.reason;
}

export function isValidNamespacePrefix(scheme: IdentifierScheme, prefix: string): boolean {
  return checkNamespacePrefix(scheme, prefix).ok;
}
