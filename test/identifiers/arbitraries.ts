/**
 * fast-check arbitraries of valid identifiers, shared by the TS tests and the Solidity
 * IdentifierSyntax tests. Check digits are computed here independently of core/.
 */
import fc from "fast-check";

/** PROPERTY_RUNS (env) or 200. */
export const PROPERTY_RUNS = Number(process.env.PROPERTY_RUNS ?? "") || 200;

/** GS1 mod-10 check digit, written independently of core/identifiers. */
export function checkDigit(data: string): string {
  const digits = [...data].reverse().map(Number);
  const sum = digits.reduce((total, digit, i) => total + digit * (i % 2 === 0 ? 3 : 1), 0);
  return String((10 - (sum % 10)) % 10);
}

const digitString = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: length, maxLength: length });
const withCheck = (length: number) => digitString(length - 1).map((data) => `${data}${checkDigit(data)}`);

export const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
export const cset82 = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...CSET82), minLength, maxLength });

/** 14-digit GTINs (including padded GTIN-8/12/13) with a valid check digit. */
export const gtin14 = withCheck(14);
/** GTINs in any of their lengths 8, 12, 13, 14. */
export const gtinAnyLength = fc.constantFrom(8, 12, 13, 14).chain((length) => withCheck(length));
export const sscc = withCheck(18);
export const gln = withCheck(13);
/** The 14 digits of a GRAI: "0" + company prefix/asset type + check digit. */
export const graiDigits = digitString(12).map((data) => `0${data}${checkDigit(`0${data}`)}`);
export const giai = fc
  .tuple(digitString(6), cset82(0, 24))
  .map(([prefix, rest]) => `${prefix}${rest}`);

/** What a canonical path value looks like (unreserved as is, the rest %XX). */
export function encodeValue(value: string): string {
  return [...value].map((c) => (/[A-Za-z0-9._-]/.test(c) ? c : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)).join("");
}

const STEM = "https://id.gs1.org";

/** A canonical GS1 Digital Link URI of any supported key. */
export const gs1Canonical = fc.oneof(
  fc
    .tuple(gtin14, fc.option(cset82(1, 20), { nil: undefined }), fc.option(cset82(1, 20), { nil: undefined }))
    .map(([gtin, lot, serial]) =>
      `${STEM}/01/${gtin}${lot === undefined ? "" : `/10/${encodeValue(lot)}`}${serial === undefined ? "" : `/21/${encodeValue(serial)}`}`,
    ),
  sscc.map((value) => `${STEM}/00/${value}`),
  fc.tuple(gln, fc.option(cset82(1, 20), { nil: undefined })).map(([value, ext]) => `${STEM}/414/${value}${ext === undefined ? "" : `/254/${encodeValue(ext)}`}`),
  fc.tuple(graiDigits, cset82(0, 16)).map(([digits, serial]) => `${STEM}/8003/${digits}${encodeValue(serial)}`),
  giai.map((value) => `${STEM}/8004/${encodeValue(value)}`),
);

/** Element-string inputs `(01)…(10)…(21)…` for GTINs with optional lot and serial. */
export const gs1ElementString = fc
  .tuple(gtin14, fc.option(cset82(1, 20).filter((v) => !/\(\d{2,4}\)/.test(v)), { nil: undefined }), fc.option(cset82(1, 20).filter((v) => !/\(\d{2,4}\)/.test(v)), { nil: undefined }))
  .map(([gtin, lot, serial]) => `(01)${gtin}${lot === undefined ? "" : `(10)${lot}`}${serial === undefined ? "" : `(21)${serial}`}`);

const segment = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-_"), minLength: 1, maxLength: 8 });
/** A canonical Handle prefix (lower case, dotted segments). */
export const handlePrefix = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("."));
/** A raw Handle suffix (any Unicode, including spaces and %). */
export const handleSuffixRaw = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s);
/** Handles in their input forms (bare, hdl:, proxy URL) with raw suffixes. */
export const handleInput = fc
  .tuple(handlePrefix, fc.string({ unit: fc.constantFrom(..."abcXYZ019-._~!*()/"), minLength: 1, maxLength: 40 }), fc.constantFrom("", "hdl:", "HDL:"))
  .map(([prefix, suffix, scheme]) => `${scheme}${prefix}/${suffix}`);
/** Canonical Handles: printable ASCII suffix with % only as the needed escapes. */
export const handleCanonical = fc
  .tuple(
    handlePrefix,
    fc.array(
      fc.oneof(
        fc.constantFrom(..."abcXYZ019-._~!*()/?#:"),
        fc.constantFrom("%20", "%25", "%C3%A9", "%00", "%7F", "%FF"),
      ),
      { minLength: 1, maxLength: 30 },
    ),
  )
  .map(([prefix, parts]) => `hdl:${prefix}/${parts.join("")}`)
  .filter((handle) => handle.length - handle.indexOf("/") - 1 <= 128);

const arc = fc.oneof(fc.nat({ max: 1000 }).map(String), fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String));
/** Valid OID arcs (at least two): first 0-2, second ≤ 39 under 0 and 1. */
export const oidArcs = fc
  .tuple(fc.constantFrom(0, 1, 2), fc.nat({ max: 39 }), fc.nat({ max: 5000 }), fc.array(arc, { maxLength: 8 }))
  .map(([first, second, secondUnder2, rest]) => [String(first), String(first === 2 ? secondUnder2 : second), ...rest].join("."))
  .filter((arcs) => arcs.length <= 256 - "urn:oid:".length);
export const oidCanonical = oidArcs.map((arcs) => `urn:oid:${arcs}`);
/** Canonical identifiers are at most 256 bytes. */
const fits = (text: string) => text.length <= 256;

const idchar = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") },
  { weight: 1, arbitrary: fc.constantFrom("%3A", "%2F", "%20", "%7E", "%C3%A9") },
);
const idSegment = (min: number) => fc.array(idchar, { minLength: min, maxLength: 12 }).map((chars) => chars.join(""));
/** Canonical DIDs per DID Core ABNF. */
export const didCanonical = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"), minLength: 1, maxLength: 8 }),
    fc.array(idSegment(0), { maxLength: 3 }),
    idSegment(1),
  )
  .map(([method, segments, last]) => `did:${method}:${[...segments, last].join(":")}`)
  .filter(fits);

/** Any canonical identifier of any scheme. */
export const canonicalIdentifier = fc.oneof(gs1Canonical, handleCanonical, oidCanonical, didCanonical);
