/**
 * The contracts use no instruction newer than the EVM version they are built for
 * (TWINLEDGER_EVM_VERSION, hardhat.config.ts): a chain on an older fork would deploy them
 * and then revert at the first such instruction. Runs in `npm test` on the default build
 * and in `npm run test:evm-london` on the oldest one.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { EVM_VERSION } from "../../hardhat.config.js";
import { TWINLEDGER_CONTRACTS } from "../../clients/evm/deployment.js";

const FORKS = ["london", "shanghai", "cancun", "prague", "osaka"] as const;

/** Instructions after London, with the fork that brought each. */
const NEWER_INSTRUCTIONS: Record<number, { name: string; fork: (typeof FORKS)[number] }> = {
  0x5f: { name: "PUSH0", fork: "shanghai" },
  0x5c: { name: "TLOAD", fork: "cancun" },
  0x5d: { name: "TSTORE", fork: "cancun" },
  0x5e: { name: "MCOPY", fork: "cancun" },
  0x49: { name: "BLOBHASH", fork: "cancun" },
  0x4a: { name: "BLOBBASEFEE", fork: "cancun" },
  0x1e: { name: "CLZ", fork: "osaka" },
};

/** The instructions of runtime code, without PUSH data and without the CBOR metadata at its end. */
function instructionsOf(bytecode: string): number[] {
  const code = Buffer.from(bytecode.slice(2), "hex");
  const end = code.length - 2 - code.readUInt16BE(code.length - 2);
  const ops: number[] = [];
  for (let i = 0; i < end; i++) {
    ops.push(code[i]);
    if (code[i] >= 0x60 && code[i] <= 0x7f) i += code[i] - 0x5f;
  }
  return ops;
}

describe(`EVM version: the ${EVM_VERSION} build`, () => {
  const allowed = new Set(FORKS.slice(0, FORKS.indexOf(EVM_VERSION as (typeof FORKS)[number]) + 1));

  it("is one of the supported versions", () => {
    expect(FORKS).to.include(EVM_VERSION);
  });

  for (const contract of TWINLEDGER_CONTRACTS) {
    it(`${contract} uses no instruction newer than ${EVM_VERSION}, and fits the 24,576-byte limit`, () => {
      const artifact = JSON.parse(readFileSync(`artifacts/contracts/${contract}.sol/${contract}.json`, "utf8")) as { deployedBytecode: string };
      const newer = instructionsOf(artifact.deployedBytecode)
        .map((op) => NEWER_INSTRUCTIONS[op])
        .filter((instruction) => instruction !== undefined && !allowed.has(instruction.fork))
        .map((instruction) => `${instruction.name} (${instruction.fork})`);
      expect([...new Set(newer)]).to.deep.equal([]);
      expect((artifact.deployedBytecode.length - 2) / 2).to.be.at.most(24_576);
    });
  }
});
