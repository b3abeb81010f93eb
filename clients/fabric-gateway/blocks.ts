/**
 * Chaincode events straight from committed blocks: every valid endorser transaction of
 * one chaincode, with its payload (filtered blocks drop payloads). Reading whole blocks is
 * what lets a replay stop exactly at the chain's head, even when the last blocks carry no
 * event of ours.
 */
import { common, peer } from "@hyperledger/fabric-protos";
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
    if (validationCodes[index] !== VALID) return;
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
    if (channelHeader.getType() !== ENDORSER_TRANSACTION) return;

    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    for (const action of transaction.getActionsList()) {
      const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
      const responsePayload = peer.ProposalResponsePayload.deserializeBinary(
        actionPayload.getAction()!.getProposalResponsePayload_asU8(),
      );
      const chaincodeAction = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
      const eventBytes = chaincodeAction.getEvents_asU8();
      if (eventBytes.length === 0) continue;
      const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
      if (event.getChaincodeId() !== chaincodeName) continue;
      events.push({ name: event.getEventName(), payload: event.getPayload_asU8(), txId: event.getTxId(), blockNumber });
    }
  });
  return events;
}
