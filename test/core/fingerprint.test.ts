/**
 * The invoice fingerprint (core/receivables/fingerprint.ts, RECEIVABLES.md §1.1):
 * the golden vectors (fingerprints computed independently with Python hashlib), then
 * fast-check properties — every allowed rewriting of an invoice keeps its fingerprint,
 * every change of a canonical field changes it, and the encoding is injective.
 */
import { expect } from "chai";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  CANONICAL_INVOICE_FIELDS, CURRENCY_MINOR_UNITS, HASH_PATTERN, LedgerError, TAX_ID_COUNTRY_CODES, canonicalInvoice,
  decodeInvoice, encodeInvoice, invoiceFingerprint,
} from "../../core/index.js";
import type { CanonicalInvoice, InvoiceInput } from "../../core/index.js";
import { PROPERTY_RUNS } from "../identifiers/arbitraries.js";

interface ValidVector {
  description: string;
  source: string;
  class: string;
  input: InvoiceInput;
  canonical: CanonicalInvoice;
  fingerprint: string;
}

interface InvalidVector {
  description: string;
  source: string;
  input: Record<string, unknown>;
  /** The field the rejection names: its reason begins with it. */
  error: string;
  /** A fragment of the reason. */
  reason: string;
}

const { valid, invalid } = JSON.parse(readFileSync(new URL("../vectors/receivables/fingerprints.json", import.meta.url), "utf8")) as {
  valid: ValidVector[];
  invalid: InvalidVector[];
};

function rejection(run: () => unknown): LedgerError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(LedgerError);
    expect((error as LedgerError).code).to.equal("InvalidArgument");
    return error as LedgerError;
  }
  expect.fail("expected an InvalidArgument rejection");
}

/** The documented encoding, written again here (not imported), and its sha256. */
function expectedFingerprint(canonical: CanonicalInvoice): string {
  const parts = ["twinledger:invoice:v1", canonical.sellerTaxId, canonical.debtorTaxId, canonical.invoiceNumber, canonical.issueDate, canonical.amountMinor, canonical.currency];
  const hash = createHash("sha256");
  for (const part of parts) {
    const bytes = Buffer.from(part, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  }
  return `0x${hash.digest("hex")}`;
}

describe("receivables: invoice fingerprint golden vectors", () => {
  it("has at least 40 valid and 20 invalid vectors, each with a description and a source", () => {
    expect(valid.length).to.be.at.least(40);
    expect(invalid.length).to.be.at.least(20);
    for (const vector of [...valid, ...invalid]) {
      expect(vector.description).to.be.a("string").and.not.equal("");
      expect(vector.source, vector.description).to.be.a("string").and.not.equal("");
    }
    for (const vector of valid) expect(vector.fingerprint, vector.description).to.match(HASH_PATTERN);
  });

  for (const vector of valid) {
    it(`${vector.class}: ${vector.description}`, () => {
      const canonical = canonicalInvoice(vector.input);
      expect(canonical).to.deep.equal(vector.canonical);
      expect(invoiceFingerprint(vector.input)).to.equal(vector.fingerprint);
      // A canonical invoice is a fixed point and survives its encoding.
      expect(canonicalInvoice(canonical)).to.deep.equal(canonical);
      expect(decodeInvoice(encodeInvoice(canonical))).to.deep.equal(canonical);
    });
  }

  it("vectors of one class share one fingerprint; different classes never do", () => {
    const byClass = new Map<string, Set<string>>();
    for (const vector of valid) byClass.set(vector.class, (byClass.get(vector.class) ?? new Set()).add(vector.fingerprint));
    for (const [name, fingerprints] of byClass) expect(fingerprints.size, name).to.equal(1);
    const fingerprints = [...byClass.values()].map((set) => [...set][0]);
    expect(new Set(fingerprints).size).to.equal(byClass.size);
    expect(byClass.size).to.be.at.least(10);
  });

  for (const vector of invalid) {
    it(`rejects ${vector.description} (${vector.error})`, () => {
      const { reason } = rejection(() => canonicalInvoice(vector.input as unknown as InvoiceInput));
      expect(reason.startsWith(`${vector.error} `), reason).to.equal(true);
      expect(reason).to.include(vector.reason);
      rejection(() => invoiceFingerprint(vector.input as unknown as InvoiceInput));
    });
  }

  it("encodeInvoice refuses a form that is not canonical, decodeInvoice bytes it could not have written", () => {
    const canonical = valid[0].canonical;
    expect(rejection(() => encodeInvoice({ ...canonical, sellerTaxId: "de123456789" })).reason).to.match(/^sellerTaxId .*not canonical/);
    expect(rejection(() => encodeInvoice({ ...canonical, amountMinor: "01250000" })).reason).to.match(/^amountMinor .*not canonical/);
    const bytes = encodeInvoice(canonical);
    rejection(() => decodeInvoice(bytes.subarray(0, bytes.length - 1)));
    rejection(() => decodeInvoice(new Uint8Array([...bytes, 0])));
    rejection(() => decodeInvoice(new Uint8Array([...bytes, 0, 0, 0, 0])));
    const otherDomain = Uint8Array.from(bytes);
    otherDomain[4 + "twinledger:invoice:".length + 1] = "2".charCodeAt(0);
    expect(rejection(() => decodeInvoice(otherDomain)).reason).to.include("domain tag");
  });
});

// ---------------------------------------------------------------------------------------
// Arbitraries of canonical invoices, written without core's rules.

const runs = { numRuns: PROPERTY_RUNS };
const MAX_UINT256 = 2n ** 256n - 1n;
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });

const country = fc.constantFrom(...TAX_ID_COUNTRY_CODES);
/** Country code, then 1–30 letters and digits with at least one digit. */
const taxId = fc
  .tuple(country, chars(UPPER + DIGITS, 0, 14), chars(DIGITS, 1, 1), chars(UPPER + DIGITS, 0, 15))
  .map((parts) => parts.join(""));
const stripNumericZeros = (number: string) => (/^[0-9]+$/.test(number) ? number.replace(/^0+(?=[0-9])/, "") : number);
const invoiceNumber = fc.oneof(chars(UPPER + DIGITS, 1, 64), chars(DIGITS, 1, 20)).map(stripNumericZeros);

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
const ymd = fc
  .tuple(fc.integer({ min: 1900, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .map(([year, month, day]) => [year, month, Math.min(day, daysIn(year, month))] as const);
const currency = fc.constantFrom(...Object.keys(CURRENCY_MINOR_UNITS));
const amountMinor = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: MAX_UINT256 }));

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

const canonicalInvoiceArb: fc.Arbitrary<CanonicalInvoice> = fc
  .record({ sellerTaxId: taxId, debtorTaxId: taxId, invoiceNumber, date: ymd, amount: amountMinor, currency })
  .map(({ date: [year, month, day], amount, ...rest }) => ({
    sellerTaxId: rest.sellerTaxId,
    debtorTaxId: rest.debtorTaxId,
    invoiceNumber: rest.invoiceNumber,
    issueDate: `${pad(year, 4)}-${pad(month)}-${pad(day)}`,
    amountMinor: amount.toString(),
    currency: rest.currency,
  }));

// ---------------------------------------------------------------------------------------
// Rewritings the rules allow: each keeps the invoice.

const edge = fc.constantFrom("", "", " ", "\t", "\n", "\u00a0", "\u3000", "\ufeff");
const separator = fc.constantFrom("", "", "", " ", "\u00a0", "\u2009", "\t", ".", "-", "/", "_", " - ", "./");

/** Any letter case, K as KELVIN SIGN (NFC folds it), whitespace and separators anywhere. */
function spelled(text: string): fc.Arbitrary<string> {
  const letters = [...text];
  return fc
    .tuple(
      edge,
      edge,
      fc.array(separator, { minLength: letters.length + 1, maxLength: letters.length + 1 }),
      fc.array(fc.constantFrom("upper", "lower", "kelvin"), { minLength: letters.length, maxLength: letters.length }),
    )
    .map(([lead, trail, separators, cases]) => {
      const spell = (letter: string, mode: string) =>
        letter === "K" && mode === "kelvin" ? "\u212a" : mode === "lower" ? letter.toLowerCase() : letter;
      return lead + letters.map((letter, i) => separators[i] + spell(letter, cases[i])).join("") + separators[letters.length] + trail;
    });
}

const ALIASES: Record<string, string[]> = { GR: ["EL"], GB: ["XI", "UK"] };
function spelledTaxId(canonical: string): fc.Arbitrary<string> {
  const prefixes = [canonical.slice(0, 2), ...(ALIASES[canonical.slice(0, 2)] ?? [])];
  return fc.constantFrom(...prefixes).chain((prefix) => spelled(prefix + canonical.slice(2)));
}

function spelledNumber(canonical: string): fc.Arbitrary<string> {
  if (!/^[0-9]+$/.test(canonical)) return spelled(canonical);
  return fc.integer({ min: 0, max: 3 }).chain((zeros) => spelled("0".repeat(zeros) + canonical));
}

function spelledDate(canonical: string): fc.Arbitrary<string> {
  const [year, month, day] = canonical.split("-");
  const basicDate = `${year}${month}${day}`;
  const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 60 }));
  const fraction = fc.oneof(fc.constant(""), chars(DIGITS, 1, 9).map((digits) => `.${digits}`));
  const offsetParts = fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));
  const offsetExtended = fc.oneof(fc.constantFrom("", "Z", "z"), offsetParts.map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`), offsetParts.map(([sign, h]) => `${sign}${pad(h)}`));
  const offsetBasic = fc.oneof(fc.constantFrom("", "Z"), offsetParts.map(([sign, h, m]) => `${sign}${pad(h)}${pad(m)}`));
  return fc.oneof(
    fc.constant(canonical),
    fc.constant(basicDate),
    offsetExtended.filter((offset) => offset !== "").map((offset) => canonical + offset),
    fc
      .tuple(fc.constantFrom("T", "t", " "), time, fc.boolean(), fraction, offsetExtended)
      .map(([t, [h, m, s], seconds, f, offset]) => `${canonical}${t}${pad(h)}:${pad(m)}${seconds ? `:${pad(s)}${f}` : ""}${offset}`),
    fc
      .tuple(time, fc.boolean(), fraction, offsetBasic)
      .map(([[h, m, s], seconds, f, offset]) => `${basicDate}T${pad(h)}${pad(m)}${seconds ? `${pad(s)}${f}` : ""}${offset}`),
  ).chain((date) => fc.tuple(edge, edge).map(([lead, trail]) => lead + date + trail));
}

/** amountMinor with leading zeros, or major units with the exponent's digits, fewer (trailing zeros cut) or more (zeros added). */
function spelledAmount(minor: string, code: string): fc.Arbitrary<Pick<InvoiceInput, "amount" | "amountMinor">> {
  const exponent = CURRENCY_MINOR_UNITS[code];
  const value = BigInt(minor);
  const whole = (value / 10n ** BigInt(exponent)).toString();
  const fraction = exponent === 0 ? "" : (value % 10n ** BigInt(exponent)).toString().padStart(exponent, "0");
  const zeros = fc.integer({ min: 0, max: 3 }).map((n) => "0".repeat(n));
  const major = fc.tuple(zeros, fc.boolean(), zeros).map(([lead, cut, extra]) => {
    const digits = (cut ? fraction.replace(/0+$/, "") : fraction) + extra;
    return { amount: `${lead}${whole}${digits === "" ? "" : `.${digits}`}` };
  });
  return fc.oneof(major, zeros.map((lead) => ({ amountMinor: lead + minor })));
}

function rewritten(canonical: CanonicalInvoice): fc.Arbitrary<InvoiceInput> {
  return fc
    .record({
      sellerTaxId: spelledTaxId(canonical.sellerTaxId),
      debtorTaxId: spelledTaxId(canonical.debtorTaxId),
      invoiceNumber: spelledNumber(canonical.invoiceNumber),
      issueDate: spelledDate(canonical.issueDate),
      amount: spelledAmount(canonical.amountMinor, canonical.currency),
      currency: fc.tuple(edge, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), edge).map(
        ([lead, lower, trail]) => lead + [...canonical.currency].map((letter, i) => (lower[i] ? letter.toLowerCase() : letter)).join("") + trail,
      ),
    })
    .map(({ amount, ...rest }) => ({ ...rest, ...amount }));
}

const invoiceAndRewriting = canonicalInvoiceArb.chain((canonical) => fc.tuple(fc.constant(canonical), rewritten(canonical)));

describe("receivables: invoice fingerprint properties (fast-check)", () => {
  it("every canonical invoice is a fixed point, and its fingerprint is sha256 of the documented encoding", () => {
    fc.assert(
      fc.property(canonicalInvoiceArb, (canonical) => {
        expect(canonicalInvoice(canonical)).to.deep.equal(canonical);
        expect(invoiceFingerprint(canonical)).to.equal(expectedFingerprint(canonical));
      }),
      runs,
    );
  });

  it("rewriting an invoice by the allowed variations never changes its canonical form or fingerprint", () => {
    fc.assert(
      fc.property(invoiceAndRewriting, ([canonical, input]) => {
        expect(canonicalInvoice(input), JSON.stringify(input)).to.deep.equal(canonical);
        expect(invoiceFingerprint(input)).to.equal(expectedFingerprint(canonical));
      }),
      runs,
    );
  });

  it("changing any one field's canonical value always changes the fingerprint", () => {
    fc.assert(
      fc.property(canonicalInvoiceArb, canonicalInvoiceArb, fc.constantFrom(...CANONICAL_INVOICE_FIELDS), (a, b, field) => {
        fc.pre(a[field] !== b[field]);
        const changed = { ...a, [field]: b[field] };
        expect(invoiceFingerprint(changed)).to.not.equal(invoiceFingerprint(a));
      }),
      runs,
    );
  });

  it("the encoding is injective: decodeInvoice(encodeInvoice(x)) = x, and every proper prefix or extension is rejected", () => {
    // A left inverse makes encodeInvoice injective; prefix-freeness means no field boundary can move.
    fc.assert(
      fc.property(canonicalInvoiceArb, fc.nat(), (canonical, cut) => {
        const bytes = encodeInvoice(canonical);
        expect(decodeInvoice(bytes)).to.deep.equal(canonical);
        rejection(() => decodeInvoice(bytes.subarray(0, cut % bytes.length)));
        rejection(() => decodeInvoice(new Uint8Array([...bytes, cut % 256])));
      }),
      runs,
    );
  });

  it("moving a field boundary (the same concatenated text) always gives another fingerprint", () => {
    const part = fc.tuple(country, chars(DIGITS, 1, 6)).map(([code, digits]) => code + digits);
    fc.assert(
      fc.property(canonicalInvoiceArb, part, part, part, (base, p1, p2, p3) => {
        // seller|debtor: p1 | p2p3 and p1p2 | p3 are both valid pairs of tax ids.
        const left = { ...base, sellerTaxId: p1, debtorTaxId: p2 + p3 };
        const right = { ...base, sellerTaxId: p1 + p2, debtorTaxId: p3 };
        expect(left.sellerTaxId + left.debtorTaxId).to.equal(right.sellerTaxId + right.debtorTaxId);
        expect(invoiceFingerprint(left)).to.not.equal(invoiceFingerprint(right));
      }),
      runs,
    );
    fc.assert(
      fc.property(canonicalInvoiceArb, part, chars(DIGITS, 1, 4), chars(UPPER + DIGITS, 1, 8), (base, debtor, moved, number) => {
        // debtor|number: moving digits from the number's head to the debtor's tail.
        const left = { ...base, debtorTaxId: debtor, invoiceNumber: moved + number };
        const right = { ...base, debtorTaxId: debtor + moved, invoiceNumber: number };
        fc.pre(canonicalInvoice(left).invoiceNumber === left.invoiceNumber && canonicalInvoice(right).invoiceNumber === right.invoiceNumber);
        expect(invoiceFingerprint(left)).to.not.equal(invoiceFingerprint(right));
      }),
      runs,
    );
  });
});
