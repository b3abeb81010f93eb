import { expect } from "chai";
import { identifierKey, invoiceFingerprint } from "../../core/index.js";

// Expected values computed independently (Python hashlib over the same bytes).
describe("core: identifier keys and invoice fingerprints", () => {
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

  it("an invoice fingerprint is sha256 of the canonical JSON of its canonical fields", () => {
    const fields = {
      sellerTaxId: "DE123456789",
      debtorTaxId: "FR12345678901",
      invoiceNumber: "INV-2026-0042",
      issueDate: "2026-11-02",
      amount: "1250000",
      currency: "EUR",
    };
    expect(invoiceFingerprint(fields)).to.equal("0x948e228d0132c6b033ec02ac01c7877ebfc37657a738a3785f20a69a22260545");
  });

  it("the same invoice written with other spacing and case has the same fingerprint", () => {
    const a = { sellerTaxId: "DE123456789", debtorTaxId: "FR12345678901", invoiceNumber: "INV-2026-0042", issueDate: "2026-11-02", amount: "1250000", currency: "EUR" };
    const b = { sellerTaxId: "de 123 456 789", debtorTaxId: " fr12345678901", invoiceNumber: "inv-2026-0042 ", issueDate: "2026-11-02", amount: "1250000", currency: "eur" };
    expect(invoiceFingerprint(b)).to.equal(invoiceFingerprint(a));
  });

  it("an invoice with a malformed date, amount or currency has no fingerprint", () => {
    const base = { sellerTaxId: "DE1", debtorTaxId: "FR1", invoiceNumber: "1", issueDate: "2026-11-02", amount: "100", currency: "EUR" };
    expect(() => invoiceFingerprint({ ...base, issueDate: "02.11.2026" })).to.throw(RangeError, /issueDate/);
    expect(() => invoiceFingerprint({ ...base, amount: "12.50" })).to.throw(RangeError, /amount/);
    expect(() => invoiceFingerprint({ ...base, currency: "EURO" })).to.throw(RangeError, /currency/);
    expect(() => invoiceFingerprint({ ...base, invoiceNumber: "  " })).to.throw(RangeError, /invoiceNumber/);
  });
});
