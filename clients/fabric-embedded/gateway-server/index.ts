// An embedded Fabric Gateway peer: a TLS gRPC server on 127.0.0.1 that serves the
// services the fabric-gateway client uses — gateway.Gateway (Evaluate, Endorse, Submit,
// CommitStatus, ChaincodeEvents) and protos.Deliver (Deliver) — over one EmbeddedFabric.
// Requests are the client's real signed protobuf messages; they are checked (structure,
// channel, creator certificate and signature) and run through the in-process peer, and
// the answers (prepared transactions, commit statuses, blocks, errors with
// gateway.ErrorDetail) are the messages a Fabric 2.5 peer sends.
import type { EventEmitter } from "node:events";
import * as grpc from "@grpc/grpc-js";
import { Any, protos, type Protos } from "../sim/fabric-runtime.js";
import {
  AccessDeniedError,
  EmbeddedFabric,
  EndorsementError,
  MalformedRequestError,
  TestCA,
  type BlockRecord,
} from "../sim/index.js";
import { decodeSignedProposal, type DecodedProposal } from "../sim/transaction.js";
import { blockAt, chainInfo } from "./blocks.js";

export interface EmbeddedGatewayOptions {
  /** The ledger served (swap it later with setFabric). */
  fabric: EmbeddedFabric;
  /** The organisation that runs this peer: it issues the TLS server certificate and labels error details. */
  organization: TestCA;
  /** The peer's host name (TLS name the client must ask for); default peer0.<organization domain>. */
  hostname?: string;
}

export interface EmbeddedGateway {
  /** host:port to dial, on 127.0.0.1. */
  endpoint: string;
  /** PEM of the CA that issued the server certificate (the client's TLS root). */
  tlsCACertPem: string;
  /** The TLS server name to use (grpc.ssl_target_name_override), e.g. peer0.org1.example.com. */
  hostOverride: string;
  /** Serves another ledger from now on; streams already open stay on the one they started with. */
  setFabric(fabric: EmbeddedFabric): void;
  close(): Promise<void>;
}

const QSCC = "qscc";

export async function startEmbeddedGateway(options: EmbeddedGatewayOptions): Promise<EmbeddedGateway> {
  const hostname = options.hostname ?? `peer0.${options.organization.domain}`;
  const tls = options.organization.issueTlsServer(hostname, { dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"] });
  let fabric = options.fabric;
  let address = hostname;
  const context = {
    fabric: () => fabric,
    detail: (message: string) => errorDetail(address, options.organization.mspId, message),
  };

  const server = new grpc.Server();
  server.addService(serviceDefinition(protos.gateway.GatewayService), gatewayService(context));
  server.addService(serviceDefinition(protos.peer.DeliverService), deliverService(context));
  const credentials = grpc.ServerCredentials.createSsl(
    null,
    [{ private_key: Buffer.from(tls.privateKeyPem), cert_chain: Buffer.from(tls.certificatePem) }],
    false,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", credentials, (error, boundPort) => (error ? reject(error) : resolve(boundPort))),
  );
  address = `${hostname}:${port}`;

  return {
    endpoint: `127.0.0.1:${port}`,
    tlsCACertPem: options.organization.caCertificatePem,
    hostOverride: hostname,
    setFabric(next) {
      fabric = next;
    },
    async close() {
      server.forceShutdown();
    },
  };
}

/**
 * The generated service definition with a duck-typed response serializer. The generated
 * one checks `instanceof` against its own module's class, but google-protobuf's generated
 * code registers every class in one global `proto` namespace, so with a second copy of
 * the Fabric protos loaded (fabric-gateway ships 0.3.x, fabric-shim uses 0.2.x) and
 * module loaders that may instantiate a CommonJS file twice, "the" class is not unique.
 * The wire format is.
 */
function serviceDefinition(generated: object): grpc.ServiceDefinition {
  const methods = generated as Record<string, grpc.MethodDefinition<unknown, unknown>>;
  return Object.fromEntries(
    Object.entries(methods).map(([name, method]) => [
      name,
      { ...method, responseSerialize: (message: { serializeBinary(): Uint8Array }) => Buffer.from(message.serializeBinary()) },
    ]),
  ) as grpc.ServiceDefinition;
}

interface ServerContext {
  fabric(): EmbeddedFabric;
  detail(message: string): Protos.gateway.ErrorDetail;
}

// ---- errors ----

interface RpcError extends Partial<grpc.StatusObject> {
  code: grpc.status;
  details: string;
  metadata: grpc.Metadata;
}

function errorDetail(address: string, mspId: string, message: string): Protos.gateway.ErrorDetail {
  const detail = new protos.gateway.ErrorDetail();
  detail.setAddress(address);
  detail.setMspId(mspId);
  detail.setMessage(message);
  return detail;
}

/** A gRPC status with google.rpc.Status details in grpc-status-details-bin, like the peer's newRpcError. */
function rpcError(code: grpc.status, message: string, details: Protos.gateway.ErrorDetail[] = []): RpcError {
  const status = new protos.google.rpc.Status();
  status.setCode(code);
  status.setMessage(message);
  status.setDetailsList(
    details.map((detail) => {
      const any = new Any();
      any.pack(detail.serializeBinary(), "gateway.ErrorDetail");
      return any as never;
    }),
  );
  const metadata = new grpc.Metadata();
  metadata.set("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return { code, details: message, metadata };
}

/** The message the Gateway puts in an endorser's ErrorDetail (responseStatus in Fabric's gateway). */
function endorserMessage(error: unknown): { code: grpc.status; message: string } {
  if (error instanceof EndorsementError) return { code: grpc.status.UNKNOWN, message: `chaincode response ${error.status}, ${error.message}` };
  if (error instanceof AccessDeniedError || error instanceof MalformedRequestError) {
    return { code: grpc.status.FAILED_PRECONDITION, message: error.message };
  }
  return { code: grpc.status.ABORTED, message: error instanceof Error ? error.message : String(error) };
}

function internal(error: unknown): RpcError {
  return rpcError(grpc.status.INTERNAL, error instanceof Error ? error.message : String(error));
}

// ---- gateway.Gateway ----

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

function unary<Req, Res>(handler: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>): Unary<Req, Res> {
  return (call, callback) => {
    handler(call.request, call).then(
      (response) => callback(null, response),
      (error: unknown) => callback(isRpcError(error) ? error : internal(error)),
    );
  };
}

function isRpcError(error: unknown): error is RpcError {
  return typeof error === "object" && error !== null && "metadata" in error && (error as RpcError).metadata instanceof grpc.Metadata;
}

function decodeProposalOrThrow(signedProposal: Protos.peer.SignedProposal | undefined, prefix = ""): DecodedProposal {
  if (!signedProposal) throw rpcError(grpc.status.INVALID_ARGUMENT, "the proposed transaction must contain a signed proposal");
  try {
    return decodeSignedProposal(signedProposal);
  } catch (error) {
    throw rpcError(grpc.status.INVALID_ARGUMENT, `${prefix}${(error as Error).message}`);
  }
}

function gatewayService(context: ServerContext): grpc.UntypedServiceImplementation {
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

function parseOr<T>(parse: () => T, message: string): T {
  try {
    return parse();
  } catch (error) {
    throw rpcError(grpc.status.INVALID_ARGUMENT, `${message}: ${(error as Error).message}`);
  }
}

function authorize(fabric: EmbeddedFabric, identity: Uint8Array, data: Uint8Array, signature: Uint8Array): void {
  try {
    fabric.authenticate(identity, data, signature);
  } catch (error) {
    throw rpcError(grpc.status.PERMISSION_DENIED, (error as Error).message);
  }
}

function checkChannel(fabric: EmbeddedFabric, channelId: string): void {
  if (channelId !== fabric.channelName) throw rpcError(grpc.status.NOT_FOUND, `channel '${channelId}' not found`);
}

/** The part of a server call that tells when the client went away. */
type Cancellable = { cancelled: boolean } & Pick<EventEmitter, "once" | "removeListener">;

/** Resolves with `probe()` once it is defined, re-probing after each block; rejects when the call is cancelled. */
function waitFor<T>(fabric: EmbeddedFabric, call: Cancellable, probe: () => T | undefined): Promise<T> {
  const now = probe();
  if (now !== undefined) return Promise.resolve(now);
  if (call.cancelled) return Promise.reject(rpcError(grpc.status.CANCELLED, "call cancelled"));
  return new Promise<T>((resolve, reject) => {
    const onCancel = () => {
      stop();
      reject(rpcError(grpc.status.CANCELLED, "call cancelled"));
    };
    const stop = fabric.onBlock(() => {
      const value = probe();
      if (value === undefined) return;
      stop();
      call.removeListener("cancelled", onCancel);
      resolve(value);
    });
    call.once("cancelled", onCancel);
  });
}

/** Waits until block `number` exists (or the call is cancelled: then false). */
async function blockReady(fabric: EmbeddedFabric, number: number, call: Cancellable): Promise<boolean> {
  try {
    await waitFor(fabric, call, () => (fabric.height > number ? true : undefined));
    return true;
  } catch {
    return false;
  }
}

async function streamChaincodeEvents(
  fabric: EmbeddedFabric,
  call: grpc.ServerWritableStream<Protos.gateway.SignedChaincodeEventsRequest, Protos.gateway.ChaincodeEventsResponse>,
): Promise<void> {
  const bytes = call.request.getRequest_asU8();
  if (bytes.length === 0) throw rpcError(grpc.status.INVALID_ARGUMENT, "a chaincode events request is required");
  const request = parseOr(() => protos.gateway.ChaincodeEventsRequest.deserializeBinary(bytes), "invalid chaincode events request");
  authorize(fabric, request.getIdentity_asU8(), bytes, call.request.getSignature_asU8());
  checkChannel(fabric, request.getChannelId());

  const afterTxId = request.getAfterTransactionId();
  const afterBlock = afterTxId ? fabric.transactionStatus(afterTxId)?.blockNumber : undefined;
  const position = request.getStartPosition();
  let next: number;
  if (afterBlock !== undefined) next = afterBlock;
  else if (position?.hasSpecified()) next = Number(position.getSpecified()!.getNumber());
  else if (!position || position.hasNextCommit() || position.getTypeCase() === protos.orderer.SeekPosition.TypeCase.TYPE_NOT_SET) next = fabric.height;
  else throw rpcError(grpc.status.INVALID_ARGUMENT, `invalid start position type: ${position.getTypeCase()}`);

  let passedAfter = !afterTxId;
  for (; ; next++) {
    if (!(await blockReady(fabric, next, call))) return;
    if (next === 0) continue; // the genesis block carries no chaincode events
    const record: BlockRecord = fabric.blocks()[next - 1]!;
    if (!passedAfter) {
      if (record.txId === afterTxId) passedAfter = true;
      continue;
    }
    if (record.validationCode !== "VALID" || !record.event || request.getChaincodeId() !== fabric.chaincodeName) continue;
    const event = new protos.peer.ChaincodeEvent();
    event.setChaincodeId(fabric.chaincodeName);
    event.setTxId(record.txId);
    event.setEventName(record.event.name);
    event.setPayload(record.event.payload);
    const response = new protos.gateway.ChaincodeEventsResponse();
    response.setEventsList([event]);
    response.setBlockNumber(next);
    if (call.cancelled) return;
    call.write(response);
  }
}

/** qscc through the Gateway: GetChainInfo, GetBlockByNumber, GetTransactionByID. */
function queryChaincode(fabric: EmbeddedFabric, proposal: DecodedProposal): Protos.peer.Response {
  fabric.authenticate(proposal.creator.bytes, proposal.proposalBytes, proposal.signature);
  const [fn = "", channel = "", arg = ""] = proposal.input.getArgsList_asU8().map((a) => Buffer.from(a).toString("utf8"));
  const fail = (message: string): never => {
    throw new EndorsementError(message, 500, proposal.txId);
  };
  if (channel !== fabric.channelName) fail(`Failed to get the channel: channel '${channel}' not found`);
  let payload: Uint8Array;
  switch (fn) {
    case "GetChainInfo":
      payload = chainInfo(fabric).serializeBinary();
      break;
    case "GetBlockByNumber": {
      const block = blockAt(fabric, Number(arg));
      payload = block ? block.serializeBinary() : fail(`Failed to get block number ${arg}, error Entry not found in index`);
      break;
    }
    case "GetTransactionByID": {
      const status = fabric.transactionStatus(arg) ?? fail(`Failed to get transaction with id ${arg}, error no such transaction ID [${arg}] in index`);
      const processed = new protos.peer.ProcessedTransaction();
      processed.setTransactionenvelope(protos.common.Envelope.deserializeBinary(fabric.blocks()[status.blockNumber - 1]!.envelope!));
      processed.setValidationcode(protos.peer.TxValidationCode[status.validationCode]);
      payload = processed.serializeBinary();
      break;
    }
    default:
      payload = fail(`Requested function ${fn} not found.`);
  }
  const response = new protos.peer.Response();
  response.setStatus(200);
  response.setPayload(payload);
  return response;
}

// ---- protos.Deliver ----

function deliverService(context: ServerContext): grpc.UntypedServiceImplementation {
  const unimplemented = (call: grpc.ServerDuplexStream<Protos.common.Envelope, Protos.peer.DeliverResponse>) =>
    call.emit("error", rpcError(grpc.status.UNIMPLEMENTED, "only full blocks (Deliver) are served by the embedded peer"));
  return {
    deliver(call: grpc.ServerDuplexStream<Protos.common.Envelope, Protos.peer.DeliverResponse>) {
      const fabric = context.fabric();
      let queue = Promise.resolve();
      call.on("data", (envelope: Protos.common.Envelope) => {
        queue = queue.then(() => deliverBlocks(fabric, envelope, call)).catch((error: unknown) => {
          if (!call.cancelled) call.emit("error", isRpcError(error) ? error : internal(error));
        });
      });
      call.on("end", () => {
        void queue.then(() => {
          if (!call.cancelled) call.end();
        });
      });
    },
    deliverFiltered: unimplemented,
    deliverWithPrivateData: unimplemented,
  };
}

function statusResponse(status: Protos.common.StatusMap[keyof Protos.common.StatusMap]): Protos.peer.DeliverResponse {
  const response = new protos.peer.DeliverResponse();
  response.setStatus(status);
  return response;
}

/** One seek request, as Fabric's common/deliver handles it: blocks start..stop, then a status. */
async function deliverBlocks(
  fabric: EmbeddedFabric,
  envelope: Protos.common.Envelope,
  call: grpc.ServerDuplexStream<Protos.common.Envelope, Protos.peer.DeliverResponse>,
): Promise<void> {
  const Status = protos.common.Status;
  let seek: Protos.orderer.SeekInfo;
  let payload: Protos.common.Payload;
  let channelHeader: Protos.common.ChannelHeader;
  let signatureHeader: Protos.common.SignatureHeader;
  try {
    payload = protos.common.Payload.deserializeBinary(envelope.getPayload_asU8());
    channelHeader = protos.common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
    signatureHeader = protos.common.SignatureHeader.deserializeBinary(payload.getHeader()!.getSignatureHeader_asU8());
    seek = protos.orderer.SeekInfo.deserializeBinary(payload.getData_asU8());
  } catch {
    call.write(statusResponse(Status.BAD_REQUEST));
    return;
  }
  if (channelHeader.getChannelId() !== fabric.channelName) {
    call.write(statusResponse(Status.NOT_FOUND));
    return;
  }
  try {
    fabric.authenticate(signatureHeader.getCreator_asU8(), envelope.getPayload_asU8(), envelope.getSignature_asU8());
  } catch {
    call.write(statusResponse(Status.FORBIDDEN));
    return;
  }

  const height = fabric.height;
  const position = (p: Protos.orderer.SeekPosition | undefined, fallback: number): number => {
    if (!p) return fallback;
    if (p.hasOldest()) return 0;
    if (p.hasNewest()) return height - 1;
    if (p.hasSpecified()) return Number(p.getSpecified()!.getNumber());
    if (p.hasNextCommit()) return height;
    return fallback;
  };
  const start = position(seek.getStart(), height - 1);
  const stop = position(seek.getStop(), start);
  if (stop < start) {
    call.write(statusResponse(Status.BAD_REQUEST));
    return;
  }
  const failIfNotReady = seek.getBehavior() === protos.orderer.SeekInfo.SeekBehavior.FAIL_IF_NOT_READY;
  for (let number = start; number <= stop; number++) {
    if (number >= fabric.height) {
      if (failIfNotReady) {
        call.write(statusResponse(Status.NOT_FOUND));
        return;
      }
      if (!(await blockReady(fabric, number, call))) return;
    }
    if (call.cancelled) return;
    const response = new protos.peer.DeliverResponse();
    response.setBlock(blockAt(fabric, number)!);
    call.write(response);
  }
  call.write(statusResponse(Status.SUCCESS));
}
