/**
 * The kept logs' topic index (clients/evm/kept-logs.ts) selects what eth_getLogs would: the
 * same logs as a plain filter over all of them, in chain order, for any address, topics and
 * block range.
 */
import { expect } from "chai";
import fc from "fast-check";
import type { Log } from "ethers";
import { KeptLogs, matchesTopics, type TopicPositions } from "../../clients/evm/kept-logs.js";

const ADDRESSES = ["0x00000000000000000000000000000000000000c1", "0x00000000000000000000000000000000000000c2"];
const TOPICS = ["0x01", "0x02", "0x03"].map((t) => `0x${t.slice(2).padStart(64, "0")}`);

/** Logs in chain order: per block, a few logs of either contract with 0–3 topics each. */
const chainLogs = fc
  .array(fc.array(fc.record({ address: fc.constantFrom(...ADDRESSES), topics: fc.array(fc.constantFrom(...TOPICS), { maxLength: 3 }) }), { maxLength: 4 }), { maxLength: 30 })
  .map((blocks) =>
    blocks.flatMap((logs, blockNumber) => logs.map(({ address, topics }, index) => ({ address, topics, blockNumber, index, transactionHash: `${blockNumber}/${index}` }) as unknown as Log)),
  );
const positions: fc.Arbitrary<TopicPositions> = fc.array(fc.option(fc.uniqueArray(fc.constantFrom(...TOPICS), { minLength: 1, maxLength: 2 }), { nil: null }), { maxLength: 3 });

describe("EVM kept logs (clients/evm/kept-logs.ts)", () => {
  it("selects the same logs as filtering all of them, in chain order, for any address, topics and block range", () => {
    fc.assert(
      fc.property(chainLogs, fc.constantFrom(...ADDRESSES), positions, fc.integer({ min: -1, max: 31 }), fc.integer({ min: -1, max: 31 }), (logs, address, topics, low, high) => {
        const expected = logs.filter((log) => log.address === address && log.blockNumber >= low && log.blockNumber <= high && matchesTopics(log, topics));
        expect(KeptLogs.of(logs).select(address, topics, low, high).map((log) => log.transactionHash)).to.deep.equal(expected.map((log) => log.transactionHash));
      }),
      { numRuns: 300 },
    );
  });

  it("gives a log appended later to a selection whose range covers it, and not to one that ends before it", () => {
    const kept = KeptLogs.of([{ address: ADDRESSES[0], topics: [TOPICS[0]], blockNumber: 1, index: 0, transactionHash: "a" } as unknown as Log]);
    kept.append({ address: ADDRESSES[0], topics: [TOPICS[0]], blockNumber: 2, index: 0, transactionHash: "b" } as unknown as Log);
    expect(kept.select(ADDRESSES[0], [[TOPICS[0]]], 0, 2).map((log) => log.transactionHash)).to.deep.equal(["a", "b"]);
    expect(kept.select(ADDRESSES[0], [[TOPICS[0]]], 0, 1).map((log) => log.transactionHash)).to.deep.equal(["a"]);
  });
});
