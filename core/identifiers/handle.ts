/**
 * Handles (RFC 3650/3651): canonical `hdl:{prefix}/{suffix}`. Industrial-internet
 * identifiers are Handles under the national prefix `88.`.
 */
import { invalid, showChar } from "./invalid.js";

export const HANDLE_PREFIX_MAX_BYTES = 64;
export const HANDLE_SUFFIX_MAX_BYTES = 128;
const SEGMENT = /^[a-z0-9_-]+$/;
const HEX_UPPER = /^[0-9A-F]{2}$/;

/** Why `prefix` is not a canonical Handle prefix (naming authority), or undefined if it is. */
export function handlePrefixProblem(prefix: string): string | undefined {
  if (prefix === "") return "handle prefix must not be empty";
  if (prefix.length > HANDLE_PREFIX_MAX_BYTES) return `handle prefix has ${prefix.length} bytes, at most ${HANDLE_PREFIX_MAX_BYTES}`;
  for (const segment of prefix.split(".")) {
    if (segment === "") return `handle prefix "${prefix}" has an empty segment`;
    if (SEGMENT.test(segment)) continue;
    if (SEGMENT.test(segment.toLowerCase())) return `handle prefix "${prefix}" must be lower case`;
    const bad = [...segment].find((char) => !/[a-z0-9_-]/.test(char)) ?? "";
    return `handle prefix "${prefix}": character ${showChar(bad)} is not allowed (a-z, 0-9, "-", "_", and "." between segments)`;
  }
  return undefined;
}

function hexByte(byte: number): string {
  return `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}

/** A byte is written as itself iff it is printable ASCII other than "%". */
function encodeSuffixBytes(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte >= 0x21 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : hexByte(byte);
  return out;
}

/** The canonical suffix of an input suffix: %XX escapes (either case) are read, then everything re-encoded. */
function canonicalSuffix(suffix: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < suffix.length; ) {
    if (suffix[i] === "%") {
      const hex = suffix.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw invalid(`handle suffix: "%" is not followed by two hex digits (write a literal "%" as "%25")`);
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
    } else {
      const char = String.fromCodePoint(suffix.codePointAt(i) ?? 0);
      bytes.push(...encoder.encode(char));
      i += char.length;
    }
  }
  return encodeSuffixBytes(Uint8Array.from(bytes));
}

function checkSuffixLength(suffix: string): void {
  if (suffix === "") throw invalid("handle suffix must not be empty");
  if (suffix.length > HANDLE_SUFFIX_MAX_BYTES) throw invalid(`handle suffix has ${suffix.length} bytes, at most ${HANDLE_SUFFIX_MAX_BYTES}`);
}

const PROXY = /^https?:\/\/hdl\.handle\.net\/([^?#]*)(?:\?[^#]*)?(?:#.*)?$/i;

export function isHandleInput(input: string): boolean {
  return /^hdl:/i.test(input) || PROXY.test(input);
}

/** `prefix/suffix`, `hdl:prefix/suffix` or `https://hdl.handle.net/prefix/suffix` (query and fragment dropped). */
export function canonicalizeHandle(input: string): { canonical: string; namespaceSubject: string } {
  const proxy = PROXY.exec(input);
  const body = proxy ? proxy[1] : input.replace(/^hdl:/i, "");
  const slash = body.indexOf("/");
  if (slash === -1) throw invalid(`handle "${input}" has no "/" between prefix and suffix`);
  const prefix = body.slice(0, slash).replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  const problem = handlePrefixProblem(prefix);
  if (problem) throw invalid(problem);
  const suffix = canonicalSuffix(body.slice(slash + 1));
  checkSuffixLength(suffix);
  return { canonical: `hdl:${prefix}/${suffix}`, namespaceSubject: prefix };
}

/** Strict: `hdl:` + canonical prefix + `/` + suffix of printable ASCII with only necessary %XX escapes. */
export function parseHandleCanonical(text: string): { canonical: string; namespaceSubject: string } {
  if (!text.startsWith("hdl:")) throw invalid('a canonical Handle starts with "hdl:"');
  const body = text.slice(4);
  const slash = body.indexOf("/");
  if (slash === -1) throw invalid(`handle "${text}" has no "/" between prefix and suffix`);
  const prefix = body.slice(0, slash);
  const problem = handlePrefixProblem(prefix);
  if (problem) throw invalid(problem);
  const suffix = body.slice(slash + 1);
  checkSuffixLength(suffix);
  for (let i = 0; i < suffix.length; i += 1) {
    const code = suffix.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) {
      throw invalid(`handle suffix: character ${showChar(String.fromCodePoint(suffix.codePointAt(i) ?? code))} must be percent-encoded`);
    }
    if (code !== 0x25) continue;
    const hex = suffix.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw invalid('handle suffix: "%" is not followed by two hex digits');
    if (!HEX_UPPER.test(hex)) throw invalid(`handle suffix: escape "%${hex}" must use upper-case hex ("%${hex.toUpperCase()}")`);
    const byte = Number.parseInt(hex, 16);
    if (byte >= 0x21 && byte <= 0x7e && byte !== 0x25) {
      throw invalid(`handle suffix: escape "%${hex}" is not canonical, write "${String.fromCharCode(byte)}" itself`);
    }
    i += 2;
  }
  return { canonical: text, namespaceSubject: prefix };
}
