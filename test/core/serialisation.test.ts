import { expect } from "chai";
import { canonicalJson, LedgerError, parseRejection } from "../../core/index.js";

describe("core: deterministic JSON and rejections", () => {
  it("canonicalJson sorts keys at every depth, whatever the insertion order", () => {
    const a = { b: 1, a: { d: [{ y: 1, x: 2 }], c: "z" } };
    const b = { a: { c: "z", d: [{ x: 2, y: 1 }] }, b: 1 };
    expect(canonicalJson(a)).to.equal('{"a":{"c":"z","d":[{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson(b)).to.equal(canonicalJson(a));
  });

  it("canonicalJson drops undefined members and refuses values JSON cannot carry exactly", () => {
    expect(canonicalJson({ a: undefined, b: null })).to.equal('{"b":null}');
    expect(() => canonicalJson({ n: Number.NaN })).to.throw(TypeError);
    expect(() => canonicalJson({ n: 1n })).to.throw(TypeError);
  });

  it("parseRejection finds the spec code inside a transport's own wording", () => {
    const text = "10 ABORTED: failed to endorse transaction, see attached details\nchaincode response 500, NotFound: asset 'M-1' does not exist";
    expect(parseRejection(text)).to.deep.equal({ code: "NotFound", message: "asset 'M-1' does not exist" });
  });

  it("parseRejection ignores words that are not spec codes", () => {
    expect(parseRejection("ABORTED: Error: something broke")).to.equal(undefined);
  });

  it("a LedgerError carries its code and shows it in its message", () => {
    const error = new LedgerError("Unauthorized", "alice does not own M-1");
    expect(error.code).to.equal("Unauthorized");
    expect(error.message).to.equal("Unauthorized: alice does not own M-1");
  });
});
