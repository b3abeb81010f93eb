/**
 * GS1 input forms other than EPC URIs: Digital Link URIs on any domain and path prefix,
 * element strings `(01)…(21)…`, and plain GTIN-8/12/13/14 digits.
 */
import { invalid } from "./invalid.js";
import { decodePercentLenient } from "./gs1-characters.js";
import { AI_NAMES, canonicalGs1, collectGs1Key, isPrimaryAi } from "./gs1-key.js";

type Result = { canonical: string; namespaceSubject: string };

/** GS1 Digital Link 1.0 convenience alphas, still seen in the wild. */
const ALPHAS: Readonly<Record<string, string>> = {
  gtin: "01", lot: "10", ser: "21", cpv: "22", sscc: "00", gln: "414", glnx: "254", grai: "8003", giai: "8004",
};

/** Requires a GTIN-8/12/13/14 and returns it left-padded to 14 digits. */
export function inputGtin(value: string): string {
  if (!/^\d+$/.test(value)) throw invalid(`GTIN "${value}" must contain only digits`);
  if (![8, 12, 13, 14].includes(value.length)) {
    throw invalid(`GTIN "${value}" has ${value.length} digits, expected 8, 12, 13 or 14`);
  }
  return value.padStart(14, "0");
}

function fromElements(elements: Array<[string, string]>): Result {
  for (const element of elements) {
    if (element[1] === "") throw invalid(`AI ${element[0]}${AI_NAMES[element[0]] ? ` (${AI_NAMES[element[0]]})` : ""} has no value`);
    if (element[0] === "01") element[1] = inputGtin(element[1]);
  }
  return canonicalGs1(collectGs1Key(elements));
}

const WEB_URI = /^https?:\/\/([^/?#]*)([^?#]*)(?:\?[^#]*)?(?:#.*)?$/i;

export function isWebUri(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/**
 * A Digital Link URI on any domain: the primary key is the first path segment naming a
 * primary-key AI from which the rest of the path reads as AI/value pairs; everything
 * before it is the domain's own path prefix; query string and fragment are dropped.
 */
export function canonicalizeDigitalLink(input: string): Result {
  const match = WEB_URI.exec(input);
  if (!match || match[1] === "") throw invalid(`"${input}" is not an http(s) URI with a host`);
  const segments = match[2].split("/").slice(1);
  if (segments.at(-1) === "") segments.pop(); // a trailing slash
  const ai = (segment: string) => ALPHAS[segment] ?? segment;
  const starts = segments
    .map((segment, index) => ({ segment, index }))
    .filter(({ segment, index }) => isPrimaryAi(ai(segment)) && (segments.length - index) % 2 === 0)
    .map(({ index }) => index);
  if (starts.length === 0) {
    throw invalid(`no GS1 primary key (AI 01, 00, 414, 8003 or 8004 followed by AI/value pairs) in the path of "${input}"`);
  }
  let firstError: unknown;
  for (const start of starts) {
    try {
      const elements: Array<[string, string]> = [];
      for (let i = start; i < segments.length; i += 2) {
        const code = ai(segments[i]);
        elements.push([code, decodePercentLenient(AI_NAMES[code] ?? `AI ${code}`, segments[i + 1])]);
      }
      return fromElements(elements);
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

const AI_IN_PARENS = /\((\d{2,4})\)/g;

/** A GS1 element string in human-readable form: `(01)09506000134352(21)ABC`. */
export function canonicalizeElementString(input: string): Result {
  const matches = [...input.matchAll(AI_IN_PARENS)];
  if (matches.length === 0 || matches[0].index !== 0) {
    throw invalid(`"${input}" is not a GS1 element string: it must start with an AI in parentheses, e.g. (01)`);
  }
  const elements: Array<[string, string]> = matches.map((match, i) => {
    const end = i + 1 < matches.length ? matches[i + 1].index : input.length;
    return [match[1], input.slice(match.index + match[0].length, end)];
  });
  return fromElements(elements);
}

/** Plain digits: a GTIN-8, GTIN-12, GTIN-13 or GTIN-14 with its check digit. */
export function canonicalizePlainGtin(input: string): Result {
  if (input.length === 18) {
    throw invalid(`"${input}" has 18 digits: plain digits are read as a GTIN; write an SSCC as (00)${input}`);
  }
  return fromElements([["01", input]]);
}
