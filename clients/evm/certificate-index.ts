/**
 * The certification queries the EVM serves from its event log: the contract keeps what
 * verification needs (status log, window, issuer, epoch); the certificate as a record, the
 * listings by subject and issuer, and both histories are folded from its events here, the
 * same rules and order as the chaincode. Every query reads at one pinned block; the fold of
 * all certificates is kept between reads and advanced by the new blocks only.
 */
import { AbiCoder, getAddress, id as keccakOfText, isAddress, keccak256, type Log, type LogDescription } from "ethers";
import {
  CERTIFICATE_STATUSES,
  LedgerError,
  MAX_PAGE_SIZE,
  isAssetSubject,
  isId,
  isLabel,
  isPageSize,
  subjectProblem,
  type Accreditation,
  type Certificate,
  type HistoryEntry,
  type Page,
} from "../../core/index.js";
import type { EvmContracts } from "./contracts.js";
import { KeptFold } from "./log-fold.js";
import { RecordStore } from "./record-store.js";
import type { LogSource, LogView } from "./log-index.js";
import type { EvmIdentifierIndex } from "./identifier-index.js";
import { parseLogOf } from "./log-parse.js";

const CERTIFICATE_EVENTS = ["CertificateIssued", "CertificateStatusChanged", "CertificateSuperseded"] as const;

export const accreditationKey = (certifier: string, standard: string): string =>
  keccak256(AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [certifier, keccakOfText(standard)]));

export class EvmCertificateIndex {
  constructor(
    private readonly contracts: EvmContracts,
    private readonly identifierIndex: EvmIdentifierIndex,
    private readonly logs: LogSource,
  ) {}

  async getCertificate(id: string): Promise<Certificate> {
    const latest = await this.read(await this.logs.read(), (store) => store.latest(id));
    if (!latest) throw new LedgerError("NotFound", `certificate '${id}' does not exist`);
    return latest;
  }

  async getCertificateHistory(id: string): Promise<HistoryEntry<Certificate>[]> {
    const history = await this.read(await this.logs.read(), (store) => store.history(id));
    if (!history) throw new LedgerError("NotFound", `certificate '${id}' does not exist`);
    return history;
  }

  /** The certificates of the asset the subject stands for now (CERTIFICATION.md §6). */
  async listCertificates(subject: string, pageSize: number, bookmark: string): Promise<Page<Certificate>> {
    const problem = subjectProblem(subject);
    if (problem) throw new LedgerError("IdentifierInvalid", problem);
    this.requirePaging(pageSize, bookmark);
    const view = await this.logs.read();
    const assetId = await this.resolveSubject(subject);
    return this.read(view, (store) => store.page("asset", assetId, pageSize, bookmark));
  }

  async listCertificatesByIssuer(issuer: string, pageSize: number, bookmark: string): Promise<Page<Certificate>> {
    if (!isAddress(issuer)) throw new LedgerError("InvalidArgument", `issuer '${issuer}' is not an EVM address`);
    this.requirePaging(pageSize, bookmark);
    return this.read(await this.logs.read(), (store) => store.page("issuer", getAddress(issuer), pageSize, bookmark));
  }

  async getAccreditationHistory(certifier: string, standard: string): Promise<HistoryEntry<Accreditation>[]> {
    if (!isAddress(certifier)) throw new LedgerError("InvalidArgument", `certifier '${certifier}' is not an EVM address`);
    if (!isLabel(standard)) throw new LedgerError("InvalidArgument", `standard '${standard}' is not a label`);
    const { certification } = this.contracts;
    const view = await this.logs.read();
    const topics = certification.interface.encodeFilterTopics("AccreditationChanged", [accreditationKey(getAddress(certifier), standard)]);
    const logs = view.select(await certification.getAddress(), topics);
    if (logs.length === 0) throw new LedgerError("NotFound", `${certifier} was never accredited for ${standard}`);
    const entries: HistoryEntry<Accreditation>[] = [];
    let state: Accreditation | undefined;
    for (const log of logs) {
      const { args } = parseLogOf(certification.interface, log)!;
      const at = await view.timeOf(log);
      state = args.accredited
        ? { certifier: getAddress(args.certifier), standard: args.standard, accreditedBy: getAddress(args.accreditor), accreditedAt: at, validUntil: Number(args.validUntil), withdrawnAt: 0 }
        : { ...state!, withdrawnAt: at };
      entries.push({ txId: log.transactionHash, timestamp: at, value: state });
    }
    return entries;
  }

  private requirePaging(pageSize: number, bookmark: string): void {
    if (!isPageSize(pageSize)) throw new LedgerError("InvalidArgument", `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    if (bookmark !== "" && !isId(bookmark)) throw new LedgerError("InvalidArgument", `bookmark '${bookmark}' is not one this ledger returned`);
  }

  /** The asset id a subject stands for now: NotFound if unregistered or unbound. */
  private async resolveSubject(subject: string): Promise<string> {
    if (!isAssetSubject(subject)) return (await this.identifierIndex.resolveIdentifier(subject)).assetId;
    const [owner] = await this.contracts.assets.assetControl(keccakOfText(subject));
    if (owner === "0x0000000000000000000000000000000000000000") throw new LedgerError("NotFound", `asset '${subject}' does not exist`);
    return subject;
  }

  /** What `take` reads from every certificate folded up to the view's head. */
  private async read<R>(view: LogView, take: (store: RecordStore<Certificate>) => R): Promise<R> {
    const { certification } = this.contracts;
    const address = await certification.getAddress();
    const topics = CERTIFICATE_EVENTS.map((name) => certification.interface.getEvent(name).topicHash);
    return this.fold.at(view, (afterBlock) => view.select(address, [topics], afterBlock), take);
  }

  private readonly fold = new KeptFold<RecordStore<Certificate>>(
    () => new RecordStore((certificate) => ({ asset: [certificate.assetId], issuer: [certificate.issuer] })),
    (store) => store.layer(),
    (store, log, view) => this.applyCertificateLog(store, log, view),
  );

  /** One certification event into the store. */
  private async applyCertificateLog(store: RecordStore<Certificate>, log: Log, view: LogView): Promise<void> {
    const { certification } = this.contracts;
    const latest = (id: string) => store.latest(id);
    const push = (timestamp: number, value: Certificate) => store.push({ txId: log.transactionHash, timestamp, value });
    const event = parseLogOf(certification.interface, log)!;
    const at = await view.timeOf(log);
    if (event.name === "CertificateIssued") {
      push(at, await this.issued(event, event.args.certificateId, at, "", view));
    } else if (event.name === "CertificateStatusChanged") {
      const to = CERTIFICATE_STATUSES[Number(event.args.to)];
      const before = latest(event.args.certificateId)!;
      push(at, { ...before, status: to, suspendedBy: to === "Suspended" ? getAddress(event.args.changedBy) : "" });
    } else {
      const before = latest(event.args.oldId)!;
      push(at, { ...before, status: "Superseded", suspendedBy: "", supersededBy: event.args.newId });
      push(at, await this.issued(event, event.args.newId, at, before.id, view));
    }
  }

  /** A certificate as CertificateIssued or the new half of CertificateSuperseded records it. */
  private async issued(event: LogDescription, id: string, issuedAt: number, supersedes: string, view: LogView): Promise<Certificate> {
    const { args } = event;
    return {
      id,
      issuer: getAddress(args.issuer),
      subject: args.subject,
      assetId: await this.assetIdOf(args.assetKey, view),
      standard: args.standard,
      scopeHash: args.scopeHash,
      evidenceHash: args.evidenceHash,
      validFrom: Number(args.validFrom),
      validUntil: Number(args.validUntil),
      issuedAt,
      status: "Active",
      suspendedBy: "",
      supersedes,
      supersededBy: "",
    };
  }

  private readonly assetIds = new Map<string, string>();
  /** The asset id behind an asset key, from its AssetRegistered event. */
  private async assetIdOf(assetKey: string, view: LogView): Promise<string> {
    if (!this.assetIds.has(assetKey)) {
      const { assets } = this.contracts;
      const [registered] = view.select(await assets.getAddress(), assets.interface.encodeFilterTopics("AssetRegistered", [assetKey]));
      if (!registered) throw new Error(`no AssetRegistered event for asset key ${assetKey}`);
      this.assetIds.set(assetKey, parseLogOf(assets.interface, registered)!.args.assetId);
    }
    return this.assetIds.get(assetKey)!;
  }
}
