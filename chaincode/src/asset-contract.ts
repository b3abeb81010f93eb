import { Context, Contract, Info, Returns, Transaction } from "fabric-contract-api";
import { ASSET_STATUSES, ASSET_STATUS_TRANSITIONS, type AssetStatus } from "../../core/spec/lifecycles.js";
import { isHash, isId, isLabel, isUri, MAX_URI_BYTES } from "../../core/spec/rules.js";
import type { Asset, Page } from "../../core/spec/types.js";
import { assetKey, assetOwnerIndexKey, KEY_TYPES } from "./state/keys.js";
import { callerParty, emit, readJson, toJsonResult, txTime, writeIndex, writeJson } from "./state/ledger-context.js";
import { loadAsset } from "./state/assets.js";
import { drain, keyAttribute, readHistory } from "./state/iterators.js";
import { requireParty } from "./state/parties.js";
import { requirePaging } from "./state/paging.js";
import { reject } from "./state/reject.js";

/**
 * §1 Asset registration: the digital twin of a physical thing. The record lives under
 * the composite key `asset/<id>`; an `asset~owner/<owner>/<id>` index serves paged
 * listing by owner in id order; the key history serves `getAssetHistory`.
 */
@Info({ title: "AssetContract", description: "Twinledger asset registration" })
export class AssetContract extends Contract {
  constructor() {
    super("asset");
  }

  @Transaction()
  public async registerAsset(ctx: Context, id: string, assetClass: string, metadataHash: string, metadataUri: string): Promise<void> {
    if (!isId(id)) reject("InvalidArgument", `id '${id}' must match ^[A-Za-z0-9._:-]{1,64}$`);
    if (!isLabel(assetClass)) reject("InvalidArgument", `assetClass '${assetClass}' must match ^[A-Za-z0-9._:-]{1,64}$`);
    requireHash(metadataHash);
    requireUri(metadataUri);
    if (await readJson<Asset>(ctx, assetKey(ctx, id))) reject("AlreadyExists", `asset '${id}' is already registered`);

    const owner = callerParty(ctx);
    const now = txTime(ctx);
    const asset: Asset = { id, assetClass, owner, metadataHash, metadataUri, status: "Active", createdAt: now, updatedAt: now, version: 1 };
    await writeJson(ctx, assetKey(ctx, id), asset);
    await writeIndex(ctx, assetOwnerIndexKey(ctx, owner, id));
    emit(ctx, "AssetRegistered", { assetId: id, assetClass, owner, metadataHash, metadataUri });
  }

  @Transaction()
  public async updateAsset(ctx: Context, id: string, metadataHash: string, metadataUri: string): Promise<void> {
    requireHash(metadataHash);
    requireUri(metadataUri);
    const asset = await loadOwnedAsset(ctx, id);
    requireNotDecommissioned(asset);

    const updated: Asset = { ...asset, metadataHash, metadataUri, version: asset.version + 1, updatedAt: txTime(ctx) };
    await writeJson(ctx, assetKey(ctx, id), updated);
    emit(ctx, "AssetUpdated", { assetId: id, version: updated.version, metadataHash, metadataUri });
  }

  @Transaction()
  public async transferAsset(ctx: Context, id: string, newOwner: string): Promise<void> {
    requireParty("newOwner", newOwner);
    const asset = await loadOwnedAsset(ctx, id);
    requireNotDecommissioned(asset);
    if (newOwner === asset.owner) reject("InvalidArgument", `newOwner already owns asset '${id}'`);

    await writeJson(ctx, assetKey(ctx, id), { ...asset, owner: newOwner, updatedAt: txTime(ctx) });
    await ctx.stub.deleteState(assetOwnerIndexKey(ctx, asset.owner, id));
    await writeIndex(ctx, assetOwnerIndexKey(ctx, newOwner, id));
    emit(ctx, "AssetTransferred", { assetId: id, from: asset.owner, to: newOwner });
  }

  @Transaction()
  public async setAssetStatus(ctx: Context, id: string, status: string): Promise<void> {
    if (!(ASSET_STATUSES as readonly string[]).includes(status)) {
      reject("InvalidArgument", `status '${status}' is not one of ${ASSET_STATUSES.join(", ")}`);
    }
    const asset = await loadOwnedAsset(ctx, id);
    if (!ASSET_STATUS_TRANSITIONS[asset.status].includes(status as AssetStatus)) {
      reject("InvalidState", `asset '${id}' cannot go from ${asset.status} to ${status}`);
    }

    await writeJson(ctx, assetKey(ctx, id), { ...asset, status, updatedAt: txTime(ctx) });
    emit(ctx, "AssetStatusChanged", { assetId: id, from: asset.status, to: status });
  }

  @Transaction(false)
  @Returns("string")
  public async getAsset(ctx: Context, id: string): Promise<string> {
    return toJsonResult(await loadAsset(ctx, id));
  }

  /**
   * Assets of one owner in ascending id order. The bookmark is the id of the first asset
   * of the next page ("" when there is none); one extra record is read to know that.
   */
  @Transaction(false)
  @Returns("string")
  public async listAssetsByOwner(ctx: Context, owner: string, pageSize: number, bookmark: string): Promise<string> {
    requireParty("owner", owner);
    requirePaging(pageSize, bookmark);

    const start = bookmark === "" ? "" : assetOwnerIndexKey(ctx, owner, bookmark);
    const { iterator } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(KEY_TYPES.assetsByOwner, [owner], pageSize + 1, start);
    const ids = await drain(iterator, keyAttribute(ctx, 1));
    const pageIds = ids.slice(0, pageSize);
    const items = await Promise.all(pageIds.map((assetId) => loadAsset(ctx, assetId)));
    const page: Page<Asset> = { items, bookmark: ids.length > pageSize ? ids[pageSize] : "" };
    return toJsonResult(page);
  }

  /** Every state of the asset, oldest first, with the transaction that wrote it. */
  @Transaction(false)
  @Returns("string")
  public async getAssetHistory(ctx: Context, id: string): Promise<string> {
    await loadAsset(ctx, id);
    // An asset is never deleted, so every entry has a value.
    return toJsonResult(await readHistory<Asset>(ctx, assetKey(ctx, id)));
  }
}

async function loadOwnedAsset(ctx: Context, id: string): Promise<Asset> {
  const asset = await loadAsset(ctx, id);
  const caller = callerParty(ctx);
  if (asset.owner !== caller) reject("Unauthorized", `${caller} does not own asset '${id}'`);
  return asset;
}

function requireNotDecommissioned(asset: Asset): void {
  if (asset.status === "Decommissioned") reject("InvalidState", `asset '${asset.id}' is decommissioned`);
}

function requireHash(metadataHash: string): void {
  if (!isHash(metadataHash)) reject("InvalidArgument", `metadataHash must be 0x followed by 64 lowercase hex digits`);
}

function requireUri(metadataUri: string): void {
  if (!isUri(metadataUri)) reject("InvalidArgument", `metadataUri exceeds ${MAX_URI_BYTES} UTF-8 bytes`);
}
