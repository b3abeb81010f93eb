// Checks on incoming Gateway requests; each failure is the peer's gRPC error.
import * as grpc from "@grpc/grpc-js";
import type { Protos } from "../sim/fabric-runtime.js";
import type { EmbeddedFabric } from "../sim/index.js";
import { decodeSignedProposal, type DecodedProposal } from "../sim/transaction.js";
import { rpcError } from "./errors.js";

export function decodeProposalOrThrow(signedProposal: Protos.peer.SignedProposal | undefined, prefix = ""): DecodedProposal {
  if (!signedProposal) throw rpcError(grpc.status.INVALID_ARGUMENT, "the proposed transaction must contain a signed proposal");
  try {
    return decodeSignedProposal(signedProposal);
  } catch (error) {
    throw rpcError(grpc.status.INVALID_ARGUMENT, `${prefix}${(error as Error).message}`);
  }
}

export function parseOr<T>(parse: () => T, message: string): T {
  try {
    return parse();
  } catch (error) {
    throw rpcError(grpc.status.INVALID_ARGUMENT, `${message}: ${(error as Error).message}`);
  }
}

export function authorize(fabric: EmbeddedFabric, identity: Uint8Array, data: Uint8Array, signature: Uint8Array): void {
  try {
    fabric.authenticate(identity, data, signature);
  } catch (error) {
    throw rpcError(grpc.status.PERMISSION_DENIED, (error as Error).message);
  }
}

export function checkChannel(fabric: EmbeddedFabric, channelId: string): void {
  if (channelId !== fabric.channelName) throw rpcError(grpc.status.NOT_FOUND, `channel '${channelId}' not found`);
}
