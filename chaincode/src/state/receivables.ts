import type { Context } from "fabric-contract-api";
import { DEFAULT_GRACE_PERIOD, isId } from "../../../core/spec/rules.js";
import type { Page, Receivable } from "../../../core/spec/types.js";
import { drain, keyAttribute } from "./iterators.js";
import {
  fingerprintKey,
  gracePeriodKey,
  receivableBeneficiaryIndexKey,
  receivableDebtorIndexKey,
  receivableKey,
  receivableSellerIndexKey,
} from "./keys.js";
import { readJson, writeIndex, writeJson } from "./ledger-context.js";
import { reject } from "./reject.js";

/**
 * Receivable records in world state (RECEIVABLES.md §11): one deterministic JSON record
 * per receivable under `receivable/<id>` (amounts as decimal strings), the write-once
 * fingerprint key `fingerprint/<hash>` holding the id that registered it, the listing
 * indexes `receivable~seller`, `receivable~debtor` and `receivable~beneficiary`, and the
 * ledger parameter `gracePeriod`. Every lookup is a point GetState except the listings.
 */

/** The receivable, or NotFound (a malformed id cannot exist, so it is NotFound too). */
export async function loadReceivable(ctx: Context, id: string): Promise<Receivable> {
  const receivable = isId(id) ? await readJson<Receivable>(ctx, receivableKey(ctx, id)) : undefined;
  if (!receivable) reject("NotFound", `receivable '${id}' does not exist`);
  return receivable;
}

export async function writeReceivable(ctx: Context, receivable: Receivable): Promise<void> {
  await writeJson(ctx, receivableKey(ctx, receivable.id), receivable);
}

/** A new receivable: its record, its fingerprint (for good) and its three listing entries. */
export async function writeNewReceivable(ctx: Context, receivable: Receivable): Promise<void> {
  await writeReceivable(ctx, receivable);
  await writeJson(ctx, fingerprintKey(ctx, receivable.fingerprint), receivable.id);
  await writeIndex(ctx, receivableSellerIndexKey(ctx, receivable.seller, receivable.id));
  await writeIndex(ctx, receivableDebtorIndexKey(ctx, receivable.debtor, receivable.id));
  await writeIndex(ctx, receivableBeneficiaryIndexKey(ctx, receivable.beneficiary, receivable.id));
}

/** Assignment: the receivable leaves `from`'s beneficiary listing for `to`'s. */
export async function moveBeneficiary(ctx: Context, id: string, from: string, to: string): Promise<void> {
  await ctx.stub.deleteState(receivableBeneficiaryIndexKey(ctx, from, id));
  await writeIndex(ctx, receivableBeneficiaryIndexKey(ctx, to, id));
}

/** The id of the receivable that registered the fingerprint, if any has (a point read: MVCC orders two issues of it). */
export function readFingerprint(ctx: Context, fingerprint: string): Promise<string | undefined> {
  return readJson<string>(ctx, fingerprintKey(ctx, fingerprint));
}

/** The ledger's grace period: an absent key reads as the default, so no initialisation is needed (§7). */
export async function readGracePeriod(ctx: Context): Promise<number> {
  return (await readJson<number>(ctx, gracePeriodKey(ctx))) ?? DEFAULT_GRACE_PERIOD;
}

export async function writeGracePeriod(ctx: Context, gracePeriod: number): Promise<void> {
  await writeJson(ctx, gracePeriodKey(ctx), gracePeriod);
}

/**
 * fabric-contract-api (2.5.8) hands an array parameter to the contract with every item as
 * that item's JSON text: its serializer re-stringifies each element and then reads a
 * string item verbatim, so `["M-1"]` arrives as `['"M-1"']` and `[1, null]` as
 * `['1', 'null']`. Decoding each item gives back the list as it was sent, so an item that
 * is not a string fails the id rule instead of being coerced into one.
 */
export function decodeWireList(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((item) => {
    if (typeof item !== "string") return item;
    try {
      return JSON.parse(item) as unknown;
    } catch {
      return undefined;
    }
  });
}

/**
 * One page of an index `type/<party>/<id>` in ascending id order, as listAssetsByOwner: one
 * extra entry is read to learn the bookmark, the id of the first receivable of the next page.
 */
export async function receivablePage(
  ctx: Context,
  indexType: string,
  party: string,
  indexKey: (ctx: Context, party: string, id: string) => string,
  pageSize: number,
  bookmark: string,
): Promise<Page<Receivable>> {
  const start = bookmark === "" ? "" : indexKey(ctx, party, bookmark);
  const { iterator } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(indexType, [party], pageSize + 1, start);
  const ids = await drain(iterator, keyAttribute(ctx, 1));
  const items = await Promise.all(ids.slice(0, pageSize).map((id) => loadReceivable(ctx, id)));
  return { items, bookmark: ids.length > pageSize ? ids[pageSize] : "" };
}
