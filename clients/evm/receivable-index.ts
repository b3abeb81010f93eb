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
import { KeptFold } from "./log-fold.js";
import { RecordStore } from "./record-store.js";
import type { LogSource, LogView } from "./log-index.js";
import { parseLogOf } from "./log-parse.js";

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
    const latest = await this.read((store) => store.latest(id));
    if (!latest) throw notFound(id);
    return latest;
  }

  async getReceivableHistory(id: string): Promise<HistoryEntry<Receivable>[]> {
    const history = await this.read((store) => store.history(id));
    if (!history) throw notFound(id);
    return history;
  }

  async getReceivableByFingerprint(fingerprint: string): Promise<Receivable> {
    if (!isHash(fingerprint)) throw new LedgerError("InvalidArgument", `fingerprint ${JSON.stringify(fingerprint)} must be 0x followed by 64 lowercase hex digits`);
    const found = await this.read((store) => store.first("fingerprint", fingerprint));
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
    return this.read((store) => store.page(field, address, pageSize, bookmark));
  }

  /** What `take` reads from every receivable folded up to a new view's head. */
  private async read<R>(take: (store: RecordStore<Receivable>) => R): Promise<R> {
    const view = await this.logs.read();
    const { receivables } = this.contracts;
    const address = await receivables.getAddress();
    const topics = RECEIVABLE_EVENTS.map((name) => receivables.interface.getEvent(name).topicHash);
    return this.fold.at(view, (afterBlock) => view.select(address, [topics], afterBlock), take);
  }

  private readonly fold = new KeptFold<RecordStore<Receivable>>(
    () => new RecordStore(listingsOf),
    (store) => store.layer(),
    (store, log, view) => this.applyReceivableLog(store, log, view),
  );

  /** One receivable event into the store. */
  private async applyReceivableLog(store: RecordStore<Receivable>, log: Log, view: LogView): Promise<void> {
    const event = parseLogOf(this.contracts.receivables.interface, log)!;
    const at = await view.timeOf(log);
    const before = store.latest(event.args.receivableId);
    const value = event.name === "ReceivableIssued" ? issued(event, at) : { ...applied(event, before!), updatedAt: at };
    store.push({ txId: log.transactionHash, timestamp: at, value });
  }
}

/** The listings of RECEIVABLES.md §10 and the lookup by fingerprint. */
const listingsOf = (receivable: Receivable) => ({
  seller: [receivable.seller],
  debtor: [receivable.debtor],
  beneficiary: [receivable.beneficiary],
  fingerprint: [receivable.fingerprint],
});

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

const notFound = (id: string) => new LedgerError("NotFound", `receivable '${id}' does not exist`);
