// Committed ledger of one chaincode namespace: versioned world state, the history
// index and the block list. Only commit() changes it, so a transaction in
// simulation can never observe its own (or anyone's uncommitted) writes.

/** Fabric's version of a key: the height (block, tx-in-block) that last wrote it. */
export interface Version {
  blockNum: number;
  txNum: number;
}

/** google.protobuf.Timestamp as plain numbers (what the history iterator exposes). */
export interface TxTimestamp {
  seconds: number;
  nanos: number;
}

export interface StateEntry {
  key: string;
  value: Buffer;
  version: Version;
}

export interface HistoryEntry {
  txId: string;
  timestamp: TxTimestamp;
  isDelete: boolean;
  value: Buffer;
}

/** The subset of Fabric's TxValidationCode this peer can produce. */
export type ValidationCode =
  | "VALID"
  | "MVCC_READ_CONFLICT"
  | "PHANTOM_READ_CONFLICT"
  | "ENDORSEMENT_POLICY_FAILURE"
  | "DUPLICATE_TXID";

export interface RecordedEvent {
  name: string;
  payload: Buffer;
}

export interface BlockRecord {
  number: number;
  txId: string;
  timestamp: TxTimestamp;
  validationCode: ValidationCode;
  /** Present for a transaction that set an event, even when invalid (as in the block); only valid ones are delivered. */
  event?: RecordedEvent;
  /** The signed transaction envelope as ordered (the block's one data entry). */
  envelope?: Buffer;
}

export interface CommitRequest {
  txId: string;
  timestamp: TxTimestamp;
  /** key → new value, or null for a delete (Fabric: a write with an empty value is a delete). */
  writes: ReadonlyMap<string, Buffer | null>;
  event?: RecordedEvent;
  envelope?: Buffer;
}

interface SortedKey {
  key: string;
  bytes: Buffer;
}

const utf8 = (key: string): Buffer => Buffer.from(key, "utf8");

export function sameVersion(a: Version | undefined, b: Version | undefined): boolean {
  if (!a || !b) return a === b;
  return a.blockNum === b.blockNum && a.txNum === b.txNum;
}

export class WorldState {
  private readonly entries = new Map<string, { value: Buffer; version: Version }>();
  // Keys in LevelDB order: raw UTF-8 bytes. JS string comparison is UTF-16 code
  // unit order, which disagrees for astral characters vs U+E000–U+FFFF.
  private readonly sortedKeys: SortedKey[] = [];
  private readonly historyIndex = new Map<string, HistoryEntry[]>(); // oldest first
  private readonly blockList: BlockRecord[] = [];

  /** Block 0 is the channel's genesis (config) block; each transaction then gets its own block. */
  get height(): number {
    return this.blockList.length + 1;
  }

  get blocks(): readonly BlockRecord[] {
    return this.blockList;
  }

  get(key: string): StateEntry | undefined {
    const entry = this.entries.get(key);
    return entry ? { key, value: Buffer.from(entry.value), version: entry.version } : undefined;
  }

  /**
   * Keys in [startKey, endKey) by UTF-8 byte order, like stateleveldb: an empty
   * endKey means "to the end of the namespace", an empty startKey "from its start".
   * `limit` > 0 caps the result (the peer's page size / totalQueryLimit).
   */
  range(startKey: string, endKey: string, limit = 0): StateEntry[] {
    const start = utf8(startKey);
    const end = endKey === "" ? undefined : utf8(endKey);
    const out: StateEntry[] = [];
    for (let i = this.lowerBound(start); i < this.sortedKeys.length; i++) {
      const { key, bytes } = this.sortedKeys[i]!;
      if (end && Buffer.compare(bytes, end) >= 0) break;
      if (limit > 0 && out.length >= limit) break;
      out.push(this.get(key)!);
    }
    return out;
  }

  /** The first key at or after `startKey` within [startKey, endKey), or "" (used for bookmarks). */
  firstKeyFrom(startKey: string, endKey: string): string {
    const [first] = this.range(startKey, endKey, 1);
    return first ? first.key : "";
  }

  /** Newest first, deletes included — what GetHistoryForKey returns since Fabric 2.0. */
  history(key: string): HistoryEntry[] {
    return [...(this.historyIndex.get(key) ?? [])].reverse().map((h) => ({ ...h, value: Buffer.from(h.value) }));
  }

  /** Appends one block holding this transaction; applies its writes only when VALID. */
  commit(request: CommitRequest, validationCode: ValidationCode): BlockRecord {
    const number = this.height;
    const block: BlockRecord = {
      number,
      txId: request.txId,
      timestamp: { ...request.timestamp },
      validationCode,
      ...(request.event ? { event: { name: request.event.name, payload: Buffer.from(request.event.payload) } } : {}),
      ...(request.envelope ? { envelope: Buffer.from(request.envelope) } : {}),
    };
    if (validationCode === "VALID") {
      const version: Version = { blockNum: number, txNum: 0 };
      for (const [key, value] of request.writes) {
        if (value === null || value.length === 0) this.remove(key);
        else this.put(key, Buffer.from(value), version);
        const history = this.historyIndex.get(key) ?? [];
        history.push({
          txId: request.txId,
          timestamp: { ...request.timestamp },
          isDelete: value === null || value.length === 0,
          value: value === null ? Buffer.alloc(0) : Buffer.from(value),
        });
        this.historyIndex.set(key, history);
      }
    }
    this.blockList.push(block);
    return block;
  }

  private put(key: string, value: Buffer, version: Version): void {
    if (!this.entries.has(key)) {
      const bytes = utf8(key);
      this.sortedKeys.splice(this.lowerBound(bytes), 0, { key, bytes });
    }
    this.entries.set(key, { value, version });
  }

  private remove(key: string): void {
    if (!this.entries.delete(key)) return;
    const bytes = utf8(key);
    const i = this.lowerBound(bytes);
    if (this.sortedKeys[i]?.key === key) this.sortedKeys.splice(i, 1);
  }

  /** Index of the first key whose bytes are >= `bytes`. */
  private lowerBound(bytes: Buffer): number {
    let lo = 0;
    let hi = this.sortedKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Buffer.compare(this.sortedKeys[mid]!.bytes, bytes) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
