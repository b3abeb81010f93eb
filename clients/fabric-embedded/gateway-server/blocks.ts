// common.Block messages for an EmbeddedFabric ledger, as the peer's block store holds
// them: block 0 is the channel's genesis (config) block, block n > 0 carries the n-th
// committed transaction envelope. Headers chain by Fabric's hashes (data hash: SHA-256
// over the concatenated envelopes; header hash: SHA-256 over the ASN.1 DER of
// number, previous hash, data hash) and TRANSACTIONS_FILTER holds the validation codes.
import crypto from "node:crypto";
import { AsnConvert, AsnIntegerBigIntConverter, AsnProp, AsnPropTypes, OctetString } from "@peculiar/asn1-schema";
import { protos, type Protos } from "../sim/fabric-runtime.js";
import { timestampMessage } from "../sim/transaction.js";
import type { EmbeddedFabric } from "../sim/index.js";

const METADATA_SLOTS = 5; // SIGNATURES, LAST_CONFIG, TRANSACTIONS_FILTER, ORDERER, COMMIT_HASH

interface Chain {
  blocks: Protos.common.Block[];
  headerHashes: Buffer[];
}

const chains = new WeakMap<EmbeddedFabric, Chain>();

/** Block `number` of the ledger, or undefined when it is not committed yet. */
export function blockAt(fabric: EmbeddedFabric, number: number): Protos.common.Block | undefined {
  if (!Number.isInteger(number) || number < 0 || number >= fabric.height) return undefined;
  let chain = chains.get(fabric);
  if (!chain) {
    chain = { blocks: [], headerHashes: [] };
    chains.set(fabric, chain);
  }
  while (chain.blocks.length <= number) {
    const next = chain.blocks.length;
    const previousHash = next === 0 ? Buffer.alloc(0) : chain.headerHashes[next - 1]!;
    const { envelope, validationCode } = next === 0 ? genesis(fabric) : transactionOf(fabric, next);
    const block = buildBlock(next, previousHash, envelope, validationCode);
    chain.blocks.push(block);
    chain.headerHashes.push(headerHash(block.getHeader()!));
  }
  return chain.blocks[number];
}

/** The hash of the newest block's header and of its predecessor (qscc GetChainInfo). */
export function chainInfo(fabric: EmbeddedFabric): Protos.common.BlockchainInfo {
  const height = fabric.height;
  blockAt(fabric, height - 1);
  const chain = chains.get(fabric)!;
  const info = new protos.common.BlockchainInfo();
  info.setHeight(height);
  info.setCurrentblockhash(chain.headerHashes[height - 1]!);
  info.setPreviousblockhash(height > 1 ? chain.headerHashes[height - 2]! : new Uint8Array());
  return info;
}

function transactionOf(fabric: EmbeddedFabric, number: number): { envelope: Uint8Array; validationCode: number } {
  const record = fabric.blocks()[number - 1]!;
  if (!record.envelope) throw new Error(`block ${number} has no transaction envelope`);
  return { envelope: record.envelope, validationCode: protos.peer.TxValidationCode[record.validationCode] };
}

/** A minimal config transaction: the CONFIG header of the channel, an empty ConfigEnvelope. */
function genesis(fabric: EmbeddedFabric): { envelope: Uint8Array; validationCode: number } {
  const channelHeader = new protos.common.ChannelHeader();
  channelHeader.setType(protos.common.HeaderType.CONFIG);
  channelHeader.setChannelId(fabric.channelName);
  channelHeader.setTimestamp(timestampMessage({ seconds: 0, nanos: 0 }) as never);
  const header = new protos.common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(new protos.common.SignatureHeader().serializeBinary());
  const payload = new protos.common.Payload();
  payload.setHeader(header);
  payload.setData(new protos.common.ConfigEnvelope().serializeBinary());
  const envelope = new protos.common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return { envelope: envelope.serializeBinary(), validationCode: protos.peer.TxValidationCode.VALID };
}

function buildBlock(number: number, previousHash: Uint8Array, envelope: Uint8Array, validationCode: number): Protos.common.Block {
  const header = new protos.common.BlockHeader();
  header.setNumber(number);
  header.setPreviousHash(previousHash);
  header.setDataHash(crypto.createHash("sha256").update(envelope).digest());
  const data = new protos.common.BlockData();
  data.setDataList([envelope]);
  const metadata = new protos.common.BlockMetadata();
  const slots: Uint8Array[] = Array.from({ length: METADATA_SLOTS }, () => new Uint8Array());
  slots[protos.common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.of(validationCode);
  metadata.setMetadataList(slots);
  const block = new protos.common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}

/** What Fabric's protoutil.BlockHeaderBytes hashes: SEQUENCE { number INTEGER, previousHash, dataHash OCTET STRING }. */
class AsnBlockHeader {
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter }) number: bigint;
  @AsnProp({ type: OctetString }) previousHash: OctetString;
  @AsnProp({ type: OctetString }) dataHash: OctetString;
  constructor(header: Protos.common.BlockHeader) {
    this.number = BigInt(header.getNumber());
    this.previousHash = new OctetString(header.getPreviousHash_asU8());
    this.dataHash = new OctetString(header.getDataHash_asU8());
  }
}

function headerHash(header: Protos.common.BlockHeader): Buffer {
  return crypto.createHash("sha256").update(Buffer.from(AsnConvert.serialize(new AsnBlockHeader(header)))).digest();
}
