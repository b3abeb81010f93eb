/**
 * Where an event listener got to, so a restarted listener neither misses nor repeats
 * events: the Fabric Gateway's own `Checkpointer` (`checkpointers.file`, `inMemory`, or a
 * user's implementation over a database), for every platform. A Fabric user's existing
 * checkpoint file therefore works with `twinledger events --checkpoint`, and the reverse.
 * Its position is the block still being read and the last transaction handled in it.
 */
import { checkpointers, type Checkpoint, type Checkpointer } from "@hyperledger/fabric-gateway";
import type { LedgerEvent } from "../../core/index.js";

export type EventCheckpoint = Checkpointer;

/** The Gateway's file checkpointer: JSON `{"blockNumber":"<n>","transactionId":"<id>"}`. */
export const fileCheckpoint = (path: string): Promise<EventCheckpoint> => checkpointers.file(path);

export const memoryCheckpoint = (): EventCheckpoint => checkpointers.inMemory();

export interface EventPosition {
  /** The first block not yet fully handled. */
  blockNumber: number;
  /** The last transaction handled in that block; none: the block is untouched. */
  txId?: string;
}

export function positionOf(checkpoint: Checkpoint): EventPosition | undefined {
  const block = checkpoint.getBlockNumber();
  if (block === undefined) return undefined;
  const txId = checkpoint.getTransactionId();
  return txId === undefined ? { blockNumber: Number(block) } : { blockNumber: Number(block), txId };
}

/** Records `event` as handled: a spec operation emits one event per transaction (Fabric allows no more). */
export const recordHandled = (checkpoint: Checkpointer, event: LedgerEvent): Promise<void> =>
  checkpoint.checkpointTransaction(BigInt(event.blockNumber), event.txId);
