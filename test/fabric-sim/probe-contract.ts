// A plain (undecorated) fabric-contract-api contract that exercises the stub.
// Undecorated classes are fine under tsx: ChaincodeFromContract infers one
// transaction per method, with string parameters arg0..argN from Function.length.
import { createRequire } from "node:module";
import type { Context, Contract as ContractType } from "fabric-contract-api";

const require = createRequire(import.meta.url);
// Resolved from fabric-shim so it is the same Contract class the shim checks against.
const shimRequire = createRequire(require.resolve("fabric-shim"));
const { Contract } = shimRequire("fabric-contract-api") as { Contract: typeof ContractType };

type Iter = { next(): Promise<{ value?: { key: string; value: Uint8Array }; done?: boolean }>; close(): Promise<unknown> };

export class ProbeContract extends Contract {
  constructor() {
    super("probe");
  }

  async put(ctx: Context, key: string, value: string): Promise<void> {
    await ctx.stub.putState(key, Buffer.from(value));
  }

  async putMany(ctx: Context, json: string): Promise<void> {
    for (const [key, value] of Object.entries(JSON.parse(json) as Record<string, string>)) {
      await ctx.stub.putState(key, Buffer.from(value));
    }
  }

  async get(ctx: Context, key: string): Promise<string> {
    return Buffer.from(await ctx.stub.getState(key)).toString();
  }

  async del(ctx: Context, key: string): Promise<void> {
    await ctx.stub.deleteState(key);
  }

  /** Writes, then reads the same key back in the same transaction. */
  async putThenGet(ctx: Context, key: string, value: string): Promise<string> {
    await ctx.stub.putState(key, Buffer.from(value));
    const seen = await ctx.stub.getState(key);
    return JSON.stringify({ seenLength: seen.length, seen: Buffer.from(seen).toString() });
  }

  async putAndFail(ctx: Context, key: string, value: string): Promise<void> {
    await ctx.stub.putState(key, Buffer.from(value));
    ctx.stub.setEvent("ShouldNotAppear", Buffer.from("x"));
    throw new Error("deliberate failure: nothing may be written");
  }

  async increment(ctx: Context, key: string): Promise<string> {
    const current = Number(Buffer.from(await ctx.stub.getState(key)).toString() || "0");
    await ctx.stub.putState(key, Buffer.from(String(current + 1)));
    return String(current + 1);
  }

  /** Range query consumed with `for await` on the returned promise. */
  async rangeForAwait(ctx: Context, start: string, end: string): Promise<string> {
    const keys: string[] = [];
    for await (const kv of ctx.stub.getStateByRange(start, end)) keys.push(kv.key);
    return JSON.stringify(keys);
  }

  /** Range query consumed with await + next()/close(), the other documented style. */
  async rangeNext(ctx: Context, start: string, end: string): Promise<string> {
    const iterator = (await ctx.stub.getStateByRange(start, end)) as unknown as Iter;
    const keys: string[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) keys.push(r.value!.key);
    await iterator.close();
    return JSON.stringify(keys);
  }

  /** Whether the awaited iterator object itself is async-iterable. */
  async awaitedIteratorIsAsyncIterable(ctx: Context): Promise<string> {
    const iterator = await ctx.stub.getStateByRange("", "");
    const iterable = typeof (iterator as unknown as Record<symbol, unknown>)[Symbol.asyncIterator] === "function";
    await iterator.close();
    return String(iterable);
  }

  async putComposite(ctx: Context, objectType: string, attributesJson: string, value: string): Promise<void> {
    const key = ctx.stub.createCompositeKey(objectType, JSON.parse(attributesJson) as string[]);
    await ctx.stub.putState(key, Buffer.from(value));
  }

  async partial(ctx: Context, objectType: string, attributesJson: string): Promise<string> {
    const out: Array<{ objectType: string | null; attributes: string[]; value: string }> = [];
    for await (const kv of ctx.stub.getStateByPartialCompositeKey(objectType, JSON.parse(attributesJson) as string[])) {
      const { objectType: type, attributes } = ctx.stub.splitCompositeKey(kv.key);
      out.push({ objectType: type, attributes, value: Buffer.from(kv.value).toString() });
    }
    return JSON.stringify(out);
  }

  async page(ctx: Context, start: string, end: string, pageSize: string, bookmark: string): Promise<string> {
    const { iterator, metadata } = await ctx.stub.getStateByRangeWithPagination(start, end, Number(pageSize), bookmark);
    const keys: string[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) keys.push(r.value.key);
    await iterator.close();
    return JSON.stringify({ keys, bookmark: metadata.bookmark, fetchedRecordsCount: metadata.fetchedRecordsCount });
  }

  async partialPage(ctx: Context, objectType: string, attributesJson: string, pageSize: string, bookmark: string): Promise<string> {
    const attributes = JSON.parse(attributesJson) as string[];
    const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(objectType, attributes, Number(pageSize), bookmark);
    const keys: string[][] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) keys.push(ctx.stub.splitCompositeKey(r.value.key).attributes);
    await iterator.close();
    return JSON.stringify({ keys, bookmark: metadata.bookmark });
  }

  async putThenPage(ctx: Context, key: string): Promise<void> {
    await ctx.stub.putState(key, Buffer.from("v"));
    await ctx.stub.getStateByRangeWithPagination("", "", 10, "");
  }

  async pageThenPut(ctx: Context, key: string): Promise<void> {
    const { iterator } = await ctx.stub.getStateByRangeWithPagination("", "", 10, "");
    await iterator.close();
    await ctx.stub.putState(key, Buffer.from("v"));
  }

  async history(ctx: Context, key: string): Promise<string> {
    const out: Array<{ txId: string; isDelete: boolean; value: string; seconds: number }> = [];
    for await (const m of ctx.stub.getHistoryForKey(key)) {
      out.push({ txId: m.txId, isDelete: m.isDelete, value: Buffer.from(m.value).toString(), seconds: Number(m.timestamp.seconds) });
    }
    return JSON.stringify(out);
  }

  async emit(ctx: Context, namesJson: string): Promise<void> {
    for (const name of JSON.parse(namesJson) as string[]) ctx.stub.setEvent(name, Buffer.from(`payload-of-${name}`));
  }

  async clock(ctx: Context): Promise<string> {
    const ts = ctx.stub.getTxTimestamp();
    return JSON.stringify({
      seconds: ts.seconds.toNumber(),
      low: ts.seconds.low,
      nanos: ts.nanos,
      date: ctx.stub.getDateTimestamp().toISOString(),
      txId: ctx.stub.getTxID(),
      channel: ctx.stub.getChannelID(),
    });
  }

  async whoami(ctx: Context): Promise<string> {
    return JSON.stringify({
      id: ctx.clientIdentity.getID(),
      mspId: ctx.clientIdentity.getMSPID(),
      creatorMsp: ctx.stub.getCreator().mspid,
      transientSize: ctx.stub.getTransient().size,
    });
  }
}
