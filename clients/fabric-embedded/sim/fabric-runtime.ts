// The CommonJS pieces of the real Fabric Node runtime the embedded peer drives.
// Everything is loaded through fabric-shim's own require so the protobuf classes,
// `long` and the stub are the very instances the shim uses (no second copy).
import { createRequire } from "node:module";
import type * as Protos from "@hyperledger/fabric-protos";

// In-process, every expected rejection would print the contract API's red error log;
// a real peer's chaincode container logs them, here they only bury test output. The
// loggers read this once, when fabric-shim loads below; set it yourself to see them.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= "CRITICAL";

const requireFromHere = createRequire(import.meta.url);
const shimEntry = requireFromHere.resolve("fabric-shim");
const requireFromShim = createRequire(shimEntry);

// winston formats every message before its transport drops it for its level: fabric-shim and
// fabric-contract-api log several debug lines per transaction, and formatting them was a tenth
// of an embedded run's time. Skip a message the logger would not print before formatting it;
// what is printed does not change.
type WinstonLogger = { isLevelEnabled(level: string): boolean; _transform(info: Record<string | symbol, string>, encoding: string, done: () => void): void };
const winstonLogger = (requireFromShim("winston") as { Logger: { prototype: WinstonLogger } }).Logger.prototype;
const formatAndWrite = winstonLogger._transform;
const LEVEL = Symbol.for("level");
winstonLogger._transform = function (this: WinstonLogger, info, encoding, done) {
  if (!this.isLevelEnabled(info[LEVEL] ?? info.level)) return done();
  formatAndWrite.call(this, info, encoding, done);
};

/** fabric-shim's root export (Shim, ChaincodeStub, ClientIdentity, iterators). */
export const fabricShim = requireFromShim(shimEntry) as {
  ChaincodeStub: new (
    handler: unknown,
    channelId: string,
    txId: string,
    input: Protos.peer.ChaincodeInput,
    signedProposal: Protos.peer.SignedProposal,
  ) => unknown;
  StateQueryIterator: new (handler: unknown, channelId: string, txId: string, response: Protos.peer.QueryResponse) => unknown;
  HistoryQueryIterator: new (handler: unknown, channelId: string, txId: string, response: Protos.peer.QueryResponse) => unknown;
  ClientIdentity: new (stub: { getChannelID(): string; getTxID(): string; getCreator(): { mspid: string; idBytes: Uint8Array } }) => {
    getID(): string;
    getMSPID(): string;
  };
};

/** The adapter fabric-contract-api chaincode runs behind: routes "contract:tx", parses parameters, builds metadata. */
export const ChaincodeFromContract = requireFromShim("./lib/contract-spi/chaincodefromcontract.js") as new (
  contracts: unknown[],
  serializers: unknown,
  metadata: object,
  title: string,
  version: string,
) => { Invoke(stub: unknown): Promise<{ status: number; message?: string; payload?: Uint8Array }> };

export const contractApi = requireFromShim("fabric-contract-api") as { JSONSerializer: unknown; Contract: Function };

export const protos = requireFromShim("@hyperledger/fabric-protos") as typeof Protos;

const requireFromProtos = createRequire(requireFromShim.resolve("@hyperledger/fabric-protos"));
/** google.protobuf.Timestamp (google-protobuf ships no typings, so the used surface is declared here). */
export interface TimestampMessage {
  getSeconds(): number;
  setSeconds(value: number): void;
  getNanos(): number;
  setNanos(value: number): void;
  toDate(): Date;
}
export const { Timestamp } = requireFromProtos("google-protobuf/google/protobuf/timestamp_pb.js") as {
  Timestamp: new () => TimestampMessage;
};

/** google.protobuf.Any (for google.rpc.Status details). */
export interface AnyMessage {
  pack(serialized: Uint8Array, name: string, typeUrlPrefix?: string): void;
  getTypeUrl(): string;
  getValue_asU8(): Uint8Array;
}
export const { Any } = requireFromProtos("google-protobuf/google/protobuf/any_pb.js") as { Any: new () => AnyMessage };

export type { Protos };
