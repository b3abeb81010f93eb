// Public surface of the in-process Fabric peer.
export {
  EmbeddedFabric,
  EndorsementError,
  CommitError,
  AccessDeniedError,
  type ChaincodeEvent,
  type SubmitResult,
  type EmbeddedFabricOptions,
  type ChannelOrganization,
} from "./peer.js";
export { TestCA, type Identity, type OrganizationalUnit } from "./test-ca.js";
export type { BlockRecord, ValidationCode, TxTimestamp } from "./world-state.js";
export {
  type ProposalEndorsement,
  type CommittedTransaction,
  type OrderedTransaction,
} from "./peer.js";
export { MalformedRequestError, type Creator, type ChaincodeResponse } from "./transaction.js";
