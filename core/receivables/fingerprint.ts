/**
 * The invoice fingerprint: the key of the double-financing guard (PRIMITIVES.md §4).
 * Two financiers that cannot see each other's books must compute the same fingerprint for
 * the same invoice however it was written, and different invoices must never share one.
 * The rules are in core/spec/RECEIVABLES.md §1.1; in short:
 *
 *   canonicalInvoice(input)  the six fields in canonical form (or LedgerError InvalidArgument)
 *   encodeInvoice(canonical) "twinledger:invoice:v1" and the six fields, each as
 *                            uint32-BE byte length ‖ UTF-8 bytes
 *   invoiceFingerprint(input) "0x" + hex(sha256(encodeInvoice(canonicalInvoice(input))))
 *
 * Every canonical field is printable ASCII, so the encoding is the same in every language
 * and under every Unicode version; anything the rules cannot fold safely is rejected, never
 * guessed.
 */
import { createHash } from "node:crypto";
import { LedgerError } from "../spec/errors.js";
import { isWellFormedText, MAX_AMOUNT } from "../spec/rules.js";

/** The first component of every encoding: names the hash's purpose and its rule version. */
export const INVOICE_FINGERPRINT_DOMAIN = "twinledger:invoice:v1";

/** An invoice as written: every field a string; the amount in major or in minor units. */
export interface InvoiceInput {
  /** The seller's tax id with its country prefix, e.g. "DE 123 456 789". */
  sellerTaxId: string;
  /** The debtor's (buyer's) tax id with its country prefix. */
  debtorTaxId: string;
  /** The invoice number as printed (EN 16931 BT-1), without labels such as "No.". */
  invoiceNumber: string;
  /** The issue date: YYYY-MM-DD, YYYYMMDD or an ISO 8601 date-time (its date as written). */
  issueDate: string;
  /** The invoice total in major units as a decimal string, e.g. "1234.50". Exactly one of amount, amountMinor. */
  amount?: string;
  /** The invoice total in minor units as an integer string, e.g. "123450". Exactly one of amount, amountMinor. */
  amountMinor?: string;
  /** ISO 4217 alpha-3, any case. */
  currency: string;
}

/** The canonical invoice: the exact strings the fingerprint is computed over, in encoding order. */
export interface CanonicalInvoice {
  sellerTaxId: string;
  debtorTaxId: string;
  invoiceNumber: string;
  issueDate: string;
  amountMinor: string;
  currency: string;
}

/** The encoding order of the canonical fields (after the domain tag). */
export const CANONICAL_INVOICE_FIELDS = ["sellerTaxId", "debtorTaxId", "invoiceNumber", "issueDate", "amountMinor", "currency"] as const;

const INPUT_FIELDS: readonly string[] = ["sellerTaxId", "debtorTaxId", "invoiceNumber", "issueDate", "amount", "amountMinor", "currency"];

/**
 * ISO 4217 minor-unit exponents of the currencies an invoice may be written in: the
 * current list A.1 codes that have a minor unit (funds codes such as CLF and UYW included;
 * precious metals, XDR and other "N.A." codes excluded). A currency not in this table has
 * no fingerprint: guessing its exponent could make "1.000" 1000 or 1 minor units.
 */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  AED: 2, AFN: 2, ALL: 2, AMD: 2, ANG: 2, AOA: 2, ARS: 2, AUD: 2, AWG: 2, AZN: 2,
  BAM: 2, BBD: 2, BDT: 2, BGN: 2, BHD: 3, BIF: 0, BMD: 2, BND: 2, BOB: 2, BOV: 2,
  BRL: 2, BSD: 2, BTN: 2, BWP: 2, BYN: 2, BZD: 2,
  CAD: 2, CDF: 2, CHE: 2, CHF: 2, CHW: 2, CLF: 4, CLP: 0, CNY: 2, COP: 2, COU: 2,
  CRC: 2, CUP: 2, CVE: 2, CZK: 2,
  DJF: 0, DKK: 2, DOP: 2, DZD: 2,
  EGP: 2, ERN: 2, ETB: 2, EUR: 2,
  FJD: 2, FKP: 2,
  GBP: 2, GEL: 2, GHS: 2, GIP: 2, GMD: 2, GNF: 0, GTQ: 2, GYD: 2,
  HKD: 2, HNL: 2, HTG: 2, HUF: 2,
  IDR: 2, ILS: 2, INR: 2, IQD: 3, IRR: 2, ISK: 0,
  JMD: 2, JOD: 3, JPY: 0,
  KES: 2, KGS: 2, KHR: 2, KMF: 0, KPW: 2, KRW: 0, KWD: 3, KYD: 2, KZT: 2,
  LAK: 2, LBP: 2, LKR: 2, LRD: 2, LSL: 2, LYD: 3,
  MAD: 2, MDL: 2, MGA: 2, MKD: 2, MMK: 2, MNT: 2, MOP: 2, MRU: 2, MUR: 2, MVR: 2,
  MWK: 2, MXN: 2, MXV: 2, MYR: 2, MZN: 2,
  NAD: 2, NGN: 2, NIO: 2, NOK: 2, NPR: 2, NZD: 2,
  OMR: 3,
  PAB: 2, PEN: 2, PGK: 2, PHP: 2, PKR: 2, PLN: 2, PYG: 0,
  QAR: 2,
  RON: 2, RSD: 2, RUB: 2, RWF: 0,
  SAR: 2, SBD: 2, SCR: 2, SDG: 2, SEK: 2, SGD: 2, SHP: 2, SLE: 2, SOS: 2, SRD: 2,
  SSP: 2, STN: 2, SVC: 2, SYP: 2, SZL: 2,
  THB: 2, TJS: 2, TMT: 2, TND: 3, TOP: 2, TRY: 2, TTD: 2, TWD: 2, TZS: 2,
  UAH: 2, UGX: 0, USD: 2, USN: 2, UYI: 0, UYU: 2, UYW: 4, UZS: 2,
  VED: 2, VES: 2, VND: 0, VUV: 0,
  WST: 2,
  XAF: 0, XCD: 2, XCG: 2, XOF: 0, XPF: 0,
  YER: 2,
  ZAR: 2, ZMW: 2, ZWG: 2,
});

/**
 * The country prefixes a tax id may carry: ISO 3166-1 alpha-2 (all 249 assigned codes),
 * XK (Kosovo, user-assigned but universal) and EU (the EU VAT non-union OSS scheme,
 * "EU372000041").
 */
export const TAX_ID_COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
    "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
    "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
    "UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK EU"
  ).split(" "),
);

/**
 * Prefixes that name the same tax registration as an ISO code and are folded into it:
 * EL is Greece in EU VAT numbers (ISO GR); XI is a UK VAT number used for Northern Ireland
 * (the same registration as GB); UK is ISO's exceptionally reserved code for GB.
 */
export const TAX_ID_PREFIX_ALIASES: Readonly<Record<string, string>> = Object.freeze({ EL: "GR", XI: "GB", UK: "GB" });

/** Longest canonical tax id (country code included) and invoice number, in characters. */
export const MAX_TAX_ID_LENGTH = 32;
export const MAX_INVOICE_NUMBER_LENGTH = 64;
/** Issue years outside this range are rejected (a typo such as 0226, or a two-digit year). */
export const MIN_ISSUE_YEAR = 1900;

/**
 * Whitespace, exactly ECMAScript's WhiteSpace and LineTerminator (what String.prototype.trim
 * and \s match): U+0009–U+000D, U+0020, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000, U+FEFF.
 */
const WHITESPACE = "\\u0009-\\u000D\\u0020\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";
const EDGE_WHITESPACE = new RegExp(`^[${WHITESPACE}]+|[${WHITESPACE}]+$`, "g");
/** Dropped inside tax ids and invoice numbers: whitespace and the separators . - / _ */
const IGNORED = new RegExp(`[${WHITESPACE}./_-]`, "g");

function fail(field: string, problem: string): never {
  throw new LedgerError("InvalidArgument", `${field} ${problem}`);
}

const show = (value: string) => JSON.stringify(value);

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

const asciiUpper = (value: string) => value.replace(/[a-z]/g, (letter) => letter.toUpperCase());

/** A field's text: a well-formed string, NFC-normalised, surrounding whitespace removed. */
function text(field: string, value: unknown): string {
  if (value === undefined) fail(field, "is missing");
  if (typeof value !== "string") fail(field, `must be a string, got ${value === null ? "null" : typeof value}`);
  if (!isWellFormedText(value)) fail(field, "is not well-formed Unicode (a lone surrogate)");
  return value.normalize("NFC").replace(EDGE_WHITESPACE, "");
}

/** Whitespace and separators dropped; then only ASCII letters and digits may remain. */
function compactAlphanumeric(field: string, value: string, what: string): string {
  const compact = value.replace(IGNORED, "");
  if (compact === "") fail(field, `is empty${value === "" ? "" : " once whitespace and the separators . - / _ are removed"}`);
  const stray = [...compact].find((char) => !/^[A-Za-z0-9]$/.test(char));
  if (stray !== undefined) {
    fail(field, `${show(value)} contains ${show(stray)} (${codePoint(stray)}): ${what} may contain only ASCII letters and digits, whitespace and the separators . - / _`);
  }
  return asciiUpper(compact);
}

function taxId(field: "sellerTaxId" | "debtorTaxId", value: unknown): string {
  const written = text(field, value);
  const compact = compactAlphanumeric(field, written, "a tax id");
  if (!/^[A-Z]{2}/.test(compact)) {
    fail(field, `${show(written)} does not begin with a two-letter country code (write e.g. DE123456789): without it the number could be another country's taxpayer`);
  }
  const prefix = compact.slice(0, 2);
  const country = TAX_ID_PREFIX_ALIASES[prefix] ?? prefix;
  if (!TAX_ID_COUNTRY_CODES.has(country)) fail(field, `${show(written)} begins with ${prefix}, which is not an ISO 3166-1 alpha-2 country code`);
  const number = compact.slice(2);
  if (!/[0-9]/.test(number)) fail(field, `${show(written)} has no digit after its country code ${prefix}: a tax id, not a name, is needed`);
  const canonical = country + number;
  if (canonical.length > MAX_TAX_ID_LENGTH) fail(field, `is longer than ${MAX_TAX_ID_LENGTH} characters once compacted`);
  return canonical;
}

function invoiceNumber(value: unknown): string {
  const written = text("invoiceNumber", value);
  let canonical = compactAlphanumeric("invoiceNumber", written, "an invoice number");
  // An all-digit number is a number: spreadsheets and integer columns drop its leading zeros.
  if (/^[0-9]+$/.test(canonical)) canonical = canonical.replace(/^0+(?=[0-9])/, "");
  if (canonical.length > MAX_INVOICE_NUMBER_LENGTH) fail("invoiceNumber", `is longer than ${MAX_INVOICE_NUMBER_LENGTH} characters once compacted`);
  return canonical;
}

const OFFSET_EXTENDED = "(?:[Zz]|[+-](\\d{2})(?::(\\d{2}))?)";
const OFFSET_BASIC = "(?:[Zz]|[+-](\\d{2})(\\d{2})?)";
const FRACTION = "(?:[.,]\\d{1,9})?";
/** Calendar date [offset] | date-time [offset], in the extended or the basic format (not mixed). */
const DATE_FORMS: readonly RegExp[] = [
  new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})${OFFSET_EXTENDED}?$`),
  /^(\d{4})(\d{2})(\d{2})$/,
  new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})${FRACTION})?${OFFSET_EXTENDED}?$`),
  new RegExp(`^(\\d{4})(\\d{2})(\\d{2})[Tt](\\d{2})(\\d{2})(?:(\\d{2})${FRACTION})?${OFFSET_BASIC}?$`),
];

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function issueDate(value: unknown): string {
  const written = text("issueDate", value);
  const form = DATE_FORMS.map((pattern) => pattern.exec(written)).find((match) => match !== null);
  if (!form) {
    fail("issueDate", `${show(written)} is not an ISO 8601 calendar date: write YYYY-MM-DD, YYYYMMDD or a date-time such as 2026-11-02T10:00:00+01:00`);
  }
  // Groups: year, month, day, then for date forms the offset, for date-time forms
  // hour, minute, second, offset hours, offset minutes (absent groups are undefined).
  const [, yearText, monthText, dayText, ...rest] = form;
  const [year, month, day] = [yearText, monthText, dayText].map(Number);
  const isDateTime = form.length > 6;
  const [hour, minute, second, offsetHours, offsetMinutes] = isDateTime ? rest : [undefined, undefined, undefined, ...rest];
  if (year < MIN_ISSUE_YEAR) fail("issueDate", `${show(written)} has year ${yearText}, before ${MIN_ISSUE_YEAR}`);
  if (month < 1 || month > 12) fail("issueDate", `${show(written)} has month ${monthText}, not 01–12`);
  if (day < 1 || day > daysInMonth(year, month)) {
    fail("issueDate", `${show(written)} is not a calendar date: ${yearText}-${monthText} has ${daysInMonth(year, month)} days`);
  }
  if (Number(hour ?? 0) > 23 || Number(minute ?? 0) > 59 || Number(second ?? 0) > 60) fail("issueDate", `${show(written)} has an impossible time of day`);
  if (Number(offsetHours ?? 0) > 23 || Number(offsetMinutes ?? 0) > 59) fail("issueDate", `${show(written)} has an impossible UTC offset`);
  // The calendar date as written: the date the invoice bears, never shifted to UTC.
  return `${yearText}-${monthText}-${dayText}`;
}

function currency(value: unknown): string {
  const written = text("currency", value);
  if (!/^[A-Za-z]{3}$/.test(written)) fail("currency", `${show(written)} is not an ISO 4217 alpha-3 code`);
  const code = asciiUpper(written);
  if (CURRENCY_MINOR_UNITS[code] === undefined) {
    fail("currency", `${show(written)} is not an ISO 4217 currency with a minor unit (see CURRENCY_MINOR_UNITS)`);
  }
  return code;
}

function withinRange(field: string, written: string, minor: bigint): string {
  if (minor > MAX_AMOUNT) fail(field, `${show(written)} exceeds 2^256 - 1 minor units`);
  return minor.toString();
}

function amountProblem(written: string): string {
  if (/^[+-]/.test(written)) return "must not carry a sign";
  if (/[eE]/.test(written) || /^0[xXoObB]/.test(written)) return "must be plain decimal digits (no exponent, no hex)";
  if (/[,'\u00A0\u202F\u2009 _]/.test(written) || /\..*\./.test(written)) {
    return "contains a thousands separator or a decimal comma: write digits with at most one '.' as the decimal point, e.g. 1234.50";
  }
  return "is not a decimal number of major units (digits, optionally '.' and more digits)";
}

/** Minor units from a major-unit decimal string: never rounded, never locale-guessed. */
function amountMajor(value: unknown, code: string): string {
  const written = text("amount", value);
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(written);
  if (!match) fail("amount", `${show(written)} ${amountProblem(written)}`);
  const [, whole, fraction = ""] = match;
  const exponent = CURRENCY_MINOR_UNITS[code];
  if (/[1-9]/.test(fraction.slice(exponent))) {
    fail("amount", `${show(written)} has more decimals than ${code}'s ${exponent} (amounts are never rounded)`);
  }
  return withinRange("amount", written, BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, "0")));
}

function amountMinor(value: unknown): string {
  const written = text("amountMinor", value);
  if (!/^[0-9]+$/.test(written)) fail("amountMinor", `${show(written)} is not an integer number of minor units (digits only)`);
  return withinRange("amountMinor", written, BigInt(written));
}

/**
 * The canonical form of an invoice (RECEIVABLES.md §1.1). Throws
 * `LedgerError("InvalidArgument", "<field> …")` naming the first field that breaks a rule.
 * A canonical invoice is a fixed point: canonicalInvoice(canonicalInvoice(x)) equals it.
 */
export function canonicalInvoice(input: InvoiceInput): CanonicalInvoice {
  if (input === null || typeof input !== "object" || Array.isArray(input)) fail("invoice", "must be an object of invoice fields");
  for (const key of Object.keys(input)) {
    if (!INPUT_FIELDS.includes(key)) fail(key, `is not an invoice field (${INPUT_FIELDS.join(", ")})`);
  }
  const sellerTaxId = taxId("sellerTaxId", input.sellerTaxId);
  const debtorTaxId = taxId("debtorTaxId", input.debtorTaxId);
  const number = invoiceNumber(input.invoiceNumber);
  const date = issueDate(input.issueDate);
  const code = currency(input.currency);
  if ((input.amount === undefined) === (input.amountMinor === undefined)) {
    fail("amount", 'needs exactly one of amount (major units, e.g. "1234.50") and amountMinor (minor units, e.g. "123450")');
  }
  const minor = input.amount !== undefined ? amountMajor(input.amount, code) : amountMinor(input.amountMinor);
  return { sellerTaxId, debtorTaxId, invoiceNumber: number, issueDate: date, amountMinor: minor, currency: code };
}

function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length, false);
  out.set(bytes, 4);
  return out;
}

/**
 * The bytes the fingerprint hashes: the domain tag and the six canonical fields in
 * CANONICAL_INVOICE_FIELDS order, each written as its UTF-8 byte length (uint32,
 * big-endian) followed by those bytes. Rejects an invoice that is not canonical.
 */
export function encodeInvoice(canonical: CanonicalInvoice): Uint8Array {
  const again = canonicalInvoice(canonical);
  for (const field of CANONICAL_INVOICE_FIELDS) {
    if (again[field] !== canonical[field]) fail(field, `${show(canonical[field])} is not canonical (its canonical form is ${show(again[field])})`);
  }
  const encoder = new TextEncoder();
  const parts = [INVOICE_FINGERPRINT_DOMAIN, ...CANONICAL_INVOICE_FIELDS.map((field) => canonical[field])].map((part) =>
    lengthPrefixed(encoder.encode(part)),
  );
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The inverse of encodeInvoice: rejects any byte string encodeInvoice cannot produce. */
export function decodeInvoice(bytes: Uint8Array): CanonicalInvoice {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const parts: string[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) fail("encoding", `is truncated inside a length prefix at byte ${offset}`);
    const length = view.getUint32(offset, false);
    if (offset + 4 + length > bytes.length) fail("encoding", `is truncated: component ${parts.length} needs ${length} bytes at byte ${offset + 4}`);
    try {
      parts.push(decoder.decode(bytes.subarray(offset + 4, offset + 4 + length)));
    } catch {
      fail("encoding", `component ${parts.length} is not UTF-8`);
    }
    offset += 4 + length;
  }
  if (parts[0] !== INVOICE_FINGERPRINT_DOMAIN) fail("encoding", `does not begin with the domain tag ${show(INVOICE_FINGERPRINT_DOMAIN)}`);
  if (parts.length !== 1 + CANONICAL_INVOICE_FIELDS.length) fail("encoding", `has ${parts.length - 1} fields, not ${CANONICAL_INVOICE_FIELDS.length}`);
  const decoded = Object.fromEntries(CANONICAL_INVOICE_FIELDS.map((field, index) => [field, parts[index + 1]])) as unknown as CanonicalInvoice;
  encodeInvoice(decoded); // canonical, or rejected
  return decoded;
}

/** sha256 of bytes as `0x` + 64 lowercase hex digits (a bytes32 on every platform). */
function sha256Bytes(bytes: Uint8Array): string {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

/** The fingerprint of an invoice: `0x` + hex(sha256(encodeInvoice(canonicalInvoice(input)))). */
export function invoiceFingerprint(input: InvoiceInput): string {
  const canonical = canonicalInvoice(input);
  return sha256Bytes(encodeInvoice(canonical));
}
