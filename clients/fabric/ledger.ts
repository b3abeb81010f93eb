/**
 * `IndustrialLedger` over Fabric chaincode. Generic: every operation is the chaincode
 * transaction `<primitive>:<operation>` with its arguments as strings, every query
 * returns canonical JSON, every rejection is `Code: message`. A submit the peers invalidated
 * for a read conflict is sent again as a fresh proposal, a bounded number of times
 * (conflict-retry.ts); nothing else is.
 */
import {
  EVENTS,
  LedgerError,
  argumentShapeProblem,
  OPERATIONS,
  parseRejection,
  type EventName,
  type LedgerEvent,
  type Param,
  type Party,
  type Receipt,
} from "../../core/index.js";
import { IMPLEMENTED_OPERATIONS, type IndustrialLedger } from "../ledger.js";
import { conflictRetryPolicy, readConflictOf, submitRetryingConflicts, type ConflictRetryOptions } from "./conflict-retry.js";
import type { FabricChaincodeEvent, FabricTransport, FollowEventsOptions } from "./transport.js";

export interface FabricLedgerOptions {
  /**
   * When a submit that lost a race with a concurrent transaction is sent again: by default up
   * to 3 attempts in all; `{ attempts: 1 }` (NO_CONFLICT_RETRY) reports every Conflict at once.
   */
  conflictRetry?: ConflictRetryOptions;
}

export function createFabricLedger(transport: FabricTransport, party: Party, options: FabricLedgerOptions = {}): IndustrialLedger {
  const retry = conflictRetryPolicy(options.conflictRetry);
  const ledger: Record<string, unknown> = {
    platform: "fabric",
    party,
    async getEvents(fromBlock = 0): Promise<LedgerEvent[]> {
      return (await transport.events(fromBlock)).map(toLedgerEvent);
    },
    ...(transport.followEvents && {
      async *followEvents(options: FollowEventsOptions): AsyncGenerator<LedgerEvent> {
        for await (const event of transport.followEvents!(options)) yield toLedgerEvent(event);
      },
    }),
    async ledgerDomain(): Promise<string> {
      return `fabric:${transport.channel}`;
    },
  };
  for (const name of IMPLEMENTED_OPERATIONS) {
    const operation = OPERATIONS[name];
    const transaction = `${operation.primitive}:${name}`;
    ledger[name] = async (...args: unknown[]) => {
      // Refused here: JSON would turn 42 into the id "42", UTF-8 a lone surrogate into U+FFFD, unseen.
      const malformed = argumentShapeProblem(operation.params, args);
      if (malformed) throw new LedgerError("InvalidArgument", malformed);
      const wireArgs = encodeArgs(operation.params, args);
      try {
        if (operation.kind === "submit") return toReceipt(await submitRetryingConflicts(() => transport.submit(transaction, wireArgs), retry));
        return JSON.parse(Buffer.from(await transport.evaluate(transaction, wireArgs)).toString("utf8"));
      } catch (error) {
        throw toLedgerError(error);
      }
    };
  }
  return ledger as unknown as IndustrialLedger;
}

/** Chaincode parameters are strings on the wire; contract-api parses numbers and arrays back. */
function encodeArgs(params: readonly Param[], args: unknown[]): string[] {
  return params.map((param, index) => {
    const value = args[index];
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}

function toReceipt(result: { txId: string; blockNumber: number; event?: FabricChaincodeEvent }): Receipt {
  return { txId: result.txId, blockNumber: result.blockNumber, event: result.event && toLedgerEvent(result.event) };
}

function toLedgerEvent(event: FabricChaincodeEvent): LedgerEvent {
  if (!(event.name in EVENTS)) throw new Error(`unknown chaincode event ${event.name}`);
  return {
    name: event.name as EventName,
    payload: JSON.parse(Buffer.from(event.payload).toString("utf8")),
    txId: event.txId,
    blockNumber: event.blockNumber,
  };
}

/**
 * fabric-contract-api refuses some malformed calls before the chaincode runs (a raw call
 * with the wrong argument count, an argument its schema rejects), in its own words.
 */
const CONTRACT_API_REFUSALS = /(Expected \d+ parameters, but \d+ have been supplied|Unable to validate parameter due to [^\n]*)/;

/**
 * A chaincode rejection or a read conflict becomes a LedgerError; anything else (transport
 * trouble, an unknown outcome) stays as it is.
 */
export function toLedgerError(error: unknown): unknown {
  if (error instanceof LedgerError) return error; // already in the spec's terms (retries exhausted)
  const text = collectMessages(error);
  const rejection = parseRejection(text);
  if (rejection) return new LedgerError(rejection.code, rejection.message, { cause: error });
  const refusal = CONTRACT_API_REFUSALS.exec(text);
  if (refusal) return new LedgerError("InvalidArgument", refusal[1], { cause: error });
  const conflict = readConflictOf(error);
  return conflict ? new LedgerError("Conflict", `${conflict}: a concurrent transaction changed what this one read; nothing was written, send it again`, { cause: error }) : error;
}

/** Gateway errors nest the chaincode's message in `details`; search all of it. */
function collectMessages(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const details = (error as { details?: { message?: string }[] }).details ?? [];
  return [error.message, ...details.map((detail) => detail.message ?? "")].join("\n");
}
