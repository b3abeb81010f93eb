/**
 * The logs an index keeps, in chain order, and indexed as they arrive: by contract, and by
 * contract, topic position and topic. A selection starts from its most selective topic and
 * finds its block range by binary search, so it costs the logs it returns, not the logs kept.
 */
import type { Log } from "ethers";

/** Per topic position: any of these topics (lowercase), or null for any topic. */
export type TopicPositions = readonly (readonly string[] | null)[];

const keyOf = (address: string, position?: number, topic?: string) => (position === undefined ? address : `${address}/${position}/${topic}`);

/** Index of the first log at or after `block` (the list is in chain order). */
function firstFrom(logs: readonly Log[], block: number): number {
  let low = 0;
  let high = logs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (logs[middle].blockNumber < block) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function matchesTopics(log: Log, positions: TopicPositions): boolean {
  return positions.every((anyOf, index) => anyOf === null || (log.topics[index] !== undefined && anyOf.includes(log.topics[index].toLowerCase())));
}

export class KeptLogs {
  readonly logs: Log[] = [];
  private readonly lists = new Map<string, Log[]>();

  static of(logs: readonly Log[]): KeptLogs {
    const kept = new KeptLogs();
    for (const log of logs) kept.append(log);
    return kept;
  }

  /** Adds a log after every kept one (chain order). */
  append(log: Log): void {
    this.logs.push(log);
    const address = log.address.toLowerCase();
    this.listOf(keyOf(address)).push(log);
    log.topics.forEach((topic, position) => this.listOf(keyOf(address, position, topic.toLowerCase())).push(log));
  }

  /** The kept logs of `address` (lowercase) in blocks [low, high] matching `positions`, in chain order. */
  select(address: string, positions: TopicPositions, low: number, high: number): Log[] {
    let lists = [this.lists.get(keyOf(address)) ?? []];
    let size = lists[0].length;
    positions.forEach((anyOf, position) => {
      if (anyOf === null) return;
      const candidates = [...new Set(anyOf)].map((topic) => this.lists.get(keyOf(address, position, topic)) ?? []);
      const total = candidates.reduce((sum, list) => sum + list.length, 0);
      if (total < size) [lists, size] = [candidates, total];
    });
    const found: Log[] = [];
    for (const list of lists) {
      for (let i = firstFrom(list, low); i < list.length && list[i].blockNumber <= high; i += 1) if (matchesTopics(list[i], positions)) found.push(list[i]);
    }
    return lists.length > 1 ? found.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index) : found;
  }

  private listOf(key: string): Log[] {
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = []));
    return list;
  }
}
