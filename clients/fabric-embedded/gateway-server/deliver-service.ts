// The protos.Deliver service: full blocks only, for seek requests as Fabric's common/deliver handles them.
import * as grpc from "@grpc/grpc-js";
import { protos, type Protos } from "../sim/fabric-runtime.js";
import type { EmbeddedFabric } from "../sim/index.js";
import { blockAt } from "./blocks.js";
import { blockReady } from "./block-waits.js";
import { internal, isRpcError, rpcError } from "./errors.js";
import type { ServerContext } from "./server-context.js";

export function deliverService(context: ServerContext): grpc.UntypedServiceImplementation {
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
