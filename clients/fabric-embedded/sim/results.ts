// What the peer hands back: submit results, endorsements and where transactions were committed.
import type { ChaincodeEvent } from "./chaincode-events.js";
import type { Protos } from "./fabric-runtime.js";
import type { ChaincodeResponse } from "./transaction.js";
import type { ValidationCode } from "./world-state.js";

export interface SubmitResult {
  txId: string;
  blockNumber: number;
  payload: Buffer;
  event?: ChaincodeEvent;
}

/** A successful endorsement of a client's signed proposal, as the peer's endorser produces it. */
export interface ProposalEndorsement {
  txId: string;
  channelId: string;
  chaincodeName: string;
  /** The chaincode's response (status below 400) with its payload. */
  response: ChaincodeResponse;
  /** The signed ProposalResponse (payload: ProposalResponsePayload → ChaincodeAction). */
  proposalResponse: Protos.peer.ProposalResponse;
  /** The unsigned transaction envelope built from the proposal and this endorsement (the Gateway's prepared transaction). */
  preparedTransaction: Protos.common.Envelope;
}

/** Where a transaction ended up. */
export interface CommittedTransaction {
  txId: string;
  blockNumber: number;
  validationCode: ValidationCode;
  /** The chaincode event, when the transaction is VALID and set one. */
  event?: ChaincodeEvent;
}

/** A transaction accepted for ordering; `committed` settles once its block is committed. */
export interface OrderedTransaction {
  txId: string;
  committed: Promise<CommittedTransaction>;
}
