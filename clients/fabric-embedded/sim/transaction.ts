// The Fabric messages around one endorser transaction, as a peer reads and writes
// them: the signed proposal a client sends, the ProposalResponse an endorser signs
// (ProposalResponsePayload → ChaincodeAction with the read-write set, the event and
// the chaincode response), the transaction envelope the client signs and orders,
// and that envelope decoded again at commit.
import crypto from "node:crypto";
import { protos, Timestamp, type Protos, type TimestampMessage } from "./fabric-runtime.js";
import { computeTxId, signLowS } from "./proposal.js";
import type { RangeQueryInfo, SimulationResults } from "./stub.js";
import type { Identity } from "./test-ca.js";
import type { RecordedEvent, TxTimestamp, Version } from "./world-state.js";

const HEADER_TYPE_ENDORSER_TRANSACTION = protos.common.HeaderType.ENDORSER_TRANSACTION;

/** A request that is not a well-formed, correctly bound Fabric message (the peer answers 400 / BAD_REQUEST). */
export class MalformedRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedRequestError";
  }
}

/** The creator of a proposal or transaction: a SerializedIdentity. */
export interface Creator {
  mspId: string;
  certificatePem: string;
  /** The serialized SerializedIdentity, exactly as signed. */
  bytes: Uint8Array;
}

export interface DecodedProposal {
  signedProposal: Protos.peer.SignedProposal;
  proposalBytes: Uint8Array;
  signature: Uint8Array;
  header: Protos.common.Header;
  channelHeader: Protos.common.ChannelHeader;
  txId: string;
  channelId: string;
  timestamp: TxTimestamp;
  creator: Creator;
  chaincodeName: string;
  input: Protos.peer.ChaincodeInput;
  /** The ChaincodeProposalPayload bytes with the transient map removed (what goes into the transaction). */
  visiblePayloadBytes: Uint8Array;
}

export function decodeCreator(bytes: Uint8Array): Creator {
  let identity: Protos.msp.SerializedIdentity;
  try {
    identity = protos.msp.SerializedIdentity.deserializeBinary(bytes);
  } catch (error) {
    throw new MalformedRequestError(`could not deserialize the creator identity: ${String(error)}`);
  }
  return { mspId: identity.getMspid(), certificatePem: Buffer.from(identity.getIdBytes_asU8()).toString("utf8"), bytes };
}

function unmarshal<T>(what: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    throw new MalformedRequestError(`error unmarshalling ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function timestampOf(message: TimestampMessage | undefined): TxTimestamp {
  return { seconds: message ? Number(message.getSeconds()) : 0, nanos: message ? message.getNanos() : 0 };
}

/** Decodes and checks a signed proposal like the endorser's UnpackProposal + ValidateProposalMessage. */
export function decodeSignedProposal(input: Uint8Array | Protos.peer.SignedProposal): DecodedProposal {
  const signedProposal =
    input instanceof Uint8Array ? unmarshal("SignedProposal", () => protos.peer.SignedProposal.deserializeBinary(input)) : input;
  const proposalBytes = signedProposal.getProposalBytes_asU8();
  if (proposalBytes.length === 0) throw new MalformedRequestError("the proposed transaction must contain a signed proposal");
  const proposal = unmarshal("Proposal", () => protos.peer.Proposal.deserializeBinary(proposalBytes));
  const header = unmarshal("Header", () => protos.common.Header.deserializeBinary(proposal.getHeader_asU8()));
  const channelHeader = unmarshal("ChannelHeader", () => protos.common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()));
  const signatureHeader = unmarshal("SignatureHeader", () =>
    protos.common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()),
  );
  if (channelHeader.getType() !== HEADER_TYPE_ENDORSER_TRANSACTION) {
    throw new MalformedRequestError(`invalid header type ${channelHeader.getType()}`);
  }
  const creatorBytes = signatureHeader.getCreator_asU8();
  const nonce = signatureHeader.getNonce_asU8();
  if (nonce.length === 0) throw new MalformedRequestError("invalid nonce specified in the header");
  if (creatorBytes.length === 0) throw new MalformedRequestError("invalid creator specified in the header");
  const txId = channelHeader.getTxId();
  const expectedTxId = computeTxId(nonce, creatorBytes);
  if (txId !== expectedTxId) {
    throw new MalformedRequestError(`incorrectly computed txid '${txId}' -- expected '${expectedTxId}'`);
  }
  const payload = unmarshal("ChaincodeProposalPayload", () => protos.peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8()));
  const invocation = unmarshal("ChaincodeInvocationSpec", () =>
    protos.peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8()),
  );
  const spec = invocation.getChaincodeSpec();
  const chaincodeName = spec?.getChaincodeId()?.getName() ?? "";
  if (!spec || chaincodeName === "") throw new MalformedRequestError("the proposal names no chaincode");
  const visiblePayload = protos.peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
  visiblePayload.getTransientmapMap().clear();

  return {
    signedProposal,
    proposalBytes,
    signature: signedProposal.getSignature_asU8(),
    header,
    channelHeader,
    txId,
    channelId: channelHeader.getChannelId(),
    timestamp: timestampOf(channelHeader.getTimestamp() as unknown as TimestampMessage | undefined),
    creator: decodeCreator(creatorBytes),
    chaincodeName,
    input: spec.getInput() ?? new protos.peer.ChaincodeInput(),
    visiblePayloadBytes: visiblePayload.serializeBinary(),
  };
}

// ---- read-write set ----

function versionMessage(version: Version): Protos.ledger.rwset.kvrwset.Version {
  const message = new protos.ledger.rwset.kvrwset.Version();
  message.setBlockNum(version.blockNum);
  message.setTxNum(version.txNum);
  return message;
}

function versionOf(message: Protos.ledger.rwset.kvrwset.Version | undefined): Version | undefined {
  return message ? { blockNum: Number(message.getBlockNum()), txNum: Number(message.getTxNum()) } : undefined;
}

function kvRead(key: string, version: Version | undefined): Protos.ledger.rwset.kvrwset.KVRead {
  const read = new protos.ledger.rwset.kvrwset.KVRead();
  read.setKey(key);
  if (version) read.setVersion(versionMessage(version));
  return read;
}

const byKey = <T>(entries: Iterable<[string, T]>): Array<[string, T]> =>
  [...entries].sort(([a], [b]) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));

/** The public read-write set of one namespace as rwsetutil builds it (reads and writes sorted by key). */
export function encodeReadWriteSet(namespace: string, results: SimulationResults): Uint8Array {
  const kv = new protos.ledger.rwset.kvrwset.KVRWSet();
  kv.setReadsList(byKey(results.reads).map(([key, version]) => kvRead(key, version)));
  kv.setRangeQueriesInfoList(
    results.rangeQueries.map((query) => {
      const info = new protos.ledger.rwset.kvrwset.RangeQueryInfo();
      info.setStartKey(query.startKey);
      info.setEndKey(query.endKey);
      info.setItrExhausted(query.exhausted);
      const raw = new protos.ledger.rwset.kvrwset.QueryReads();
      raw.setKvReadsList(query.results.map((r) => kvRead(r.key, r.version)));
      info.setRawReads(raw);
      return info;
    }),
  );
  kv.setWritesList(
    byKey(results.writes).map(([key, value]) => {
      const write = new protos.ledger.rwset.kvrwset.KVWrite();
      write.setKey(key);
      write.setIsDelete(value === null);
      if (value !== null) write.setValue(value);
      return write;
    }),
  );
  const ns = new protos.ledger.rwset.NsReadWriteSet();
  ns.setNamespace(namespace);
  ns.setRwset(kv.serializeBinary());
  const txRwSet = new protos.ledger.rwset.TxReadWriteSet();
  txRwSet.setDataModel(protos.ledger.rwset.TxReadWriteSet.DataModel.KV);
  txRwSet.setNsRwsetList([ns]);
  return txRwSet.serializeBinary();
}

/** The reads, range queries and writes of `namespace` in a transaction's read-write set. */
export function decodeReadWriteSet(
  bytes: Uint8Array,
  namespace: string,
): Pick<SimulationResults, "reads" | "rangeQueries" | "writes"> {
  const reads = new Map<string, Version | undefined>();
  const writes = new Map<string, Buffer | null>();
  const rangeQueries: RangeQueryInfo[] = [];
  if (bytes.length === 0) return { reads, writes, rangeQueries };
  const txRwSet = unmarshal("TxReadWriteSet", () => protos.ledger.rwset.TxReadWriteSet.deserializeBinary(bytes));
  for (const ns of txRwSet.getNsRwsetList()) {
    if (ns.getNamespace() !== namespace) continue;
    const kv = unmarshal("KVRWSet", () => protos.ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()));
    for (const read of kv.getReadsList()) reads.set(read.getKey(), versionOf(read.getVersion()));
    for (const info of kv.getRangeQueriesInfoList()) {
      rangeQueries.push({
        startKey: info.getStartKey(),
        endKey: info.getEndKey(),
        exhausted: info.getItrExhausted(),
        results: (info.getRawReads()?.getKvReadsList() ?? []).map((r) => ({
          key: r.getKey(),
          version: versionOf(r.getVersion()) ?? { blockNum: 0, txNum: 0 },
        })),
      });
    }
    for (const write of kv.getWritesList()) {
      const value = Buffer.from(write.getValue_asU8());
      writes.set(write.getKey(), write.getIsDelete() || value.length === 0 ? null : value);
    }
  }
  return { reads, writes, rangeQueries };
}

// ---- endorsement ----

export interface ChaincodeResponse {
  status: number;
  message: string;
  payload: Buffer;
}

function responseMessage(response: ChaincodeResponse, withPayload: boolean): Protos.peer.Response {
  const message = new protos.peer.Response();
  message.setStatus(response.status);
  message.setMessage(response.message);
  if (withPayload) message.setPayload(response.payload);
  return message;
}

/** Fabric's GetProposalHash1: SHA-256 over channel header, signature header and the transient-free payload. */
function proposalHash(proposal: DecodedProposal): Buffer {
  return crypto
    .createHash("sha256")
    .update(proposal.header.getChannelHeader_asU8())
    .update(proposal.header.getSignatureHeader_asU8())
    .update(proposal.visiblePayloadBytes)
    .digest();
}

export function serializeIdentity(identity: { mspId: string; certificatePem: string }): Uint8Array {
  const serialized = new protos.msp.SerializedIdentity();
  serialized.setMspid(identity.mspId);
  serialized.setIdBytes(Buffer.from(identity.certificatePem, "utf8"));
  return serialized.serializeBinary();
}

export interface EndorsementInput {
  proposal: DecodedProposal;
  response: ChaincodeResponse;
  results: SimulationResults;
  event?: RecordedEvent;
  /** The endorsing peer; without one the endorsement is unsigned. */
  endorser?: Identity;
}

/** The ProposalResponse an endorsing peer returns for a successful simulation. */
export function buildProposalResponse(input: EndorsementInput): Protos.peer.ProposalResponse {
  const { proposal } = input;
  const action = new protos.peer.ChaincodeAction();
  action.setResults(encodeReadWriteSet(proposal.chaincodeName, input.results));
  if (input.event) {
    const event = new protos.peer.ChaincodeEvent();
    event.setChaincodeId(proposal.chaincodeName);
    event.setTxId(proposal.txId);
    event.setEventName(input.event.name);
    event.setPayload(input.event.payload);
    action.setEvents(event.serializeBinary());
  }
  action.setResponse(responseMessage(input.response, true));
  const chaincodeId = new protos.peer.ChaincodeID();
  chaincodeId.setName(proposal.chaincodeName);
  action.setChaincodeId(chaincodeId);

  const responsePayload = new protos.peer.ProposalResponsePayload();
  responsePayload.setProposalHash(proposalHash(proposal));
  responsePayload.setExtension$(action.serializeBinary());
  const responsePayloadBytes = responsePayload.serializeBinary();

  const endorsement = new protos.peer.Endorsement();
  if (input.endorser) {
    const endorserBytes = serializeIdentity(input.endorser);
    endorsement.setEndorser(endorserBytes);
    endorsement.setSignature(signLowS(Buffer.concat([responsePayloadBytes, endorserBytes]), input.endorser.privateKeyPem));
  }

  const proposalResponse = new protos.peer.ProposalResponse();
  proposalResponse.setVersion(1);
  proposalResponse.setResponse(responseMessage(input.response, false));
  proposalResponse.setPayload(responsePayloadBytes);
  proposalResponse.setEndorsement(endorsement);
  return proposalResponse;
}

/** The unsigned transaction envelope of an endorsed proposal (the gateway's prepareTransaction). */
export function buildTransactionEnvelope(
  proposal: DecodedProposal,
  proposalResponses: Protos.peer.ProposalResponse[],
): Protos.common.Envelope {
  const [first] = proposalResponses;
  if (!first) throw new Error("a transaction needs at least one proposal response");
  const endorsed = new protos.peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(first.getPayload_asU8());
  endorsed.setEndorsementsList(proposalResponses.map((r) => r.getEndorsement()!).filter((e) => e.getEndorser_asU8().length > 0));
  const actionPayload = new protos.peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(proposal.visiblePayloadBytes);
  actionPayload.setAction(endorsed);
  const action = new protos.peer.TransactionAction();
  action.setHeader(proposal.header.getSignatureHeader_asU8());
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new protos.peer.Transaction();
  transaction.setActionsList([action]);
  const payload = new protos.common.Payload();
  payload.setHeader(proposal.header);
  payload.setData(transaction.serializeBinary());
  const envelope = new protos.common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope;
}

/** Signs an envelope's payload as its creator (what a client does before Submit). */
export function signEnvelope(envelope: Protos.common.Envelope, identity: Identity): Protos.common.Envelope {
  envelope.setSignature(signLowS(envelope.getPayload_asU8(), identity.privateKeyPem));
  return envelope;
}

// ---- the ordered transaction, decoded at commit ----

export interface DecodedTransaction {
  envelopeBytes: Buffer;
  payloadBytes: Uint8Array;
  signature: Uint8Array;
  txId: string;
  channelId: string;
  timestamp: TxTimestamp;
  creator: Creator;
  chaincodeName: string;
  responsePayloadBytes: Uint8Array;
  endorsements: Array<{ endorser: Uint8Array; signature: Uint8Array }>;
  results: Uint8Array;
  event?: RecordedEvent & { chaincodeId: string };
  response?: ChaincodeResponse;
}

/** Decodes an endorser transaction envelope the way the committer's validator does. */
export function decodeTransactionEnvelope(input: Uint8Array | Protos.common.Envelope): DecodedTransaction {
  const envelope = input instanceof Uint8Array ? unmarshal("Envelope", () => protos.common.Envelope.deserializeBinary(input)) : input;
  const payloadBytes = envelope.getPayload_asU8();
  const payload = unmarshal("Payload", () => protos.common.Payload.deserializeBinary(payloadBytes));
  const header = payload.getHeader();
  if (!header) throw new MalformedRequestError("the transaction payload has no header");
  const channelHeader = unmarshal("ChannelHeader", () => protos.common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()));
  const signatureHeader = unmarshal("SignatureHeader", () =>
    protos.common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()),
  );
  if (channelHeader.getType() !== HEADER_TYPE_ENDORSER_TRANSACTION) {
    throw new MalformedRequestError(`unsupported transaction type ${channelHeader.getType()}`);
  }
  const creatorBytes = signatureHeader.getCreator_asU8();
  const txId = channelHeader.getTxId();
  if (txId !== computeTxId(signatureHeader.getNonce_asU8(), creatorBytes)) {
    throw new MalformedRequestError(`incorrectly computed txid '${txId}'`);
  }
  const transaction = unmarshal("Transaction", () => protos.peer.Transaction.deserializeBinary(payload.getData_asU8()));
  const [action, ...more] = transaction.getActionsList();
  if (!action || more.length > 0) throw new MalformedRequestError("an endorser transaction must carry exactly one action");
  const actionPayload = unmarshal("ChaincodeActionPayload", () => protos.peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()));
  const endorsed = actionPayload.getAction();
  if (!endorsed) throw new MalformedRequestError("the transaction action carries no endorsed action");
  const responsePayloadBytes = endorsed.getProposalResponsePayload_asU8();
  const responsePayload = unmarshal("ProposalResponsePayload", () => protos.peer.ProposalResponsePayload.deserializeBinary(responsePayloadBytes));
  const chaincodeAction = unmarshal("ChaincodeAction", () => protos.peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8()));
  const proposalPayload = unmarshal("ChaincodeProposalPayload", () =>
    protos.peer.ChaincodeProposalPayload.deserializeBinary(actionPayload.getChaincodeProposalPayload_asU8()),
  );
  const invocation = unmarshal("ChaincodeInvocationSpec", () => protos.peer.ChaincodeInvocationSpec.deserializeBinary(proposalPayload.getInput_asU8()));
  const eventBytes = chaincodeAction.getEvents_asU8();
  const event = eventBytes.length > 0 ? protos.peer.ChaincodeEvent.deserializeBinary(eventBytes) : undefined;
  const response = chaincodeAction.getResponse();

  return {
    envelopeBytes: Buffer.from(envelope.serializeBinary()),
    payloadBytes,
    signature: envelope.getSignature_asU8(),
    txId,
    channelId: channelHeader.getChannelId(),
    timestamp: timestampOf(channelHeader.getTimestamp() as unknown as TimestampMessage | undefined),
    creator: decodeCreator(creatorBytes),
    chaincodeName: invocation.getChaincodeSpec()?.getChaincodeId()?.getName() ?? "",
    responsePayloadBytes,
    endorsements: endorsed.getEndorsementsList().map((e) => ({ endorser: e.getEndorser_asU8(), signature: e.getSignature_asU8() })),
    results: chaincodeAction.getResults_asU8(),
    ...(event
      ? { event: { chaincodeId: event.getChaincodeId(), name: event.getEventName(), payload: Buffer.from(event.getPayload_asU8()) } }
      : {}),
    ...(response
      ? { response: { status: response.getStatus(), message: response.getMessage(), payload: Buffer.from(response.getPayload_asU8()) } }
      : {}),
  };
}

export function timestampMessage(timestamp: TxTimestamp): TimestampMessage {
  const message = new Timestamp();
  message.setSeconds(timestamp.seconds);
  message.setNanos(timestamp.nanos);
  return message;
}
