/**
 * `IndustrialLedger`: the one client interface, identical on every platform. Its
 * methods are derived from the operation table in core/spec/operations.ts, so a new
 * operation in the spec is a compile error in every client until it is implemented.
 */
import {
  operationsOf,
  type OPERATIONS,
  type ArgsOf,
  type LedgerEvent,
  type OperationName,
  type Party,
  type Primitive,
  type Receipt,
  type ResultOf,
} from "../core/index.js";
import type { Checkpoint } from "@hyperledger/fabric-gateway";

/** The primitives both platforms implement today. The parity check holds them to the spec. */
export const IMPLEMENTED_PRIMITIVES = ["roles", "asset", "identifier", "certification", "receivable"] as const satisfies readonly Primitive[];
export type ImplementedPrimitive = (typeof IMPLEMENTED_PRIMITIVES)[number];

export type ImplementedOperation = {
  [N in OperationName]: (typeof OPERATIONS)[N]["primitive"] extends ImplementedPrimitive ? N : never;
}[OperationName];

export const IMPLEMENTED_OPERATIONS = IMPLEMENTED_PRIMITIVES.flatMap((primitive) => operationsOf(primitive)) as ImplementedOperation[];

export type LedgerOperations = {
  [N in ImplementedOperation]: (...args: ArgsOf<N>) => Promise<ResultOf<N, Receipt>>;
};

export interface IndustrialLedger extends LedgerOperations {
  /** Platform label for display ("evm", "fabric"); the conformance suite never branches on it. */
  readonly platform: string;
  /** The party this client acts as. */
  readonly party: Party;
  /** Every event from `fromBlock` (inclusive) to the current head, in ledger order. */
  getEvents(fromBlock?: number): Promise<LedgerEvent[]>;
  /**
   * Events pushed as blocks commit, from `startBlock` or resuming after a checkpoint, until
   * the signal aborts — where the platform streams (the Fabric Gateway); `watchEvents` polls
   * `getEvents` otherwise.
   */
  followEvents?(options: FollowEventsOptions): AsyncIterable<LedgerEvent>;
  /** This ledger's name in DID binding statements: `eip155:{chainId}:{registry}` or `fabric:{channel}`. */
  ledgerDomain(): Promise<string>;
}

/** Where a pushed event stream starts: a block, or after a checkpoint's position. */
export interface FollowEventsOptions {
  startBlock?: number;
  /** The Fabric Gateway's checkpoint; when it holds a position, the stream resumes after it. */
  checkpoint?: Checkpoint;
  /** Closes the stream. */
  signal?: AbortSignal;
}

/** A deployment with one client per named actor. */
export interface ActorLedgers {
  admin: IndustrialLedger;
  alice: IndustrialLedger;
  bob: IndustrialLedger;
  carol: IndustrialLedger;
  accreditor: IndustrialLedger;
  financier: IndustrialLedger;
}
export type ActorName = keyof ActorLedgers;
export const ACTOR_NAMES: readonly ActorName[] = ["admin", "alice", "bob", "carol", "accreditor", "financier"];

/**
 * The clock of a deployment whose platform lets a client choose the next transaction's time
 * (Hardhat's `evm_setNextBlockTimestamp`, the embedded Fabric peer's proposal timestamp).
 * A real Fabric network or geth has none: time-dependent cases are not applicable there.
 */
export interface LedgerClock {
  /** The time (Unix seconds) the next transaction carries unless one is set. */
  now(): Promise<number>;
  /** The next transaction carries exactly `time`, which must not be before `now()`. */
  setNextTime(time: number): Promise<void>;
}

/**
 * Something that can make a fresh, initialised deployment (the first ADMIN is `admin`) — or,
 * when `shared` is set, one that hands out the actors of ONE existing deployment every time.
 */
export interface LedgerTarget {
  readonly name: string;
  deploy(): Promise<ActorLedgers>;
  /**
   * The deployment is an existing one that earlier runs and other users share (a profile's
   * contracts or chaincode): the conformance suite namespaces what each test writes, and
   * `admin` is an ADMIN there, not necessarily the only one.
   */
  readonly shared?: boolean;
  /** The number of the next block (a shared target): events a test causes are in it or later. */
  height?(): Promise<number>;
  /** The clock of one of this target's deployments, where the platform has one. */
  clockOf?(deployment: ActorLedgers): LedgerClock;
  /**
   * On a target without a clock, about the time its next transaction carries, where that is not
   * the wall clock: an EVM node mining faster than a block a second runs its block times ahead.
   */
  ledgerTime?(): Promise<number>;
  close(): Promise<void>;
}
