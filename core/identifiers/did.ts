/** Decentralized identifiers (W3C DID Core §3.1): canonical `did:{method}:{method-specific-id}`. */
import { invalid, showChar } from "./invalid.js";

const METHOD = /^[a-z0-9]+$/;
const IDCHAR = /^[A-Za-z0-9._-]$/;
const HEX = /^[0-9A-Fa-f]{2}$/;

/**
 * Reads a method-specific-id: idchar, ":" and pct-encoded. With `strict`, escapes must use
 * upper-case hex and must not encode an idchar literal (A-Z a-z 0-9 . - _); otherwise
 * such escapes are normalised. Returns the canonical text.
 */
function methodSpecificId(text: string, strict: boolean): string {
  if (text === "") throw invalid("DID method-specific-id must not be empty");
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (IDCHAR.test(char) || char === ":") {
      out += char;
      continue;
    }
    if (char === "%") {
      const hex = text.slice(i + 1, i + 3);
      if (!HEX.test(hex)) throw invalid('DID: "%" is not followed by two hex digits');
      const decoded = String.fromCharCode(Number.parseInt(hex, 16));
      if (strict && hex !== hex.toUpperCase()) throw invalid(`DID: escape "%${hex}" must use upper-case hex ("%${hex.toUpperCase()}")`);
      if (strict && IDCHAR.test(decoded)) throw invalid(`DID: escape "%${hex}" is not canonical, write "${decoded}" itself`);
      out += IDCHAR.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
      i += 2;
      continue;
    }
    if (char === "/" || char === "?" || char === "#") {
      throw invalid(`"${char}" starts a path, query or fragment: that is a DID URL, not a DID`);
    }
    throw invalid(`DID: character ${showChar(char)} is not allowed in a method-specific-id (write it percent-encoded)`);
  }
  if (out.endsWith(":")) throw invalid("DID method-specific-id must not end with \":\"");
  return out;
}

function parse(text: string, strict: boolean): { canonical: string; namespaceSubject: string } {
  const rest = text.slice(4);
  const colon = rest.indexOf(":");
  if (colon === -1) throw invalid(`DID "${text}" has no ":" after its method name`);
  const method = rest.slice(0, colon);
  if (method === "") throw invalid("DID method name must not be empty");
  if (!METHOD.test(method)) {
    throw invalid(METHOD.test(method.toLowerCase()) ? `DID method name "${method}" must be lower case` : `DID method name "${method}" may contain only a-z and 0-9`);
  }
  return { canonical: `did:${method}:${methodSpecificId(rest.slice(colon + 1), strict)}`, namespaceSubject: method };
}

export function isDidInput(input: string): boolean {
  return /^did:/i.test(input);
}

/** The DID itself; the scheme name is lower-cased and escapes are normalised. */
export function canonicalizeDid(input: string): { canonical: string; namespaceSubject: string } {
  return parse(input, false);
}

/** Strict: lower-case `did:`, ABNF of DID Core, upper-case escapes of non-idchar bytes only. */
export function parseDidCanonical(text: string): { canonical: string; namespaceSubject: string } {
  if (!text.startsWith("did:")) throw invalid('a canonical DID starts with "did:"');
  return parse(text, true);
}
