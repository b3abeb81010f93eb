/** Result types of the identifier library. */
import type { IdentifierScheme } from "../spec/types.js";

/** What `canonicalize` returns: the one canonical form of an input and its key. */
export interface CanonicalIdentifier {
  scheme: IdentifierScheme;
  canonical: string;
  /** `identifierKey(scheme, canonical)`: `0x` + sha256 of the folded canonical form. */
  key: string;
}

/** What `parseCanonical` returns: a canonical form accepted as is, with its namespace subject. */
export interface ParsedIdentifier extends CanonicalIdentifier {
  /**
   * The text a namespace prefix is matched against (CANONICAL.md, "Namespace subject"):
   * gs1 → the digits a GS1 company prefix is matched on from position 0; handle → the
   * prefix (naming authority); oid → the arcs (`1.3.6.1`); did → the method (`web`).
   */
  namespaceSubject: string;
}

/** The outcome of a check that explains itself. */
export type Check = { ok: true } | { ok: false; reason: string };
