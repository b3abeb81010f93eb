/**
 * Which error codes each operation may answer, besides `InvalidArgument` (which every
 * operation may: a string that is not well-formed Unicode, an argument of the wrong
 * type). A platform that answers any other code for an operation breaks the
 * specification; the model tests hold every target (and the model) to this table.
 */
import type { ErrorCode } from "./errors.js";
import { OPERATIONS, type OperationName } from "./operations.js";

const ASSET_CHANGE = ["NotFound", "Unauthorized", "InvalidState"] as const;
const CERTIFICATE_CHANGE = ASSET_CHANGE;
const RECEIVABLE_CHANGE = ASSET_CHANGE;

export const RAISES: Partial<Record<OperationName, readonly ErrorCode[]>> = {
  grantRole: ["Unauthorized"],
  revokeRole: ["Unauthorized", "InvalidState"],
  renounceRole: ["Unauthorized", "InvalidState"],
  hasRole: [],
  registerAsset: ["AlreadyExists"],
  updateAsset: ASSET_CHANGE,
  transferAsset: ASSET_CHANGE,
  setAssetStatus: ASSET_CHANGE,
  getAsset: ["NotFound"],
  listAssetsByOwner: [],
  getAssetHistory: ["NotFound"],
  registerNamespace: ["Unauthorized", "AlreadyExists"],
  revokeNamespace: ["Unauthorized", "NotFound"],
  transferNamespace: ["Unauthorized", "NotFound"],
  bindIdentifier: ["IdentifierInvalid", "NotFound", "Unauthorized", "InvalidState", "ProofRequired", "NamespaceNotHeld", "IdentifierTaken"],
  bindDid: ["IdentifierInvalid", "NotFound", "Unauthorized", "InvalidState", "ProofInvalid", "IdentifierTaken"],
  didBindingStatement: ["IdentifierInvalid"],
  unbindIdentifier: ["IdentifierInvalid", "NotFound", "Unauthorized"],
  resolveIdentifier: ["IdentifierInvalid", "NotFound"],
  listIdentifiers: ["NotFound"],
  getIdentifierHistory: ["IdentifierInvalid"],
  accredit: ["Unauthorized", "InvalidState"],
  withdrawAccreditation: ["Unauthorized", "NotFound", "InvalidState"],
  getAccreditation: ["NotFound"],
  getAccreditationHistory: ["NotFound"],
  issueCertificate: ["IdentifierInvalid", "AlreadyExists", "NotFound", "NotAccredited", "InvalidState"],
  suspendCertificate: CERTIFICATE_CHANGE,
  reinstateCertificate: CERTIFICATE_CHANGE,
  revokeCertificate: CERTIFICATE_CHANGE,
  supersedeCertificate: ["IdentifierInvalid", "NotFound", "AlreadyExists", "Unauthorized", "NotAccredited", "InvalidState"],
  getCertificate: ["NotFound"],
  verifyCertificate: ["NotFound"],
  getCertificateHistory: ["NotFound"],
  listCertificates: ["IdentifierInvalid", "NotFound"],
  listCertificatesByIssuer: [],
  issueReceivable: ["AlreadyExists", "FingerprintTaken", "NotFound"],
  acknowledgeReceivable: RECEIVABLE_CHANGE,
  disputeReceivable: RECEIVABLE_CHANGE,
  markDefaulted: RECEIVABLE_CHANGE,
  cancelReceivable: RECEIVABLE_CHANGE,
  financeReceivable: [...RECEIVABLE_CHANGE, "AmountExceedsOutstanding"],
  recordRepayment: [...RECEIVABLE_CHANGE, "AmountExceedsOutstanding"],
  acceptFinancing: ["Unauthorized", "NotFound", "InvalidState"],
  setGracePeriod: ["Unauthorized"],
  getGracePeriod: [],
  getReceivable: ["NotFound"],
  getReceivableByFingerprint: ["NotFound"],
  getReceivableHistory: ["NotFound"],
  listReceivablesBySeller: [],
  listReceivablesByDebtor: [],
  listReceivablesByBeneficiary: [],
};

/** Any submit may also lose a concurrent race (`Conflict`, see COMMIT_CODES). */
export function mayRaise(operation: OperationName, code: ErrorCode): boolean {
  if (code === "Conflict") return OPERATIONS[operation].kind === "submit";
  return code === "InvalidArgument" || (RAISES[operation] ?? []).includes(code);
}
