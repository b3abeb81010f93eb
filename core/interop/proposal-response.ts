/**
 * The walk through a ProposalResponsePayload (the bytes every endorser signs) that a
 * verifier needs: the proposal hash, the chaincode's response status, the chaincode that
 * answered, its one event, and whether it wrote anything in a namespace. Field numbers are
 * fabric-protos' (INTEROP.md §1 table); every level is read strictly (protobuf.ts).
 */
import { ProtobufError, readMessage, repeatedBytes, requiredBytes, type Layout } from "./protobuf.js";

const PROPOSAL_RESPONSE_PAYLOAD: Layout = { 1: "bytes", 2: "bytes" }; // proposal_hash, extension
const CHAINCODE_ACTION: Layout = { 1: "bytes", 2: "bytes", 3: "bytes", 4: "bytes" }; // results, events, response, chaincode_id
const RESPONSE: Layout = { 1: "varint", 2: "bytes", 3: "bytes" }; // status, message, payload
const CHAINCODE_ID: Layout = { 1: "bytes", 2: "bytes", 3: "bytes" }; // path, name, version
const CHAINCODE_EVENT: Layout = { 1: "bytes", 2: "bytes", 3: "bytes", 4: "bytes" }; // chaincode_id, tx_id, event_name, payload
const TX_READ_WRITE_SET: Layout = { 1: "varint", 2: "repeated" }; // data_model, ns_rwset
const NS_READ_WRITE_SET: Layout = { 1: "bytes", 2: "bytes", 3: "repeated" }; // namespace, rwset, collection_hashed_rwset
const KV_RW_SET: Layout = { 1: "repeated", 2: "repeated", 3: "repeated", 4: "repeated" }; // reads, range_queries_info, writes, metadata_writes

export interface EndorsedAnswer {
  proposalHash: Uint8Array;
  status: number;
  chaincodeName: string;
  event?: { chaincodeId: string; txId: string; name: string; payload: Uint8Array };
  /** Namespaces the simulation wrote to (or wrote metadata in). */
  writtenNamespaces: string[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }) // a BOM is a byte like any other, never stripped;
const text = (bytes: Uint8Array | undefined, what: string) => {
  try {
    return bytes === undefined ? "" : utf8.decode(bytes);
  } catch {
    throw new ProtobufError(`${what} is not UTF-8`);
  }
};

export function readProposalResponsePayload(prp: Uint8Array): EndorsedAnswer {
  const payload = readMessage(prp, PROPOSAL_RESPONSE_PAYLOAD, "ProposalResponsePayload");
  const action = readMessage(requiredBytes(payload, 2, "ProposalResponsePayload"), CHAINCODE_ACTION, "ChaincodeAction");
  const response = readMessage(requiredBytes(action, 3, "ChaincodeAction"), RESPONSE, "Response");
  const chaincodeId = readMessage(requiredBytes(action, 4, "ChaincodeAction"), CHAINCODE_ID, "ChaincodeID");
  const eventBytes = action.get(2) as Uint8Array | undefined;
  const event = eventBytes && readMessage(eventBytes, CHAINCODE_EVENT, "ChaincodeEvent");
  return {
    proposalHash: requiredBytes(payload, 1, "ProposalResponsePayload"),
    status: Number(response.get(1) ?? 0n),
    chaincodeName: text(chaincodeId.get(2) as Uint8Array | undefined, "ChaincodeID.name"),
    event: event && {
      chaincodeId: text(event.get(1) as Uint8Array | undefined, "ChaincodeEvent.chaincode_id"),
      txId: text(event.get(2) as Uint8Array | undefined, "ChaincodeEvent.tx_id"),
      name: text(event.get(3) as Uint8Array | undefined, "ChaincodeEvent.event_name"),
      payload: (event.get(4) as Uint8Array | undefined) ?? new Uint8Array(),
    },
    writtenNamespaces: writtenNamespaces((action.get(1) as Uint8Array | undefined) ?? new Uint8Array()),
  };
}

function writtenNamespaces(results: Uint8Array): string[] {
  const written: string[] = [];
  for (const nsBytes of repeatedBytes(readMessage(results, TX_READ_WRITE_SET, "TxReadWriteSet"), 2)) {
    const ns = readMessage(nsBytes, NS_READ_WRITE_SET, "NsReadWriteSet");
    const kv = readMessage((ns.get(2) as Uint8Array | undefined) ?? new Uint8Array(), KV_RW_SET, "KVRWSet");
    if (repeatedBytes(kv, 3).length > 0 || repeatedBytes(kv, 4).length > 0) written.push(text(ns.get(1) as Uint8Array | undefined, "NsReadWriteSet.namespace"));
  }
  return written;
}
