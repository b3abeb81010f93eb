/**
 * Chaincode events straight from transaction envelopes: from committed blocks (every valid
 * endorser transaction of one chaincode, with its payload — filtered blocks drop payloads;
 * reading whole blocks lets a replay stop exactly at the chain's head) and from an endorsed
 * transaction before it is submitted (the event its receipt reports once it commits).
 */
import { common, gateway, peer } from "@hyperledger/fabric-protos";
import type { FabricChaincodeEvent } from "../fabric/transport.js";

const ENDORSER_TRANSACTION = common.HeaderType.ENDORSER_TRANSACTION;
const VALID = peer.TxValidationCode.VALID;

/** Decodes a block from any copy of the protobuf classes (the Gateway ships its own). */
export function chaincodeEventsInBlock(block: { serializeBinary(): Uint8Array }, chaincodeName: string): FabricChaincodeEvent[] {
  const decoded = common.Block.deserializeBinary(block.serializeBinary());
  const blockNumber = Number(decoded.getHeader()!.getNumber());
  const validationCodes = decoded.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const events: FabricChaincodeEvent[] = [];

  decoded.getData()!.getDataList_asU8().forEach((envelopeBytes, index) => {
    if (validationCodes[index] === VALID) events.push(...chaincodeEventsInEnvelope(envelopeBytes, chaincodeName, blockNumber));
  });
  return events;
}

/** The chaincode events an endorser transaction envelope carries (none for other kinds). */
export function chaincodeEventsInEnvelope(envelopeBytes: Uint8Array, chaincodeName: string, blockNumber: number): FabricChaincodeEvent[] {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
  if (channelHeader.getType() !== ENDORSER_TRANSACTION) return [];

  const events: FabricChaincodeEvent[] = [];
  for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
    const responsePayload = peer.ProposalResponsePayload.deserializeBinary(actionPayload.getAction()!.getProposalResponsePayload_asU8());
    const eventBytes = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8()).getEvents_asU8();
    if (eventBytes.length === 0) continue;
    const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
    if (event.getChaincodeId() !== chaincodeName) continue;
    events.push({ name: event.getEventName(), payload: event.getPayload_asU8(), txId: event.getTxId(), blockNumber });
  }
  return events;
}

/** The event of an endorsed, not yet submitted transaction (`Transaction.getBytes()` is its PreparedTransaction). */
export function chaincodeEventOfPrepared(preparedTransaction: Uint8Array, chaincodeName: string, blockNumber: number): FabricChaincodeEvent | undefined {
  const envelope = gateway.PreparedTransaction.deserializeBinary(preparedTransaction).getEnvelope();
  if (!envelope) throw new Error("the prepared transaction has no envelope");
  return chaincodeEventsInEnvelope(envelope.serializeBinary(), chaincodeName, blockNumber)[0];
}
