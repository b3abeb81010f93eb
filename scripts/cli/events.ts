/**
 * `events --target <profile> [--from-block N] [--checkpoint <file>] [--follow]`: the
 * ledger's events as JSON lines. Without --follow it prints what is there and exits; with
 * it, it keeps following new blocks until interrupted. A checkpoint file makes a later run
 * start right after the last event printed.
 */
import { parseArgs } from "node:util";
import { afterPosition, fileCheckpoint, positionOf, recordHandled, watchEvents, type EventCheckpoint } from "../../clients/events/index.js";
import type { IndustrialLedger } from "../../clients/ledger.js";
import { EXIT, UsageError, toJson, writeOut } from "./common.js";
import { loadProfile, openLedger } from "./profile.js";

export const EVENTS_HELP = `usage: twinledger events --target <profile.json> [--from-block N] [--checkpoint <file>] [--follow]

Prints the ledger's events as JSON lines ({"name","payload","txId","blockNumber"}).
  --from-block N       start at block N (default 0) when there is no checkpoint yet
  --checkpoint <file>  resume after the last event a previous run printed, and record progress
                       (the Fabric Gateway's checkpoint file format)
  --follow             keep following new blocks until interrupted (Ctrl-C)`;

export async function runEventsCommand(args: string[]): Promise<number> {
  let options;
  try {
    ({ values: options } = parseArgs({
      args,
      options: {
        target: { type: "string" },
        "from-block": { type: "string" },
        checkpoint: { type: "string" },
        follow: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${EVENTS_HELP}`);
  }
  if (options.help) {
    await writeOut(EVENTS_HELP);
    return EXIT.ok;
  }
  if (options.target === undefined) throw new UsageError(`events: --target is missing\n\n${EVENTS_HELP}`);
  const fromBlock = Number(options["from-block"] ?? 0);
  if (!Number.isSafeInteger(fromBlock) || fromBlock < 0) throw new UsageError(`events: --from-block must be a block number`);

  const checkpoint = options.checkpoint === undefined ? undefined : await fileCheckpoint(options.checkpoint);
  const { ledger, close } = await openLedger(loadProfile(options.target), false);
  try {
    if (options.follow) await follow(ledger, fromBlock, checkpoint);
    else await printOnce(ledger, fromBlock, checkpoint);
  } finally {
    await close();
  }
  return EXIT.ok;
}

async function printOnce(ledger: IndustrialLedger, fromBlock: number, checkpoint?: EventCheckpoint): Promise<void> {
  const position = checkpoint && positionOf(checkpoint);
  const events = afterPosition(await ledger.getEvents(position?.blockNumber ?? fromBlock), position);
  for (const event of events) await writeOut(toJson(event));
  const last = events.at(-1);
  if (last && checkpoint) await recordHandled(checkpoint, last);
}

async function follow(ledger: IndustrialLedger, fromBlock: number, checkpoint?: EventCheckpoint): Promise<void> {
  const controller = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());
  for await (const event of watchEvents(ledger, { fromBlock, checkpoint, signal: controller.signal })) {
    await writeOut(toJson(event));
  }
}
