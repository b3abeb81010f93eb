/** How the CLI reads an operation's arguments: identifiers canonicalised and hashes lowered, each change said. */
import { expect } from "chai";
import { convertArguments } from "../../scripts/cli/operations.js";

const H = `0x${"ab".repeat(32)}`;

describe("cli: operation arguments", () => {
  it("an identifier in another form is sent canonical, and the change is said once", () => {
    const notices: string[] = [];
    const [assetId, identifier] = convertArguments("bindIdentifier", ["M-1", "urn:epc:id:sgtin:9506000.013435.ABC"], (line) => notices.push(line));
    expect([assetId, identifier]).to.deep.equal(["M-1", "https://id.gs1.org/01/09506000134352/21/ABC"]);
    expect(notices).to.deep.equal(['twinledger: bindIdentifier: canonicalIdentifier "urn:epc:id:sgtin:9506000.013435.ABC" canonicalised to https://id.gs1.org/01/09506000134352/21/ABC']);
  });

  it("a canonical identifier, or one no reader recognises, is sent as given, silently", () => {
    const notices: string[] = [];
    expect(convertArguments("resolveIdentifier", ["https://id.gs1.org/01/09506000134352/21/ABC"], (line) => notices.push(line))).to.deep.equal([
      "https://id.gs1.org/01/09506000134352/21/ABC",
    ]);
    expect(convertArguments("resolveIdentifier", ["no such form"], (line) => notices.push(line))).to.deep.equal(["no such form"]);
    expect(notices).to.deep.equal([]);
  });

  it("a certificate subject that is an asset id stays an asset id", () => {
    const args = convertArguments("listCertificates", ["M-1", "10", ""]);
    expect(args).to.deep.equal(["M-1", 10, ""]);
  });

  it("a hash in upper case is lowered, saying so", () => {
    const notices: string[] = [];
    const [, , hash] = convertArguments("registerAsset", ["M-1", "machine", H.toUpperCase().replace("0X", "0x"), ""], (line) => notices.push(line));
    expect(hash).to.equal(H);
    expect(notices).to.have.length(1);
    expect(notices[0]).to.include("written in lower case").and.include(H);
  });

  it("a hash without 0x is a usage error with the corrected value as a hint", () => {
    expect(() => convertArguments("registerAsset", ["M-1", "machine", "AB".repeat(32), ""])).to.throw(`metadataHash must start with 0x: did you mean ${H}?`);
  });
});
