/** Reading Hyperledger Caliper's console summary (scripts/bench/caliper.ts). */

export interface CaliperRound {
  label: string;
  succ: number;
  fail: number;
  /** tx/s */
  sendRate: number;
  /** Latencies in seconds, as Caliper prints them. */
  max: number;
  min: number;
  avg: number;
  /** tx/s */
  tps: number;
}

/** Caliper's summary table: | Name | Succ | Fail | Send Rate (TPS) | Max Latency (s) | Min Latency (s) | Avg Latency (s) | Throughput (TPS) | */
export function summaryRows(output: string, labels: readonly string[]): CaliperRound[] {
  const rows = new Map<string, CaliperRound>();
  for (const line of output.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    if (cells.length < 10 || !labels.includes(cells[1])) continue;
    const [succ, fail, sendRate, max, min, avg, tps] = cells.slice(2, 9).map(Number);
    rows.set(cells[1], { label: cells[1], succ, fail, sendRate, max, min, avg, tps });
  }
  const missing = labels.filter((label) => !rows.has(label));
  if (missing.length) throw new Error(`Caliper's output has no summary row for ${missing.join(", ")}`);
  return labels.map((label) => rows.get(label)!);
}

