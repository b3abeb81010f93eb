import { expect } from "chai";
import { checkNamespacePrefix, isValidNamespacePrefix, namespaceCandidates, namespacePrefixProblem } from "../../core/index.js";

describe("identifiers: namespace candidates", () => {
  it("gs1: the subject's first 12 … 6 digits, most specific first", () => {
    expect(namespaceCandidates("gs1", "9506000134352")).to.deep.equal([
      "950600013435", "95060001343", "9506000134", "950600013", "95060001", "9506000", "950600",
    ]);
  });

  it("gs1: never longer than the subject and only all-digit prefixes", () => {
    expect(namespaceCandidates("gs1", "06141411")).to.deep.equal(["06141411", "0614141", "061414"]);
    expect(namespaceCandidates("gs1", "12345")).to.deep.equal([]);
    expect(namespaceCandidates("gs1", "1234567A9")).to.deep.equal(["1234567", "123456"]);
  });

  it("handle: the prefix, then each dotted parent", () => {
    expect(namespaceCandidates("handle", "88.118.8")).to.deep.equal(["88.118.8", "88.118", "88"]);
    expect(namespaceCandidates("handle", "10.1000")).to.deep.equal(["10.1000", "10"]);
  });

  it("oid: the arcs, then each shorter whole-arc prefix down to one arc", () => {
    expect(namespaceCandidates("oid", "1.3.6.1.4.1.343.5")).to.deep.equal([
      "1.3.6.1.4.1.343.5", "1.3.6.1.4.1.343", "1.3.6.1.4.1", "1.3.6.1.4", "1.3.6.1", "1.3.6", "1.3", "1",
    ]);
  });

  it("oid: at most the first 32 arcs, however many the subject has (an OID namespace has no more)", () => {
    const arcs = Array.from({ length: 124 }, (_, i) => String(i % 40)).join(".");
    const candidates = namespaceCandidates("oid", arcs);
    expect(candidates).to.have.length(32);
    expect(candidates[0]).to.equal(arcs.split(".").slice(0, 32).join("."));
    expect(candidates.at(-1)).to.equal("0");
  });

  it("did: the method", () => {
    expect(namespaceCandidates("did", "web")).to.deep.equal(["web"]);
  });
});

describe("identifiers: namespace prefixes", () => {
  const valid: [Parameters<typeof isValidNamespacePrefix>[0], string][] = [
    ["gs1", "950600"], ["gs1", "9506000"], ["gs1", "950600013435"],
    ["handle", "88"], ["handle", "88.118"], ["handle", "20.500.12345"], ["handle", "ncstrl.vatech_cs"],
    ["did", "web"], ["did", "example"], ["did", "a".repeat(64)],
    ["oid", "1"], ["oid", "2"], ["oid", "1.3.6.1.4.1.343"], ["oid", "2.999"], ["oid", Array.from({ length: 32 }, () => "1").join(".")],
  ];
  const invalid: [Parameters<typeof isValidNamespacePrefix>[0], string, string][] = [
    ["gs1", "95060", "has 5 digits, expected 6 to 12"],
    ["gs1", "9506000134352", "has 13 digits, expected 6 to 12"],
    ["gs1", "95O6000", "must contain only digits"],
    ["handle", "88..118", "has an empty segment"],
    ["handle", "88.118/x", "is not allowed"],
    ["handle", "88.ABC", "must be lower case"],
    ["handle", "", "must not be empty"],
    ["oid", "1.3.06", "has a leading zero"],
    ["oid", "3", "first OID arc 3 must be 0, 1 or 2"],
    ["oid", "1.40", "second OID arc 40 exceeds 39 under arc 1"],
    ["oid", "urn:oid:1.3", "is not a decimal number"],
    ["oid", "", "has an empty arc"],
    ["oid", Array.from({ length: 33 }, () => "1").join("."), "has 33 arcs, at most 32"],
    ["did", "Web", "a DID method name"],
    ["did", "we-b", "a DID method name"],
    ["did", "a".repeat(65), "a DID method name"],
  ];
  for (const [scheme, prefix] of valid) {
    it(`${scheme} ${prefix} may be registered`, () => {
      expect(isValidNamespacePrefix(scheme, prefix)).to.equal(true);
      expect(checkNamespacePrefix(scheme, prefix)).to.deep.equal({ ok: true });
      expect(namespacePrefixProblem(scheme, prefix)).to.equal(undefined);
    });
  }
  for (const [scheme, prefix, reason] of invalid) {
    it(`${scheme} ${JSON.stringify(prefix)} may not: ${reason}`, () => {
      expect(isValidNamespacePrefix(scheme, prefix)).to.equal(false);
      expect(namespacePrefixProblem(scheme, prefix)).to.include(reason);
    });
  }
});
