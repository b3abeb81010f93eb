/**
 * Realistic inputs for the cross-ledger verifier (core/spec/INTEROP.md): two organisations with
 * cryptogen-shaped CAs (TestCA), their peers' SerializedIdentity bytes, a ProposalResponsePayload
 * built with fabric-protos as a Fabric peer builds it for `interop:proveFact`, and endorsements as
 * a peer signs them (ECDSA P-256 over sha256(prp ‖ endorser), DER, low S). Shared by the EVM tests,
 * the TypeScript reference verifier's tests and the real-network tests.
 */
import crypto from "node:crypto";
import { ledger, peer as fabric } from "@hyperledger/fabric-protos";
import { TestCA, type Identity } from "../../clients/fabric-embedded/sim/test-ca.js";
import { serializeIdentity } from "../../clients/fabric-embedded/sim/transaction.js";
import { peerIdOf } from "../../core/interop/proof.js";
import { encodeStatement, keccakHex, type FactStatement } from "../../core/interop/statement.js";

export const CHANNEL_ID = "mychannel";
export const CHAINCODE_NAME = "twinledger";
export const CHAINCODE_VERSION = "1.0";
import { FACT_PROOF_EVENT } from "../../core/interop/statement.js";
export { FACT_PROOF_EVENT };
/** The order of the P-256 group, and its half: the largest low S. */
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
export const P256_HALF_N = P256_N >> 1n;

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString("hex")}`;

// ---------------------------------------------------------------------------------------------
// Certificates

/** The DER of the one certificate a PEM holds (no checks: the contract and the reference check). */
export function certificateDer(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  return Buffer.from(body, "base64");
}

/** PEM as Go's pem.Encode writes it: 64-character lines, LF. */
export function pemOfDer(der: Uint8Array): string {
  const lines = Buffer.from(der).toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** A DER TLV: its tag, where its content starts and where it ends (definite lengths only). */
export function derTlv(der: Uint8Array, offset: number): { tag: number; start: number; end: number } {
  const tag = der[offset]!;
  const first = der[offset + 1]!;
  if (first < 0x80) return { tag, start: offset + 2, end: offset + 2 + first };
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[offset + 2 + i]!;
  const start = offset + 2 + count;
  return { tag, start, end: start + length };
}

/** A DER TLV; `longForm` spells its length with one more length byte than DER allows (for negative tests). */
export function derEncode(tag: number, content: Uint8Array, longForm = false): Buffer {
  const length = content.length;
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  if (longForm) bytes.unshift(0);
  const header = length < 128 && !longForm ? [length] : [0x80 | bytes.length, ...bytes];
  return Buffer.concat([Buffer.from([tag, ...header]), content]);
}

/** A TLV with the offset of its tag. */
export interface DerField {
  tag: number;
  offset: number;
  start: number;
  end: number;
}

/** Where the parts of a certificate are, byte for byte as it is written (no re-encoding). */
export function certificateParts(der: Uint8Array) {
  const field = (offset: number): DerField => ({ offset, ...derTlv(der, offset) });
  const certificate = field(0);
  const tbs = field(certificate.start);
  const fields: DerField[] = [];
  for (let at = tbs.start; at < tbs.end; at = fields[fields.length - 1]!.end) fields.push(field(at));
  const [version, serial, algorithm, issuer, validity, subject, publicKeyInfo] = fields[0]!.tag === 0xa0 ? fields : [undefined, ...fields];
  const outerAlgorithm = field(tbs.end);
  const signatureValue = field(outerAlgorithm.end);
  return {
    certificate,
    tbs,
    version,
    serial: serial!,
    algorithm: algorithm!,
    issuer: issuer!,
    validity: validity!,
    subject: subject!,
    publicKeyInfo: publicKeyInfo!,
    extensions: fields.find((f) => f.tag === 0xa3),
    /** Every field of the TBSCertificate, in order. */
    fields,
    outerAlgorithm,
    signatureValue,
  };
}

/** The uncompressed point of a PEM certificate's (or a key's) P-256 public key: X and Y, 32 bytes each. */
export function publicKeyOf(pemOrKey: string | crypto.KeyObject): { x: Buffer; y: Buffer } {
  const key = typeof pemOrKey === "string" ? crypto.createPublicKey(pemOrKey) : pemOrKey;
  const jwk = key.export({ format: "jwk" });
  return { x: Buffer.from(jwk.x!, "base64url"), y: Buffer.from(jwk.y!, "base64url") };
}

/** What FabricMembership.registerOrganization takes, from the organisation's CA certificate. */
export interface OrganizationKey {
  mspId?: string;
  caKeyX: string;
  caKeyY: string;
  /** The DER of the CA certificate's subject Name, as written in the certificate. */
  caSubject: string;
}

/** The CA's P-256 key and subject DER, read from its certificate (its MSP's cacerts). */
export function organizationOf(caCertificatePem: string, mspId?: string): OrganizationKey {
  const der = certificateDer(caCertificatePem);
  const { subject } = certificateParts(der);
  const { x, y } = publicKeyOf(caCertificatePem);
  return { ...(mspId === undefined ? {} : { mspId }), caKeyX: hex(x), caKeyY: hex(y), caSubject: hex(der.subarray(subject.offset, subject.end)) };
}

// ---------------------------------------------------------------------------------------------
// Identities and organisations

/** SerializedIdentity { mspid, id_bytes = PEM }, as a Fabric peer or client sends it (the embedded peer's encoder). */
export const serializedIdentity = serializeIdentity;

/** The id FabricMembership gives a peer: keccak-256 of its SerializedIdentity. */
export { peerIdOf };

export interface TestOrganization {
  mspId: string;
  ca: TestCA;
  organization: OrganizationKey;
  peer: Identity;
  /** A second peer of the same organisation. */
  peer1: Identity;
  client: Identity;
  admin: Identity;
}

export function testOrganization(mspId: string, domain: string): TestOrganization {
  const ca = new TestCA(mspId, domain);
  return {
    mspId,
    ca,
    organization: organizationOf(ca.caCertificatePem, mspId),
    peer: ca.issue(`peer0.${domain}@${domain}`, "peer"),
    peer1: ca.issue(`peer1.${domain}@${domain}`, "peer"),
    client: ca.issue("User1", "client"),
    admin: ca.issue("Admin", "admin"),
  };
}

/** Org1MSP and Org2MSP, as the Fabric test network has them. */
export function twoOrganizations(): [TestOrganization, TestOrganization] {
  return [testOrganization("Org1MSP", "org1.example.com"), testOrganization("Org2MSP", "org2.example.com")];
}

// ---------------------------------------------------------------------------------------------
// Proposal response payloads

export interface FactPrpOptions {
  /** The statement, or the event payload's raw bytes. */
  statement: FactStatement | Uint8Array;
  proposalHash?: Uint8Array;
  /** ChaincodeID.name of the action (default "twinledger"). */
  chaincodeName?: string;
  chaincodeVersion?: string;
  /** ChaincodeEvent.chaincode_id (default the chaincode name). */
  eventChaincodeId?: string;
  eventName?: string;
  txId?: string;
  /** No event at all. */
  omitEvent?: boolean;
  status?: number;
  message?: string;
  /** Response.payload: what proveFact returns, the statement as 0x hex by default. */
  responsePayload?: Uint8Array;
  /** Keys read in the chaincode's namespace. */
  reads?: string[];
  /** Writes in the chaincode's namespace (a proof must have none). */
  writes?: { key: string; value: Uint8Array }[];
  /** Metadata writes in the chaincode's namespace (a proof must have none either). */
  metadataWrites?: string[];
  /** The read of the chaincode definition in `_lifecycle` that a peer records first (default true). */
  lifecycleRead?: boolean;
  /** A namespace after the chaincode's in which the simulation wrote a key (a proof must have none). */
  writesInNamespace?: string;
}

export function statementBytes(statement: FactStatement | Uint8Array): Uint8Array {
  return statement instanceof Uint8Array ? statement : encodeStatement(statement);
}

/**
 * A ProposalResponsePayload as a Fabric peer builds it for proveFact (protoutil's
 * CreateProposalResponse): { proposal_hash, extension = ChaincodeAction { results =
 * TxReadWriteSet, events = ChaincodeEvent, response, chaincode_id } }, with fabric-protos'
 * encoder (fields in number order, as Go's).
 */
export function buildFactPrp(options: FactPrpOptions): Uint8Array {
  const payload = statementBytes(options.statement);
  const name = options.chaincodeName ?? CHAINCODE_NAME;

  const namespaces: ledger.rwset.NsReadWriteSet[] = [];
  if (options.lifecycleRead ?? true) {
    const kv = new ledger.rwset.kvrwset.KVRWSet();
    kv.addReads(kvRead(`namespaces/fields/${name}/Sequence`, 5, 0));
    namespaces.push(namespace("_lifecycle", kv));
  }
  const kv = new ledger.rwset.kvrwset.KVRWSet();
  for (const key of options.reads ?? ["binding~gs1~0950600013435ABC"]) kv.addReads(kvRead(key, 12, 0));
  for (const { key, value } of options.writes ?? []) {
    const write = new ledger.rwset.kvrwset.KVWrite();
    write.setKey(key);
    write.setValue(value);
    kv.addWrites(write);
  }
  for (const key of options.metadataWrites ?? []) {
    const write = new ledger.rwset.kvrwset.KVMetadataWrite();
    write.setKey(key);
    const entry = new ledger.rwset.kvrwset.KVMetadataEntry();
    entry.setName("VALIDATION_PARAMETER");
    entry.setValue(new Uint8Array([1]));
    write.addEntries(entry);
    kv.addMetadataWrites(write);
  }
  namespaces.push(namespace(name, kv));
  if (options.writesInNamespace !== undefined) {
    const other = new ledger.rwset.kvrwset.KVRWSet();
    const write = new ledger.rwset.kvrwset.KVWrite();
    write.setKey("k");
    write.setValue(new Uint8Array([1]));
    other.addWrites(write);
    namespaces.push(namespace(options.writesInNamespace, other));
  }
  const results = new ledger.rwset.TxReadWriteSet();
  results.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
  results.setNsRwsetList(namespaces);

  const action = new fabric.ChaincodeAction();
  action.setResults(results.serializeBinary());
  if (!options.omitEvent) {
    const event = new fabric.ChaincodeEvent();
    event.setChaincodeId(options.eventChaincodeId ?? name);
    event.setTxId(options.txId ?? crypto.createHash("sha256").update(payload).digest("hex"));
    event.setEventName(options.eventName ?? FACT_PROOF_EVENT);
    event.setPayload(payload);
    action.setEvents(event.serializeBinary());
  }
  const response = new fabric.Response();
  response.setStatus(options.status ?? 200);
  if (options.message) response.setMessage(options.message);
  response.setPayload(options.responsePayload ?? Buffer.from(hex(payload), "utf8"));
  action.setResponse(response);
  const chaincodeId = new fabric.ChaincodeID();
  chaincodeId.setName(name);
  chaincodeId.setVersion(options.chaincodeVersion ?? CHAINCODE_VERSION);
  action.setChaincodeId(chaincodeId);

  const prp = new fabric.ProposalResponsePayload();
  prp.setProposalHash(options.proposalHash ?? crypto.createHash("sha256").update("proposal").update(payload).digest());
  prp.setExtension$(action.serializeBinary());
  return prp.serializeBinary();
}

function kvRead(key: string, blockNum: number, txNum: number): ledger.rwset.kvrwset.KVRead {
  const read = new ledger.rwset.kvrwset.KVRead();
  read.setKey(key);
  const version = new ledger.rwset.kvrwset.Version();
  version.setBlockNum(blockNum);
  version.setTxNum(txNum);
  read.setVersion(version);
  return read;
}

function namespace(name: string, kv: ledger.rwset.kvrwset.KVRWSet): ledger.rwset.NsReadWriteSet {
  const ns = new ledger.rwset.NsReadWriteSet();
  ns.setNamespace(name);
  ns.setRwset(kv.serializeBinary());
  return ns;
}

/** A statement for `consumer` on `chainId` with the nonce the verifier issued. */
export function factStatement(fields: Partial<FactStatement> & Pick<FactStatement, "chainId" | "consumer" | "nonce" | "notBefore" | "expiry">): FactStatement {
  return {
    channelHash: keccakHex(CHANNEL_ID),
    factType: "IdentifierBinding",
    subject: keccakHex("(01)09506000134352(21)ABC"),
    value: keccakHex("M-1001"),
    ...fields,
    consumer: fields.consumer.toLowerCase(),
  };
}

// ---------------------------------------------------------------------------------------------
// Raw protobuf, for payloads no Fabric encoder would write

/** A varint's bytes (minimal unless `padTo` asks for more bytes). */
export function varint(value: bigint | number, padTo = 0): Uint8Array {
  let rest = BigInt(value);
  const bytes: number[] = [];
  do {
    bytes.push(Number(rest & 0x7fn));
    rest >>= 7n;
  } while (rest > 0n);
  while (bytes.length < padTo) bytes.push(0);
  for (let i = 0; i < bytes.length - 1; i++) bytes[i]! |= 0x80;
  return Uint8Array.from(bytes);
}

/** One length-delimited field. */
export const bytesField = (number: number, value: Uint8Array): Uint8Array => Buffer.concat([varint((number << 3) | 2), varint(value.length), value]);

/** One varint field. */
export const varintField = (number: number, value: bigint | number): Uint8Array => Buffer.concat([varint(number << 3), varint(value)]);

/** The top-level fields of a message, as [number, raw field bytes] (for splicing). */
export function topLevelFields(message: Uint8Array): { number: number; wire: number; bytes: Uint8Array; value: Uint8Array }[] {
  const fields: { number: number; wire: number; bytes: Uint8Array; value: Uint8Array }[] = [];
  let at = 0;
  const readVarint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = message[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  while (at < message.length) {
    const start = at;
    const key = readVarint();
    const wire = key & 7;
    let valueStart = at;
    let end: number;
    if (wire === 0) {
      readVarint();
      end = at;
    } else {
      const length = readVarint();
      valueStart = at;
      end = at + length;
      at = end;
    }
    fields.push({ number: key >> 3, wire, bytes: message.subarray(start, end), value: message.subarray(valueStart, end) });
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------
// Signatures and endorsements

/** Minimal DER SEQUENCE { r INTEGER, s INTEGER }. */
export function derSignature(r: bigint, s: bigint): Uint8Array {
  const integer = (value: bigint) => {
    const digits = value.toString(16);
    let body = Buffer.from(digits.length % 2 ? `0${digits}` : digits, "hex");
    if (body[0]! & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const content = Buffer.concat([integer(r), integer(s)]);
  return Buffer.concat([Buffer.from([0x30, content.length]), content]);
}

/** r and s of a DER signature (lenient: for building test inputs). */
export function signatureValues(der: Uint8Array): { r: bigint; s: bigint } {
  const sequence = derTlv(der, 0);
  const r = derTlv(der, sequence.start);
  const s = derTlv(der, r.end);
  const value = (tlv: { start: number; end: number }) => BigInt(`0x${Buffer.from(der.subarray(tlv.start, tlv.end)).toString("hex") || "0"}`);
  return { r: value(r), s: value(s) };
}

/** The low-S twin of a DER signature, re-encoded minimally (Fabric signs and accepts low S only). */
export function lowS(der: Uint8Array): Uint8Array {
  const { r, s } = signatureValues(der);
  return derSignature(r, s > P256_HALF_N ? P256_N - s : s);
}

/** The high-S twin. */
export function highS(der: Uint8Array): Uint8Array {
  const { r, s } = signatureValues(der);
  return derSignature(r, s > P256_HALF_N ? s : P256_N - s);
}

/** An endorsement as a peer returns it: its SerializedIdentity and its signature over prp ‖ endorser. */
export interface Endorsement {
  endorser: Uint8Array;
  signature: Uint8Array;
}

/** Signs `prp` as `identity`'s peer does: ECDSA P-256, SHA-256 over prp ‖ SerializedIdentity, DER, low S. */
export function endorse(prp: Uint8Array, identity: Identity): Endorsement {
  const endorser = serializedIdentity(identity);
  const signature = crypto.sign("sha256", Buffer.concat([prp, endorser]), { key: identity.privateKeyPem, dsaEncoding: "der" });
  return { endorser, signature: lowS(signature) };
}

/** The verifier's Endorsement[]: each endorser by the id it registered under. */
export function toEvmEndorsements(endorsements: readonly Endorsement[]): { peer: string; signature: string }[] {
  return endorsements.map(({ endorser, signature }) => ({ peer: peerIdOf(endorser), signature: hex(signature) }));
}

/** A proof of `prp` endorsed by each identity, in the verifier's calldata form. */
export function evmProof(prp: Uint8Array, identities: readonly Identity[]): { proposalResponsePayload: string; endorsements: { peer: string; signature: string }[] } {
  return { proposalResponsePayload: hex(prp), endorsements: toEvmEndorsements(identities.map((identity) => endorse(prp, identity))) };
}
