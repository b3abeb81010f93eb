import type { Context } from "fabric-contract-api";
import type { HistoryEntry } from "../../../core/spec/types.js";

/** Fabric's query iterators: read every result, always closing the iterator. */
interface QueryIterator<R> {
  next(): Promise<{ value: R; done?: boolean }>;
  close(): Promise<void>;
}

export async function drain<R, T>(iterator: QueryIterator<R>, map: (result: R) => T): Promise<T[]> {
  const out: T[] = [];
  try {
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) out.push(map(result.value));
  } finally {
    await iterator.close();
  }
  return out;
}

/** The attribute at `index` of every composite key a partial-key iterator returns. */
export function keyAttribute(ctx: Context, index: number) {
  return (result: { key: string }) => ctx.stub.splitCompositeKey(result.key).attributes[index];
}

/**
 * Every value `key` has had, oldest first (Fabric returns the history newest first);
 * a deletion is `null`.
 */
export async function readHistory<T>(ctx: Context, key: string): Promise<HistoryEntry<T | null>[]> {
  const entries = await drain(await ctx.stub.getHistoryForKey(key), ({ txId, timestamp, isDelete, value }) => {
    const seconds = typeof timestamp.seconds === "number" ? timestamp.seconds : Number(timestamp.seconds.toString());
    const parsed = isDelete ? null : (JSON.parse(Buffer.from(value).toString("utf8")) as T);
    return { txId, timestamp: seconds, value: parsed };
  });
  return entries.reverse();
}
