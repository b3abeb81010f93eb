/**
 * Drives one row of a throughput bench: `concurrency` transactions in flight at all times
 * (a new one starts as soon as one ends), until `transactions` have been sent or, having
 * sent at least `minTransactions`, `seconds` have passed. Latency is from submit to the
 * client's answer (on a real network: committed). Failures are counted, not retried here.
 */
export interface RowLimits {
  concurrency: number;
  /** Stop after this many transactions… */
  transactions: number;
  /** …or after this long, once minTransactions are done. */
  seconds: number;
  minTransactions: number;
  /** How many records the step may use (the previous step's count in a chain); Infinity if any. */
  available?: number;
}

export interface RowResult {
  transactions: number;
  failures: number;
  seconds: number;
  tps: number;
  p50: number;
  p95: number;
  p99: number;
  /** The first failure's message, for the report. */
  firstFailure?: string;
  /** The indices that succeeded, ascending: what a next step in a chain may build on. */
  succeeded: number[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function driveRow(limits: RowLimits, submit: (index: number) => Promise<unknown>): Promise<RowResult> {
  const cap = Math.min(limits.transactions, limits.available ?? Infinity);
  const latencies: number[] = [];
  const succeeded: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const more = () => next < cap && !(next >= limits.minTransactions && elapsed() >= limits.seconds);
  await Promise.all(
    Array.from({ length: limits.concurrency }, async () => {
      while (more()) {
        const index = next++;
        const t0 = performance.now();
        try {
          await submit(index);
          latencies.push(performance.now() - t0);
          succeeded.push(index);
        } catch (error) {
          failures += 1;
          firstFailure ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const seconds = elapsed();
  latencies.sort((a, b) => a - b);
  return {
    transactions: latencies.length,
    failures,
    seconds,
    tps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    firstFailure,
    succeeded: succeeded.sort((a, b) => a - b),
  };
}

/** Mean and spread (max − min, as a share of the mean) of repeated measurements. */
export function spread(values: readonly number[]): { mean: number; spread: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return { mean, spread: mean === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / mean };
}
