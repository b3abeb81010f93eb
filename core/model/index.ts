/**
 * The reference model: the specification of the implemented primitives as a pure state
 * machine. `submit(operation, args, caller)` answers the one event (or none, for a change
 * that changes nothing) or the one error code, and a rejected operation leaves the state
 * exactly as it was; `query` answers a value or a code. Clients, chaincode and contracts
 * are held to it by the differential tests (test/model).
 */
import { OPERATIONS, type OperationName } from "../spec/operations.js";
import { argumentShapeProblem } from "../spec/arguments.js";
import type { Party } from "../spec/types.js";
import * as assets from "./assets.js";
import type { ModelContext } from "./context.js";
import * as certification from "./certification.js";
import * as identifiers from "./identifiers.js";
import * as receivables from "./receivables.js";
import { ModelRejection, type ModelEvent, type QueryOutcome, type SubmitOutcome } from "./outcome.js";
import * as roles from "./roles.js";
import { initialState, type ModelState } from "./state.js";

export type { ModelEvent, QueryOutcome, SubmitOutcome } from "./outcome.js";
export type { ModelAsset, ModelBinding, ModelReceivable, ModelState } from "./state.js";

type Handler<R> = (ctx: ModelContext, ...args: unknown[]) => R;

const SUBMITS: Record<string, Handler<ModelEvent | undefined>> = {
  grantRole: roles.grantRole,
  revokeRole: roles.revokeRole,
  renounceRole: roles.renounceRole,
  registerAsset: assets.registerAsset,
  updateAsset: assets.updateAsset,
  transferAsset: assets.transferAsset,
  setAssetStatus: assets.setAssetStatus,
  registerNamespace: identifiers.registerNamespace,
  revokeNamespace: identifiers.revokeNamespace,
  transferNamespace: identifiers.transferNamespace,
  bindIdentifier: identifiers.bindIdentifier,
  bindDid: identifiers.bindDid,
  unbindIdentifier: identifiers.unbindIdentifier,
  accredit: certification.accredit,
  withdrawAccreditation: certification.withdrawAccreditation,
  issueCertificate: certification.issueCertificate,
  suspendCertificate: certification.suspendCertificate,
  reinstateCertificate: certification.reinstateCertificate,
  revokeCertificate: certification.revokeCertificate,
  supersedeCertificate: certification.supersedeCertificate,
  issueReceivable: receivables.issueReceivable,
  acknowledgeReceivable: receivables.acknowledgeReceivable,
  disputeReceivable: receivables.disputeReceivable,
  financeReceivable: receivables.financeReceivable,
  acceptFinancing: receivables.acceptFinancing,
  recordRepayment: receivables.recordRepayment,
  markDefaulted: receivables.markDefaulted,
  cancelReceivable: receivables.cancelReceivable,
  setGracePeriod: receivables.setGracePeriod,
};

/** Queries: the value every platform must answer, less the platform's clock and transaction ids. */
const QUERIES: Record<string, Handler<unknown>> = {
  hasRole: roles.queryHasRole,
  getAsset: assets.loadAsset,
  listAssetsByOwner: assets.listAssetsByOwner,
  getAssetHistory: assets.assetHistory,
  resolveIdentifier: identifiers.resolveIdentifier,
  listIdentifiers: identifiers.listIdentifiers,
  getIdentifierHistory: identifiers.identifierHistory,
  didBindingStatement: identifiers.didBindingStatement,
  getAccreditation: certification.getAccreditation,
  getAccreditationHistory: certification.accreditationHistory,
  getCertificate: certification.getCertificate,
  verifyCertificate: certification.verifyCertificate,
  listCertificates: certification.listCertificates,
  listCertificatesByIssuer: certification.listCertificatesByIssuer,
  getCertificateHistory: certification.certificateHistory,
  getGracePeriod: receivables.getGracePeriod,
  getReceivable: receivables.getReceivable,
  getReceivableByFingerprint: receivables.getReceivableByFingerprint,
  listReceivablesBySeller: receivables.listReceivablesBySeller,
  listReceivablesByDebtor: receivables.listReceivablesByDebtor,
  listReceivablesByBeneficiary: receivables.listReceivablesByBeneficiary,
  getReceivableHistory: receivables.receivableHistory,
};

export interface ReferenceModelOptions {
  /** The party initialised as the first ADMIN. */
  firstAdmin: Party;
  /** The platform's party rule (an EVM address, a Fabric x509 id). */
  isParty(value: unknown): boolean;
  /** The modelled ledger's name in DID binding statements (`eip155:…`, `fabric:…`). */
  ledgerDomain: string;
}

const currentTime = () => Math.floor(Date.now() / 1000);

export class ReferenceModel {
  private state: ModelState;

  constructor(private readonly options: ReferenceModelOptions) {
    this.state = initialState(options.firstAdmin);
  }

  /** `time`: the transaction's time in Unix seconds (default: now). */
  submit(operation: string, args: readonly unknown[], caller: Party, time = currentTime()): SubmitOutcome {
    const handler = SUBMITS[operation];
    if (!handler) throw new Error(`the model has no submit ${operation}`);
    const malformed = argumentShapeProblem(OPERATIONS[operation as OperationName].params, args);
    if (malformed) return { ok: false, code: "InvalidArgument" };
    const before = structuredClone(this.state);
    try {
      return { ok: true, event: handler(this.context(caller, time), ...args) };
    } catch (error) {
      this.state = before;
      if (error instanceof ModelRejection) return { ok: false, code: error.code };
      throw error;
    }
  }

  query(operation: string, args: readonly unknown[], caller: Party, time = currentTime()): QueryOutcome {
    const handler = QUERIES[operation];
    if (!handler) throw new Error(`the model has no query ${operation}`);
    if (argumentShapeProblem(OPERATIONS[operation as OperationName].params, args)) return { ok: false, code: "InvalidArgument" };
    try {
      return { ok: true, value: structuredClone(handler(this.context(caller, time), ...args)) };
    } catch (error) {
      if (error instanceof ModelRejection) return { ok: false, code: error.code };
      throw error;
    }
  }

  /** An independent copy: to try the orders in which concurrent submits may commit. */
  clone(): ReferenceModel {
    const copy = new ReferenceModel(this.options);
    copy.state = structuredClone(this.state);
    return copy;
  }

  private context(caller: Party, now: number): ModelContext {
    return { state: this.state, caller, now, isParty: this.options.isParty, ledgerDomain: this.options.ledgerDomain };
  }
}
