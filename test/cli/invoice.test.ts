/**
 * `twinledger invoice fingerprint` as a user runs it (a subprocess): one JSON document on
 * stdout, exit 0; an invoice the rules reject, {"error":{code,message}} and exit 1; wrong
 * options, usage on stderr and exit 2.
 */
import { expect } from "chai";
import { jsonOf, runCli } from "./run-cli.js";

// The reference invoice of test/vectors/receivables/fingerprints.json (class A).
const FINGERPRINT = "0x1b62e7b8e170db6278330b3160a05187ccf488c426fd93f44bd43d9b79985899";
const CANONICAL = {
  sellerTaxId: "DE123456789",
  debtorTaxId: "FR12345678901",
  invoiceNumber: "INV20260042",
  issueDate: "2026-11-02",
  amountMinor: "1250000",
  currency: "EUR",
};
const invoice = (overrides: Record<string, string> = {}) =>
  Object.entries({ seller: "DE 123 456 789", debtor: "fr12345678901", number: "INV-2026-0042", date: "2026-11-02", amount: "12500.00", currency: "eur", ...overrides })
    .flatMap(([name, value]) => [`--${name}`, value]);

describe("cli: twinledger invoice fingerprint (subprocess)", function () {
  this.timeout(120_000);

  it("prints the canonical invoice and its fingerprint and exits 0", async () => {
    const result = await runCli(["invoice", "fingerprint", ...invoice()]);
    expect(result.status, result.stderr).to.equal(0);
    expect(jsonOf(result)).to.deep.equal({ canonical: CANONICAL, fingerprint: FINGERPRINT });
  });

  it("the same invoice written another way (minor units, basic date, --name=value) has the same fingerprint", async () => {
    const result = await runCli([
      "invoice", "fingerprint", "--seller=de-123.456.789", "--debtor", "FR 12 345678901", "--number", "inv 2026 0042",
      "--date", "2026-11-02T00:30:00+01:00", "--amount-minor", "001250000", "--currency", "EUR",
    ]);
    expect(result.status, result.stderr).to.equal(0);
    expect(jsonOf(result)).to.deep.equal({ canonical: CANONICAL, fingerprint: FINGERPRINT });
  });

  it("an invalid invoice prints the error as JSON on stdout and exits 1", async () => {
    const result = await runCli(["invoice", "fingerprint", ...invoice({ amount: "12,500.00" })]);
    expect(result.status).to.equal(1);
    const { error } = jsonOf(result) as { error: { code: string; message: string } };
    expect(error.code).to.equal("InvalidArgument");
    expect(error.message).to.match(/^amount "12,500.00" contains a thousands separator/);
  });

  it("missing or unknown options, or both amounts, print usage on stderr and exit 2", async () => {
    const cases: [string[], string][] = [
      [["invoice", "fingerprint", "--seller", "DE123456789"], "missing --debtor, --number, --date, --currency"],
      [["invoice", "fingerprint", ...invoice(), "--amount-minor", "1250000"], "give exactly one of --amount and --amount-minor"],
      [["invoice", "fingerprint", ...invoice(), "--due", "2026-12-02"], "unknown option --due"],
      [["invoice", "fingerprint", ...invoice(), "--currency", "USD"], "--currency given twice"],
      [["invoice", "fingerprint", ...invoice(), "--number"], "--number needs a value"],
      [["invoice", "hash"], 'unknown subcommand "hash"'],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    for (const [index, [, message]] of cases.entries()) {
      const result = results[index];
      expect(result.status, result.stderr).to.equal(2);
      expect(result.stdout).to.equal("");
      expect(result.stderr).to.include(message).and.include("usage: twinledger invoice fingerprint");
    }
  });
});
