import { expect } from "chai";
import { identifierKey } from "../../core/index.js";

// Expected values computed independently (Python hashlib over the same bytes).
// Invoice fingerprints have their own encoding and tests: test/core/fingerprint.test.ts.
describe("core: identifier keys", () => {
  it("an identifier key is sha256 of the canonical form", () => {
    expect(identifierKey("gs1", "https://id.gs1.org/01/09506000134352/21/ABC")).to.equal(
      "0x6c1c2cd5015864a02a124896768261d797b94044372759a71a8754dfbfcf343e",
    );
  });

  it("a Handle's key folds ASCII case, so handles differing only by case share it", () => {
    const expected = "0x23ec50c8573e9ede0040d1ac749856c3ef404e5338d4a27b5f98c556a760c830";
    expect(identifierKey("handle", "hdl:88.118.8/ABC-001")).to.equal(expected);
    expect(identifierKey("handle", "hdl:88.118.8/abc-001")).to.equal(expected);
  });

  it("only Handles are case-folded: a GS1 serial's case is significant", () => {
    expect(identifierKey("gs1", "https://id.gs1.org/01/09506000134352/21/abc")).to.not.equal(
      identifierKey("gs1", "https://id.gs1.org/01/09506000134352/21/ABC"),
    );
  });
});
