// EmbeddedFabric: one channel, one chaincode, one peer, in-process. Contract
// classes run behind fabric-shim's own ChaincodeFromContract (the same adapter
// `fabric-chaincode-node start` uses), so routing, parameter parsing, metadata and
// ClientIdentity are the real ones; the stub is fabric-shim's real ChaincodeStub
// talking to TransactionSimulator. Each submit is endorsed, then committed in its
// own block after MVCC validation; evaluate only endorses.
import crypto from "node:crypto";
import { ChaincodeFromContract, contractApi } from "./fabric-runtime.js";
import { buildSignedProposal } from "./proposal.js";
import {
  createChaincodeStub,
  eventOf,
  TransactionSimulator,
  validateSimulation,
  type SimulationResults,
  type SimulatorLimits,
} from "./stub.js";
import type { Identity } from "./test-ca.js";
import { WorldState, type BlockRecord, type TxTimestamp, type ValidationCode } from "./world-state.js";

export interface ChaincodeEvent {
  name: string;
  payload: Buffer;
  txId: string;
  blockNumber: number;
}

export interface SubmitResult {
  txId: string;
  blockNumber: number;
  payload: Buffer;
  event?: ChaincodeEvent;
}

/** The chaincode answered with status >= 400 (or threw). `message` is the chaincode's message, unmodified. */
export class EndorsementError extends Error {
  readonly status: number;
  readonly txId: string;
  constructor(message: string, status: number, txId: string) {
    super(message);
    this.name = "EndorsementError";
    this.status = status;
    this.txId = txId;
  }
}

/** Endorsed but invalidated at commit (MVCC or phantom read conflict); the block still records it. */
export class CommitError extends Error {
  readonly validationCode: ValidationCode;
  readonly txId: string;
  readonly blockNumber: number;
  constructor(txId: string, validationCode: ValidationCode, blockNumber: number) {
    super(`transaction ${txId} failed to commit with status code ${validationCode}`);
    this.name = "CommitError";
    this.validationCode = validationCode;
    this.txId = txId;
    this.blockNumber = blockNumber;
  }
}

/** The proposal was refused before the chaincode ran (unknown MSP, bad certificate or signature). */
export class AccessDeniedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccessDeniedError";
  }
}

/** A channel member organisation: its MSP id and root CA certificate. */
export interface ChannelOrganization {
  mspId: string;
  caCertificatePem: string;
}

export interface EmbeddedFabricOptions {
  /** fabric-contract-api Contract subclasses (classes, not instances). */
  contracts: Function[];
  channelName?: string;
  chaincodeName?: string;
  /** Unix seconds of the first transaction timestamp; default: wall clock at construction. */
  startTime?: number;
  /**
   * When given, proposals are checked like a peer's MSP does: the creator's
   * certificate must be issued by its organisation's CA and the proposal signature
   * must verify. When omitted any well-formed identity is accepted.
   */
  organizations?: ChannelOrganization[];
  limits?: SimulatorLimits;
}

type Chaincode = InstanceType<typeof ChaincodeFromContract>;

export class EmbeddedFabric {
  readonly channelName: string;
  readonly chaincodeName: string;
  private readonly ledger = new WorldState();
  private readonly chaincode: Chaincode;
  private readonly organizations?: Map<string, crypto.X509Certificate>;
  private readonly limits: SimulatorLimits;
  private clock: number;
  private nonceCounter = 0;
  // Simulations and commits run one at a time: on a peer, simulation holds the
  // state read lock and commit the write lock, so each simulation sees one
  // consistent committed snapshot. A single queue gives exactly that.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: EmbeddedFabricOptions) {
    if (!options.contracts || options.contracts.length === 0) throw new Error("EmbeddedFabric needs at least one contract class");
    this.channelName = options.channelName ?? "mychannel";
    this.chaincodeName = options.chaincodeName ?? "twinledger";
    this.clock = options.startTime ?? Math.floor(Date.now() / 1000);
    if (!Number.isInteger(this.clock) || this.clock < 0) throw new RangeError("startTime must be a non-negative integer (unix seconds)");
    this.limits = options.limits ?? {};
    if (options.organizations) {
      this.organizations = new Map(options.organizations.map((o) => [o.mspId, new crypto.X509Certificate(o.caCertificatePem)]));
    }
    // bootstrap.js's default serialization; ChaincodeFromContract appends the
    // system contract to the array it gets, so it gets a copy.
    const serializers = { transaction: "jsonSerializer", serializers: { jsonSerializer: contractApi.JSONSerializer } };
    this.chaincode = new ChaincodeFromContract([...options.contracts], serializers, {}, this.chaincodeName, "");
  }

  /** Number of blocks (block 0 is the genesis block; transaction n lands in block n). */
  get height(): number {
    return this.ledger.height;
  }

  /** The client clock (unix seconds) that the next transaction will carry. */
  get now(): number {
    return this.clock;
  }

  /** Moves the client clock forward; every submit also advances it by one second. */
  advanceTime(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 0) throw new RangeError("advanceTime takes a non-negative whole number of seconds");
    this.clock += seconds;
  }

  /** Endorse, order and commit. Throws EndorsementError (nothing written) or CommitError. */
  submit(identity: Identity, transaction: string, args: Array<string | Uint8Array> = []): Promise<SubmitResult> {
    return this.serialize(async () => {
      const timestamp: TxTimestamp = { seconds: this.clock, nanos: 0 };
      this.clock += 1;
      const { payload, results } = await this.endorse(identity, transaction, args, timestamp);
      const validationCode = validateSimulation(this.ledger, results);
      const block = this.ledger.commit(
        { txId: results.txId, timestamp, writes: results.writes, ...(results.event ? { event: results.event } : {}) },
        validationCode,
      );
      if (validationCode !== "VALID") throw new CommitError(results.txId, validationCode, block.number);
      const event = toEvent(block);
      return { txId: results.txId, blockNumber: block.number, payload, ...(event ? { event } : {}) };
    });
  }

  /** Endorse only: the result is returned, nothing is ordered, written or recorded. */
  evaluate(identity: Identity, transaction: string, args: Array<string | Uint8Array> = []): Promise<Buffer> {
    return this.serialize(async () => {
      const { payload } = await this.endorse(identity, transaction, args, { seconds: this.clock, nanos: 0 });
      return payload;
    });
  }

  /** Chaincode events of valid transactions, in block order, from `fromBlock` on (replay). */
  events(fromBlock = 0): ChaincodeEvent[] {
    return this.ledger.blocks
      .filter((b) => b.number >= fromBlock)
      .map(toEvent)
      .filter((e): e is ChaincodeEvent => e !== undefined);
  }

  /** The committed blocks (one transaction each, with validation code), for inspection. */
  blocks(): readonly BlockRecord[] {
    return this.ledger.blocks;
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async endorse(
    identity: Identity,
    transaction: string,
    args: Array<string | Uint8Array>,
    timestamp: TxTimestamp,
  ): Promise<{ payload: Buffer; results: SimulationResults }> {
    const nonce = this.nextNonce();
    const encoded = [transaction, ...args].map((a) => (typeof a === "string" ? Buffer.from(a, "utf8") : Buffer.from(a)));
    const bundle = buildSignedProposal({
      channelId: this.channelName,
      chaincodeName: this.chaincodeName,
      identity,
      args: encoded,
      timestamp,
      nonce,
    });
    this.checkCreator(identity, bundle.signedProposal.getProposalBytes_asU8(), bundle.signedProposal.getSignature_asU8());

    const simulator = new TransactionSimulator(this.ledger, this.channelName, bundle.txId, this.limits);
    const stub = createChaincodeStub(simulator, bundle.input, bundle.signedProposal);
    let response: { status: number; message?: string; payload?: Uint8Array };
    try {
      response = await this.chaincode.Invoke(stub);
    } catch (err) {
      simulator.finish();
      throw new EndorsementError(err instanceof Error ? err.message : String(err), 500, bundle.txId);
    }
    const event = eventOf(stub);
    const results = simulator.finish(event);
    // Fabric's endorser rejects a chaincode response with status >= 400 (shim ERRORTHRESHOLD).
    if (!response || !response.status || response.status >= 400) {
      throw new EndorsementError(response?.message ?? "chaincode returned no response", response?.status ?? 500, bundle.txId);
    }
    return { payload: Buffer.from(response.payload ?? new Uint8Array()), results };
  }

  private checkCreator(identity: Identity, proposalBytes: Uint8Array, signature: Uint8Array): void {
    if (!this.organizations) return;
    const ca = this.organizations.get(identity.mspId);
    if (!ca) throw new AccessDeniedError(`access denied: channel [${this.channelName}] creator org unknown, creator is malformed`);
    const cert = new crypto.X509Certificate(identity.certificatePem);
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) {
      throw new AccessDeniedError(`access denied: channel [${this.channelName}] creator certificate is not valid for MSP ${identity.mspId}`);
    }
    if (!crypto.verify("sha256", proposalBytes, cert.publicKey, signature)) {
      throw new AccessDeniedError(`access denied: channel [${this.channelName}] proposal signature is invalid`);
    }
  }

  /** Fabric clients use 24 random bytes; a counter keeps runs (and so tx ids) reproducible. */
  private nextNonce(): Buffer {
    const counter = this.nonceCounter++;
    return crypto.createHash("sha256").update(`twinledger-embedded-nonce:${this.channelName}:${counter}`).digest().subarray(0, 24);
  }
}

function toEvent(block: BlockRecord): ChaincodeEvent | undefined {
  if (block.validationCode !== "VALID" || !block.event) return undefined;
  return { name: block.event.name, payload: Buffer.from(block.event.payload), txId: block.txId, blockNumber: block.number };
}
