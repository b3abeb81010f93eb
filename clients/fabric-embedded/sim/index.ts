// Public surface of the in-process Fabric peer.
export {
  EmbeddedFabric,
  type EmbeddedFabricOptions,
  type ChannelOrganization,
} from "./peer.js";
export { EndorsementError, CommitError, AccessDeniedError } from "./errors.js";
export type { ChaincodeEvent } from "./chaincode-events.js";
export type { SubmitResult } from "./results.js";
export { TestCA, type Identity, type OrganizationalUnit } from "./test-ca.js";
export type { BlockRecord, ValidationCode, TxTimestamp } from "./world-state.js";
export {
  type ProposalEndorsement,
  type CommittedTransaction,
  type OrderedTransaction,
} from "./results.js";
export { MalformedRequestError, serializeIdentity, type Creator, type ChaincodeResponse } from "./transaction.js";
