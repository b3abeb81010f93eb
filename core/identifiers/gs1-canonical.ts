/** The strict reader of canonical GS1 Digital Link URIs (what runs on chain). */
import { invalid } from "./invalid.js";
import { decodeCanonicalPathValue } from "./gs1-characters.js";
import { AI_NAMES, canonicalGs1, collectGs1Key, GS1_STEM, isPrimaryAi, QUALIFIERS } from "./gs1-key.js";

const PREFIX = `${GS1_STEM}/`;

export function parseGs1Canonical(text: string): { canonical: string; namespaceSubject: string } {
  if (!text.startsWith(PREFIX)) throw invalid(`a canonical GS1 identifier starts with "${PREFIX}"`);
  const path = text.slice(PREFIX.length);
  if (path.includes("?")) throw invalid("a canonical GS1 Digital Link URI has no query string");
  if (path.includes("#")) throw invalid("a canonical GS1 Digital Link URI has no fragment");
  const segments = path.split("/");
  if (segments.some((segment) => segment === "")) throw invalid("empty path segment (trailing or double slash)");
  if (segments.length % 2 === 1) throw invalid(`AI ${segments.at(-1)} has no value`);

  const primary = segments[0];
  if (!isPrimaryAi(primary)) throw invalid(`"${primary}" is not a supported GS1 primary key AI (01, 00, 414, 8003, 8004)`);
  const order = QUALIFIERS[primary] as readonly string[];
  const elements: Array<[string, string]> = [];
  let previous = -1;
  for (let i = 0; i < segments.length; i += 2) {
    const ai = segments[i];
    if (i > 0) {
      const position = order.indexOf(ai);
      if (position === -1) {
        const list = order.length === 0 ? "none" : order.join(", ");
        throw invalid(`AI ${ai} is not supported with AI ${primary} (${AI_NAMES[primary]}); supported qualifiers: ${list}`);
      }
      if (position === previous) throw invalid(`AI ${ai} (${AI_NAMES[ai]}) appears more than once`);
      if (position < previous) throw invalid(`qualifiers of AI ${primary} must be in the order ${order.join(", ")}`);
      previous = position;
    }
    elements.push([ai, decodeCanonicalPathValue(`${AI_NAMES[ai] ?? `AI ${ai}`}`, segments[i + 1])]);
  }
  if (primary === "01" && /^\d+$/.test(elements[0][1]) && elements[0][1].length !== 14) {
    throw invalid(`GTIN "${elements[0][1]}" must have 14 digits in the canonical form (pad with leading zeros), got ${elements[0][1].length}`);
  }
  const result = canonicalGs1(collectGs1Key(elements));
  // Unreachable by construction (strict decoding re-encodes to the same text); kept as a guard.
  if (result.canonical !== text) throw invalid(`not canonical: the canonical form is "${result.canonical}"`);
  return result;
}
