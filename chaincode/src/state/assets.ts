import type { Context } from "fabric-contract-api";
import { isId } from "../../../core/spec/rules.js";
import type { Asset } from "../../../core/spec/types.js";
import { assetKey } from "./keys.js";
import { readJson } from "./ledger-context.js";
import { reject } from "./reject.js";

/** The asset record, or NotFound (a malformed id cannot exist, so it is NotFound too). */
export async function loadAsset(ctx: Context, id: string): Promise<Asset> {
  const asset = isId(id) ? await readJson<Asset>(ctx, assetKey(ctx, id)) : undefined;
  if (!asset) reject("NotFound", `asset '${id}' does not exist`);
  return asset;
}
