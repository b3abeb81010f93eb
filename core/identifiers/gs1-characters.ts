/**
 * GS1 character rules: the mod-10 check digit and AI encodable character set 82, and how
 * a value is written in the path of a canonical GS1 Digital Link URI.
 */
import { invalid, showChar } from "./invalid.js";

/** GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1). */
const CSET82 = new Set(`!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`);
/** Written as themselves in a canonical path value; every other CSET 82 character as %XX. */
const UNRESERVED = /^[A-Za-z0-9._-]$/;
const HEX = /^[0-9A-Fa-f]{2}$/;

export function isCset82(char: string): boolean {
  return CSET82.has(char);
}

/** GS1 mod-10 check digit over the data digits (weights 3,1,3,… from the right). */
export function gs1CheckDigit(dataDigits: string): number {
  let sum = 0;
  for (let i = dataDigits.length - 1, weight = 3; i >= 0; i -= 1, weight = 4 - weight) {
    sum += (dataDigits.charCodeAt(i) - 48) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** Requires `value` to be exactly `length` digits ending in a valid check digit. */
export function assertKeyDigits(label: string, value: string, lengths: readonly number[]): void {
  if (!/^\d+$/.test(value)) throw invalid(`${label} "${value}" must contain only digits`);
  if (!lengths.includes(value.length)) {
    const expected = lengths.length === 1 ? `${lengths[0]}` : `${lengths.slice(0, -1).join(", ")} or ${lengths.at(-1)}`;
    throw invalid(`${label} "${value}" has ${value.length} digits, expected ${expected}`);
  }
  const found = value.charCodeAt(value.length - 1) - 48;
  const expected = gs1CheckDigit(value.slice(0, -1));
  if (found !== expected) throw invalid(`${label} check digit is ${found}, expected ${expected}`);
}

/** Requires a CSET 82 value of 1..max characters. */
export function assertCset82Value(label: string, value: string, max: number): void {
  if (value === "") throw invalid(`${label} must not be empty`);
  for (const char of value) {
    if (!CSET82.has(char)) throw invalid(`${label} "${value}": character ${showChar(char)} is not in GS1 character set 82`);
  }
  if (value.length > max) throw invalid(`${label} "${value}" has ${value.length} characters, at most ${max}`);
}

/** Writes a (valid CSET 82) value as it appears in a canonical Digital Link path. */
export function encodePathValue(value: string): string {
  let out = "";
  for (const char of value) {
    out += UNRESERVED.test(char) ? char : `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * Reads a value from a canonical Digital Link path: only unreserved characters as
 * themselves and only other CSET 82 characters as %XX with upper-case hex.
 */
export function decodeCanonicalPathValue(label: string, text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === "%") {
      const hex = text.slice(i + 1, i + 3);
      if (!HEX.test(hex)) throw invalid(`${label}: "%" is not followed by two hex digits`);
      const escape = `%${hex}`;
      if (hex !== hex.toUpperCase()) throw invalid(`${label}: escape "${escape}" must use upper-case hex ("%${hex.toUpperCase()}")`);
      const decoded = String.fromCharCode(Number.parseInt(hex, 16));
      if (UNRESERVED.test(decoded)) throw invalid(`${label}: escape "${escape}" is not canonical, write "${decoded}" itself`);
      if (!CSET82.has(decoded)) throw invalid(`${label}: escape "${escape}" is ${showChar(decoded)}, which is not in GS1 character set 82`);
      out += decoded;
      i += 2;
    } else if (UNRESERVED.test(char)) {
      out += char;
    } else if (CSET82.has(char)) {
      throw invalid(`${label}: character "${char}" must be percent-encoded as "${encodePathValue(char)}"`);
    } else {
      throw invalid(`${label}: character ${showChar(char)} is not in GS1 character set 82`);
    }
  }
  return out;
}

/** Reads a percent-encoded value leniently (input forms): any %XX escape, either case. */
export function decodePercentLenient(label: string, text: string): string {
  return text.replace(/%(.{0,2})/gs, (_match, hex: string) => {
    if (!HEX.test(hex)) throw invalid(`${label}: "%" is not followed by two hex digits`);
    return String.fromCharCode(Number.parseInt(hex, 16));
  });
}
