/**
 * The identifier queries the EVM serves partly from its event log: the contract stores a
 * binding as (asset key, bound by, bound at) and validates canonical forms; the asset id,
 * the canonical string, listings and history come from IdentifierBound/Unbound events.
 */
import { id as keccakOfText, type Log } from "ethers";
import { LedgerError, parseCanonical, type HistoryEntry, type IdentifierBinding } from "../../core/index.js";
import type { EvmContracts } from "./contracts.js";
import { decodeField } from "./encoding.js";
import { toLedgerError } from "./errors.js";
import type { LogSource, LogView, TopicFilter } from "./log-index.js";
import { parseLogOf } from "./log-parse.js";

export class EvmIdentifierIndex {
  constructor(
    private readonly contracts: EvmContracts,
    private readonly logSource: LogSource,
  ) {}

  /** Validates on chain (IdentifierInvalid / NotFound come from the contract). */
  async resolveIdentifier(canonicalIdentifier: string): Promise<IdentifierBinding> {
    const binding = await this.resolveAt(canonicalIdentifier, await this.logSource.read());
    if (!binding) throw new LedgerError("NotFound", `${canonicalIdentifier} is not bound`);
    return binding;
  }

  /** The asset's current bindings, in ascending key order. */
  async listIdentifiers(assetId: string): Promise<IdentifierBinding[]> {
    const view = await this.logSource.read();
    await this.call(() => this.contracts.assets.getAsset(assetId, { blockTag: view.head }));
    const { identifiers } = this.contracts;
    const bound = await this.logs(identifiers.interface.encodeFilterTopics("IdentifierBound", [null, null, null, keccakOfText(assetId)]), view);
    const canonicals = [...new Set(bound.map((log) => parseLogOf(identifiers.interface, log)!.args.canonical as string))];
    const current = await Promise.all(canonicals.map((canonical) => this.resolveAt(canonical, view)));
    return current
      .filter((binding): binding is IdentifierBinding => binding?.assetId === assetId)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Every binding the identifier has had, oldest first; null marks an unbinding. */
  async getIdentifierHistory(canonicalIdentifier: string): Promise<HistoryEntry<IdentifierBinding | null>[]> {
    const view = await this.logSource.read();
    await this.resolveAt(canonicalIdentifier, view); // the contract validates the canonical form
    const { key } = parseCanonical(canonicalIdentifier);
    const { identifiers } = this.contracts;
    const logs = await this.logs([[identifiers.interface.getEvent("IdentifierBound").topicHash, identifiers.interface.getEvent("IdentifierUnbound").topicHash], key], view);
    const entries: HistoryEntry<IdentifierBinding | null>[] = [];
    for (const log of logs) {
      const event = parseLogOf(identifiers.interface, log)!;
      const timestamp = await view.timeOf(log);
      const value = event.name === "IdentifierBound" ? this.bindingFromEvent(event.args, timestamp) : null;
      entries.push({ txId: log.transactionHash, timestamp, value });
    }
    return entries;
  }

  /** The binding at the view's head, undefined when not bound; IdentifierInvalid for a non-canonical form. */
  private async resolveAt(canonicalIdentifier: string, view: LogView): Promise<IdentifierBinding | undefined> {
    let stored;
    try {
      stored = await this.contracts.identifiers.resolveIdentifier(canonicalIdentifier, { blockTag: view.head });
    } catch (error) {
      const rejection = toLedgerError(error, [this.contracts.identifiers.interface]);
      if (rejection instanceof LedgerError && rejection.code === "NotFound") return undefined;
      throw rejection;
    }
    const { key } = parseCanonical(canonicalIdentifier);
    const { identifiers } = this.contracts;
    const bound = await this.logs(identifiers.interface.encodeFilterTopics("IdentifierBound", [key]), view);
    const latest = bound.at(-1);
    if (!latest) throw new Error(`${canonicalIdentifier} is bound on chain but has no IdentifierBound event`);
    return this.bindingFromEvent(parseLogOf(identifiers.interface, latest)!.args, Number(stored.boundAt));
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

  private async logs(topics: TopicFilter, view: LogView): Promise<Log[]> {
    return view.select(await this.contracts.identifiers.getAddress(), topics);
  }

  private async call<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw toLedgerError(error, [this.contracts.assets.interface, this.contracts.identifiers.interface]);
    }
  }
}
