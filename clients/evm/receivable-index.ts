/**
 * The receivable queries the EVM serves from its event log: the contract keeps what its
 * checks need (parties, state, outstanding, the pending request, the policy's hashes, the
 * fingerprint index); the record with its currency, fingerprint and asset ids, the lookup
 * by fingerprint, the three listings and the history are folded from its events here, by
 * the rules of RECEIVABLES.md §3–§10, the same as the chaincode's. Every query reads at one
 * pinned block; the fold is kept between reads and advanced by the new blocks only.
 */
import { getAddress, isAddress, type Log, type LogDescription } from "ethers";
import {
  LedgerError,
  MAX_PAGE_SIZE,
  isHash,
  isId,
  isPageSize,
  type HistoryEntry,
  type Page,
  type Receivable,
} from "../../core/index.js";
import type { EvmContracts } from "./contracts.js";
import { KeptFold, pageById, sortedLogs } from "./log-fold.js";
import type { LogSource, LogView } from "./log-index.js";

const RECEIVABLE_EVENTS = [
  "ReceivableIssued",
  "ReceivableAcknowledged",
  "ReceivableDisputed",
  "FinancingRequested",
  "ReceivableFinanced",
  "RepaymentRecorded",
  "ReceivableSettled",
  "ReceivableDefaulted",
  "ReceivableCancelled",
] as const;

type Listing = "seller" | "debtor" | "beneficiary";

export class EvmReceivableIndex {
  constructor(
    private readonly contracts: EvmContracts,
    private readonly logs: LogSource,
  ) {}

  async getReceivable(id: string): Promise<Receivable> {
    return latestOf(await this.histories(await this.logs.read()), id);
  }

  async getReceivableHistory(id: string): Promise<HistoryEntry<Receivable>[]> {
    const history = (await this.histories(await this.logs.read())).get(id);
    if (!history) throw notFound(id);
    return history;
  }

  async getReceivableByFingerprint(fingerprint: string): Promise<Receivable> {
    if (!isHash(fingerprint)) throw new LedgerError("InvalidArgument", `fingerprint ${JSON.stringify(fingerprint)} must be 0x followed by 64 lowercase hex digits`);
    const found = (await this.current(await this.logs.read())).find((receivable) => receivable.fingerprint === fingerprint);
    if (!found) throw new LedgerError("NotFound", `no receivable has fingerprint ${fingerprint}`);
    return found;
  }

  listReceivablesBySeller(seller: string, pageSize: number, bookmark: string): Promise<Page<Receivable>> {
    return this.list("seller", seller, pageSize, bookmark);
  }

  listReceivablesByDebtor(debtor: string, pageSize: number, bookmark: string): Promise<Page<Receivable>> {
    return this.list("debtor", debtor, pageSize, bookmark);
  }

  listReceivablesByBeneficiary(beneficiary: string, pageSize: number, bookmark: string): Promise<Page<Receivable>> {
    return this.list("beneficiary", beneficiary, pageSize, bookmark);
  }

  private async list(field: Listing, party: string, pageSize: number, bookmark: string): Promise<Page<Receivable>> {
    if (!isAddress(party)) throw new LedgerError("InvalidArgument", `${field} '${party}' is not an EVM address`);
    if (!isPageSize(pageSize)) throw new LedgerError("InvalidArgument", `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    if (bookmark !== "" && !isId(bookmark)) throw new LedgerError("InvalidArgument", `bookmark '${bookmark}' is not one this ledger returned`);
    const address = getAddress(party);
    const mine = (await this.current(await this.logs.read())).filter((receivable) => receivable[field] === address);
    return pageById(mine, pageSize, bookmark);
  }

  private async current(view: LogView): Promise<Receivable[]> {
    return [...(await this.histories(view)).values()].map((history) => history.at(-1)!.value);
  }

  /** Every receivable's states, oldest first, folded from all receivable events up to the view's head. */
  private async histories(view: LogView): Promise<Map<string, HistoryEntry<Receivable>[]>> {
    const { receivables } = this.contracts;
    const topics = RECEIVABLE_EVENTS.map((name) => receivables.interface.getEvent(name).topicHash);
    return this.fold.at(view, sortedLogs(view.select(await receivables.getAddress(), [topics])));
  }

  private readonly fold = new KeptFold<Map<string, HistoryEntry<Receivable>[]>>(
    () => new Map(),
    (histories) => new Map(histories),
    (histories, log, view) => this.applyReceivableLog(histories, log, view),
  );

  /** One receivable event into the histories (each history array is replaced, never changed). */
  private async applyReceivableLog(histories: Map<string, HistoryEntry<Receivable>[]>, log: Log, view: LogView): Promise<void> {
    const event = this.contracts.receivables.interface.parseLog(log)!;
    const at = await view.timeOf(log);
    const id: string = event.args.receivableId;
    const before = histories.get(id)?.at(-1)?.value;
    const value = event.name === "ReceivableIssued" ? issued(event, at) : { ...applied(event, before!), updatedAt: at };
    histories.set(id, [...(histories.get(id) ?? []), { txId: log.transactionHash, timestamp: at, value }]);
  }
}

/** The record as issued (RECEIVABLES.md §5): the seller is the beneficiary, no request pending. */
function issued({ args }: LogDescription, at: number): Receivable {
  const seller = getAddress(args.seller);
  return {
    id: args.receivableId,
    seller,
    debtor: getAddress(args.debtor),
    amount: args.amount.toString(),
    currency: args.currency,
    dueDate: Number(args.dueDate),
    fingerprint: args.fingerprint,
    beneficiary: seller,
    financier: "",
    advanceAmount: "0",
    outstanding: args.amount.toString(),
    state: "Issued",
    assetIds: [...args.assetIds],
    gracePeriod: Number(args.gracePeriod),
    requiredStandard: args.requiredStandard,
    issuedAt: at,
    updatedAt: at,
  };
}

/** One change, as its event tells it; a dispute or cancellation drops a pending request. */
function applied({ name, args }: LogDescription, before: Receivable): Receivable {
  const dropped = { financier: "", advanceAmount: "0" };
  switch (name) {
    case "ReceivableAcknowledged":
      return { ...before, state: "Acknowledged" };
    case "ReceivableDisputed":
      return { ...before, ...dropped, state: "Disputed" };
    case "FinancingRequested":
      return { ...before, financier: getAddress(args.financier), advanceAmount: args.advanceAmount.toString() };
    case "ReceivableFinanced":
      return { ...before, state: "Financed", beneficiary: getAddress(args.financier), financier: getAddress(args.financier), advanceAmount: args.advanceAmount.toString() };
    case "RepaymentRecorded":
      return { ...before, state: "PartiallyRepaid", outstanding: args.outstanding.toString() };
    case "ReceivableSettled":
      return { ...before, state: "Settled", outstanding: "0" };
    case "ReceivableDefaulted":
      return { ...before, state: "Defaulted" };
    case "ReceivableCancelled":
      return { ...before, ...dropped, state: "Cancelled" };
    default:
      throw new Error(`unexpected receivable event ${name}`);
  }
}

function latestOf(histories: Map<string, HistoryEntry<Receivable>[]>, id: string): Receivable {
  const latest = histories.get(id)?.at(-1)?.value;
  if (!latest) throw notFound(id);
  return latest;
}

const notFound = (id: string) => new LedgerError("NotFound", `receivable '${id}' does not exist`);
