import { expect } from "chai";
import fc from "fast-check";
import { canonicalize, LedgerError, parseCanonical } from "../../core/index.js";
import {
  canonicalIdentifier, cset82, didCanonical, gln, gs1Canonical, gs1ElementString, graiDigits, gtin14, gtinAnyLength,
  handleCanonical, handleInput, oidArcs, PROPERTY_RUNS, sscc,
} from "./arbitraries.js";

const runs = { numRuns: PROPERTY_RUNS };

/** canonicalize(input) is a fixed point, accepted by parseCanonical with the same key. */
function assertCanonicalises(input: string): void {
  const result = canonicalize(input);
  expect(canonicalize(result.canonical)).to.deep.equal(result);
  const parsed = parseCanonical(result.canonical);
  expect(parsed.canonical).to.equal(result.canonical);
  expect(parsed.key).to.equal(result.key);
  expect(parsed.scheme).to.equal(result.scheme);
}

function rejects(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (error) {
    return error instanceof LedgerError && error.code === "IdentifierInvalid";
  }
}

describe("identifiers: properties (fast-check)", () => {
  it("every canonical form is accepted by parseCanonical and is a fixed point of canonicalize", () => {
    fc.assert(
      fc.property(canonicalIdentifier, (canonical) => {
        expect(parseCanonical(canonical).canonical).to.equal(canonical);
        expect(canonicalize(canonical).canonical).to.equal(canonical);
      }),
      runs,
    );
  });

  it("GS1: Digital Link, element string and plain GTIN inputs canonicalise idempotently", () => {
    fc.assert(fc.property(gs1Canonical, (uri) => assertCanonicalises(uri.replace("https://id.gs1.org", "https://example.com/p"))), runs);
    fc.assert(fc.property(gs1ElementString, assertCanonicalises), runs);
    fc.assert(fc.property(gtinAnyLength, assertCanonicalises), runs);
  });

  it("GS1: an EPC pure identity URI with any company prefix length gives the element string's canonical form", () => {
    const escape = (value: string) => value.replace(/["%&/<>?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    fc.assert(
      fc.property(gtin14, fc.integer({ min: 6, max: 12 }), cset82(1, 20), (gtin, prefixLength, serial) => {
        const companyPrefix = gtin.slice(1, 1 + prefixLength);
        const itemReference = `${gtin[0]}${gtin.slice(1 + prefixLength, 13)}`;
        const epc = canonicalize(`urn:epc:id:sgtin:${companyPrefix}.${itemReference}.${escape(serial)}`);
        expect(epc).to.deep.equal(canonicalize(`(01)${gtin}(21)${serial}`));
      }),
      runs,
    );
  });

  it("Handles, OIDs and DIDs canonicalise idempotently", () => {
    fc.assert(fc.property(handleInput, assertCanonicalises), runs);
    fc.assert(fc.property(handleCanonical, assertCanonicalises), runs);
    fc.assert(fc.property(oidArcs, fc.constantFrom("", "oid:", "urn:oid:", "URN:OID:"), (arcs, prefix) => assertCanonicalises(`${prefix}${arcs}`)), runs);
    fc.assert(fc.property(didCanonical, assertCanonicalises), runs);
  });

  it("Handles differing only in ASCII case share one key", () => {
    fc.assert(
      fc.property(handleCanonical, (canonical) => {
        const upper = canonical.replace(/^hdl:([^/]*)\/(.*)$/, (_m, prefix: string, suffix: string) => `hdl:${prefix}/${suffix.toUpperCase()}`);
        expect(parseCanonical(upper).key).to.equal(parseCanonical(canonical).key);
      }),
      runs,
    );
  });

  it("changing any single digit of a GTIN, SSCC, GLN or GRAI is rejected by canonicalize and parseCanonical", () => {
    const keys = fc.oneof(
      gtin14.map((digits) => ({ ai: "01", digits, suffix: "" })),
      sscc.map((digits) => ({ ai: "00", digits, suffix: "" })),
      gln.map((digits) => ({ ai: "414", digits, suffix: "" })),
      fc.tuple(graiDigits, fc.constantFrom("", "A1")).map(([digits, suffix]) => ({ ai: "8003", digits, suffix })),
    );
    fc.assert(
      fc.property(keys, fc.nat(), fc.integer({ min: 1, max: 9 }), ({ ai, digits, suffix }, at, delta) => {
        const position = at % digits.length;
        const changed = `${digits.slice(0, position)}${(Number(digits[position]) + delta) % 10}${digits.slice(position + 1)}`;
        expect(rejects(() => canonicalize(`(${ai})${changed}${suffix}`)), `(${ai})${changed}`).to.equal(true);
        expect(rejects(() => parseCanonical(`https://id.gs1.org/${ai}/${changed}${suffix}`)), changed).to.equal(true);
        // …while the unchanged key is accepted by both.
        expect(parseCanonical(canonicalize(`(${ai})${digits}${suffix}`).canonical).canonical).to.equal(`https://id.gs1.org/${ai}/${digits}${suffix}`);
      }),
      runs,
    );
  });
});
