/**
 * EPC URIs (GS1 EPC Tag Data Standard): pure identity URIs `urn:epc:id:…` and tag URIs
 * `urn:epc:tag:…` for SGTIN, SSCC, SGLN, GRAI and GIAI, turned into GS1 keys. EPC URIs
 * carry no check digit: it is computed here (the one place where that is right).
 */
import { invalid, showChar } from "./invalid.js";
import { gs1CheckDigit, isCset82 } from "./gs1-characters.js";
import { canonicalGs1, collectGs1Key } from "./gs1-key.js";

type Result = { canonical: string; namespaceSubject: string };
type PureScheme = "sgtin" | "sscc" | "sgln" | "grai" | "giai";

/** Tag URI schemes: the pure scheme, and the bit width of a numeric last component (undefined = alphanumeric). */
const TAG_SCHEMES: Readonly<Record<string, { scheme: PureScheme; numericBits?: number }>> = {
  "sgtin-96": { scheme: "sgtin", numericBits: 38 },
  "sgtin-198": { scheme: "sgtin" },
  "sscc-96": { scheme: "sscc" },
  "sgln-96": { scheme: "sgln", numericBits: 41 },
  "sgln-195": { scheme: "sgln" },
  "grai-96": { scheme: "grai", numericBits: 38 },
  "grai-170": { scheme: "grai" },
  "giai-96": { scheme: "giai", numericBits: 0 }, // width depends on the partition, see GIAI_96_BITS
  "giai-202": { scheme: "giai" },
};
/** GIAI-96 individual asset reference width by company prefix length (TDS coding table). */
const GIAI_96_BITS: Readonly<Record<number, number>> = { 12: 42, 11: 45, 10: 48, 9: 52, 8: 55, 7: 58, 6: 62 };
/** Components before the last (alphanumeric or numeric) one, and the digit total of company prefix + reference. */
const LAYOUT: Readonly<Record<PureScheme, { components: number; total?: number; reference: string }>> = {
  sgtin: { components: 3, total: 13, reference: "indicator/item reference" },
  sscc: { components: 2, total: 17, reference: "extension/serial reference" },
  sgln: { components: 3, total: 12, reference: "location reference" },
  grai: { components: 3, total: 12, reference: "asset type" },
  giai: { components: 2, reference: "individual asset reference" },
};
const MUST_ESCAPE: Readonly<Record<string, string>> = { '"': "%22", "%": "%25", "&": "%26", "/": "%2F", "<": "%3C", ">": "%3E", "?": "%3F" };
const CONTROL_FIELDS = /^(?:\[[A-Za-z]+=[^\]]*\])*/;

export function isEpcUri(input: string): boolean {
  return /^urn:epc:(id|tag):/i.test(input);
}

/** Splits at the first `count - 1` dots: the last component may itself contain dots. */
function components(label: string, body: string, count: number): string[] {
  const parts: string[] = [];
  let rest = body;
  for (let i = 1; i < count; i += 1) {
    const dot = rest.indexOf(".");
    if (dot === -1) throw invalid(`${label} needs ${count} dot-separated components, got ${parts.length + 1}`);
    parts.push(rest.slice(0, dot));
    rest = rest.slice(dot + 1);
  }
  parts.push(rest);
  return parts;
}

/** A GS3A3 component: CSET 82, with `"%&/<>?` escaped as %XX (TDS, URI escaping). */
function decodeGs3a3(label: string, text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === "%") {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw invalid(`${label}: "%" is not followed by two hex digits`);
      const decoded = String.fromCharCode(Number.parseInt(hex, 16));
      if (!isCset82(decoded)) throw invalid(`${label}: escape "%${hex}" is ${showChar(decoded)}, which is not in GS1 character set 82`);
      out += decoded;
      i += 2;
    } else if (MUST_ESCAPE[char]) {
      throw invalid(`${label}: character "${char}" must be escaped as "${MUST_ESCAPE[char]}" in an EPC URI`);
    } else if (isCset82(char)) {
      out += char;
    } else {
      throw invalid(`${label}: character ${showChar(char)} is not in GS1 character set 82`);
    }
  }
  return out;
}

function digits(label: string, text: string): string {
  if (!/^\d*$/.test(text)) throw invalid(`${label} "${text}" must contain only digits`);
  return text;
}

/** A numeric component of a 96-bit tag: decimal, no leading zeros, within its bit width. */
function numeric(label: string, text: string, bits: number): string {
  if (!/^(0|[1-9]\d*)$/.test(text)) throw invalid(`${label} "${text}" must be a decimal number without leading zeros`);
  const max = (1n << BigInt(bits)) - 1n;
  if (BigInt(text) > max) throw invalid(`${label} ${text} exceeds ${max} (${bits} bits)`);
  return text;
}

function withCheckDigit(data: string): string {
  return `${data}${gs1CheckDigit(data)}`;
}

export function canonicalizeEpc(input: string): Result {
  const pure = /^urn:epc:id:([^:]*):(.*)$/is.exec(input);
  if (pure) {
    const scheme = pure[1].toLowerCase();
    if (!(scheme in LAYOUT)) throw invalid(`EPC scheme "${pure[1]}" is not supported (sgtin, sscc, sgln, grai, giai)`);
    return fromComponents(scheme as PureScheme, scheme.toUpperCase(), pure[2], undefined);
  }
  const tag = /^urn:epc:tag:(.*)$/is.exec(input);
  if (!tag) throw invalid(`"${input}" is not an EPC pure identity URI or tag URI`);
  const afterPrefix = tag[1].slice(CONTROL_FIELDS.exec(tag[1])?.[0].length ?? 0);
  const colon = afterPrefix.indexOf(":");
  const name = (colon === -1 ? afterPrefix : afterPrefix.slice(0, colon)).toLowerCase();
  const known = TAG_SCHEMES[name];
  if (!known || colon === -1) {
    throw invalid(`EPC tag scheme "${name}" is not supported (${Object.keys(TAG_SCHEMES).join(", ")})`);
  }
  let body = afterPrefix.slice(colon + 1);
  body = body.slice(CONTROL_FIELDS.exec(body)?.[0].length ?? 0);
  const dot = body.indexOf(".");
  const filter = dot === -1 ? body : body.slice(0, dot);
  if (!/^[0-7]$/.test(filter)) throw invalid(`EPC filter value "${filter}" must be a digit from 0 to 7`);
  return fromComponents(known.scheme, name.toUpperCase(), body.slice(dot + 1), known.numericBits);
}

/**
 * Reads the components after the filter (tag URI) or the scheme (pure identity URI).
 * `numericBits` is set for 96-bit tags, whose last component is a bounded decimal number.
 */
function fromComponents(scheme: PureScheme, label: string, body: string, numericBits: number | undefined): Result {
  const layout = LAYOUT[scheme];
  const parts = components(`${label} EPC URI`, body, layout.components);
  const companyPrefix = digits(`${label} company prefix`, parts[0]);
  if (companyPrefix.length < 6 || companyPrefix.length > 12) {
    throw invalid(`${label} company prefix "${companyPrefix}" has ${companyPrefix.length} digits, expected 6 to 12`);
  }
  const reference = digits(`${label} ${layout.reference}`, layout.components === 3 || scheme === "sscc" ? parts[1] : "");
  if (layout.total !== undefined && companyPrefix.length + reference.length !== layout.total) {
    throw invalid(
      `${label} company prefix (${companyPrefix.length} digits) and ${layout.reference} (${reference.length} digits) must total ${layout.total} digits, got ${companyPrefix.length + reference.length}`,
    );
  }
  const lastLabel = { sgtin: "serial", sscc: "", sgln: "extension", grai: "serial", giai: "individual asset reference" }[scheme];
  const readLast = (text: string): string => {
    if (numericBits === undefined) return decodeGs3a3(`${label} ${lastLabel}`, text);
    const bits = scheme === "giai" ? GIAI_96_BITS[companyPrefix.length] : numericBits;
    return numeric(`${label} ${lastLabel}`, text, bits);
  };
  switch (scheme) {
    case "sgtin": {
      if (parts[2] === "") throw invalid(`${label} serial must not be empty`);
      const gtin = withCheckDigit(`${reference[0]}${companyPrefix}${reference.slice(1)}`);
      return canonicalGs1(collectGs1Key([["01", gtin], ["21", readLast(parts[2])]]));
    }
    case "sscc": {
      const sscc = withCheckDigit(`${reference[0]}${companyPrefix}${reference.slice(1)}`);
      return canonicalGs1(collectGs1Key([["00", sscc]]));
    }
    case "sgln": {
      if (parts[2] === "") throw invalid(`${label} extension must not be empty (0 means none)`);
      const extension = readLast(parts[2]);
      const gln = withCheckDigit(`${companyPrefix}${reference}`);
      return canonicalGs1(collectGs1Key(extension === "0" ? [["414", gln]] : [["414", gln], ["254", extension]]));
    }
    case "grai": {
      if (parts[2] === "") throw invalid(`${label} serial must not be empty`);
      const grai = withCheckDigit(`0${companyPrefix}${reference}`);
      return canonicalGs1(collectGs1Key([["8003", `${grai}${readLast(parts[2])}`]]));
    }
    case "giai": {
      if (parts[1] === "") throw invalid(`${label} individual asset reference must not be empty`);
      return canonicalGs1(collectGs1Key([["8004", `${companyPrefix}${readLast(parts[1])}`]]));
    }
  }
}
