/**
 * clients/evm/log-range.ts against a fake provider: every eth_getLogs the EVM client makes is
 * bounded to `maxBlockRange` blocks, retried on transient failures, and narrowed when the
 * provider finds a window too large — and the logs are those of one unbounded eth_getLogs.
 *
 *   npx hardhat test mocha --no-compile test/evm/log-range.test.ts
 */
import { expect } from "chai";
import { makeError } from "ethers";
import { classifyLogError, createLogFetcher, getLogsInRange } from "../../clients/evm/log-range.js";
import { CONTRACT, FakeChain, refuseRangesOver, refuseResultsOver, span } from "./fake-chain.js";

const ALL = { address: [CONTRACT] };

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}
const fast = { logRetryDelayMs: 0 };

describe("EVM log ranges (clients/evm/log-range.ts)", () => {
  it("splits [fromBlock, toBlock] into consecutive windows of at most maxBlockRange blocks", async () => {
    const chain = new FakeChain(1_000);
    await getLogsInRange(chain, ALL, 10, 999, { maxBlockRange: 100 });
    expect(chain.calls.every((call) => span(call) <= 100)).to.equal(true);
    expect(chain.calls[0].fromBlock).to.equal(10);
    expect(chain.calls.at(-1)!.toBlock).to.equal(999);
    chain.calls.slice(1).forEach((call, index) => expect(call.fromBlock).to.equal(chain.calls[index].toBlock + 1));
  });

  it("gives the same logs as one unbounded eth_getLogs, in the same order", async () => {
    const chain = new FakeChain(1_000, (n) => n % 4);
    expect(await getLogsInRange(chain, ALL, 0, 999, { maxBlockRange: 7 })).to.deep.equal(chain.allLogs(0, 999, [CONTRACT]));
  });

  it("completes on a provider that refuses ranges over N blocks, with the logs of an unbounded fetch", async () => {
    const chain = new FakeChain(12_000);
    chain.refuse = refuseRangesOver(2_000);
    const logs = await getLogsInRange(chain, ALL, 0, 11_999, fast); // default maxBlockRange: 5,000
    expect(logs).to.deep.equal(chain.allLogs(0, 11_999, [CONTRACT]));
  });

  it("halves a window the provider finds too large and continues from the same block", async () => {
    const chain = new FakeChain(64);
    chain.refuse = refuseRangesOver(16);
    await getLogsInRange(chain, ALL, 0, 63, { ...fast, maxBlockRange: 64 });
    expect(chain.calls.slice(0, 4).map(span)).to.deep.equal([64, 32, 16, 16]);
    expect(chain.calls.slice(0, 3).every((call) => call.fromBlock === 0)).to.equal(true);
  });

  it("halves on 'query returned more than 10000 results' (-32005) and returns every log", async () => {
    const chain = new FakeChain(3_000, (n) => (n < 1_000 ? 12 : 1)); // a dense stretch, then a sparse one
    chain.refuse = refuseResultsOver(10_000);
    const logs = await getLogsInRange(chain, ALL, 0, 2_999, { ...fast, maxBlockRange: 3_000 });
    expect(logs).to.deep.equal(chain.allLogs(0, 2_999, [CONTRACT]));
    expect(chain.calls.filter((call) => span(call) === 3_000)).to.have.length(1, "the refused full range, once");
  });

  it("narrows to the range the provider suggests in its refusal", async () => {
    const chain = new FakeChain(100);
    chain.refuse = (call) => {
      if (span(call) > 10) throw makeError("could not coalesce error", "UNKNOWN_ERROR", { error: { code: -32602, message: `Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters, this block range should work: [0x${call.fromBlock.toString(16)}, 0x${(call.fromBlock + 9).toString(16)}]` } });
    };
    const logs = await getLogsInRange(chain, ALL, 0, 99, { ...fast, maxBlockRange: 100 });
    expect(logs).to.deep.equal(chain.allLogs(0, 99, [CONTRACT]));
    expect(chain.calls.map(span)).to.deep.equal([100, ...Array(10).fill(10)]);
  });

  it("fails, naming the block, when the provider refuses even a one-block window", async () => {
    const chain = new FakeChain(10);
    chain.refuse = refuseResultsOver(0);
    expect((await rejection(getLogsInRange(chain, ALL, 1, 9, fast))).message).to.match(/even for the single block 1$/);
  });

  it("retries a window that failed for a transient reason, then succeeds", async () => {
    const chain = new FakeChain(50);
    const failures = [makeError("request timeout", "TIMEOUT"), makeError("server response 429", "SERVER_ERROR", { response: { statusCode: 429 } } as never)];
    chain.refuse = () => {
      const failure = failures.shift();
      if (failure) throw failure;
    };
    expect(await getLogsInRange(chain, ALL, 0, 49, fast)).to.deep.equal(chain.allLogs(0, 49, [CONTRACT]));
    expect(chain.calls.map(span)).to.deep.equal([50, 50, 50], "the same window, three times");
  });

  it("waits longer before each retry (exponential backoff)", async () => {
    const chain = new FakeChain(5);
    const at: number[] = [];
    chain.refuse = () => {
      at.push(Date.now());
      if (at.length <= 3) throw makeError("could not coalesce error", "UNKNOWN_ERROR", { error: { code: -32005, message: "project ID request rate exceeded" } });
    };
    await getLogsInRange(chain, ALL, 0, 4, { logRetryDelayMs: 20 });
    const gaps = at.slice(1).map((time, index) => time - at[index]);
    expect(gaps[0]).to.be.at.least(18);
    expect(gaps[1]).to.be.at.least(38);
    expect(gaps[2]).to.be.at.least(78);
  });

  it("gives up after logRetries retries of one window, with the provider's error", async () => {
    const chain = new FakeChain(5);
    chain.refuse = () => {
      throw makeError("network error", "NETWORK_ERROR", { event: "ECONNRESET" } as never);
    };
    expect((await rejection(getLogsInRange(chain, ALL, 0, 4, { ...fast, logRetries: 2 }))).message).to.match(/network error/);
    expect(chain.calls).to.have.length(3);
  });

  it("does not retry an error that is neither transient nor about the range", async () => {
    const chain = new FakeChain(5);
    chain.refuse = () => {
      throw makeError("could not coalesce error", "UNKNOWN_ERROR", { error: { code: -32602, message: "invalid argument 0: hex string has odd length" } });
    };
    expect((await rejection(getLogsInRange(chain, ALL, 0, 4, fast))).message).to.match(/odd length/);
    expect(chain.calls).to.have.length(1);
  });

  it("keeps the window a provider accepted for the later calls of the same fetcher", async () => {
    const chain = new FakeChain(200);
    chain.refuse = refuseRangesOver(25);
    const fetchLogs = createLogFetcher(chain, { ...fast, maxBlockRange: 100 });
    await fetchLogs(ALL, 0, 99);
    const first = chain.calls.length;
    await fetchLogs(ALL, 100, 199);
    expect(chain.calls.slice(first).map(span)).to.deep.equal([25, 25, 25, 25]);
  });

  it("rejects a maxBlockRange that is not a positive integer", () => {
    expect(() => createLogFetcher(new FakeChain(1), { maxBlockRange: 0 })).to.throw(RangeError, /maxBlockRange/);
  });

  it("tells the providers' refusals of a range from their transient failures", () => {
    const rpc = (code: number, message: string) => makeError("could not coalesce error", "UNKNOWN_ERROR", { error: { code, message } });
    const cases: [unknown, string][] = [
      [rpc(-32005, "query returned more than 10000 results"), "too-large"], // Infura
      [rpc(-32602, "Log response size exceeded. this block range should work: [0x1, 0x2]"), "too-large"], // Alchemy
      [rpc(-32000, "exceed maximum block range: 5000"), "too-large"], // BSC, Ankr
      [rpc(-32000, "block range is too wide"), "too-large"],
      [rpc(-32602, "eth_getLogs is limited to a 10,000 range"), "too-large"], // QuickNode
      [rpc(-32000, "query timeout exceeded"), "too-large"],
      [rpc(-32005, "limit exceeded"), "transient"],
      [rpc(-32005, "daily request count exceeded, request rate limited"), "transient"],
      [rpc(-32000, "header not found"), "transient"], // a load-balanced node behind the head
      [rpc(-32000, "block range extends beyond current head block"), "transient"],
      [makeError("timeout", "TIMEOUT"), "transient"],
      [makeError("server response 503", "SERVER_ERROR"), "transient"],
      [new Error("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8545"), { code: "ECONNREFUSED" }) }), "transient"],
      [rpc(-32602, "invalid argument 1: hex number with leading zero digits"), "fatal"],
      [new Error("the contracts are not connected to a provider"), "fatal"],
    ];
    for (const [error, kind] of cases) expect(classifyLogError(error), String((error as Error).message)).to.equal(kind);
  });
});
