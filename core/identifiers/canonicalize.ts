/**
 * The two entry points: `canonicalize` (every accepted input form → the one canonical
 * form; clients only) and `parseCanonical` (canonical forms only, fully validated; what
 * the chaincode runs, and what IdentifierSyntax.sol mirrors).
 */
import type { IdentifierScheme } from "../spec/types.js";
import { identifierKey } from "../spec/keys.js";
import type { CanonicalIdentifier, ParsedIdentifier } from "./types.js";
import { assertCanonicalLength, invalid, MAX_CANONICAL_BYTES } from "./invalid.js";
import { canonicalizeDigitalLink, canonicalizeElementString, canonicalizePlainGtin, isWebUri } from "./gs1-inputs.js";
import { canonicalizeEpc, isEpcUri } from "./epc.js";
import { parseGs1Canonical } from "./gs1-canonical.js";
import { canonicalizeHandle, isHandleInput, parseHandleCanonical } from "./handle.js";
import { canonicalizeOid, isOidInput, parseOidCanonical } from "./oid.js";
import { canonicalizeDid, isDidInput, parseDidCanonical } from "./did.js";

type Parsed = { canonical: string; namespaceSubject: string };

function detect(input: string): [IdentifierScheme, (input: string) => Parsed] {
  if (isDidInput(input)) return ["did", canonicalizeDid];
  if (isOidInput(input)) return ["oid", canonicalizeOid];
  if (isHandleInput(input)) return ["handle", canonicalizeHandle];
  if (isEpcUri(input)) return ["gs1", canonicalizeEpc];
  if (isWebUri(input)) return ["gs1", canonicalizeDigitalLink];
  if (input.startsWith("(")) return ["gs1", canonicalizeElementString];
  if (/^\d+$/.test(input)) return ["gs1", canonicalizePlainGtin];
  if (/^[^\s:/]+\/./.test(input)) return ["handle", canonicalizeHandle];
  throw invalid(
    `"${input}" is not a recognised identifier form (GS1 Digital Link URI, element string, GTIN, EPC URI, Handle, OID or DID)`,
  );
}

/** Turns any accepted input form into its canonical form and key. Surrounding whitespace is ignored. */
export function canonicalize(input: string): CanonicalIdentifier {
  const text = input.trim();
  if (text === "") throw invalid("identifier is empty");
  const [scheme, read] = detect(text);
  const { canonical } = read(text);
  assertCanonicalLength(canonical);
  return { scheme, canonical, key: identifierKey(scheme, canonical) };
}

/** Accepts canonical forms only (byte for byte) and validates them fully. */
export function parseCanonical(canonical: string): ParsedIdentifier {
  if (canonical.length > MAX_CANONICAL_BYTES) assertCanonicalLength(canonical);
  const nonAscii = [...canonical].find((char) => char.charCodeAt(0) > 0x7e || char.charCodeAt(0) < 0x21);
  if (nonAscii !== undefined) {
    const code = nonAscii.codePointAt(0) ?? 0;
    throw invalid(`a canonical identifier contains only printable ASCII, found U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  let scheme: IdentifierScheme;
  let parsed: Parsed;
  if (canonical.startsWith("https://")) [scheme, parsed] = ["gs1", parseGs1Canonical(canonical)];
  else if (canonical.startsWith("hdl:")) [scheme, parsed] = ["handle", parseHandleCanonical(canonical)];
  else if (canonical.startsWith("urn:oid:")) [scheme, parsed] = ["oid", parseOidCanonical(canonical)];
  else if (canonical.startsWith("did:")) [scheme, parsed] = ["did", parseDidCanonical(canonical)];
  else {
    throw invalid(
      `"${canonical}" is not a canonical identifier: it must start with "https://id.gs1.org/", "hdl:", "urn:oid:" or "did:"`,
    );
  }
  return { scheme, canonical, key: identifierKey(scheme, canonical), namespaceSubject: parsed.namespaceSubject };
}
