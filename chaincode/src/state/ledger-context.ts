import { Context } from "fabric-contract-api";
import { canonicalJson } from "../../../core/canonical-json.js";
import type { EventName } from "../../../core/spec/events.js";

/**
 * Small helpers over the stub: deterministic JSON in and out, the caller's party id,
 * the transaction time and the one event per transaction. Every write of every
 * contract goes through here, so every endorser produces identical bytes.
 */

/** `<mspId>::x509::<subject DN>::<issuer DN>`: stable across certificate renewal. */
export function callerParty(ctx: Context): string {
  return `${ctx.clientIdentity.getMSPID()}::${ctx.clientIdentity.getID()}`;
}

/** Transaction time in unix seconds, as chosen by the client and endorsed by every peer. */
export function txTime(ctx: Context): number {
  const { seconds } = ctx.stub.getTxTimestamp() as { seconds: number | { toNumber(): number } };
  return typeof seconds === "number" ? seconds : seconds.toNumber();
}

export async function readJson<T>(ctx: Context, key: string): Promise<T | undefined> {
  const bytes = await ctx.stub.getState(key);
  if (!bytes || bytes.length === 0) return undefined;
  return JSON.parse(Buffer.from(bytes).toString("utf8")) as T;
}

export async function writeJson(ctx: Context, key: string, value: unknown): Promise<void> {
  await ctx.stub.putState(key, Buffer.from(canonicalJson(value), "utf8"));
}

/** Index entries carry no value of their own; Fabric needs a non-empty one. */
export async function writeIndex(ctx: Context, key: string): Promise<void> {
  await ctx.stub.putState(key, Buffer.from([0]));
}

export async function exists(ctx: Context, key: string): Promise<boolean> {
  const bytes = await ctx.stub.getState(key);
  return !!bytes && bytes.length > 0;
}

export function emit(ctx: Context, name: EventName, payload: Record<string, unknown>): void {
  ctx.stub.setEvent(name, Buffer.from(canonicalJson(payload), "utf8"));
}

export function toJsonResult(value: unknown): string {
  return canonicalJson(value);
}
