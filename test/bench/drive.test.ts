import { expect } from "chai";
import { driveRow, percentile, spread } from "../../scripts/bench/workload/drive.js";
import { PRODUCTION_BATCHING, TEST_BATCHING, batchTimeoutMs, describeBatchSettings, sameBatchSettings } from "../../network/fabric/batch-settings.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("bench: driving a throughput row", () => {
  it("stops at the transaction cap and never has more than `concurrency` in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const row = await driveRow({ concurrency: 4, transactions: 20, seconds: Infinity, minTransactions: 0 }, async () => {
      most = Math.max(most, ++inFlight);
      await pause(2);
      inFlight -= 1;
    });
    expect(row.transactions).to.equal(20);
    expect(most).to.equal(4);
  });

  it("stops at the time limit once minTransactions are done", async () => {
    const row = await driveRow({ concurrency: 1, transactions: 10_000, seconds: 0.05, minTransactions: 3 }, () => pause(10));
    expect(row.transactions).to.be.within(3, 8);
  });

  it("uses no more records than the step before it left", async () => {
    const row = await driveRow({ concurrency: 8, transactions: 100, seconds: Infinity, minTransactions: 0, available: 5 }, () => pause(1));
    expect(row.transactions).to.equal(5);
  });

  it("counts failures apart, keeps the first message, and lists the indices that succeeded", async () => {
    const row = await driveRow({ concurrency: 2, transactions: 6, seconds: Infinity, minTransactions: 0 }, async (index) => {
      await pause(1);
      if (index % 3 === 1) throw new Error(`refused ${index}`);
    });
    expect(row.transactions).to.equal(4);
    expect(row.failures).to.equal(2);
    expect(row.firstFailure).to.match(/^refused [14]$/);
    expect(row.succeeded).to.deep.equal([0, 2, 3, 5]);
  });

  it("takes percentiles by rank and the spread as a share of the mean", () => {
    const sorted = Array.from({ length: 100 }, (_unused, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99)]).to.deep.equal([50, 95, 99]);
    expect(spread([90, 100, 110])).to.deep.equal({ mean: 100, spread: 0.2 });
  });
});

describe("bench: the orderer's batch settings", () => {
  it("reads Go durations as milliseconds", () => {
    expect([batchTimeoutMs(TEST_BATCHING), batchTimeoutMs(PRODUCTION_BATCHING), batchTimeoutMs({ ...TEST_BATCHING, timeout: "1.5s" })]).to.deep.equal([250, 2_000, 1_500]);
    expect(() => batchTimeoutMs({ ...TEST_BATCHING, timeout: "soon" })).to.throw(/unrecognised batch timeout soon/);
  });

  it("compares every field and describes them in units", () => {
    expect(sameBatchSettings(TEST_BATCHING, { ...TEST_BATCHING })).to.equal(true);
    expect(sameBatchSettings(TEST_BATCHING, { ...TEST_BATCHING, maxMessageCount: 11 })).to.equal(false);
    expect(describeBatchSettings(PRODUCTION_BATCHING)).to.equal("BatchTimeout 2s, MaxMessageCount 500, PreferredMaxBytes 2048 KiB, AbsoluteMaxBytes 10 MiB");
  });
});
