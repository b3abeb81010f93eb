// The query system chaincode, answered by the embedded peer itself rather than a contract.
import { protos, type Protos } from "../sim/fabric-runtime.js";
import { EndorsementError, type EmbeddedFabric } from "../sim/index.js";
import type { DecodedProposal } from "../sim/transaction.js";
import { blockAt, chainInfo } from "./blocks.js";

export const QSCC = "qscc";

/** qscc through the Gateway: GetChainInfo, GetBlockByNumber, GetTransactionByID. */
export function queryChaincode(fabric: EmbeddedFabric, proposal: DecodedProposal): Protos.peer.Response {
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
