/**
 * The Twinledger logs of one deployment, kept between reads: the first read fetches them from
 * the deployment block, every later read only the blocks since the last one it kept (through
 * log-range.ts, so in bounded, retried windows). Every read sees the chain up to the head it
 * found, so a read right after a receipt includes it. A read from a later block (getEvents(n),
 * the CLI's `events --checkpoint`) on a fresh index fetches from that block on only; a read
 * from an earlier one extends what is kept backwards. The clients of one provider and
 * deployment with the same options share one index (`sharedLogIndex`). The kept logs are
 * indexed by contract and topic as they arrive (kept-logs.ts): a selection costs the logs it
 * returns, and the folds built on them (log-fold.ts) ask only for the logs after the last block
 * they folded, so a read's cost does not grow with the records on the ledger.
 *
 * Reorgs: the kept logs end at a checkpoint block whose hash is kept too. Each read checks it
 * first; if the chain no longer has that block, everything is dropped and fetched again from
 * the deployment block (`generation` tells the folds built on these logs to start over). With
 * `confirmations: n` only blocks at least n deep are kept; the newer ones are fetched afresh
 * by every read (at most n blocks), never kept, so a reorg of them needs no detection.
 *
 * With `indexFile` the kept logs survive the process in a JSON file (replaced atomically),
 * for a CLI that starts afresh every run; the checkpoint's hash is checked as above.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { Log, type Provider } from "ethers";
import { contractAddresses, providerOf, type EvmContracts } from "./contracts.js";
import { BlockTimes, sortedLogs, type BlockSource } from "./log-fold.js";
import { KeptLogs, matchesTopics } from "./kept-logs.js";
import {
  createLogFetcher,
  DEFAULT_LOG_RETRIES,
  DEFAULT_LOG_RETRY_DELAY_MS,
  DEFAULT_MAX_BLOCK_RANGE,
  type LogFetcher,
  type LogRangeOptions,
  type LogSelection,
  type LogsProvider,
} from "./log-range.js";

export interface LogIndexOptions extends LogRangeOptions {
  /**
   * Keep only blocks at least this deep (head − confirmations); newer ones are read afresh by
   * every read. Default 0 (dev chains). On a load-balanced public provider set a few blocks:
   * a backend a block or two behind may answer eth_getLogs for blocks it lacks with nothing.
   */
  confirmations?: number;
  /** Keep the logs in this JSON file too, so that another process resumes from its checkpoint. Default: memory only. */
  indexFile?: string;
}

export type LogIndexProvider = LogsProvider & BlockSource;

/** Topics as eth_getLogs takes them: per position, one topic, any of several, or null for any. */
export type TopicFilter = readonly (string | readonly string[] | null | undefined)[];

/** One read's logs: every Twinledger log from its first block to `head`, in chain order. */
export class LogView {
  constructor(
    /** The block the whole read is pinned to (contract calls use it as their blockTag). */
    readonly head: number,
    /** Logs up to here are kept by the index, of this `generation`; later ones are this read's alone. */
    readonly stable: number,
    readonly generation: number,
    /** The read's first block. */
    readonly from: number,
    /** What the index keeps (it may have grown past `stable` since: selections stop there). */
    private readonly kept: KeptLogs | undefined,
    /** The logs after `stable` up to `head`, in chain order. */
    private readonly tail: readonly Log[],
    private readonly times: BlockTimes,
  ) {}

  /** Every log of the read, in chain order (a copy: selections do not need it). */
  get logs(): Log[] {
    const kept = this.kept ? this.kept.logs.filter((log) => log.blockNumber >= this.from && log.blockNumber <= this.stable) : [];
    return kept.concat(this.tail);
  }

  /**
   * The logs of one contract matching `topics`, as eth_getLogs would filter them, in chain
   * order; with `afterBlock`, only those of later blocks (what a kept fold has not seen).
   */
  select(address: string, topics: TopicFilter = [], afterBlock = -Infinity): Log[] {
    const contract = address.toLowerCase();
    const positions = topics.map((topic) => (topic === null || topic === undefined ? null : (typeof topic === "string" ? [topic] : topic).map((one) => one.toLowerCase())));
    const low = Math.max(this.from, afterBlock + 1);
    const kept = this.kept ? this.kept.select(contract, positions, low, this.stable) : [];
    const tail = this.tail.filter((log) => log.blockNumber >= low && log.address.toLowerCase() === contract && matchesTopics(log, positions));
    return tail.length === 0 ? kept : kept.concat(tail);
  }

  /** The time of the log's block. */
  timeOf(log: Pick<Log, "blockNumber" | "blockHash">): Promise<number> {
    return this.times.of(log.blockNumber, log.blockHash);
  }
}

/** What the index classes read their logs from. */
export interface LogSource {
  /** Syncs with the chain's head, then gives every log from `fromBlock` (default: the deployment block). */
  read(fromBlock?: number): Promise<LogView>;
}

interface Segment {
  /** Kept logs cover [start, end], end's hash being endHash (none while the segment is empty). */
  start: number;
  end: number;
  endHash?: string;
  kept: KeptLogs;
}

const MAX_SYNC_ATTEMPTS = 4;

export class EvmLogIndex implements LogSource {
  private segment: Segment | undefined;
  private generation = 0;
  private loaded = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly fetchLogs: LogFetcher;
  private readonly selection: LogSelection;
  private readonly confirmations: number;
  private readonly times: BlockTimes;
  private readonly addresses: string[];

  constructor(
    private readonly provider: LogIndexProvider,
    addresses: readonly string[],
    readonly deploymentBlock: number,
    private readonly options: LogIndexOptions = {},
  ) {
    this.confirmations = options.confirmations ?? 0;
    if (!Number.isSafeInteger(this.confirmations) || this.confirmations < 0) throw new RangeError(`confirmations must be a non-negative integer, got ${options.confirmations}`);
    this.addresses = addresses.map((address) => address.toLowerCase()).sort();
    this.selection = { address: [...addresses] };
    this.fetchLogs = createLogFetcher(provider, options);
    this.times = new BlockTimes(provider);
  }

  /** Reads one at a time: a sync extends what the previous one kept. */
  read(fromBlock: number = this.deploymentBlock): Promise<LogView> {
    const run = this.queue.then(() => this.sync(Math.max(fromBlock, this.deploymentBlock)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async sync(from: number): Promise<LogView> {
    if (!this.loaded) {
      this.segment = this.options.indexFile === undefined ? undefined : await this.load(this.options.indexFile);
      this.loaded = true;
    }
    for (let attempt = 1; ; attempt += 1) {
      // The head's number and hash in one call: a read with no new block needs nothing else.
      const latest = await this.provider.getBlock("latest");
      if (!latest) throw new Error("the provider answered no latest block");
      const head = latest.number;
      if (from > head) return new LogView(head, from - 1, this.generation, from, undefined, [], this.times); // nothing kept is in it
      const view = await this.extend(from, head, latest.hash ?? undefined);
      if (view) return view;
      if (attempt >= MAX_SYNC_ATTEMPTS) throw new Error(`the chain reorganised during each of ${attempt} attempts to read its logs`);
    }
  }

  /** Brings the kept logs to head − confirmations and reads the rest; undefined if a reorg came in between. */
  private async extend(from: number, head: number, headHash: string | undefined): Promise<LogView | undefined> {
    let changed = false;
    const hashAt = async (number: number) => (number === head && headHash !== undefined ? headHash : (await this.provider.getBlock(number))?.hash);
    if (this.segment?.endHash !== undefined && this.segment.end <= head) {
      if ((await hashAt(this.segment.end)) !== this.segment.endHash) {
        this.reset();
        changed = true;
      }
    }
    const stable = head - this.confirmations;
    if (!this.segment && from <= stable) this.segment = { start: from, end: from - 1, kept: new KeptLogs() };
    const segment = this.segment;
    if (segment && from < segment.start) {
      const earlier = sortedLogs(await this.fetchLogs(this.selection, from, segment.start - 1));
      segment.kept = KeptLogs.of(earlier.concat(segment.kept.logs)); // views made before keep the old one
      segment.start = from;
      this.generation += 1;
      changed = true;
    }
    if (segment && stable > segment.end) {
      const checkpointHash = await hashAt(stable);
      if (checkpointHash) {
        const newer = sortedLogs(await this.fetchLogs(this.selection, segment.end + 1, stable));
        if (newer.some((log) => log.blockNumber === stable && log.blockHash !== checkpointHash)) {
          this.reset();
          await this.save();
          return undefined;
        }
        for (const log of newer) segment.kept.append(log);
        segment.end = stable;
        segment.endHash = checkpointHash;
        changed = true;
      }
    }
    const kept = segment ? Math.min(segment.end, head) : from - 1;
    const tail = kept < head ? sortedLogs(await this.fetchLogs(this.selection, Math.max(kept + 1, from), head)) : [];
    if (changed) await this.save();
    return new LogView(head, kept, this.generation, from, segment?.kept, tail, this.times);
  }

  private reset(): void {
    this.segment = undefined;
    this.generation += 1;
  }

  private async load(path: string): Promise<Segment | undefined> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    // Only a cache: a file of another deployment, another format or none at all starts afresh (and is rewritten on the first sync).
    let stored: StoredIndex;
    try {
      stored = JSON.parse(text) as StoredIndex;
    } catch {
      return undefined;
    }
    if (
      stored?.version !== 1 ||
      stored.deploymentBlock !== this.deploymentBlock ||
      JSON.stringify(stored.addresses) !== JSON.stringify(this.addresses) ||
      !stored.segment ||
      !Array.isArray(stored.logs)
    )
      return undefined;
    this.times.remember(stored.times ?? {});
    const { start, end, endHash } = stored.segment;
    return { start, end, endHash, kept: KeptLogs.of(stored.logs.map((log) => new Log({ ...log, removed: false }, this.provider as unknown as Provider))) };
  }

  private async save(): Promise<void> {
    const path = this.options.indexFile;
    if (path === undefined) return;
    const segment = this.segment;
    const stored: StoredIndex = {
      version: 1,
      deploymentBlock: this.deploymentBlock,
      addresses: this.addresses,
      segment: segment && { start: segment.start, end: segment.end, endHash: segment.endHash },
      logs: (segment?.kept.logs ?? []).map(({ address, blockHash, blockNumber, data, index, topics, transactionHash, transactionIndex }) => ({
        address,
        blockHash,
        blockNumber,
        data,
        index,
        topics: [...topics],
        transactionHash,
        transactionIndex,
      })),
      times: this.times.known(),
    };
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, `${JSON.stringify(stored)}\n`);
    await rename(`${path}.tmp`, path);
  }
}

interface StoredIndex {
  version: 1;
  deploymentBlock: number;
  addresses: string[];
  segment: { start: number; end: number; endHash?: string } | undefined;
  logs: { address: string; blockHash: string; blockNumber: number; data: string; index: number; topics: string[]; transactionHash: string; transactionIndex: number }[];
  times?: Record<string, number>;
}

/**
 * One index per provider, deployment and options: the clients of all the actors on one
 * connection share it. Held weakly: it goes when the last client using it goes.
 */
const sharedIndexes = new WeakMap<object, Map<string, WeakRef<EvmLogIndex>>>();
const forgetIndex = new FinalizationRegistry<{ indexes: Map<string, WeakRef<EvmLogIndex>>; key: string }>(({ indexes, key }) => {
  if (indexes.get(key)?.deref() === undefined) indexes.delete(key);
});

export function sharedLogIndex(provider: LogIndexProvider, addresses: readonly string[], deploymentBlock: number, options: LogIndexOptions = {}): EvmLogIndex {
  const key = JSON.stringify([
    addresses.map((address) => address.toLowerCase()).sort(),
    deploymentBlock,
    options.maxBlockRange ?? DEFAULT_MAX_BLOCK_RANGE,
    options.logRetries ?? DEFAULT_LOG_RETRIES,
    options.logRetryDelayMs ?? DEFAULT_LOG_RETRY_DELAY_MS,
    options.confirmations ?? 0,
    options.indexFile ?? null,
  ]);
  let indexes = sharedIndexes.get(provider);
  if (!indexes) sharedIndexes.set(provider, (indexes = new Map()));
  let index = indexes.get(key)?.deref();
  if (!index) {
    index = new EvmLogIndex(provider, addresses, deploymentBlock, options);
    indexes.set(key, new WeakRef(index));
    forgetIndex.register(index, { indexes, key });
  }
  return index;
}

/** The log source of a set of contracts (made on first use: contract addresses resolve asynchronously). */
export function logSourceOf(contracts: EvmContracts, options: LogIndexOptions = {}): LogSource {
  let index: Promise<EvmLogIndex> | undefined;
  const make = async () => sharedLogIndex(providerOf(contracts), await contractAddresses(contracts), contracts.fromBlock, options);
  return {
    async read(fromBlock?: number) {
      index ??= make().catch((error: unknown) => {
        index = undefined;
        throw error;
      });
      return (await index).read(fromBlock);
    },
  };
}
