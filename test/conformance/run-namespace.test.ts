/** The run namespace that lets the conformance cases run on a shared deployment. */
import { expect } from "chai";
import { identifierKey, isId, ZERO_HASH } from "../../core/index.js";
import { RunNamespace } from "./run-namespace.js";
import { hashOf } from "./harness.js";

describe("conformance: the run namespace of a shared deployment", () => {
  it("a valid id gets the test's tag in front, and reads back as written", () => {
    const namespace = new RunNamespace("k3x9p.7.");
    const named = namespace.name("M-1");
    expect(named).to.equal("k3x9p.7.M-1");
    expect(namespace.restore({ id: named, assetIds: [named], nested: { owner: "0xabc" } })).to.deep.equal({ id: "M-1", assetIds: ["M-1"], nested: { owner: "0xabc" } });
  });

  it("an id at the maximum length stays at the maximum length, inside the namespace", () => {
    const namespace = new RunNamespace("k3x9p.7.");
    const longest = "Az09._:-".repeat(8);
    const named = namespace.name(longest);
    expect(named).to.have.length(64);
    expect(isId(named) && named.startsWith("k3x9p.7.")).to.equal(true);
    expect(namespace.restore(named)).to.equal(longest);
  });

  it("a value the spec refuses is passed on unchanged, so the ledger refuses it the same way", () => {
    const namespace = new RunNamespace("k3x9p.7.");
    for (const bad of ["", "x".repeat(65), "M 1", "Mé"]) expect(namespace.name(bad)).to.equal(bad);
    expect(namespace.fingerprint(ZERO_HASH)).to.equal(ZERO_HASH);
    expect(namespace.fingerprint("0xABC")).to.equal("0xABC");
  });

  it("the same fingerprint in two tests' namespaces is two different fingerprints", () => {
    const invoice = hashOf("invoice INV-1");
    const first = new RunNamespace("k3x9p.1.").fingerprint(invoice);
    const second = new RunNamespace("k3x9p.2.").fingerprint(invoice);
    expect(first).to.match(/^0x[0-9a-f]{64}$/);
    expect(first).to.not.equal(second);
    expect(first).to.not.equal(invoice);
  });

  it("a ledger error's message names the values as the case wrote them", () => {
    const namespace = new RunNamespace("k3x9p.7.");
    namespace.name("M-1");
    namespace.name("M-10");
    expect(namespace.restoreText("asset k3x9p.7.M-10 and k3x9p.7.M-1 exist")).to.equal("asset M-10 and M-1 exist");
  });

  it("two values that would meet in the namespace are refused, not silently merged", () => {
    const namespace = new RunNamespace("k3x9p.7.");
    const a = `AAAAAAAA${"x".repeat(56)}`;
    const b = `BBBBBBBB${"x".repeat(56)}`;
    namespace.name(a);
    expect(() => namespace.name(b)).to.throw(/maps both/);
  });

  it("only stored values carrying the tag belong to the test", () => {
    const namespace = new RunNamespace("k3x9p.7.");
    expect(namespace.owns("k3x9p.7.M-1")).to.equal(true);
    expect(namespace.owns("k3x9p.70.M-1")).to.equal(false);
    expect(namespace.owns("M-1")).to.equal(false);
  });
  it("a Handle or OID prefix gets the test's segment after its first, keeping which prefix is inside which", () => {
    const namespace = new RunNamespace("k3x9p.7.");
    expect(namespace.prefix("handle", "88.118")).to.equal("88.k3x9p-7.118");
    expect(namespace.prefix("handle", "88.118.8")).to.equal("88.k3x9p-7.118.8");
    const arc = namespace.prefix("oid", "1.3.6.1.4.1.343").split(".")[2];
    expect(arc).to.match(/^[1-9][0-9]*$/);
    expect(namespace.prefix("oid", "1.3.6.1.4.1.343.5")).to.equal(`1.3.${arc}.6.1.4.1.343.5`);
    expect(new RunNamespace("k3x9p.8.").prefix("oid", "1.3.6")).to.not.equal(`1.3.${arc}.6`);
  });

  it("a Handle or OID identifier moves with its prefix, and its key reads back as the original's", () => {
    const namespace = new RunNamespace("k3x9p.7.");
    const handle = namespace.identifier("hdl:88.118.8/ABC-001");
    expect(handle).to.equal("hdl:88.k3x9p-7.118.8/ABC-001");
    expect(namespace.restore({ canonical: handle, key: identifierKey("handle", handle) })).to.deep.equal({
      canonical: "hdl:88.118.8/ABC-001",
      key: identifierKey("handle", "hdl:88.118.8/ABC-001"),
    });
    expect(namespace.identifier("urn:oid:1.3.6.1.4.1.343.5")).to.match(/^urn:oid:1\.3\.[0-9]+\.6\.1\.4\.1\.343\.5$/);
  });

  it("GS1 and DID values, and malformed prefixes, are left as they are", () => {
    const namespace = new RunNamespace("k3x9p.7.");
    expect(namespace.prefix("gs1", "9506000")).to.equal("9506000");
    expect(namespace.prefix("handle", "88..118")).to.equal("88..118");
    expect(namespace.identifier("https://id.gs1.org/01/09506000134352/21/ABC")).to.equal("https://id.gs1.org/01/09506000134352/21/ABC");
    expect(namespace.identifier("not an identifier")).to.equal("not an identifier");
  });
});
