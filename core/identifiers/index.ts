/** Canonical industrial identifiers (CANONICAL.md): canonicalisation, strict parsing, namespaces. */
export type { CanonicalIdentifier, ParsedIdentifier, Check } from "./types.js";
export { MAX_CANONICAL_BYTES } from "./invalid.js";
export { canonicalize, parseCanonical } from "./canonicalize.js";
export { namespaceCandidates, checkNamespacePrefix, namespacePrefixProblem, isValidNamespacePrefix } from "./namespaces.js";
export { gs1CheckDigit } from "./gs1-characters.js";
