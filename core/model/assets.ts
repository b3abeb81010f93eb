/** §1 Asset registration: the digital twin, its owner-ordered listing and its history. */
import { ASSET_STATUSES, ASSET_STATUS_TRANSITIONS, type AssetStatus } from "../spec/lifecycles.js";
import { isHash, isId, isLabel, isPageSize, isUri } from "../spec/rules.js";
import { type ModelContext, requireParty } from "./context.js";
import { fail, type ModelEvent } from "./outcome.js";
import type { Page } from "../spec/types.js";
import { type ModelAsset, record } from "./state.js";

/** Ascending UTF-8 byte order, the listing order of the specification. */
export function byUtf8(a: string, b: string): number {
  const [x, y] = [new TextEncoder().encode(a), new TextEncoder().encode(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** A malformed id cannot exist, so looking one up is NotFound like any absent id. */
export function loadAsset(ctx: ModelContext, id: unknown): ModelAsset {
  const asset = isId(id) ? ctx.state.assets.get(id) : undefined;
  if (!asset) fail("NotFound", `asset ${String(id)} does not exist`);
  return asset;
}

function loadOwned(ctx: ModelContext, id: unknown): ModelAsset {
  const asset = loadAsset(ctx, id);
  if (asset.owner !== ctx.caller) fail("Unauthorized", `${ctx.caller} does not own ${asset.id}`);
  return asset;
}

function notDecommissioned(asset: ModelAsset): void {
  if (asset.status === "Decommissioned") fail("InvalidState", `${asset.id} is decommissioned`);
}

function write(ctx: ModelContext, asset: ModelAsset): void {
  ctx.state.assets.set(asset.id, asset);
  record(ctx.state.assetHistory, asset.id, asset);
}

function requireMetadata(metadataHash: unknown, metadataUri: unknown): asserts metadataHash is string {
  if (!isHash(metadataHash)) fail("InvalidArgument", "metadataHash");
  if (!isUri(metadataUri)) fail("InvalidArgument", "metadataUri");
}

export function registerAsset(ctx: ModelContext, id: unknown, assetClass: unknown, metadataHash: unknown, metadataUri: unknown): ModelEvent {
  if (!isId(id)) fail("InvalidArgument", "id");
  if (!isLabel(assetClass)) fail("InvalidArgument", "assetClass");
  requireMetadata(metadataHash, metadataUri);
  if (ctx.state.assets.has(id)) fail("AlreadyExists", id);
  const uri = metadataUri as string;
  write(ctx, { id, assetClass, owner: ctx.caller, metadataHash, metadataUri: uri, status: "Active", version: 1 });
  return { name: "AssetRegistered", payload: { assetId: id, assetClass, owner: ctx.caller, metadataHash, metadataUri: uri } };
}

export function updateAsset(ctx: ModelContext, id: unknown, metadataHash: unknown, metadataUri: unknown): ModelEvent {
  requireMetadata(metadataHash, metadataUri);
  const asset = loadOwned(ctx, id);
  notDecommissioned(asset);
  const updated = { ...asset, metadataHash, metadataUri: metadataUri as string, version: asset.version + 1 };
  write(ctx, updated);
  return { name: "AssetUpdated", payload: { assetId: asset.id, version: updated.version, metadataHash, metadataUri } };
}

export function transferAsset(ctx: ModelContext, id: unknown, newOwner: unknown): ModelEvent {
  requireParty(ctx, "newOwner", newOwner);
  const asset = loadOwned(ctx, id);
  notDecommissioned(asset);
  if (newOwner === asset.owner) fail("InvalidArgument", "newOwner already owns the asset");
  write(ctx, { ...asset, owner: newOwner });
  return { name: "AssetTransferred", payload: { assetId: asset.id, from: asset.owner, to: newOwner } };
}

export function setAssetStatus(ctx: ModelContext, id: unknown, status: unknown): ModelEvent {
  if (!(ASSET_STATUSES as readonly unknown[]).includes(status)) fail("InvalidArgument", "status");
  const asset = loadOwned(ctx, id);
  if (!ASSET_STATUS_TRANSITIONS[asset.status].includes(status as AssetStatus)) fail("InvalidState", `${asset.status} → ${String(status)}`);
  write(ctx, { ...asset, status: status as AssetStatus });
  return { name: "AssetStatusChanged", payload: { assetId: asset.id, from: asset.status, to: status } };
}

/** A page of the owner's assets in listing order; the bookmark is the first id of the next page. */
export function listAssetsByOwner(ctx: ModelContext, owner: unknown, pageSize: unknown, bookmark: unknown): Page<ModelAsset> {
  requireParty(ctx, "owner", owner);
  if (!isPageSize(pageSize)) fail("InvalidArgument", "pageSize");
  if (bookmark !== "" && !isId(bookmark)) fail("InvalidArgument", "bookmark");
  const owned = [...ctx.state.assets.values()].filter((asset) => asset.owner === owner).sort((a, b) => byUtf8(a.id, b.id));
  const rest = owned.filter((asset) => bookmark === "" || byUtf8(asset.id, bookmark as string) >= 0);
  return { items: rest.slice(0, pageSize), bookmark: rest[pageSize]?.id ?? "" };
}

export function assetHistory(ctx: ModelContext, id: unknown): ModelAsset[] {
  const asset = loadAsset(ctx, id);
  return ctx.state.assetHistory.get(asset.id)!;
}
