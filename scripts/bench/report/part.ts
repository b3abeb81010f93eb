/**
 * What one part of `npm run bench` hands to the report: each part is its own process (the EVM
 * parts under `hardhat run`, the Fabric parts under tsx) and writes one `BenchPart` as JSON to
 * the file named by BENCH_PART_OUT; `scripts/bench/run.ts` collects them into bench/report.md,
 * bench/report.json and the SVG charts. Numbers stay numbers here; the report formats them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export type Cell = string | number | null;

export interface BenchTable {
  /** Stable id, e.g. "evm-gas". */
  id: string;
  title: string;
  columns: string[];
  /** Which columns are numeric (right-aligned; formatted with thousands separators). */
  numeric?: boolean[];
  rows: Cell[][];
  /** A sentence under the table: what was measured, how, under which settings. */
  note?: string;
}

export interface ChartSeries {
  name: string;
  points: { x: string | number; y: number }[];
}

export interface BenchChart {
  /** File name without extension: bench/<id>.svg. */
  id: string;
  title: string;
  /** bars: categories on x (grouped by series); lines: numeric x. */
  kind: "bars" | "lines";
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  logX?: boolean;
  logY?: boolean;
}

export interface BenchGoal {
  /** e.g. "registerAsset ≤ OpenZeppelin ERC721 mint". */
  goal: string;
  /** What was measured, as a sentence fragment: "52,311 gas vs 68,759". */
  measured: string;
  met: boolean;
  /** Where missed: why, plainly. */
  why?: string;
  /** A gas goal fails `npm run bench:gas` (and CI) when missed. */
  gas?: boolean;
}

export interface BenchPart {
  /** e.g. "evm-gas", "evm-anchors", "evm-growth", "reads", "fabric". */
  part: string;
  title: string;
  /** Wall time of the part, seconds. */
  seconds?: number;
  tables: BenchTable[];
  charts: BenchChart[];
  goals: BenchGoal[];
  /** Settings and caveats worth a line each (compiler, hardfork, batch settings, skipped parts). */
  notes: string[];
  /** Named numbers other parts' comparisons read (e.g. "erc721.mint"): the runner joins parts on them. */
  values?: Record<string, number>;
}

/** Writes the part where the runner asked (BENCH_PART_OUT), else nowhere: a part also prints its own tables. */
export function writePart(part: BenchPart, file = process.env.BENCH_PART_OUT): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(part, null, 2)}\n`);
}

/** A progress line on stderr (stdout carries the tables): "[evm-growth] 4,200 / 10,000 records". */
export function progress(part: string, message: string): void {
  process.stderr.write(`[${part}] ${message}\n`);
}
