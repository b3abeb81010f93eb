/**
 * The asset queries that the EVM serves from its event log: the contract keeps only what
 * it must check (owner, status, version, updatedAt, metadata hash); asset class, URI,
 * creation time, history and the owner listing are folded from events here (the logs kept
 * by log-index.ts). Every query reads at one pinned block, its view's head, so its parts agree.
 */
import { getAddress, id as keccakOfText, isAddress, type Log } from "ethers";
import {
  ASSET_STATUSES,
  LedgerError,
  MAX_PAGE_SIZE,
  isId,
  isPageSize,
  type Asset,
  type HistoryEntry,
  type Page,
} from "../../core/index.js";
import type { EvmContracts } from "./contracts.js";
import { toLedgerError } from "./errors.js";
import { KeptFold } from "./log-fold.js";
import { RecordStore } from "./record-store.js";
import type { LogSource, LogView } from "./log-index.js";
import { parseLogOf } from "./log-parse.js";

const ASSET_EVENTS = ["AssetRegistered", "AssetUpdated", "AssetTransferred", "AssetStatusChanged"] as const;

export const assetKey = (id: string): string => keccakOfText(id);

/** Who holds an asset: all the owner listing needs (the page's assets are read in full). */
interface AssetOwner {
  id: string;
  owner: string;
}

export class EvmAssetIndex {
  constructor(
    private readonly contracts: EvmContracts,
    private readonly logs: LogSource,
  ) {}

  async getAsset(id: string): Promise<Asset> {
    return this.assetAt(id, await this.logs.read());
  }

  async getAssetHistory(id: string): Promise<HistoryEntry<Asset>[]> {
    const view = await this.logs.read();
    await this.record(id, view.head);
    return this.fold(await this.assetLogs(assetKey(id), view), view);
  }

  /** Same rules and order as the chaincode: ascending id, bookmark = first id of the next page. */
  async listAssetsByOwner(owner: string, pageSize: number, bookmark: string): Promise<Page<Asset>> {
    if (!isAddress(owner)) throw new LedgerError("InvalidArgument", `owner '${owner}' is not an EVM address`);
    if (!isPageSize(pageSize)) throw new LedgerError("InvalidArgument", `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    if (bookmark !== "" && !isId(bookmark)) throw new LedgerError("InvalidArgument", `bookmark '${bookmark}' is not one this ledger returned`);

    const view = await this.logs.read();
    const page = await this.owners(view, (store) => store.page("owner", getAddress(owner), pageSize, bookmark));
    const items = await Promise.all(page.items.map(({ id }) => this.assetAt(id, view)));
    return { items, bookmark: page.bookmark };
  }

  private async assetAt(id: string, view: LogView): Promise<Asset> {
    const record = await this.record(id, view.head);
    const history = await this.fold(await this.assetLogs(assetKey(id), view), view);
    const latest = history.at(-1)?.value;
    if (!latest) throw new Error(`asset '${id}' exists on chain but has no AssetRegistered event`);
    // The contract's storage is the authority for what it stores.
    return {
      ...latest,
      owner: record.owner,
      status: ASSET_STATUSES[Number(record.status)],
      version: Number(record.version),
      updatedAt: Number(record.updatedAt),
      metadataHash: record.metadataHash,
    };
  }

  private async record(id: string, blockTag: number) {
    try {
      return await this.contracts.assets.getAsset(id, { blockTag });
    } catch (error) {
      throw toLedgerError(error, [this.contracts.assets.interface]);
    }
  }

  /** What `take` reads from every asset's owner, folded from registrations and transfers up to the view's head. */
  private async owners<R>(view: LogView, take: (store: RecordStore<AssetOwner>) => R): Promise<R> {
    const { assets } = this.contracts;
    const address = await assets.getAddress();
    const topics = [assets.interface.getEvent("AssetRegistered").topicHash, assets.interface.getEvent("AssetTransferred").topicHash];
    return this.ownerFold.at(view, (afterBlock) => view.select(address, [topics], afterBlock), take);
  }

  private readonly ownerFold = new KeptFold<RecordStore<AssetOwner>>(
    () => new RecordStore((asset) => ({ owner: [asset.owner] })),
    (store) => store.layer(),
    (store, log) => {
      const { name, args } = parseLogOf(this.contracts.assets.interface, log)!;
      const owner = getAddress(name === "AssetRegistered" ? args.owner : args.to);
      store.push({ txId: log.transactionHash, timestamp: 0, value: { id: args.assetId, owner } });
    },
  );

  private async assetLogs(key: string, view: LogView): Promise<Log[]> {
    const { assets } = this.contracts;
    const topics = ASSET_EVENTS.map((name) => assets.interface.getEvent(name).topicHash);
    return view.select(await assets.getAddress(), [topics, key]);
  }

  /** Replays the asset's events into the state after each transaction, oldest first. */
  private async fold(logs: Log[], view: LogView): Promise<HistoryEntry<Asset>[]> {
    const { interface: iface } = this.contracts.assets;

    const entries: HistoryEntry<Asset>[] = [];
    let state: Asset | undefined;
    for (const log of logs) {
      const event = parseLogOf(iface, log)!;
      const at = await view.timeOf(log);
      const args = event.args;
      if (event.name === "AssetRegistered") {
        state = {
          id: args.assetId,
          assetClass: args.assetClass,
          owner: getAddress(args.owner),
          metadataHash: args.metadataHash,
          metadataUri: args.metadataUri,
          status: "Active",
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
      } else if (!state) {
        throw new Error(`${event.name} before AssetRegistered for asset ${args.assetId}`);
      } else if (event.name === "AssetUpdated") {
        state = { ...state, version: Number(args.version), metadataHash: args.metadataHash, metadataUri: args.metadataUri, updatedAt: at };
      } else if (event.name === "AssetTransferred") {
        state = { ...state, owner: getAddress(args.to), updatedAt: at };
      } else {
        state = { ...state, status: ASSET_STATUSES[Number(args.to)], updatedAt: at };
      }
      entries.push({ txId: log.transactionHash, timestamp: at, value: state });
    }
    return entries;
  }
}
