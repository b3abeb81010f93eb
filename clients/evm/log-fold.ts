/**
 * What every event-folded EVM query needs: logs in chain order, block times (cached: a block's
 * time never changes), and a page of records in the spec's order.
 */
import type { Log, Provider } from "ethers";
import type { Page } from "../../core/index.js";

/** Block order, then log order within a block. */
export function sortedLogs<T extends Log>(logs: T[]): T[] {
  return [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
}

/** Ascending id order, the bookmark being the first id of the next page (as listAssetsByOwner). */
export function pageById<T extends { id: string }>(records: T[], pageSize: number, bookmark: string): Page<T> {
  const rest = [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).filter((record) => bookmark === "" || record.id >= bookmark);
  return { items: rest.slice(0, pageSize), bookmark: rest[pageSize]?.id ?? "" };
}

export class BlockTimes {
  private readonly times = new Map<number, number>();
  constructor(private readonly provider: () => Provider) {}

  async of(blockNumber: number): Promise<number> {
    if (!this.times.has(blockNumber)) this.times.set(blockNumber, (await this.provider().getBlock(blockNumber))!.timestamp);
    return this.times.get(blockNumber)!;
  }
}
