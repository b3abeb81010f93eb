/**
 * What every event-folded EVM query needs: logs in chain order, block times (cached by block
 * hash: a block's time never changes, though a reorg may put another block at its height),
 * and a fold kept between reads (its records and pages: record-store.ts).
 */
import type { Log } from "ethers";
import type { LogView } from "./log-index.js";

/** Block order, then log order within a block. */
export function sortedLogs<T extends Log>(logs: T[]): T[] {
  return [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
}

/** The part of a provider block times need (an ethers `Provider` is one). */
export interface BlockSource {
  /** A block by hash, number or "latest". */
  getBlock(blockHashOrNumber: string | number): Promise<{ number: number; hash: string | null; timestamp: number } | null>;
}

export class BlockTimes {
  private readonly times = new Map<string, number>();
  constructor(private readonly provider: BlockSource) {}

  async of(blockNumber: number, blockHash: string): Promise<number> {
    const known = this.times.get(blockHash);
    if (known !== undefined) return known;
    const block = await this.provider.getBlock(blockHash);
    // A block the node no longer has (reorganised away while this read ran): its height's time, uncached.
    if (!block) return (await this.provider.getBlock(blockNumber))!.timestamp;
    this.times.set(blockHash, block.timestamp);
    return block.timestamp;
  }

  known(): Record<string, number> {
    return Object.fromEntries(this.times);
  }

  remember(times: Record<string, number>): void {
    for (const [hash, time] of Object.entries(times)) if (Number.isSafeInteger(time)) this.times.set(hash, time);
  }
}

/**
 * A fold over the logs of one read, kept between reads: a read applies only the logs past
 * the last block the kept state has folded (`select(afterBlock)` gives them, from the index's
 * topic lists, so a read costs the new logs, not all of them). Logs the index keeps (up to the
 * view's `stable`) advance the kept state; newer ones are applied to `layer(state)`, for this
 * read alone: a state that reads through to the kept one and keeps its own changes (for a
 * RecordStore, its `layer()`; it must not change what the kept state holds). A new generation
 * of the index (a reorg) starts the fold over. `read` runs in the fold's turn, before any later
 * read advances the state: it must take what it needs synchronously.
 */
export class KeptFold<S> {
  private generation = -1;
  private upTo = -Infinity;
  private state: S;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly empty: () => S,
    private readonly layer: (state: S) => S,
    private readonly apply: (state: S, log: Log, view: LogView) => Promise<void> | void,
  ) {
    this.state = empty();
  }

  /** What `read` takes from the state after the view's logs of this fold (`select`: those after a block, in chain order). */
  at<R>(view: LogView, select: (afterBlock: number) => readonly Log[], read: (state: S) => R): Promise<R> {
    const run = this.queue.then(() => this.fold(view, select, read));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async fold<R>(view: LogView, select: (afterBlock: number) => readonly Log[], read: (state: S) => R): Promise<R> {
    if (view.generation > this.generation) {
      this.generation = view.generation;
      this.state = this.empty();
      this.upTo = -Infinity;
    }
    if (view.generation < this.generation || view.stable < this.upTo) {
      // A view older than the kept state (a read that raced a newer one): fold it afresh.
      const state = this.empty();
      for (const log of select(-Infinity)) await this.apply(state, log, view);
      return read(state);
    }
    const logs = select(this.upTo);
    try {
      for (const log of logs) if (log.blockNumber <= view.stable) await this.apply(this.state, log, view);
    } catch (error) {
      this.generation = -1; // half applied: start over next time
      throw error;
    }
    this.upTo = view.stable;
    const recent = logs.filter((log) => log.blockNumber > view.stable);
    if (recent.length === 0) return read(this.state);
    const layered = this.layer(this.state);
    for (const log of recent) await this.apply(layered, log, view);
    return read(layered);
  }
}
