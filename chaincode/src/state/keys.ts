import type { Context } from "fabric-contract-api";

/**
 * Every world-state key is a composite key, one object type per record kind, so that
 * records never show up in each other's range queries. Index keys use Fabric's
 * `type~attribute` naming and carry no data.
 */
export const KEY_TYPES = {
  asset: "asset",
  assetsByOwner: "asset~owner",
  role: "role",
  roleCount: "role~count",
  namespace: "namespace",
  identifier: "identifier",
  identifiersByAsset: "identifier~asset",
  initialised: "initialised",
} as const;

export const assetKey = (ctx: Context, id: string) => ctx.stub.createCompositeKey(KEY_TYPES.asset, [id]);

export const assetOwnerIndexKey = (ctx: Context, owner: string, id: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.assetsByOwner, [owner, id]);

export const roleKey = (ctx: Context, role: string, account: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.role, [role, account]);

/** How many parties hold a role (kept for ADMIN, so the last one cannot leave). */
export const roleCountKey = (ctx: Context, role: string) => ctx.stub.createCompositeKey(KEY_TYPES.roleCount, [role]);

export const initialisedKey = (ctx: Context) => ctx.stub.createCompositeKey(KEY_TYPES.initialised, []);

export const namespaceKey = (ctx: Context, scheme: string, prefix: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.namespace, [scheme, prefix]);

/** Bindings are keyed by the identifier's key (sha256 of its folded canonical form). */
export const identifierKeyOf = (ctx: Context, key: string) => ctx.stub.createCompositeKey(KEY_TYPES.identifier, [key]);

export const identifierAssetIndexKey = (ctx: Context, assetId: string, key: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.identifiersByAsset, [assetId, key]);
