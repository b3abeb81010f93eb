/**
 * The identifier queries the EVM serves partly from its event log: the contract stores a
 * binding as (asset key, bound by, bound at) and validates canonical forms; the asset id,
 * the canonical string, listings and history come from IdentifierBound/Unbound events.
 */
import { id as keccakOfText, type Log } from "ethers";
import { LedgerError, parseCanonical, type HistoryEntry, type IdentifierBinding } from "../../core/index.js";
import { providerOf, type EvmContracts } from "./contracts.js";
import { decodeField } from "./encoding.js";
import { toLedgerError } from "./errors.js";

export class EvmIdentifierIndex {
  constructor(private readonly contracts: EvmContracts) {}

  /** Validates on chain (IdentifierInvalid / NotFound come from the contract). */
  async resolveIdentifier(canonicalIdentifier: string): Promise<IdentifierBinding> {
    const blockTag = await providerOf(this.contracts).getBlockNumber();
    const binding = await this.resolveAt(canonicalIdentifier, blockTag);
    if (!binding) throw new LedgerError("NotFound", `${canonicalIdentifier} is not bound`);
    return binding;
  }

  /** The asset's current bindings, in ascending key order. */
  async listIdentifiers(assetId: string): Promise<IdentifierBinding[]> {
    const blockTag = await providerOf(this.contracts).getBlockNumber();
    await this.call(() => this.contracts.assets.getAsset(assetId, { blockTag }));
    const { identifiers } = this.contracts;
    const bound = await this.logs(identifiers.filters.IdentifierBound(undefined, undefined, undefined, keccakOfText(assetId)), blockTag);
    const canonicals = [...new Set(bound.map((log) => identifiers.interface.parseLog(log)!.args.canonical as string))];
    const current = await Promise.all(canonicals.map((canonical) => this.resolveAt(canonical, blockTag)));
    return current
      .filter((binding): binding is IdentifierBinding => binding?.assetId === assetId)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Every binding the identifier has had, oldest first; null marks an unbinding. */
  async getIdentifierHistory(canonicalIdentifier: string): Promise<HistoryEntry<IdentifierBinding | null>[]> {
    const blockTag = await providerOf(this.contracts).getBlockNumber();
    await this.resolveAt(canonicalIdentifier, blockTag); // the contract validates the canonical form
    const { key } = parseCanonical(canonicalIdentifier);
    const { identifiers } = this.contracts;
    const logs = await this.logs(
      { topics: [[identifiers.interface.getEvent("IdentifierBound").topicHash, identifiers.interface.getEvent("IdentifierUnbound").topicHash], key] },
      blockTag,
    );
    const provider = providerOf(this.contracts);
    const entries: HistoryEntry<IdentifierBinding | null>[] = [];
    for (const log of logs) {
      const event = identifiers.interface.parseLog(log)!;
      const timestamp = (await provider.getBlock(log.blockNumber))!.timestamp;
      const value = event.name === "IdentifierBound" ? this.bindingFromEvent(event.args, timestamp) : null;
      entries.push({ txId: log.transactionHash, timestamp, value });
    }
    return entries;
  }

  /** The binding at `blockTag`, undefined when not bound; IdentifierInvalid for a non-canonical form. */
  private async resolveAt(canonicalIdentifier: string, blockTag: number): Promise<IdentifierBinding | undefined> {
    let stored;
    try {
      stored = await this.contracts.identifiers.resolveIdentifier(canonicalIdentifier, { blockTag });
    } catch (error) {
      const rejection = toLedgerError(error, [this.contracts.identifiers.interface]);
      if (rejection instanceof LedgerError && rejection.code === "NotFound") return undefined;
      throw rejection;
    }
    const { key } = parseCanonical(canonicalIdentifier);
    const { identifiers } = this.contracts;
    const bound = await this.logs(identifiers.filters.IdentifierBound(key), blockTag);
    const latest = bound.at(-1);
    if (!latest) throw new Error(`${canonicalIdentifier} is bound on chain but has no IdentifierBound event`);
    return this.bindingFromEvent(identifiers.interface.parseLog(latest)!.args, Number(stored.boundAt));
  }

  private bindingFromEvent(args: { getValue(name: string): unknown }, boundAt: number): IdentifierBinding {
    return {
      key: args.getValue("key") as string,
      scheme: decodeField("scheme", args.getValue("scheme")) as IdentifierBinding["scheme"],
      canonical: args.getValue("canonical") as string,
      assetId: args.getValue("assetId") as string,
      boundBy: decodeField("party", args.getValue("boundBy")) as string,
      boundAt,
    };
  }

  private async logs(filter: { topics?: unknown } | { getTopicFilter(): Promise<unknown> }, blockTag: number): Promise<Log[]> {
    const topics = "getTopicFilter" in filter ? await filter.getTopicFilter() : filter.topics;
    const logs = await providerOf(this.contracts).getLogs({
      address: await this.contracts.identifiers.getAddress(),
      topics: topics as (string | string[] | null)[],
      fromBlock: this.contracts.fromBlock,
      toBlock: blockTag,
    });
    return logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  }

  private async call<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw toLedgerError(error, [this.contracts.assets.interface, this.contracts.identifiers.interface]);
    }
  }
}
