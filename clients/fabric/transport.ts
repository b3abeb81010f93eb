/**
 * What the Fabric client needs from a connection to a channel's chaincode: the
 * embedded simulator and the Fabric Gateway both provide it.
 */
import type { FollowEventsOptions } from "../ledger.js";

export type { FollowEventsOptions };

export interface FabricChaincodeEvent {
  name: string;
  payload: Uint8Array;
  txId: string;
  blockNumber: number;
}

export interface FabricSubmitResult {
  txId: string;
  blockNumber: number;
  event?: FabricChaincodeEvent;
}

export interface FabricTransport {
  /** The channel the chaincode runs on. */
  readonly channel: string;
  /**
   * Endorse, order and commit. Rejects with the chaincode's error message on failure. Every
   * call is a new transaction (a fresh proposal, its own id): the client's conflict retry relies on it.
   */
  submit(transaction: string, args: string[]): Promise<FabricSubmitResult>;
  /** Evaluate on one peer without ordering. */
  evaluate(transaction: string, args: string[]): Promise<Uint8Array>;
  /** Chaincode events of committed transactions from `fromBlock` on. */
  events(fromBlock: number): Promise<FabricChaincodeEvent[]>;
  /** Chaincode events pushed by the peer as blocks commit, until the signal aborts (where the transport can). */
  followEvents?(options: FollowEventsOptions): AsyncIterable<FabricChaincodeEvent>;
}
