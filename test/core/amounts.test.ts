/** The amount rule (core/spec/rules.ts): minor units as a decimal string, 0 … 2^256 − 1, one form each. */
import { expect } from "chai";
import { isAmount, MAX_AMOUNT } from "../../core/index.js";

describe("amounts: decimal strings of 0 … 2^256 − 1", () => {
  it("accepts 0, 1 and 2^256 − 1 (78 digits)", () => {
    for (const amount of ["0", "1", MAX_AMOUNT.toString()]) expect(isAmount(amount), amount).to.equal(true);
  });

  it("refuses 2^256, negative, fractional, exponent, hex, leading-zero, signed, spaced and non-numeric forms", () => {
    const refused = [(MAX_AMOUNT + 1n).toString(), "-1", "1.5", "1e3", "0x10", "01", "+1", " 1", "1 000", "", "abc", "１"];
    for (const amount of refused) expect(isAmount(amount), JSON.stringify(amount)).to.equal(false);
  });

  it("refuses values that are not strings, 2^53 as a number included", () => {
    for (const amount of [1, 2 ** 53, 10n, null]) expect(isAmount(amount), String(amount)).to.equal(false);
  });
});
