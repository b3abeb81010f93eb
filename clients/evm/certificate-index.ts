/**
 * The certification queries the EVM serves from its event log: the contract keeps what
 * verification needs (status log, window, issuer, epoch); the certificate as a record, the
 * listings by subject and issuer, and both histories are folded from its events here, the
 * same rules and order as the chaincode. Every query reads at one pinned block.
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
import { providerOf, type EvmContracts } from "./contracts.js";
import { BlockTimes, pageById, sortedLogs } from "./log-fold.js";
import type { EvmIdentifierIndex } from "./identifier-index.js";

const CERTIFICATE_EVENTS = ["CertificateIssued", "CertificateStatusChanged", "CertificateSuperseded"] as const;

export const accreditationKey = (certifier: string, standard: string): string =>
  keccak256(AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [certifier, keccakOfText(standard)]));

export class EvmCertificateIndex {
  constructor(
    private readonly contracts: EvmContracts,
    private readonly identifierIndex: EvmIdentifierIndex,
  ) {}

  async getCertificate(id: string): Promise<Certificate> {
    const blockTag = await this.head();
    const latest = (await this.certificateHistories(blockTag)).get(id)?.at(-1)?.value;
    if (!latest) throw new LedgerError("NotFound", `certificate '${id}' does not exist`);
    return latest;
  }

  async getCertificateHistory(id: string): Promise<HistoryEntry<Certificate>[]> {
    const history = (await this.certificateHistories(await this.head())).get(id);
    if (!history) throw new LedgerError("NotFound", `certificate '${id}' does not exist`);
    return history;
  }

  /** The certificates of the asset the subject stands for now (CERTIFICATION.md §6). */
  async listCertificates(subject: string, pageSize: number, bookmark: string): Promise<Page<Certificate>> {
    const problem = subjectProblem(subject);
    if (problem) throw new LedgerError("IdentifierInvalid", problem);
    this.requirePaging(pageSize, bookmark);
    const blockTag = await this.head();
    const assetId = await this.resolveSubject(subject);
    const all = await this.current(blockTag);
    return pageById(all.filter((certificate) => certificate.assetId === assetId), pageSize, bookmark);
  }

  async listCertificatesByIssuer(issuer: string, pageSize: number, bookmark: string): Promise<Page<Certificate>> {
    if (!isAddress(issuer)) throw new LedgerError("InvalidArgument", `issuer '${issuer}' is not an EVM address`);
    this.requirePaging(pageSize, bookmark);
    const all = await this.current(await this.head());
    return pageById(all.filter((certificate) => certificate.issuer === getAddress(issuer)), pageSize, bookmark);
  }

  async getAccreditationHistory(certifier: string, standard: string): Promise<HistoryEntry<Accreditation>[]> {
    if (!isAddress(certifier)) throw new LedgerError("InvalidArgument", `certifier '${certifier}' is not an EVM address`);
    if (!isLabel(standard)) throw new LedgerError("InvalidArgument", `standard '${standard}' is not a label`);
    const { certification, fromBlock } = this.contracts;
    const logs = await certification.queryFilter(certification.filters.AccreditationChanged(accreditationKey(getAddress(certifier), standard)), fromBlock, await this.head());
    if (logs.length === 0) throw new LedgerError("NotFound", `${certifier} was never accredited for ${standard}`);
    const entries: HistoryEntry<Accreditation>[] = [];
    let state: Accreditation | undefined;
    for (const log of sortedLogs(logs)) {
      const { args } = log;
      const at = await this.timeOf(log.blockNumber);
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

  private async current(blockTag: number): Promise<Certificate[]> {
    return [...(await this.certificateHistories(blockTag)).values()].map((history) => history.at(-1)!.value);
  }

  /** Every certificate's states, oldest first, folded from all certification events up to `blockTag`. */
  private async certificateHistories(blockTag: number): Promise<Map<string, HistoryEntry<Certificate>[]>> {
    const { certification, fromBlock } = this.contracts;
    const topics = CERTIFICATE_EVENTS.map((name) => certification.interface.getEvent(name).topicHash);
    const logs = await providerOf(this.contracts).getLogs({ address: await certification.getAddress(), topics: [topics], fromBlock, toBlock: blockTag });
    const histories = new Map<string, HistoryEntry<Certificate>[]>();
    const latest = (id: string) => histories.get(id)?.at(-1)?.value;
    const push = (id: string, log: Log, timestamp: number, value: Certificate) =>
      histories.set(id, [...(histories.get(id) ?? []), { txId: log.transactionHash, timestamp, value }]);
    for (const log of sortedLogs(logs)) {
      const event = certification.interface.parseLog(log)!;
      const at = await this.timeOf(log.blockNumber);
      if (event.name === "CertificateIssued") {
        push(event.args.certificateId, log, at, await this.issued(event, event.args.certificateId, at, ""));
      } else if (event.name === "CertificateStatusChanged") {
        const to = CERTIFICATE_STATUSES[Number(event.args.to)];
        const before = latest(event.args.certificateId)!;
        push(before.id, log, at, { ...before, status: to, suspendedBy: to === "Suspended" ? getAddress(event.args.changedBy) : "" });
      } else {
        const before = latest(event.args.oldId)!;
        push(before.id, log, at, { ...before, status: "Superseded", suspendedBy: "", supersededBy: event.args.newId });
        push(event.args.newId, log, at, await this.issued(event, event.args.newId, at, before.id));
      }
    }
    return histories;
  }

  /** A certificate as CertificateIssued or the new half of CertificateSuperseded records it. */
  private async issued(event: LogDescription, id: string, issuedAt: number, supersedes: string): Promise<Certificate> {
    const { args } = event;
    return {
      id,
      issuer: getAddress(args.issuer),
      subject: args.subject,
      assetId: await this.assetIdOf(args.assetKey),
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
  private async assetIdOf(assetKey: string): Promise<string> {
    if (!this.assetIds.has(assetKey)) {
      const { assets, fromBlock } = this.contracts;
      const [registered] = await assets.queryFilter(assets.filters.AssetRegistered(assetKey), fromBlock);
      if (!registered) throw new Error(`no AssetRegistered event for asset key ${assetKey}`);
      this.assetIds.set(assetKey, registered.args.assetId);
    }
    return this.assetIds.get(assetKey)!;
  }

  private readonly blockTimes = new BlockTimes(() => providerOf(this.contracts));
  private timeOf(blockNumber: number): Promise<number> {
    return this.blockTimes.of(blockNumber);
  }

  private head(): Promise<number> {
    return providerOf(this.contracts).getBlockNumber();
  }
}
