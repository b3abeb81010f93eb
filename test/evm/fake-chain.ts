/**
 * A chain in memory that answers the three calls the EVM client's log reading makes
 * (eth_blockNumber, eth_getBlockByNumber/Hash, eth_getLogs), records every eth_getLogs, and
 * refuses what a test tells it to — the way public providers refuse large ranges.
 */
import { id as keccakOfText, makeError, type Filter, type Log } from "ethers";

export const CONTRACT = "0x00000000000000000000000000000000000000c1";
export const OTHER_CONTRACT = "0x00000000000000000000000000000000000000c2";

interface FakeBlock {
  number: number;
  hash: string;
  timestamp: number;
  logs: Log[];
}

export interface GetLogsCall {
  fromBlock: number;
  toBlock: number;
}

export class FakeChain {
  readonly blocks: FakeBlock[] = [];
  readonly calls: GetLogsCall[] = [];
  /** Called before every eth_getLogs: throw to refuse it. */
  refuse: (call: GetLogsCall, resultCount: number) => void = () => {};
  private fork = 0;

  /** `blocks` blocks, the n-th with `logsPerBlock(n)` logs of CONTRACT (and one of OTHER_CONTRACT on every 3rd). */
  constructor(blocks = 0, private readonly logsPerBlock: (blockNumber: number) => number = (n) => n % 2) {
    this.mine(blocks);
  }

  get head(): number {
    return this.blocks.length - 1;
  }

  mine(count: number, logsPerBlock = this.logsPerBlock): void {
    for (let i = 0; i < count; i += 1) {
      const number = this.blocks.length;
      const hash = keccakOfText(`block ${number} fork ${this.fork}`);
      const logs: Log[] = [];
      const add = (address: string) =>
        logs.push({
          address,
          blockNumber: number,
          blockHash: hash,
          index: logs.length,
          topics: [keccakOfText(`event ${logs.length % 3}`)],
          data: `0x${(number * 100 + logs.length).toString(16).padStart(64, "0")}`,
          transactionHash: keccakOfText(`tx ${number} ${logs.length} fork ${this.fork}`),
          transactionIndex: logs.length,
          removed: false,
        } as unknown as Log);
      for (let n = 0; n < logsPerBlock(number); n += 1) add(CONTRACT);
      if (number % 3 === 0) add(OTHER_CONTRACT);
      this.blocks.push({ number, hash, timestamp: 1_700_000_000 + number * 12, logs });
    }
  }

  /** Replaces every block from `fromBlock` on with new ones (new hashes, `logsPerBlock` logs each). */
  reorg(fromBlock: number, logsPerBlock = (n: number) => (n % 2) + 1): void {
    const count = this.blocks.length - fromBlock;
    this.blocks.length = fromBlock;
    this.fork += 1;
    this.mine(count, logsPerBlock);
  }

  /** Every log of the addresses in [fromBlock, toBlock], as an unbounded eth_getLogs would give. */
  allLogs(fromBlock: number, toBlock = this.head, addresses = [CONTRACT, OTHER_CONTRACT]): Log[] {
    return this.blocks.slice(fromBlock, toBlock + 1).flatMap((block) => block.logs.filter((log) => addresses.includes(log.address)));
  }

  async getBlockNumber(): Promise<number> {
    return this.head;
  }

  async getBlock(tag: string | number): Promise<{ number: number; hash: string; timestamp: number } | null> {
    const block = typeof tag === "number" ? this.blocks[tag] : tag === "latest" ? this.blocks[this.head] : this.blocks.find((candidate) => candidate.hash === tag);
    return block ? { number: block.number, hash: block.hash, timestamp: block.timestamp } : null;
  }

  async getLogs(filter: Filter): Promise<Log[]> {
    const call = { fromBlock: Number(filter.fromBlock), toBlock: Number(filter.toBlock) };
    this.calls.push(call);
    const addresses = filter.address === undefined ? [CONTRACT, OTHER_CONTRACT] : ([] as string[]).concat(filter.address as string | string[]).map((a) => a.toLowerCase());
    const logs = this.allLogs(call.fromBlock, Math.min(call.toBlock, this.head), addresses);
    this.refuse(call, logs.length);
    return logs;
  }
}

const span = ({ fromBlock, toBlock }: GetLogsCall) => toBlock - fromBlock + 1;

/** A node that refuses a range of more than `blocks` blocks, as QuickNode does. */
export const refuseRangesOver = (blocks: number) => (call: GetLogsCall) => {
  if (span(call) > blocks) throw makeError("could not coalesce error", "UNKNOWN_ERROR", { error: { code: -32602, message: `eth_getLogs is limited to a ${blocks} range` } });
};

/** A node that refuses an answer of more than `limit` logs, as Infura does (-32005). */
export const refuseResultsOver = (limit: number) => (_call: GetLogsCall, count: number) => {
  if (count > limit) throw makeError("could not coalesce error", "UNKNOWN_ERROR", { error: { code: -32005, message: `query returned more than ${limit} results` } });
};

export { span };
