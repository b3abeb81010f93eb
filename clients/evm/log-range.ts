/**
 * The one way this client calls `eth_getLogs`: over [fromBlock, toBlock] in windows of at
 * most `maxBlockRange` blocks, so that public providers (which refuse a range of more than
 * 2,000–10,000 blocks or a response of more than 10,000 logs) answer. A window that fails
 * for a transient reason (a network error, a timeout, HTTP 429, JSON-RPC -32005 "limit
 * exceeded") is retried a bounded number of times with exponential backoff; a window the
 * provider finds too large ("block range too large", "query returned more than 10000
 * results") is halved — or cut to the range the provider suggests — down to one block, and
 * the smaller window is kept for the rest of the range and later calls of the same fetcher.
 */
import type { Filter, Log } from "ethers";

export const DEFAULT_MAX_BLOCK_RANGE = 5_000;
export const DEFAULT_LOG_RETRIES = 4;
export const DEFAULT_LOG_RETRY_DELAY_MS = 250;
const MAX_RETRY_DELAY_MS = 8_000;

export interface LogRangeOptions {
  /** The most blocks one `eth_getLogs` spans (default 5,000). */
  maxBlockRange?: number;
  /** How many times a window that failed for a transient reason is tried again (default 4). */
  logRetries?: number;
  /** The wait before the first retry, doubled for each next one up to 8 s (default 250 ms). */
  logRetryDelayMs?: number;
}

/** The part of a provider this needs (an ethers `Provider` is one). */
export interface LogsProvider {
  getLogs(filter: Filter): Promise<Log[]>;
}

/** Address and topics of an `eth_getLogs`; the block range is the fetcher's. */
export type LogSelection = Pick<Filter, "address" | "topics">;

export type LogFetcher = (selection: LogSelection, fromBlock: number, toBlock: number) => Promise<Log[]>;

/** What went wrong with a window: worth a smaller window, worth another try, or neither. */
export type LogErrorKind = "too-large" | "transient" | "fatal";

/** A fetcher that remembers the window size a provider accepted, for all its calls. */
export function createLogFetcher(provider: LogsProvider, options: LogRangeOptions = {}): LogFetcher {
  const maxBlockRange = positiveInteger(options.maxBlockRange ?? DEFAULT_MAX_BLOCK_RANGE, "maxBlockRange");
  const retries = nonNegativeInteger(options.logRetries ?? DEFAULT_LOG_RETRIES, "logRetries");
  const retryDelayMs = nonNegativeInteger(options.logRetryDelayMs ?? DEFAULT_LOG_RETRY_DELAY_MS, "logRetryDelayMs");
  let window = maxBlockRange;

  return async (selection, fromBlock, toBlock) => {
    const logs: Log[] = [];
    let from = fromBlock;
    while (from <= toBlock) {
      const to = Math.min(toBlock, from + window - 1);
      let attempt = 0;
      for (;;) {
        try {
          for (const log of await provider.getLogs({ ...selection, fromBlock: from, toBlock: to })) if (!log.removed) logs.push(log);
          from = to + 1;
          break;
        } catch (error) {
          const kind = classifyLogError(error);
          if (kind === "too-large") {
            const span = to - from + 1;
            if (span === 1) throw new Error(`the provider refuses eth_getLogs even for the single block ${from}`, { cause: error });
            const suggested = suggestedSpan(error);
            window = suggested !== undefined && suggested < span ? suggested : Math.floor(span / 2);
            break; // the same `from`, a smaller window
          }
          if (kind === "fatal" || attempt >= retries) throw error;
          await sleep(Math.min(retryDelayMs * 2 ** attempt, MAX_RETRY_DELAY_MS));
          attempt += 1;
        }
      }
    }
    return logs;
  };
}

/** One bounded, retried fetch (a fetcher used once). */
export function getLogsInRange(provider: LogsProvider, selection: LogSelection, fromBlock: number, toBlock: number, options: LogRangeOptions = {}): Promise<Log[]> {
  return createLogFetcher(provider, options)(selection, fromBlock, toBlock);
}

/**
 * Providers word these differently: Infura "query returned more than 10000 results" (-32005),
 * Alchemy "Log response size exceeded … block range should work: [0x…, 0x…]", QuickNode
 * "eth_getLogs is limited to a 10,000 range", BSC/Ankr "exceed maximum block range: 5000",
 * "block range is too wide", "query timeout exceeded" — all mean: ask for fewer blocks.
 */
const TOO_LARGE = [
  /block range/i,
  /range (is )?too (large|wide|big|long)/i,
  /too (many|large) (results|logs|blocks|a range)/i,
  /more than [\d,]+ (results|logs|blocks)/i,
  /response (size|is too (large|big))/i,
  /exceed(s|ed)? (the )?(max(imum)?|limit)[^.]*\b(range|results|logs|blocks)\b/i,
  /max(imum)? (block )?range/i,
  /limited to (a )?[\d,]+/i,
  /query timeout/i,
  /reduce (your|the) (block )?range/i,
  /(results?|logs?) (limit|cap)/i,
];

/** A node behind the head the range ends at (a load-balanced provider's lagging backend): later, it will answer. */
const NODE_BEHIND = [/beyond (the )?(current )?head/i, /header not found/i, /unknown block/i, /after (the )?last (accepted|known) block/i];

const TRANSIENT_MESSAGES = [
  /rate.?limit/i,
  /too many requests/i,
  /\b429\b/,
  /limit exceeded/i,
  /exceeded .*(rate|quota|capacity|compute units)/i,
  /request rate/i,
  /time(d)? ?out/i,
  /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|EPIPE|ENOTFOUND|socket hang up|network|fetch failed/i,
  /temporar(il)?y|try again|unavailable|bad gateway|gateway time|\b50[234]\b/i,
];
const TRANSIENT_ETHERS_CODES = new Set(["TIMEOUT", "NETWORK_ERROR", "SERVER_ERROR"]);
const TRANSIENT_RPC_CODES = new Set([-32005, 429]);

export function classifyLogError(error: unknown): LogErrorKind {
  const { messages, codes } = describe(error);
  if (messages.some((message) => NODE_BEHIND.some((pattern) => pattern.test(message)))) return "transient";
  if (messages.some((message) => TOO_LARGE.some((pattern) => pattern.test(message)))) return "too-large";
  if (codes.some((code) => TRANSIENT_RPC_CODES.has(code as number) || TRANSIENT_ETHERS_CODES.has(code as string))) return "transient";
  if (messages.some((message) => TRANSIENT_MESSAGES.some((pattern) => pattern.test(message)))) return "transient";
  return "fatal";
}

/** The span of a range the provider names in its refusal ("… should work: [0x10, 0x2f]"). */
function suggestedSpan(error: unknown): number | undefined {
  for (const message of describe(error).messages) {
    const match = /\[\s*(0x[0-9a-f]+|\d+)\s*,\s*(0x[0-9a-f]+|\d+)\s*\]/i.exec(message);
    if (!match) continue;
    const span = Number(match[2]) - Number(match[1]) + 1;
    if (Number.isSafeInteger(span) && span >= 1) return span;
  }
  return undefined;
}

/** Messages and codes along an error's chain: ethers wraps a JSON-RPC error in `error`, `info.error`, `cause`. */
function describe(error: unknown): { messages: string[]; codes: unknown[] } {
  const messages: string[] = [];
  const codes: unknown[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || seen.has(current)) continue;
    seen.add(current);
    if (typeof current === "string") {
      messages.push(current);
      continue;
    }
    if (typeof current !== "object") continue;
    const record = current as Record<string, unknown>;
    for (const key of ["message", "shortMessage", "body"]) if (typeof record[key] === "string") messages.push(record[key] as string);
    if (record.code !== undefined) codes.push(record.code);
    const info = record.info as Record<string, unknown> | undefined;
    const response = record.response as { statusCode?: unknown } | undefined;
    if (typeof response?.statusCode === "number") codes.push(response.statusCode);
    queue.push(record.error, record.cause, record.data, info?.error, info?.responseBody);
  }
  return { messages, codes };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

function sleep(ms: number): Promise<void> {
  return ms === 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
