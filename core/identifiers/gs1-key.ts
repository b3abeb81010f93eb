/**
 * The GS1 keys of the canonical form (CANONICAL.md, "gs1"): which AIs, which qualifiers,
 * the rules for each value, and the canonical Digital Link URI they make.
 */
import { invalid } from "./invalid.js";
import { assertCset82Value, assertKeyDigits, encodePathValue } from "./gs1-characters.js";

export const GS1_STEM = "https://id.gs1.org";

export const PRIMARY_AIS = ["01", "00", "414", "8003", "8004"] as const;
export type PrimaryAi = (typeof PRIMARY_AIS)[number];
export type QualifierAi = "10" | "21" | "254";

/** The qualifiers each primary key may carry, in canonical (Digital Link path) order. */
export const QUALIFIERS: Readonly<Record<PrimaryAi, readonly QualifierAi[]>> = {
  "01": ["10", "21"],
  "00": [],
  "414": ["254"],
  "8003": [],
  "8004": [],
};

export const AI_NAMES: Readonly<Record<string, string>> = {
  "01": "GTIN",
  "00": "SSCC",
  "414": "GLN",
  "8003": "GRAI",
  "8004": "GIAI",
  "10": "lot",
  "21": "serial",
  "254": "GLN extension",
};

export function isPrimaryAi(ai: string): ai is PrimaryAi {
  return (PRIMARY_AIS as readonly string[]).includes(ai);
}

/** One GS1 key with its qualifiers; values are plain (decoded) text. */
export interface Gs1Key {
  primary: PrimaryAi;
  value: string;
  qualifiers: Partial<Record<QualifierAi, string>>;
}

/**
 * Collects (AI, value) pairs into one key: exactly one primary key, only its own
 * qualifiers, each at most once. Order is not checked here (input forms may reorder).
 */
export function collectGs1Key(elements: ReadonlyArray<readonly [string, string]>): Gs1Key {
  const primaries = elements.filter(([ai]) => isPrimaryAi(ai));
  if (primaries.length === 0) {
    throw invalid(`no GS1 primary key: expected one of AI ${PRIMARY_AIS.join(", ")}`);
  }
  if (primaries.length > 1) {
    throw invalid(`more than one GS1 primary key (AI ${primaries.map(([ai]) => ai).join(" and AI ")})`);
  }
  const primary = primaries[0][0] as PrimaryAi;
  const key: Gs1Key = { primary, value: primaries[0][1], qualifiers: {} };
  const allowed = QUALIFIERS[primary];
  for (const [ai, value] of elements) {
    if (ai === primary) continue;
    if (!(allowed as readonly string[]).includes(ai)) {
      const list = allowed.length === 0 ? "none" : allowed.join(", ");
      throw invalid(`AI ${ai} is not supported with AI ${primary} (${AI_NAMES[primary]}); supported qualifiers: ${list}`);
    }
    if (key.qualifiers[ai as QualifierAi] !== undefined) throw invalid(`AI ${ai} (${AI_NAMES[ai]}) appears more than once`);
    key.qualifiers[ai as QualifierAi] = value;
  }
  return key;
}

/** Left-pads a GTIN-8/12/13 to 14 digits (after its length and digits are checked). */
export function padGtin(value: string): string {
  if (/^\d+$/.test(value) && [8, 12, 13].includes(value.length)) return value.padStart(14, "0");
  return value;
}

/** Validates every value of a key (check digits included) and returns its namespace subject. */
export function validateGs1Key(key: Gs1Key): string {
  const { value, qualifiers } = key;
  let subject: string;
  switch (key.primary) {
    case "01":
      assertKeyDigits("GTIN", value, [14]);
      subject = value.slice(1);
      break;
    case "00":
      assertKeyDigits("SSCC", value, [18]);
      subject = value.slice(1);
      break;
    case "414":
      assertKeyDigits("GLN", value, [13]);
      subject = value;
      break;
    case "8003": {
      const digits = /^\d*/.exec(value)?.[0] ?? "";
      if (digits.length < 14) throw invalid(`GRAI "${value}" must start with 14 digits (padding digit, company prefix, asset type, check digit)`);
      const grai = value.slice(0, 14);
      if (grai[0] !== "0") throw invalid(`GRAI "${value}" must start with the padding digit "0", got "${grai[0]}"`);
      assertKeyDigits("GRAI", grai, [14]);
      const serial = value.slice(14);
      if (serial !== "") assertCset82Value("GRAI serial", serial, 16);
      subject = grai.slice(1);
      break;
    }
    case "8004": {
      assertCset82Value("GIAI", value, 30);
      subject = /^\d*/.exec(value)?.[0] ?? "";
      if (subject.length < 6) throw invalid(`GIAI "${value}" must start with a GS1 company prefix of at least 6 digits`);
      break;
    }
  }
  if (qualifiers["10"] !== undefined) assertCset82Value("lot", qualifiers["10"], 20);
  if (qualifiers["21"] !== undefined) assertCset82Value("serial", qualifiers["21"], 20);
  if (qualifiers["254"] !== undefined) assertCset82Value("GLN extension", qualifiers["254"], 20);
  return subject;
}

/** The canonical Digital Link URI of a (validated) key. */
export function gs1CanonicalUri(key: Gs1Key): string {
  let uri = `${GS1_STEM}/${key.primary}/${encodePathValue(key.value)}`;
  for (const ai of QUALIFIERS[key.primary]) {
    const qualifier = key.qualifiers[ai];
    if (qualifier !== undefined) uri += `/${ai}/${encodePathValue(qualifier)}`;
  }
  return uri;
}

/** Validates a key and returns its canonical URI and namespace subject. */
export function canonicalGs1(key: Gs1Key): { canonical: string; namespaceSubject: string } {
  const namespaceSubject = validateGs1Key(key);
  return { canonical: gs1CanonicalUri(key), namespaceSubject };
}
