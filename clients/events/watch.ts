/**
 * A live event stream over any IndustrialLedger: replay from a block or from a saved
 * checkpoint, then follow new blocks. Listeners that start late miss nothing; one that
 * restarts from its checkpoint repeats nothing it had finished. An event counts as handled
 * once the consumer asks for the next one or leaves the loop (`break`, `return`, or a throw:
 * catch inside the loop to retry an event). A crash mid-event redelivers it on restart.
 */
import type { LedgerEvent } from "../../core/index.js";
import type { IndustrialLedger } from "../ledger.js";
import type { EventCheckpoint, EventPosition } from "./checkpoint.js";

export interface WatchOptions {
  /** First block to replay when there is no checkpoint (default 0: everything). */
  fromBlock?: number;
  /** Resume after its position, and keep it up to date. */
  checkpoint?: EventCheckpoint;
  /** How often to look for new blocks (default 500 ms). */
  pollIntervalMs?: number;
  /** Ends the stream. */
  signal?: AbortSignal;
}

export async function* watchEvents(ledger: IndustrialLedger, options: WatchOptions = {}): AsyncGenerator<LedgerEvent> {
  const { checkpoint, signal, pollIntervalMs = 500 } = options;
  let position: EventPosition | undefined = await checkpoint?.load();
  let nextBlock = position?.blockNumber ?? options.fromBlock ?? 0;

  while (!signal?.aborted) {
    const events = afterPosition(await ledger.getEvents(nextBlock), position);
    for (const event of events) {
      if (signal?.aborted) return;
      try {
        yield event;
      } finally {
        position = { blockNumber: event.blockNumber, txId: event.txId };
        await checkpoint?.save(position);
      }
    }
    // A block is final once committed, so the next poll starts at the last block seen.
    if (position) nextBlock = position.blockNumber;
    await sleep(pollIntervalMs, signal);
  }
}

/** Drops what was already handled: everything up to and including `position`'s transaction. */
export function afterPosition(events: LedgerEvent[], position: EventPosition | undefined): LedgerEvent[] {
  if (!position) return events;
  const handled = events.findIndex((event) => event.blockNumber === position.blockNumber && event.txId === position.txId);
  if (handled >= 0) return events.slice(handled + 1);
  return events.filter((event) => event.blockNumber > position.blockNumber);
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
