// The gateway.Gateway service: Evaluate, Endorse, Submit, CommitStatus, ChaincodeEvents.
import * as grpc from "@grpc/grpc-js";
import { protos, type Protos } from "../sim/fabric-runtime.js";
import { AccessDeniedError } from "../sim/index.js";
import { waitFor } from "./block-waits.js";
import { streamChaincodeEvents } from "./chaincode-events-stream.js";
import { endorserMessage, internal, isRpcError, rpcError } from "./errors.js";
import { QSCC, queryChaincode } from "./qscc.js";
import { authorize, checkChannel, decodeProposalOrThrow, parseOr } from "./request-checks.js";
import type { ServerContext } from "./server-context.js";

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

function unary<Req, Res>(handler: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>): Unary<Req, Res> {
  return (call, callback) => {
    handler(call.request, call).then(
      (response) => callback(null, response),
      (error: unknown) => callback(isRpcError(error) ? error : internal(error)),
    );
  };
}

export function gatewayService(context: ServerContext): grpc.UntypedServiceImplementation {
  return {
    evaluate: unary<Protos.gateway.EvaluateRequest, Protos.gateway.EvaluateResponse>(async (request) => {
      const proposal = decodeProposalOrThrow(request.getProposedTransaction(), "failed to unpack transaction proposal: ");
      const fabric = context.fabric();
      let response: Protos.peer.Response;
      try {
        response =
          proposal.chaincodeName === QSCC
            ? queryChaincode(fabric, proposal)
            : await fabric.endorseProposal(proposal.signedProposal).then((endorsement) => {
                const message = new protos.peer.Response();
                message.setStatus(endorsement.response.status);
                message.setMessage(endorsement.response.message);
                message.setPayload(endorsement.response.payload);
                return message;
              });
      } catch (error) {
        const { code, message } = endorserMessage(error);
        throw rpcError(code, `evaluate call to endorser returned error: ${message}`, [context.detail(message)]);
      }
      const evaluateResponse = new protos.gateway.EvaluateResponse();
      evaluateResponse.setResult(response);
      return evaluateResponse;
    }),

    endorse: unary<Protos.gateway.EndorseRequest, Protos.gateway.EndorseResponse>(async (request) => {
      const proposal = decodeProposalOrThrow(request.getProposedTransaction());
      let endorsement;
      try {
        endorsement = await context.fabric().endorseProposal(proposal.signedProposal);
      } catch (error) {
        const { message } = endorserMessage(error);
        throw rpcError(grpc.status.ABORTED, "failed to endorse transaction, see attached details for more info", [context.detail(message)]);
      }
      const response = new protos.gateway.EndorseResponse();
      response.setPreparedTransaction(endorsement.preparedTransaction);
      return response;
    }),

    submit: unary<Protos.gateway.SubmitRequest, Protos.gateway.SubmitResponse>(async (request) => {
      const envelope = request.getPreparedTransaction();
      if (!envelope) throw rpcError(grpc.status.INVALID_ARGUMENT, "a prepared transaction is required");
      if (envelope.getSignature_asU8().length === 0) throw rpcError(grpc.status.INVALID_ARGUMENT, "prepared transaction must be signed");
      try {
        const ordered = context.fabric().order(envelope);
        ordered.committed.catch(() => undefined); // the outcome is read through CommitStatus
      } catch (error) {
        const status = error instanceof AccessDeniedError ? "FORBIDDEN" : "BAD_REQUEST";
        throw rpcError(
          grpc.status.ABORTED,
          `received unsuccessful response from orderer: status=${status}, info=${(error as Error).message}`,
        );
      }
      return new protos.gateway.SubmitResponse();
    }),

    commitStatus: unary<Protos.gateway.SignedCommitStatusRequest, Protos.gateway.CommitStatusResponse>(async (signed, call) => {
      const bytes = signed.getRequest_asU8();
      if (bytes.length === 0) throw rpcError(grpc.status.INVALID_ARGUMENT, "a commit status request is required");
      const request = parseOr(() => protos.gateway.CommitStatusRequest.deserializeBinary(bytes), "invalid status request");
      const fabric = context.fabric();
      authorize(fabric, request.getIdentity_asU8(), bytes, signed.getSignature_asU8());
      checkChannel(fabric, request.getChannelId());
      const status = await waitFor(fabric, call, () => fabric.transactionStatus(request.getTransactionId()));
      const response = new protos.gateway.CommitStatusResponse();
      response.setResult(protos.peer.TxValidationCode[status.validationCode]);
      response.setBlockNumber(status.blockNumber);
      return response;
    }),

    chaincodeEvents(call: grpc.ServerWritableStream<Protos.gateway.SignedChaincodeEventsRequest, Protos.gateway.ChaincodeEventsResponse>) {
      streamChaincodeEvents(context.fabric(), call).then(
        () => call.end(),
        (error: unknown) => {
          if (!call.cancelled) call.emit("error", isRpcError(error) ? error : internal(error));
        },
      );
    },
  };
}
