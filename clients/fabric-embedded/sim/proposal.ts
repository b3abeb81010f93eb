// Builds the signed transaction proposal a Fabric client sends to a peer, so the
// real ChaincodeStub can decode creator, timestamp, transient map and binding from
// genuine protobuf bytes. The transaction id is Fabric's: hex(sha256(nonce ‖ creator)).
import crypto from "node:crypto";
import { AsnConvert, AsnIntegerBigIntConverter, AsnProp, AsnPropTypes } from "@peculiar/asn1-schema";
import { protos, Timestamp, type Protos } from "./fabric-runtime.js";
import type { Identity } from "./test-ca.js";
import type { TxTimestamp } from "./world-state.js";

export interface ProposalRequest {
  channelId: string;
  chaincodeName: string;
  identity: Identity;
  /** args[0] is the function ("contract:transaction"), as the Gateway sends it. */
  args: Uint8Array[];
  timestamp: TxTimestamp;
  /** 24 bytes in real clients (random); the embedded peer passes deterministic ones. */
  nonce: Uint8Array;
  transient?: ReadonlyMap<string, Uint8Array>;
}

export interface SignedProposalBundle {
  txId: string;
  input: Protos.peer.ChaincodeInput;
  signedProposal: Protos.peer.SignedProposal;
}

const HEADER_TYPE_ENDORSER_TRANSACTION = 3;
const CHAINCODE_TYPE_NODE = 3;
// Order of the P-256 group; Fabric's MSP rejects ECDSA signatures with s > n/2.
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

export function computeTxId(nonce: Uint8Array, creator: Uint8Array): string {
  return crypto.createHash("sha256").update(nonce).update(creator).digest("hex");
}

export function buildSignedProposal(request: ProposalRequest): SignedProposalBundle {
  const serializedIdentity = new protos.msp.SerializedIdentity();
  serializedIdentity.setMspid(request.identity.mspId);
  serializedIdentity.setIdBytes(Buffer.from(request.identity.certificatePem, "utf8"));
  const creator = serializedIdentity.serializeBinary();
  const txId = computeTxId(request.nonce, creator);

  const chaincodeId = new protos.peer.ChaincodeID();
  chaincodeId.setName(request.chaincodeName);
  const extension = new protos.peer.ChaincodeHeaderExtension();
  extension.setChaincodeId(chaincodeId);

  const timestamp = new Timestamp();
  timestamp.setSeconds(request.timestamp.seconds);
  timestamp.setNanos(request.timestamp.nanos);

  const channelHeader = new protos.common.ChannelHeader();
  channelHeader.setType(HEADER_TYPE_ENDORSER_TRANSACTION);
  channelHeader.setChannelId(request.channelId);
  channelHeader.setTxId(txId);
  channelHeader.setTimestamp(timestamp as never);
  channelHeader.setEpoch(0);
  channelHeader.setExtension$(extension.serializeBinary());

  const signatureHeader = new protos.common.SignatureHeader();
  signatureHeader.setCreator(creator);
  signatureHeader.setNonce(request.nonce);

  const header = new protos.common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const input = new protos.peer.ChaincodeInput();
  input.setArgsList(request.args);
  const spec = new protos.peer.ChaincodeSpec();
  spec.setType(CHAINCODE_TYPE_NODE);
  spec.setChaincodeId(chaincodeId);
  spec.setInput(input);
  const invocation = new protos.peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);

  const payload = new protos.peer.ChaincodeProposalPayload();
  payload.setInput(invocation.serializeBinary());
  for (const [key, value] of request.transient ?? []) payload.getTransientmapMap().set(key, value);

  const proposal = new protos.peer.Proposal();
  proposal.setHeader(header.serializeBinary());
  proposal.setPayload(payload.serializeBinary());
  const proposalBytes = proposal.serializeBinary();

  const signedProposal = new protos.peer.SignedProposal();
  signedProposal.setProposalBytes(proposalBytes);
  signedProposal.setSignature(signLowS(proposalBytes, request.identity.privateKeyPem));
  return { txId, input, signedProposal };
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3). */
class EcdsaSigValue {
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter }) r: bigint;
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter }) s: bigint;
  constructor(r: bigint, s: bigint) {
    this.r = r;
    this.s = s;
  }
}

/** Parsed once per key: parsing the PEM again for every signature cost more than signing. */
const privateKeys = new Map<string, crypto.KeyObject>();
function privateKeyOf(pem: string): crypto.KeyObject {
  let key = privateKeys.get(pem);
  if (!key) {
    if (privateKeys.size >= 1_000) privateKeys.clear();
    privateKeys.set(pem, (key = crypto.createPrivateKey(pem)));
  }
  return key;
}

/** ECDSA-SHA256 in DER with s normalised to the lower half, as Fabric clients must sign. */
export function signLowS(message: Uint8Array, privateKeyPem: string): Buffer {
  const raw = crypto.sign("sha256", message, { key: privateKeyOf(privateKeyPem), dsaEncoding: "ieee-p1363" });
  const r = BigInt("0x" + raw.subarray(0, 32).toString("hex"));
  let s = BigInt("0x" + raw.subarray(32).toString("hex"));
  if (s > P256_N / 2n) s = P256_N - s;
  return Buffer.from(AsnConvert.serialize(new EcdsaSigValue(r, s)));
}
