/** The FactProof statement: what the chaincode writes, ethers' ABI coder reads the same; strict decoding. */
import { expect } from "chai";
import { AbiCoder } from "ethers";
import { decodeStatement, encodeStatement, keccakHex, STATEMENT_DOMAIN, type FactStatement } from "../../core/interop/statement.js";

const statement: FactStatement = {
  channelHash: keccakHex("twinledger"),
  factType: "ReceivableState",
  subject: keccakHex("fingerprint"),
  value: `0x${"00".repeat(31)}05`,
  chainId: 31337n,
  consumer: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
  nonce: `0x${"ab".repeat(32)}`,
  notBefore: 1_799_999_400n,
  expiry: 1_800_000_000n,
};
const TYPES = ["bytes32", "bytes32", "uint8", "bytes32", "bytes32", "uint256", "address", "bytes32", "uint64", "uint64"];

describe("interop: FactProof statement", () => {
  it("is exactly abi.encode of its ten fields, as Solidity's abi.decode reads it", () => {
    const expected = AbiCoder.defaultAbiCoder().encode(TYPES, [
      STATEMENT_DOMAIN, statement.channelHash, 3, statement.subject, statement.value, statement.chainId, statement.consumer, statement.nonce, statement.notBefore, statement.expiry,
    ]);
    expect(`0x${Buffer.from(encodeStatement(statement)).toString("hex")}`).to.equal(expected);
  });

  it("decodes what it encodes", () => {
    expect(decodeStatement(encodeStatement(statement))).to.deep.equal(statement);
  });

  it("refuses another length, another domain, an unknown fact type, a dirty address word, times over 64 bits", () => {
    const bytes = Buffer.from(encodeStatement(statement));
    expect(() => decodeStatement(bytes.subarray(1))).to.throw(/320 bytes/);
    const mutate = (offset: number, byte: number) => {
      const copy = Buffer.from(bytes);
      copy[offset] = byte;
      return copy;
    };
    expect(() => decodeStatement(mutate(0, 0x54))).to.throw(/not a twinledger.fact.v1/);
    expect(() => decodeStatement(mutate(2 * 32 + 31, 9))).to.throw(/unknown fact type 9/);
    expect(() => decodeStatement(mutate(6 * 32, 1))).to.throw(/not an address word/);
    expect(() => decodeStatement(mutate(8 * 32, 1))).to.throw(/notBefore: out of range/);
    expect(() => decodeStatement(mutate(9 * 32, 1))).to.throw(/expiry: out of range/);
  });

  it("refuses to encode uppercase hex or an out-of-range field", () => {
    expect(() => encodeStatement({ ...statement, nonce: statement.nonce.toUpperCase().replace("0X", "0x") })).to.throw(/lowercase hex/);
    expect(() => encodeStatement({ ...statement, expiry: 1n << 64n })).to.throw(/uint64/);
  });
});
