/**
 * Records folded from events, with their histories and listings kept sorted as the fold goes,
 * so that a read costs the page it returns, not the records on the ledger: a record by id is a
 * map lookup, a page of a listing a binary search and a slice. A layer (`layer()`) holds the
 * changes of the blocks too recent to keep (the index's `confirmations`) over the kept store,
 * without copying it; its pages merge the two.
 */
import type { HistoryEntry, Page } from "../../core/index.js";

/** The listings a record is in: listing name → its keys there (e.g. { seller: ["0xab…"] }). */
export type ListingKeys<T> = (record: T) => Record<string, readonly string[]>;

/** The order of the spec's pages: ascending id by UTF-16 code units, as the chaincode compares. */
const before = (a: string, b: string) => a < b;

/** Index of the first element ≥ id. */
function lowerBound(ids: readonly string[], id: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(ids[middle], id)) low = middle + 1;
    else high = middle;
  }
  return low;
}

const listingKey = (listing: string, key: string) => `${listing}\u0000${key}`;

export class RecordStore<T extends { id: string }> {
  private readonly histories = new Map<string, HistoryEntry<T>[]>();
  /** listingKey → ids in ascending order (the kept store only; a layer merges at read time). */
  private readonly listings = new Map<string, string[]>();

  constructor(
    private readonly keysOf: ListingKeys<T>,
    private readonly parent?: RecordStore<T>,
  ) {}

  /** A store that reads through to this one and keeps its own changes apart. */
  layer(): RecordStore<T> {
    if (this.parent) throw new Error("a layer of a layer is not supported");
    return new RecordStore(this.keysOf, this);
  }

  history(id: string): HistoryEntry<T>[] | undefined {
    return this.histories.get(id) ?? this.parent?.history(id);
  }

  latest(id: string): T | undefined {
    return this.history(id)?.at(-1)?.value;
  }

  /** Appends a state to the record's history (the history array is replaced, never changed). */
  push(entry: HistoryEntry<T>): void {
    const { id } = entry.value;
    const previous = this.latest(id);
    this.histories.set(id, [...(this.history(id) ?? []), entry]);
    if (this.parent) return;
    const was = previous ? this.keysOf(previous) : {};
    const is = this.keysOf(entry.value);
    for (const [listing, keys] of Object.entries(was)) for (const key of keys) if (!is[listing]?.includes(key)) this.unlist(listingKey(listing, key), id);
    for (const [listing, keys] of Object.entries(is)) for (const key of keys) if (!was[listing]?.includes(key)) this.list(listingKey(listing, key), id);
  }

  /** The first record (by id) listed under `key`, e.g. the receivable of a fingerprint. */
  first(listing: string, key: string): T | undefined {
    return this.page(listing, key, 1, "").items[0];
  }

  /** A page of the listing from `bookmark` on; the bookmark returned is the next page's first id. */
  page(listing: string, key: string, pageSize: number, bookmark: string): Page<T> {
    const ids = this.idsFrom(listing, key, bookmark, pageSize + 1);
    return { items: ids.slice(0, pageSize).map((id) => this.latest(id)!), bookmark: ids[pageSize] ?? "" };
  }

  /** At most `limit` ids of the listing, ascending from `bookmark`. */
  private idsFrom(listing: string, key: string, bookmark: string, limit: number): string[] {
    if (!this.parent) {
      const ids = this.listings.get(listingKey(listing, key)) ?? [];
      const start = bookmark === "" ? 0 : lowerBound(ids, bookmark);
      return ids.slice(start, start + limit);
    }
    // The layer's own records where they are listed now, merged with the parent's it left alone.
    const mine = [...this.histories.keys()]
      .filter((id) => (bookmark === "" || !before(id, bookmark)) && (this.keysOf(this.latest(id)!)[listing] ?? []).includes(key))
      .sort((a, b) => (before(a, b) ? -1 : 1));
    // The layer changed at most histories.size of the parent's ids: that many more leave `limit`.
    const theirs = this.parent.idsFrom(listing, key, bookmark, limit + this.histories.size).filter((id) => !this.histories.has(id));
    const merged: string[] = [];
    for (let i = 0, j = 0; merged.length < limit && (i < mine.length || j < theirs.length); ) {
      merged.push(j >= theirs.length || (i < mine.length && before(mine[i], theirs[j])) ? mine[i++] : theirs[j++]);
    }
    return merged;
  }

  private list(key: string, id: string): void {
    let ids = this.listings.get(key);
    if (!ids) this.listings.set(key, (ids = []));
    // Ids mostly arrive in ascending order: the end is checked first.
    if (ids.length === 0 || before(ids[ids.length - 1], id)) ids.push(id);
    else {
      const at = lowerBound(ids, id);
      if (ids[at] !== id) ids.splice(at, 0, id);
    }
  }

  private unlist(key: string, id: string): void {
    const ids = this.listings.get(key);
    if (!ids) return;
    const at = lowerBound(ids, id);
    if (ids[at] === id) ids.splice(at, 1);
    if (ids.length === 0) this.listings.delete(key);
  }
}
