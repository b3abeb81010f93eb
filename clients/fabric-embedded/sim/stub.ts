// The peer's side of the chaincode shim. fabric-shim's real ChaincodeStub does
// all argument validation, composite-key handling and iterator plumbing; it talks
// to a "handler" that on a real peer sends gRPC messages. TransactionSimulator is
// that handler: it answers every request the way Fabric's core/chaincode/handler.go
// and the LevelDB tx simulator (core/ledger/kvledger/txmgmt/txmgr) do, so chaincode
// sees real stub behaviour, including its error messages.
import type { ChaincodeStub } from "fabric-shim";
import { fabricShim, protos, Timestamp, type Protos } from "./fabric-runtime.js";
import { sameVersion, type RecordedEvent, type ValidationCode, type Version, type WorldState } from "./world-state.js";

/** What a range query saw, re-checked at commit to detect phantom reads. */
export interface RangeQueryInfo {
  startKey: string;
  endKey: string;
  /** True when the chaincode reached the end of the range (or the page's bookmark was empty). */
  exhausted: boolean;
  results: Array<{ key: string; version: Version }>;
}

/** The read-write set plus the event: everything endorsement hands to ordering. */
export interface SimulationResults {
  txId: string;
  /** key → version read (undefined: the key did not exist). */
  reads: ReadonlyMap<string, Version | undefined>;
  rangeQueries: readonly RangeQueryInfo[];
  /** key → value, null meaning delete. */
  writes: ReadonlyMap<string, Buffer | null>;
  event?: RecordedEvent;
}

export interface SimulatorLimits {
  /** core.yaml ledger.state.totalQueryLimit (default 100000). */
  totalQueryLimit?: number;
  /** core.yaml chaincode.runtimeParams.maxResultsPerBatch... peer default batch size of 100. */
  maxResultsPerBatch?: number;
}

interface OpenQuery {
  batches: Protos.peer.QueryResultBytes[][];
  range?: { info: RangeQueryInfo; all: Array<{ key: string; version: Version }>; delivered: number };
}

/** The peer's message type names, used in error texts exactly as handler.go wraps them. */
type MessageType =
  | "GET_STATE" | "PUT_STATE" | "DEL_STATE" | "GET_STATE_BY_RANGE" | "QUERY_STATE_NEXT" | "QUERY_STATE_CLOSE"
  | "GET_QUERY_RESULT" | "GET_HISTORY_FOR_KEY" | "GET_STATE_METADATA" | "PUT_STATE_METADATA"
  | "GET_PRIVATE_DATA_HASH" | "PURGE_PRIVATE_DATA" | "INVOKE_CHAINCODE";

export class TransactionSimulator {
  private readonly reads = new Map<string, Version | undefined>();
  private readonly writes = new Map<string, Buffer | null>();
  private readonly rangeQueries: RangeQueryInfo[] = [];
  private readonly queries = new Map<string, OpenQuery>();
  private nextQueryId = 0;
  private writePerformed = false;
  private paginatedQueriesPerformed = false;
  private done = false;
  private readonly totalQueryLimit: number;
  private readonly maxResultsPerBatch: number;

  constructor(
    private readonly state: WorldState,
    readonly channelId: string,
    readonly txId: string,
    limits: SimulatorLimits = {},
  ) {
    this.totalQueryLimit = limits.totalQueryLimit ?? 100_000;
    this.maxResultsPerBatch = limits.maxResultsPerBatch ?? 100;
  }

  /** Ends simulation (Fabric: txsim.Done()); later shim calls fail like a finished transaction's would. */
  finish(event?: RecordedEvent): SimulationResults {
    this.done = true;
    this.queries.clear();
    return {
      txId: this.txId,
      reads: new Map(this.reads),
      rangeQueries: this.rangeQueries.map((q) => ({ ...q, results: [...q.results] })),
      writes: new Map(this.writes),
      ...(event ? { event } : {}),
    };
  }

  // ---- handler API called by fabric-shim's ChaincodeStub ----

  async handleGetState(collection: string, key: string): Promise<Buffer> {
    this.precheck("GET_STATE", collection);
    const entry = this.state.get(key); // committed state only: no read-your-writes
    this.reads.set(key, entry?.version);
    return entry ? entry.value : Buffer.alloc(0); // the peer sends an empty payload for a missing key
  }

  async handlePutState(collection: string, key: string, value: unknown): Promise<Buffer> {
    this.precheck("PUT_STATE", collection);
    this.checkWritePrecondition("PUT_STATE");
    const bytes = toBytes(value);
    // rwsetutil: a write with an empty value is a delete (IsDelete: len(value) == 0).
    this.writes.set(key, bytes.length === 0 ? null : bytes);
    return Buffer.alloc(0);
  }

  async handleDeleteState(collection: string, key: string): Promise<Buffer> {
    this.precheck("DEL_STATE", collection);
    this.checkWritePrecondition("DEL_STATE");
    this.writes.set(key, null);
    return Buffer.alloc(0);
  }

  async handleGetStateByRange(
    collection: string,
    startKey: string,
    endKey: string,
    _channelId: string,
    _txId: string,
    metadataBytes?: Uint8Array,
  ): Promise<{ iterator: unknown; metadata?: { bookmark: string; fetchedRecordsCount: number } }> {
    this.precheck("GET_STATE_BY_RANGE", collection);
    const metadata = metadataBytes ? protos.peer.QueryMetadata.deserializeBinary(metadataBytes) : undefined;
    const pageSize = metadata?.getPagesize() ?? 0;
    const bookmark = metadata?.getBookmark() ?? "";
    const id = String(this.nextQueryId++);

    // handler.go isMetadataSetForPagination: pageSize 0 with an empty bookmark is a plain query.
    if (!metadata || (pageSize === 0 && bookmark === "")) {
      const all = this.state.range(startKey, endKey, this.totalQueryLimit);
      const info: RangeQueryInfo = { startKey, endKey, exhausted: false, results: [] };
      this.rangeQueries.push(info);
      const query: OpenQuery = {
        batches: chunk(all.map((e) => kvBytes(e.key, e.value)), this.maxResultsPerBatch),
        range: { info, all: all.map((e) => ({ key: e.key, version: e.version })), delivered: 0 },
      };
      this.queries.set(id, query);
      return { iterator: new fabricShim.StateQueryIterator(this, this.channelId, this.txId, this.nextBatch(id, query)) };
    }

    // Paginated (LevelDB): tx_simulator.go allows it only before any write, and
    // forbids writes after it. The scan starts at the bookmark when one is given,
    // returns at most pageSize (0 = unlimited) capped by totalQueryLimit, and the
    // new bookmark is stateleveldb's kvScanner.GetBookmarkAndClose(): the key the
    // scan would have returned next, i.e. the first key after the page within
    // [start, end) — "" when the range is exhausted, even if the page was exactly full.
    if (this.writePerformed) {
      throw this.error(
        "GET_STATE_BY_RANGE",
        `txid [${this.txId}]: unsuppored transaction. Paginated queries are supported only in a read-only transaction`,
      );
    }
    this.paginatedQueriesPerformed = true;
    const scanStart = bookmark !== "" ? bookmark : startKey;
    const returnLimit = pageSize > 0 && pageSize < this.totalQueryLimit ? pageSize : this.totalQueryLimit;
    const scanned = this.state.range(scanStart, endKey, returnLimit + 1);
    const page = scanned.slice(0, returnLimit);
    const nextBookmark = scanned.length > returnLimit ? scanned[returnLimit]!.key : "";
    this.rangeQueries.push({
      startKey: scanStart,
      endKey,
      exhausted: nextBookmark === "",
      results: page.map((e) => ({ key: e.key, version: e.version })),
    });

    const responseMetadata = new protos.peer.QueryResponseMetadata();
    responseMetadata.setBookmark(nextBookmark);
    responseMetadata.setFetchedRecordsCount(page.length);
    const response = new protos.peer.QueryResponse();
    response.setResultsList(page.map((e) => kvBytes(e.key, e.value)));
    response.setHasMore(false); // a page always arrives in one response
    response.setId(id);
    response.setMetadata(responseMetadata.serializeBinary());
    return {
      iterator: new fabricShim.StateQueryIterator(this, this.channelId, this.txId, response),
      metadata: { bookmark: nextBookmark, fetchedRecordsCount: page.length },
    };
  }

  async handleQueryStateNext(id: string): Promise<Protos.peer.QueryResponse> {
    this.checkDone("QUERY_STATE_NEXT");
    const query = this.queries.get(id);
    if (!query) throw this.error("QUERY_STATE_NEXT", "query iterator not found");
    return this.nextBatch(id, query);
  }

  async handleQueryStateClose(id: string): Promise<Protos.peer.QueryResponse> {
    this.checkDone("QUERY_STATE_CLOSE");
    this.queries.delete(id);
    const response = new protos.peer.QueryResponse();
    response.setHasMore(false);
    response.setId(id);
    return response;
  }

  async handleGetHistoryForKey(key: string): Promise<unknown> {
    this.precheck("GET_HISTORY_FOR_KEY", "");
    // History reads committed blocks only and is not re-validated at commit.
    const entries = this.state.history(key).map((h) => {
      const timestamp = new Timestamp();
      timestamp.setSeconds(h.timestamp.seconds);
      timestamp.setNanos(h.timestamp.nanos);
      const modification = new protos.ledger.queryresult.KeyModification();
      modification.setTxId(h.txId);
      modification.setValue(h.value);
      modification.setTimestamp(timestamp as never);
      modification.setIsDelete(h.isDelete);
      return resultBytes(modification.serializeBinary());
    });
    const id = String(this.nextQueryId++);
    const query: OpenQuery = { batches: chunk(entries, this.maxResultsPerBatch) };
    this.queries.set(id, query);
    return new fabricShim.HistoryQueryIterator(this, this.channelId, this.txId, this.nextBatch(id, query));
  }

  async handleGetQueryResult(): Promise<never> {
    throw this.error("GET_QUERY_RESULT", "ExecuteQuery not supported for leveldb"); // rich queries need CouchDB
  }

  /** No key-level endorsement policies are ever stored, so every key has empty metadata. */
  async handleGetStateMetadata(collection: string, key: string): Promise<Record<string, Uint8Array>> {
    this.precheck("GET_STATE_METADATA", collection);
    this.reads.set(key, this.state.get(key)?.version);
    return {};
  }

  async handlePutStateMetadata(): Promise<never> {
    throw this.error("PUT_STATE_METADATA", "key-level endorsement policies are not supported by the embedded peer");
  }

  async handleGetPrivateDataHash(): Promise<never> {
    throw this.error("GET_PRIVATE_DATA_HASH", "private data collections are not supported by the embedded peer");
  }

  async handlePurgeState(): Promise<never> {
    throw this.error("PURGE_PRIVATE_DATA", "private data collections are not supported by the embedded peer");
  }

  async handleInvokeChaincode(): Promise<never> {
    throw this.error("INVOKE_CHAINCODE", "chaincode-to-chaincode calls are not supported by the embedded peer");
  }

  // ---- internals ----

  private nextBatch(id: string, query: OpenQuery): Protos.peer.QueryResponse {
    const batch = query.batches.shift() ?? [];
    const hasMore = query.batches.length > 0;
    if (query.range) {
      // Like resultsItr.updateRangeQueryInfo: the read set covers what was handed out.
      query.range.delivered += batch.length;
      query.range.info.results = query.range.all.slice(0, query.range.delivered);
      query.range.info.exhausted = !hasMore;
    }
    if (!hasMore) this.queries.delete(id); // the peer cleans up the query context at the end
    const response = new protos.peer.QueryResponse();
    response.setResultsList(batch);
    response.setHasMore(hasMore);
    response.setId(id);
    return response;
  }

  private precheck(type: MessageType, collection: string): void {
    this.checkDone(type);
    if (collection) throw this.error(type, "private data collections are not supported by the embedded peer");
  }

  private checkDone(type: MessageType): void {
    if (this.done) throw this.error(type, "transaction context not found (the transaction has already completed)");
  }

  /** tx_simulator.go checkWritePrecondition. */
  private checkWritePrecondition(type: MessageType): void {
    if (this.paginatedQueriesPerformed) {
      throw this.error(
        type,
        `txid [${this.txId}]: unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed`,
      );
    }
    this.writePerformed = true;
  }

  /** handler.go HandleTransaction wraps every failure as "<TYPE> failed: transaction ID: <txid>: <cause>"; the shim throws it as is. */
  private error(type: MessageType, cause: string): Error {
    return new Error(`${type} failed: transaction ID: ${this.txId}: ${cause}`);
  }
}

/**
 * Commit-time validation (Fabric's MVCC check): every key read must still have
 * the version it had at endorsement, and every range query must see the same
 * keys and versions up to where the chaincode stopped (phantom reads).
 */
export function validateSimulation(state: WorldState, results: SimulationResults): ValidationCode {
  for (const [key, version] of results.reads) {
    if (!sameVersion(state.get(key)?.version, version)) return "MVCC_READ_CONFLICT";
  }
  for (const query of results.rangeQueries) {
    const now = state.range(query.startKey, query.endKey, query.exhausted ? 0 : query.results.length);
    const same =
      now.length === query.results.length &&
      now.every((e, i) => e.key === query.results[i]!.key && sameVersion(e.version, query.results[i]!.version));
    if (!same) return "PHANTOM_READ_CONFLICT";
  }
  return "VALID";
}

/** fabric-shim's real ChaincodeStub bound to a simulator: the object chaincode receives on a peer. */
export function createChaincodeStub(
  simulator: TransactionSimulator,
  input: Protos.peer.ChaincodeInput,
  signedProposal: Protos.peer.SignedProposal,
): ChaincodeStub {
  return new fabricShim.ChaincodeStub(simulator, simulator.channelId, simulator.txId, input, signedProposal) as ChaincodeStub;
}

/** The event the chaincode set last (fabric-shim keeps only one per transaction). */
export function eventOf(stub: ChaincodeStub): RecordedEvent | undefined {
  const event = (stub as unknown as { chaincodeEvent?: Protos.peer.ChaincodeEvent }).chaincodeEvent;
  return event ? { name: event.getEventName(), payload: Buffer.from(event.getPayload_asU8()) } : undefined;
}

function toBytes(value: unknown): Buffer {
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value === undefined || value === null) return Buffer.alloc(0);
  throw new TypeError(`state value must be a Buffer, Uint8Array or string, got ${typeof value}`);
}

function kvBytes(key: string, value: Buffer): Protos.peer.QueryResultBytes {
  const kv = new protos.ledger.queryresult.KV();
  kv.setKey(key);
  kv.setValue(value);
  return resultBytes(kv.serializeBinary());
}

function resultBytes(bytes: Uint8Array): Protos.peer.QueryResultBytes {
  const result = new protos.peer.QueryResultBytes();
  result.setResultbytes(bytes);
  return result;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}
