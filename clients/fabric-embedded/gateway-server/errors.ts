// Error shaping: gRPC statuses carrying gateway.ErrorDetail, as a Fabric 2.5 peer sends them.
import * as grpc from "@grpc/grpc-js";
import { Any, protos, type Protos } from "../sim/fabric-runtime.js";
import { AccessDeniedError, EndorsementError, MalformedRequestError } from "../sim/index.js";

export interface RpcError extends Partial<grpc.StatusObject> {
  code: grpc.status;
  details: string;
  metadata: grpc.Metadata;
}

export function errorDetail(address: string, mspId: string, message: string): Protos.gateway.ErrorDetail {
  const detail = new protos.gateway.ErrorDetail();
  detail.setAddress(address);
  detail.setMspId(mspId);
  detail.setMessage(message);
  return detail;
}

/** A gRPC status with google.rpc.Status details in grpc-status-details-bin, like the peer's newRpcError. */
export function rpcError(code: grpc.status, message: string, details: Protos.gateway.ErrorDetail[] = []): RpcError {
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
export function endorserMessage(error: unknown): { code: grpc.status; message: string } {
  if (error instanceof EndorsementError) return { code: grpc.status.UNKNOWN, message: `chaincode response ${error.status}, ${error.message}` };
  if (error instanceof AccessDeniedError || error instanceof MalformedRequestError) {
    return { code: grpc.status.FAILED_PRECONDITION, message: error.message };
  }
  return { code: grpc.status.ABORTED, message: error instanceof Error ? error.message : String(error) };
}

export function internal(error: unknown): RpcError {
  return rpcError(grpc.status.INTERNAL, error instanceof Error ? error.message : String(error));
}

export function isRpcError(error: unknown): error is RpcError {
  return typeof error === "object" && error !== null && "metadata" in error && (error as RpcError).metadata instanceof grpc.Metadata;
}
