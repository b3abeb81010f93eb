// EmbeddedFabric: one channel, one chaincode, one peer, in-process. Contract
// classes run behind fabric-shim's own ChaincodeFromContract (the same adapter
// `fabric-chaincode-node start` uses), so routing, parameter parsing, metadata and
// ClientIdentity are the real ones; the stub is fabric-shim's real ChaincodeStub
// talking to TransactionSimulator. Each submit is endorsed, then committed in its
// own block after MVCC validation; evaluate only endorses.
import crypto from "node:crypto";
import { toEvent, type ChaincodeEvent } from "./chaincode-events.js";
import { checkCreatorSigned } from "./creator-authentication.js";
import { hasValidEndorsements } from "./endorsement-validation.js";
import { AccessDeniedError, CommitError, EndorsementError } from "./errors.js";
import { ChaincodeFromContract, contractApi, type Protos } from "./fabric-runtime.js";
import { buildSignedProposal } from "./proposal.js";
import type { CommittedTransaction, OrderedTransaction, ProposalEndorsement, SubmitResult } from "./results.js";
import {
  createChaincodeStub,
  eventOf,
  TransactionSimulator,
  validateSimulation,
  type SimulatorLimits,
} from "./stub.js";
import type { Identity } from "./test-ca.js";
import {
  buildProposalResponse,
  buildTransactionEnvelope,
  decodeCreator,
  decodeReadWriteSet,
  decodeSignedProposal,
  decodeTransactionEnvelope,
  MalformedRequestError,
  signEnvelope,
  type ChaincodeResponse,
  type Creator,
  type DecodedProposal,
  type DecodedTransaction,
} from "./transaction.js";
import { StateLock } from "./state-lock.js";
import { WorldState, type BlockRecord, type TxTimestamp, type ValidationCode } from "./world-state.js";

/** A channel member organisation: its MSP id and root CA certificate. */
export interface ChannelOrganization {
  mspId: string;
  caCertificatePem: string;
}

export interface EmbeddedFabricOptions {
  /** fabric-contract-api Contract subclasses (classes, not instances). */
  contracts: Function[];
  /** The chaincode module's `serializers`; default bootstrap.js's JSON serializer. */
  serializers?: { transaction: string; serializers: Record<string, Function> };
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
  /**
   * The peer's own identity (OU peer). When given, endorsements are signed with it and
   * commit requires at least one valid endorsement (else ENDORSEMENT_POLICY_FAILURE).
   */
  endorser?: Identity;
  /**
   * Further peers (one per other organisation, OU peer) that endorse every proposal beside
   * `endorser`, each signing the same response payload — as the Gateway gathers the
   * endorsements of several organisations.
   */
  otherEndorsers?: Identity[];
}

type Chaincode = InstanceType<typeof ChaincodeFromContract>;

export class EmbeddedFabric {
  readonly channelName: string;
  readonly chaincodeName: string;
  private readonly ledger = new WorldState();
  private readonly chaincode: Chaincode;
  private readonly organizations?: Map<string, crypto.X509Certificate>;
  private readonly limits: SimulatorLimits;
  private readonly endorser?: Identity;
  private readonly otherEndorsers: Identity[];
  private readonly committed = new Map<string, BlockRecord>(); // txId → first block carrying it
  private readonly blockListeners = new Set<(block: BlockRecord) => void>();
  private clock: number;
  private nonceCounter = 0;
  // As on a peer: simulations hold the state read lock (concurrent ones see the same
  // committed snapshot), a commit the write lock.
  private readonly lock = new StateLock();

  constructor(options: EmbeddedFabricOptions) {
    if (!options.contracts || options.contracts.length === 0) throw new Error("EmbeddedFabric needs at least one contract class");
    this.channelName = options.channelName ?? "mychannel";
    this.chaincodeName = options.chaincodeName ?? "twinledger";
    this.clock = options.startTime ?? Math.floor(Date.now() / 1000);
    if (!Number.isInteger(this.clock) || this.clock < 0) throw new RangeError("startTime must be a non-negative integer (unix seconds)");
    this.limits = options.limits ?? {};
    if (options.endorser) this.endorser = options.endorser;
    if (options.otherEndorsers?.length && !options.endorser) throw new Error("otherEndorsers endorse beside an endorser");
    this.otherEndorsers = options.otherEndorsers ?? [];
    if (options.organizations) {
      this.organizations = new Map(options.organizations.map((o) => [o.mspId, new crypto.X509Certificate(o.caCertificatePem)]));
    }
    // As bootstrap.js: the module's serializers plus the default one; ChaincodeFromContract
    // appends the system contract to the array it gets, so it gets a copy.
    const serializers = {
      transaction: options.serializers?.transaction ?? "jsonSerializer",
      serializers: { ...options.serializers?.serializers, jsonSerializer: contractApi.JSONSerializer },
    };
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

  /**
   * Endorse, order and commit. Throws EndorsementError (nothing written) or CommitError.
   * `options.timestamp` (unix seconds) is the proposal's timestamp instead of the client
   * clock, which it leaves as it is: Fabric lets a client choose any, even an earlier one.
   */
  submit(identity: Identity, transaction: string, args: Array<string | Uint8Array> = [], options: { timestamp?: number } = {}): Promise<SubmitResult> {
    return (async () => {
      // Runs synchronously up to the first await: each call takes the next timestamp at once.
      const timestamp: TxTimestamp = { seconds: options.timestamp ?? this.clock, nanos: 0 };
      if (options.timestamp === undefined) this.clock += 1;
      else if (!Number.isInteger(options.timestamp) || options.timestamp < 0) throw new RangeError("timestamp must be a non-negative integer (unix seconds)");
      const proposal = this.proposalFor(identity, transaction, args, timestamp);
      const endorsement = await this.lock.read(() => this.endorseDecoded(proposal));
      const envelope = signEnvelope(endorsement.preparedTransaction, identity);
      const committed = await this.lock.write(() => this.commitDecoded(decodeTransactionEnvelope(envelope)));
      if (committed.validationCode !== "VALID") throw new CommitError(committed.txId, committed.validationCode, committed.blockNumber);
      return {
        txId: committed.txId,
        blockNumber: committed.blockNumber,
        payload: endorsement.response.payload,
        ...(committed.event ? { event: committed.event } : {}),
      };
    })();
  }

  /**
   * Endorse only, as the Gateway's Endorse without Submit: the signed endorsements and the
   * prepared transaction come back; nothing is ordered, written or recorded.
   */
  endorse(identity: Identity, transaction: string, args: Array<string | Uint8Array> = []): Promise<ProposalEndorsement> {
    return (async () => {
      const proposal = this.proposalFor(identity, transaction, args, { seconds: this.clock, nanos: 0 });
      return this.lock.read(() => this.endorseDecoded(proposal));
    })();
  }

  /** Endorse only: the result is returned, nothing is ordered, written or recorded. */
  evaluate(identity: Identity, transaction: string, args: Array<string | Uint8Array> = []): Promise<Buffer> {
    return (async () => {
      const proposal = this.proposalFor(identity, transaction, args, { seconds: this.clock, nanos: 0 });
      return (await this.lock.read(() => this.endorseDecoded(proposal))).response.payload;
    })();
  }

  /**
   * The endorser's ProcessProposal for a client-built SignedProposal (bytes or message):
   * checks it (structure, txid binding, channel, creator and signature), simulates it
   * and returns the signed endorsement plus the prepared transaction. Nothing is
   * written. Throws MalformedRequestError, AccessDeniedError or EndorsementError.
   */
  endorseProposal(signedProposal: Uint8Array | Protos.peer.SignedProposal): Promise<ProposalEndorsement> {
    return this.lock.read(async () => this.endorseDecoded(decodeSignedProposal(signedProposal)));
  }

  /**
   * The orderer's Broadcast for a signed transaction envelope: checks it (structure,
   * channel, creator signature) and throws MalformedRequestError / AccessDeniedError
   * when refused; otherwise queues it for its own block. The returned `committed`
   * settles with the validation code once the block is committed.
   */
  order(envelope: Uint8Array | Protos.common.Envelope): OrderedTransaction {
    const transaction = decodeTransactionEnvelope(envelope);
    if (transaction.signature.length === 0) throw new MalformedRequestError("prepared transaction must be signed");
    if (transaction.channelId !== this.channelName) throw new MalformedRequestError(`channel '${transaction.channelId}' not found`);
    this.checkSigned(transaction.creator, transaction.payloadBytes, transaction.signature);
    return { txId: transaction.txId, committed: this.lock.write(() => this.commitDecoded(transaction)) };
  }

  /** order() and wait for the commit: resolves with the validation code, never throws CommitError. */
  commitEnvelope(envelope: Uint8Array | Protos.common.Envelope): Promise<CommittedTransaction> {
    try {
      return this.order(envelope).committed;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Where a transaction was committed, or undefined when no block carries it (yet). */
  transactionStatus(txId: string): CommittedTransaction | undefined {
    const block = this.committed.get(txId);
    if (!block) return undefined;
    const event = toEvent(block);
    return { txId, blockNumber: block.number, validationCode: block.validationCode, ...(event ? { event } : {}) };
  }

  /** Calls `listener` after every block commit; returns the unsubscribe function. */
  onBlock(listener: (block: BlockRecord) => void): () => void {
    this.blockListeners.add(listener);
    return () => this.blockListeners.delete(listener);
  }

  /**
   * Checks a signed request like the peer's MSP: `creator` (a serialized
   * SerializedIdentity) must belong to a channel organisation and `signature` must be
   * its signature over `signedData`. Returns the decoded creator; throws AccessDeniedError.
   */
  authenticate(creator: Uint8Array, signedData: Uint8Array, signature: Uint8Array): Creator {
    let decoded: Creator;
    try {
      decoded = decodeCreator(creator);
    } catch (error) {
      throw new AccessDeniedError(`access denied: channel [${this.channelName}] creator is malformed: ${(error as Error).message}`);
    }
    this.checkSigned(decoded, signedData, signature);
    return decoded;
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

  private proposalFor(
    identity: Identity,
    transaction: string,
    args: Array<string | Uint8Array>,
    timestamp: TxTimestamp,
  ): DecodedProposal {
    const encoded = [transaction, ...args].map((a) => (typeof a === "string" ? Buffer.from(a, "utf8") : Buffer.from(a)));
    const bundle = buildSignedProposal({
      channelId: this.channelName,
      chaincodeName: this.chaincodeName,
      identity,
      args: encoded,
      timestamp,
      nonce: this.nextNonce(),
    });
    return decodeSignedProposal(bundle.signedProposal);
  }

  private async endorseDecoded(proposal: DecodedProposal): Promise<ProposalEndorsement> {
    if (proposal.channelId !== this.channelName) throw new MalformedRequestError(`channel '${proposal.channelId}' not found`);
    this.checkSigned(proposal.creator, proposal.proposalBytes, proposal.signature);
    if (this.committed.has(proposal.txId)) {
      throw new MalformedRequestError(`duplicate transaction found [${proposal.txId}]. Creator [${proposal.creator.mspId}]`);
    }
    if (proposal.chaincodeName !== this.chaincodeName) {
      throw new EndorsementError(
        `make sure the chaincode ${proposal.chaincodeName} has been successfully defined on channel ${this.channelName} and try again: chaincode ${proposal.chaincodeName} not found`,
        500,
        proposal.txId,
      );
    }

    const simulator = new TransactionSimulator(this.ledger, this.channelName, proposal.txId, this.limits);
    const stub = createChaincodeStub(simulator, proposal.input, proposal.signedProposal);
    let response: { status: number; message?: string; payload?: Uint8Array };
    try {
      response = await this.chaincode.Invoke(stub);
    } catch (err) {
      simulator.finish();
      throw new EndorsementError(err instanceof Error ? err.message : String(err), 500, proposal.txId);
    }
    const event = eventOf(stub);
    const results = simulator.finish(event);
    // Fabric's endorser rejects a chaincode response with status >= 400 (shim ERRORTHRESHOLD).
    if (!response || !response.status || response.status >= 400) {
      throw new EndorsementError(response?.message ?? "chaincode returned no response", response?.status ?? 500, proposal.txId);
    }
    const chaincodeResponse: ChaincodeResponse = {
      status: response.status,
      message: response.message ?? "",
      payload: Buffer.from(response.payload ?? new Uint8Array()),
    };
    const respond = (endorser?: Identity) =>
      buildProposalResponse({ proposal, response: chaincodeResponse, results, ...(event ? { event } : {}), ...(endorser ? { endorser } : {}) });
    const proposalResponse = respond(this.endorser);
    const others = this.otherEndorsers.map((endorser) => respond(endorser));
    return {
      txId: proposal.txId,
      channelId: proposal.channelId,
      chaincodeName: proposal.chaincodeName,
      response: chaincodeResponse,
      proposalResponse,
      preparedTransaction: buildTransactionEnvelope(proposal, [proposalResponse, ...others]),
    };
  }

  /** The committer: validation code (duplicate, endorsements, MVCC), then one block. */
  private commitDecoded(transaction: DecodedTransaction): CommittedTransaction {
    const readWriteSet = decodeReadWriteSet(transaction.results, this.chaincodeName);
    let validationCode: ValidationCode;
    if (this.committed.has(transaction.txId)) validationCode = "DUPLICATE_TXID";
    else if (!this.endorsementsValid(transaction)) validationCode = "ENDORSEMENT_POLICY_FAILURE";
    else validationCode = validateSimulation(this.ledger, { txId: transaction.txId, ...readWriteSet });
    const event = transaction.event?.chaincodeId === this.chaincodeName ? transaction.event : undefined;
    const block = this.ledger.commit(
      {
        txId: transaction.txId,
        timestamp: transaction.timestamp,
        writes: readWriteSet.writes,
        envelope: transaction.envelopeBytes,
        ...(event ? { event: { name: event.name, payload: event.payload } } : {}),
      },
      validationCode,
    );
    if (!this.committed.has(transaction.txId)) this.committed.set(transaction.txId, block);
    for (const listener of [...this.blockListeners]) {
      try {
        listener(block);
      } catch {
        // a listener's failure is its own
      }
    }
    const delivered = toEvent(block);
    return { txId: transaction.txId, blockNumber: block.number, validationCode, ...(delivered ? { event: delivered } : {}) };
  }

  /** The channel's endorsement check (endorsement-validation.ts), against this peer's chaincode and MSP. */
  private endorsementsValid(transaction: DecodedTransaction): boolean {
    return hasValidEndorsements(transaction, this.chaincodeName, Boolean(this.endorser), (c, d, s) => this.checkSigned(c, d, s));
  }

  /** The MSP check (creator-authentication.ts) against this channel's organisations. */
  private checkSigned(creator: { mspId: string; certificatePem: string }, signedData: Uint8Array, signature: Uint8Array): void {
    checkCreatorSigned(this.organizations, this.channelName, creator, signedData, signature);
  }

  /** Fabric clients use 24 random bytes; a counter keeps runs (and so tx ids) reproducible. */
  private nextNonce(): Buffer {
    const counter = this.nonceCounter++;
    return crypto.createHash("sha256").update(`twinledger-embedded-nonce:${this.channelName}:${counter}`).digest().subarray(0, 24);
  }
}
