/**
 * clients/evm/log-index.ts (and the fold kept on it, log-fold.ts) against a fake provider: the
 * first read fetches from the deployment block, a later one only the new blocks; a changed
 * checkpoint hash (a reorg) refolds from the deployment block; `confirmations` keeps only deep
 * blocks; `indexFile` lets another process resume from the checkpoint.
 *
 *   npx hardhat test mocha --no-compile test/evm/log-index.test.ts
 */
import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Log } from "ethers";
import { EvmLogIndex, sharedLogIndex, type LogView } from "../../clients/evm/log-index.js";
import { KeptFold } from "../../clients/evm/log-fold.js";
import { CONTRACT, FakeChain, OTHER_CONTRACT, refuseRangesOver } from "./fake-chain.js";

const ADDRESSES = [CONTRACT, OTHER_CONTRACT];
const DEPLOYED = 5;
const newIndex = (chain: FakeChain, options = {}) => new EvmLogIndex(chain, ADDRESSES, DEPLOYED, { logRetryDelayMs: 0, ...options });

describe("EVM log index (clients/evm/log-index.ts)", () => {
  it("gives every log from the deployment block to the head, as an unbounded eth_getLogs would", async () => {
    const chain = new FakeChain(200);
    const view = await newIndex(chain, { maxBlockRange: 30 }).read();
    expect(view.head).to.equal(199);
    expect(view.logs).to.deep.equal(chain.allLogs(DEPLOYED));
  });

  it("completes its first read on a provider that refuses ranges over N blocks", async () => {
    const chain = new FakeChain(20_000);
    chain.refuse = refuseRangesOver(2_000);
    expect((await newIndex(chain).read()).logs).to.deep.equal(chain.allLogs(DEPLOYED));
  });

  it("issues no eth_getLogs for a second read when no block came since the first", async () => {
    const chain = new FakeChain(200);
    const index = newIndex(chain);
    const first = await index.read();
    const calls = chain.calls.length;
    expect(await index.read()).to.deep.include({ head: first.head, logs: first.logs });
    expect(chain.calls.length).to.equal(calls);
  });

  it("fetches only the new blocks for a read after new blocks, and still gives every log", async () => {
    const chain = new FakeChain(200);
    const index = newIndex(chain);
    await index.read();
    const calls = chain.calls.length;
    chain.mine(3);
    const view = await index.read();
    expect(chain.calls.slice(calls)).to.deep.equal([{ fromBlock: 200, toBlock: 202 }]);
    expect(view.logs).to.deep.equal(chain.allLogs(DEPLOYED));
  });

  it("serves an earlier start (getEvents(n)) from what it keeps", async () => {
    const chain = new FakeChain(100);
    const index = newIndex(chain);
    await index.read();
    const calls = chain.calls.length;
    expect((await index.read(60)).logs).to.deep.equal(chain.allLogs(60));
    expect(chain.calls.length).to.equal(calls);
  });

  it("fetches a later start (getEvents(n) on a fresh index) from that block only, and the earlier blocks when a read needs them", async () => {
    const chain = new FakeChain(100);
    const index = newIndex(chain);
    expect((await index.read(80)).logs).to.deep.equal(chain.allLogs(80));
    expect(chain.calls).to.deep.equal([{ fromBlock: 80, toBlock: 99 }]);
    expect((await index.read()).logs).to.deep.equal(chain.allLogs(DEPLOYED));
    expect(chain.calls.slice(1)).to.deep.equal([{ fromBlock: DEPLOYED, toBlock: 79 }]);
  });

  it("gives nothing, and sends nothing, for a start past the head", async () => {
    const chain = new FakeChain(10);
    expect((await newIndex(chain).read(50)).logs).to.deep.equal([]);
    expect(chain.calls).to.deep.equal([]);
  });

  it("refolds from the deployment block when the checkpoint block's hash changed (a reorg)", async () => {
    const chain = new FakeChain(100);
    const index = newIndex(chain);
    const before = await index.read();
    chain.reorg(90);
    const calls = chain.calls.length;
    const after = await index.read();
    expect(chain.calls[calls].fromBlock).to.equal(DEPLOYED);
    expect(after.generation).to.be.greaterThan(before.generation);
    expect(after.logs).to.deep.equal(chain.allLogs(DEPLOYED));
    expect(after.logs).not.to.deep.equal(before.logs);
  });

  it("with confirmations, keeps only blocks that deep and reads the newer ones on every read", async () => {
    const chain = new FakeChain(100);
    const index = newIndex(chain, { confirmations: 4 });
    const first = await index.read();
    expect(first.stable).to.equal(95);
    expect(first.logs).to.deep.equal(chain.allLogs(DEPLOYED), "the unconfirmed blocks are in the read");
    const calls = chain.calls.length;
    await index.read();
    expect(chain.calls.slice(calls)).to.deep.equal([{ fromBlock: 96, toBlock: 99 }]);
  });

  it("with confirmations, sees a reorg of the unconfirmed blocks without refolding", async () => {
    const chain = new FakeChain(100);
    const index = newIndex(chain, { confirmations: 4 });
    const before = await index.read();
    chain.reorg(97);
    const calls = chain.calls.length;
    const after = await index.read();
    expect(after.generation).to.equal(before.generation);
    expect(chain.calls.slice(calls).every((call) => call.fromBlock > 95)).to.equal(true);
    expect(after.logs).to.deep.equal(chain.allLogs(DEPLOYED));
  });

  it("sends each new range once when reads run concurrently", async () => {
    const chain = new FakeChain(100);
    const index = newIndex(chain);
    const views = await Promise.all([index.read(), index.read(), index.read()]);
    expect(chain.calls).to.deep.equal([{ fromBlock: DEPLOYED, toBlock: 99 }]);
    for (const view of views) expect(view.logs).to.deep.equal(chain.allLogs(DEPLOYED));
  });

  it("is shared by the clients of one provider and deployment with the same options", () => {
    const chain = new FakeChain(1);
    expect(sharedLogIndex(chain, ADDRESSES, DEPLOYED, { maxBlockRange: 10 })).to.equal(sharedLogIndex(chain, [...ADDRESSES].reverse(), DEPLOYED, { maxBlockRange: 10 }));
    expect(sharedLogIndex(chain, ADDRESSES, DEPLOYED, { maxBlockRange: 10 })).not.to.equal(sharedLogIndex(chain, ADDRESSES, DEPLOYED, { maxBlockRange: 20 }));
    expect(sharedLogIndex(chain, ADDRESSES, DEPLOYED)).not.to.equal(sharedLogIndex(new FakeChain(1), ADDRESSES, DEPLOYED));
  });

  describe("with an indexFile", () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "twinledger-log-index-"));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("resumes in another index (another process) from the stored checkpoint", async () => {
      const chain = new FakeChain(100);
      const indexFile = join(dir, "index.json");
      await newIndex(chain, { indexFile }).read();
      chain.mine(5);
      const calls = chain.calls.length;
      const view = await newIndex(chain, { indexFile }).read();
      expect(chain.calls.slice(calls)).to.deep.equal([{ fromBlock: 100, toBlock: 104 }]);
      expect(view.logs.map(plain)).to.deep.equal(chain.allLogs(DEPLOYED).map(plain));
    });

    it("refolds from the deployment block when the stored checkpoint is no longer on the chain", async () => {
      const chain = new FakeChain(100);
      const indexFile = join(dir, "index.json");
      await newIndex(chain, { indexFile }).read();
      chain.reorg(50);
      const calls = chain.calls.length;
      const view = await newIndex(chain, { indexFile }).read();
      expect(chain.calls[calls].fromBlock).to.equal(DEPLOYED);
      expect(view.logs.map(plain)).to.deep.equal(chain.allLogs(DEPLOYED).map(plain));
    });

    it("ignores a file of another deployment", async () => {
      const chain = new FakeChain(100);
      const indexFile = join(dir, "index.json");
      await new EvmLogIndex(chain, [OTHER_CONTRACT], DEPLOYED, { indexFile }).read();
      const calls = chain.calls.length;
      await newIndex(chain, { indexFile }).read();
      expect(chain.calls.slice(calls)).to.deep.equal([{ fromBlock: DEPLOYED, toBlock: 99 }]);
    });

    it("starts afresh on a missing file or one that is not an index", async () => {
      const chain = new FakeChain(10);
      await newIndex(chain, { indexFile: join(dir, "missing", "index.json") }).read();
      const broken = join(dir, "broken.json");
      await writeFile(broken, "not json");
      expect((await newIndex(chain, { indexFile: broken }).read()).logs).to.deep.equal(chain.allLogs(DEPLOYED));
      expect(chain.calls).to.deep.equal([{ fromBlock: DEPLOYED, toBlock: 9 }, { fromBlock: DEPLOYED, toBlock: 9 }]);
    });
  });
});

describe("EVM kept fold (clients/evm/log-fold.ts)", () => {
  const counting = () => {
    const applied: Log[] = [];
    const fold = new KeptFold<string[]>(
      () => [],
      (state) => [...state],
      (state, log) => {
        applied.push(log);
        state.push(log.transactionHash);
      },
    );
    return { fold, applied };
  };
  const ofContract = (logs: readonly Log[]) => logs.filter((log) => log.address === CONTRACT);
  /** The fold's state after the view, as a copy (the read runs in the fold's turn). */
  const foldAt = (fold: KeptFold<string[]>, view: LogView, asked: number[] = []) =>
    fold.at(
      view,
      (afterBlock) => {
        asked.push(afterBlock);
        return view.select(CONTRACT, [], afterBlock);
      },
      (state) => [...state],
    );

  it("applies each log once across reads, and gives the fold of every log", async () => {
    const chain = new FakeChain(50);
    const index = newIndex(chain);
    const { fold, applied } = counting();
    await foldAt(fold, await index.read());
    chain.mine(10);
    const view = await index.read();
    const state = await foldAt(fold, view);
    expect(state).to.deep.equal(ofContract(chain.allLogs(DEPLOYED)).map((log) => log.transactionHash));
    expect(applied).to.have.length(state.length);
  });

  it("asks the index only for the logs after the block it has folded", async () => {
    const chain = new FakeChain(50);
    const index = newIndex(chain);
    const { fold } = counting();
    const asked: number[] = [];
    await foldAt(fold, await index.read(), asked);
    chain.mine(10);
    await foldAt(fold, await index.read(), asked);
    expect(asked).to.deep.equal([-Infinity, 49]);
  });

  it("folds the unconfirmed blocks into that read's layer only", async () => {
    const chain = new FakeChain(50);
    const index = newIndex(chain, { confirmations: 5 });
    const { fold, applied } = counting();
    let view = await index.read();
    await foldAt(fold, view);
    const firstTail = ofContract(chain.allLogs(45)).length;
    chain.reorg(47); // only unconfirmed blocks change
    view = await index.read();
    const state = await foldAt(fold, view);
    expect(state).to.deep.equal(ofContract(chain.allLogs(DEPLOYED)).map((log) => log.transactionHash));
    expect(applied.length).to.equal(state.length + firstTail, "the unconfirmed blocks once per read, the rest once");
  });

  it("starts over after a reorg below the checkpoint", async () => {
    const chain = new FakeChain(50);
    const index = newIndex(chain);
    const { fold } = counting();
    let view = await index.read();
    await foldAt(fold, view);
    chain.reorg(20);
    view = await index.read();
    expect(await foldAt(fold, view)).to.deep.equal(ofContract(chain.allLogs(DEPLOYED)).map((log) => log.transactionHash));
  });

  it("gives a fresh fold, without changing the kept one, for a view older than what it keeps", async () => {
    const chain = new FakeChain(50);
    const index = newIndex(chain);
    const { fold } = counting();
    const older = await index.read();
    chain.mine(5);
    const newer = await index.read();
    await foldAt(fold, newer);
    expect(await foldAt(fold, older)).to.deep.equal(ofContract(older.logs).map((log) => log.transactionHash));
    expect(await foldAt(fold, newer)).to.deep.equal(ofContract(newer.logs).map((log) => log.transactionHash));
  });
});

/** A log's fields as eth_getLogs returns them (a log read back from a file is an ethers Log). */
function plain(log: Log) {
  const { address, blockHash, blockNumber, data, index, topics, transactionHash, transactionIndex } = log;
  return { address, blockHash, blockNumber, data, index, topics: [...topics], transactionHash, transactionIndex };
}
