/**
 * A live event stream over any IndustrialLedger: replay from a block or from a saved
 * checkpoint, then follow new blocks — pushed by the platform where it can (the Fabric
 * Gateway's chaincode event stream), else by polling `getEvents`. Listeners that start late miss nothing; one that
 * restarts from its checkpoint repeats nothing it had finished. An event counts as handled
 * once the consumer asks for the next one or leaves the loop (`break`, `return`, or a throw:
 * catch inside the loop to retry an event). A crash mid-event redelivers it on restart.
 */
import type { LedgerEvent } from "../../core/index.js";
import type { IndustrialLedger } from "../ledger.js";
import { positionOf, recordHandled, type EventCheckpoint, type EventPosition } from "./checkpoint.js";

export interface WatchOptions {
  /** First block to replay when there is no checkpoint (default 0: everything). */
  fromBlock?: number;
  /** Resume after its position, and keep it up to date. */
  checkpoint?: EventCheckpoint;
  /** How often to look for new blocks when polling (default 500 ms). */
  pollIntervalMs?: number;
  /** Ends the stream. */
  signal?: AbortSignal;
}

export async function* watchEvents(ledger: IndustrialLedger, options: WatchOptions = {}): AsyncGenerator<LedgerEvent> {
  const { checkpoint, signal, pollIntervalMs = 500 } = options;
  if (ledger.followEvents) {
    // The platform pushes events and resumes from the checkpoint itself (the Fabric Gateway).
    for await (const event of ledger.followEvents({ startBlock: options.fromBlock, checkpoint, signal })) {
      try {
        yield event;
      } finally {
        if (checkpoint) await recordHandled(checkpoint, event);
      }
    }
    return;
  }
  let position: EventPosition | undefined = checkpoint && positionOf(checkpoint);
  let nextBlock = position?.blockNumber ?? options.fromBlock ?? 0;

  while (!signal?.aborted) {
    const events = afterPosition(await ledger.getEvents(nextBlock), position);
    for (const event of events) {
      if (signal?.aborted) return;
      try {
        yield event;
      } finally {
        position = { blockNumber: event.blockNumber, txId: event.txId };
        if (checkpoint) await recordHandled(checkpoint, event);
      }
    }
    // A block is final once committed, so the next poll starts at the last block seen.
    if (position) nextBlock = position.blockNumber;
    await sleep(pollIntervalMs, signal);
  }
}

/** Drops what was already handled: blocks before `position`'s, and its block up to and including its transaction. */
export function afterPosition(events: LedgerEvent[], position: EventPosition | undefined): LedgerEvent[] {
  if (!position) return events;
  const unread = events.filter((event) => event.blockNumber >= position.blockNumber);
  const handled = position.txId === undefined ? -1 : unread.findLastIndex((event) => event.blockNumber === position.blockNumber && event.txId === position.txId);
  return unread.slice(handled + 1);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
