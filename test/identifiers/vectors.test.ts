import { expect } from "chai";
import { readFileSync } from "node:fs";
import { canonicalize, identifierKey, LedgerError, parseCanonical } from "../../core/index.js";
import type { IdentifierScheme } from "../../core/index.js";

interface GoldenVector {
  input: string;
  expected?: { scheme: IdentifierScheme; canonical: string };
  error?: string;
  source: string;
}

const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../vectors/identifiers/${name}`, import.meta.url), "utf8")) as T;

function rejection(run: () => unknown): LedgerError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(LedgerError);
    expect((error as LedgerError).code).to.equal("IdentifierInvalid");
    return error as LedgerError;
  }
  expect.fail("expected an IdentifierInvalid rejection");
}

for (const scheme of ["gs1", "handle", "oid", "did"] as const) {
  describe(`identifiers: golden vectors (${scheme})`, () => {
    const vectors = load<GoldenVector[]>(`${scheme}.json`);

    it("every vector names its source and either an expectation or an error", () => {
      for (const vector of vectors) {
        expect(vector.source, vector.input).to.be.a("string").and.not.equal("");
        expect(Number(vector.expected !== undefined) + Number(vector.error !== undefined), vector.input).to.equal(1);
        if (vector.expected) expect(vector.expected.scheme).to.equal(scheme);
      }
    });

    for (const vector of vectors) {
      if (vector.expected) {
        const { scheme: expectedScheme, canonical } = vector.expected;
        it(`canonicalize ${JSON.stringify(vector.input)} → ${canonical}`, () => {
          const result = canonicalize(vector.input);
          expect(result).to.deep.equal({ scheme: expectedScheme, canonical, key: identifierKey(expectedScheme, canonical) });
          const parsed = parseCanonical(canonical);
          expect(parsed.key).to.equal(result.key);
          expect(parsed.scheme).to.equal(expectedScheme);
        });
      } else {
        it(`canonicalize ${JSON.stringify(vector.input)} is rejected: ${vector.error}`, () => {
          expect(rejection(() => canonicalize(vector.input)).message).to.include(vector.error);
        });
      }
    }
  });
}

describe("identifiers: canonical vectors (shared with IdentifierSyntax.sol)", () => {
  const { valid, invalid } = load<{ valid: string[]; invalid: { canonical: string; reason: string }[] }>("canonical.json");

  for (const canonical of valid) {
    it(`accepts ${canonical}`, () => {
      const parsed = parseCanonical(canonical);
      expect(parsed.canonical).to.equal(canonical);
      expect(parsed.key).to.equal(identifierKey(parsed.scheme, canonical));
      // A canonical form is a fixed point of the canonicaliser.
      expect(canonicalize(canonical).canonical).to.equal(canonical);
    });
  }
  for (const { canonical, reason } of invalid) {
    it(`rejects ${JSON.stringify(canonical)} (${reason})`, () => {
      rejection(() => parseCanonical(canonical));
    });
  }
});

describe("identifiers: namespace subjects", () => {
  const cases: [string, string][] = [
    ["https://id.gs1.org/01/09506000134352/21/ABC", "9506000134352"],
    ["https://id.gs1.org/00/106141411234567897", "06141411234567897"],
    ["https://id.gs1.org/414/9520123456788/254/32a%2Fb", "9520123456788"],
    ["https://id.gs1.org/8003/09520123456788ABC", "9520123456788"],
    ["https://id.gs1.org/8004/061414112345ABC", "061414112345"],
    ["hdl:88.118.8/ABC-001", "88.118.8"],
    ["urn:oid:1.3.6.1.4.1.343.5", "1.3.6.1.4.1.343.5"],
    ["did:example:123456789abcdefghi", "example"],
  ];
  for (const [canonical, subject] of cases) {
    it(`${canonical} → ${JSON.stringify(subject)}`, () => {
      expect(parseCanonical(canonical).namespaceSubject).to.equal(subject);
    });
  }
});
