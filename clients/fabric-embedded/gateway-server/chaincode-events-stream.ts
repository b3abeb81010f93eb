// Gateway ChaincodeEvents: replays and then follows valid transactions' chaincode events, block by block.
import * as grpc from "@grpc/grpc-js";
import { protos, type Protos } from "../sim/fabric-runtime.js";
import type { BlockRecord, EmbeddedFabric } from "../sim/index.js";
import { blockReady } from "./block-waits.js";
import { rpcError } from "./errors.js";
import { authorize, checkChannel, parseOr } from "./request-checks.js";

export async function streamChaincodeEvents(
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
