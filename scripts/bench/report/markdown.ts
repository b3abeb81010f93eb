/**
 * Turns the collected bench parts into bench/report.md (GitHub-flavoured markdown) and their
 * tables into aligned plain text for the terminal. The parts keep numbers as numbers; this is the
 * one place that decides how they read: thousands separators, three decimals for ratios, one for
 * larger fractions, "—" for a missing value.
 */
import type { BenchGoal, BenchPart, BenchTable, Cell } from "./part.js";

export interface ReportMeta {
  /** When the run started, ISO 8601. */
  startedAt: string;
  /** Wall time of the whole run. */
  seconds: number;
  /** e.g. "2 cores, Node v22.13.0, linux". */
  machine: string;
  commit?: string;
  /** One sentence per part that did not run, naming it and saying why. */
  skipped: string[];
}

const MISSING = "—";

/** Integers get separators only; below 10 a fraction is a ratio and needs its third decimal. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  if (Math.abs(value) < 10) return value.toLocaleString("en-US", { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  return value.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

export function formatCell(cell: Cell): string {
  if (cell === null) return MISSING;
  return typeof cell === "number" ? formatNumber(cell) : cell;
}

/** Which columns are right-aligned: as the table says, else those whose every value is a number. */
function numericColumns(table: BenchTable): boolean[] {
  return table.columns.map((_, column) => {
    if (table.numeric) return table.numeric[column] ?? false;
    const values = table.rows.map((row) => row[column] ?? null).filter((cell) => cell !== null);
    return values.length > 0 && values.every((cell) => typeof cell === "number");
  });
}

/** Rows shorter than the header read as missing values rather than shifting columns. */
function formattedRows(table: BenchTable): string[][] {
  return table.rows.map((row) => table.columns.map((_, column) => formatCell(row[column] ?? null)));
}

/** A pipe would end the cell and a newline the row. */
function escapeMarkdownCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function markdownRow(cells: string[]): string {
  return `| ${cells.map(escapeMarkdownCell).join(" | ")} |`;
}

export function renderTable(table: BenchTable): string {
  const alignment = numericColumns(table).map((numeric) => (numeric ? "---:" : "---"));
  const lines = [markdownRow(table.columns), `| ${alignment.join(" | ")} |`, ...formattedRows(table).map(markdownRow)];
  return lines.join("\n");
}

/** Display width in code points, so that "—" counts as one column. */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, size - width(text)));
  return right ? fill + text : text + fill;
}

export function renderConsoleTable(table: BenchTable): string {
  const numeric = numericColumns(table);
  const rows = formattedRows(table);
  const sizes = table.columns.map((header, column) => Math.max(width(header), ...rows.map((row) => width(row[column]))));
  const line = (cells: string[]) => cells.map((cell, column) => pad(cell, sizes[column], numeric[column])).join("  ").trimEnd();
  const rule = sizes.map((size) => "-".repeat(size)).join("  ");
  return [table.title, line(table.columns), rule, ...rows.map(line)].join("\n");
}

/** "42.0 s", "3 min 7 s", "1 h 12 min": a wall time read at a glance. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  if (hours > 0) return `${hours} h ${minutes} min`;
  return `${minutes} min ${whole % 60} s`;
}

/** Markdown emphasis and link syntax inside prose we wrap in `*…*` or `![…]`. */
function escapeInline(text: string): string {
  return text.replace(/([\\*_[\]])/g, "\\$1");
}

function metaLine(meta: ReportMeta): string {
  const facts = [`Run ${meta.startedAt}`];
  if (meta.commit) facts.push(`commit \`${meta.commit}\``);
  facts.push(meta.machine, `wall time ${formatDuration(meta.seconds)}`);
  return facts.join(" · ");
}

function goalRow(goal: BenchGoal): Cell[] {
  return [goal.goal, goal.measured, goal.met ? "✅" : "❌", goal.why ?? ""];
}

function goalsSection(parts: BenchPart[]): string {
  const goals = parts.flatMap((part) => part.goals);
  if (goals.length === 0) return "## Goals\n\nNo part set a goal.";
  const table: BenchTable = { id: "goals", title: "Goals", columns: ["goal", "measured", "met", "why"], numeric: [false, false, false, false], rows: goals.map(goalRow) };
  return `## Goals\n\n${renderTable(table)}`;
}

function tableBlock(table: BenchTable): string {
  const blocks = [`### ${table.title}`, renderTable(table)];
  if (table.note) blocks.push(`*${escapeInline(table.note)}*`);
  return blocks.join("\n\n");
}

function partSection(part: BenchPart): string {
  const blocks = [`## ${part.title}`];
  if (part.seconds !== undefined) blocks.push(`Wall time ${formatDuration(part.seconds)}.`);
  if (part.notes.length > 0) blocks.push(part.notes.map((note) => `- ${note}`).join("\n"));
  blocks.push(...part.tables.map(tableBlock));
  blocks.push(...part.charts.map((chart) => `![${escapeInline(chart.title)}](${chart.id}.svg)`));
  return blocks.join("\n\n");
}

function skippedSection(skipped: string[]): string {
  return `## Skipped\n\n${skipped.map((reason) => `- ${reason}`).join("\n")}`;
}

export function renderMarkdown(parts: BenchPart[], meta: ReportMeta): string {
  const sections = ["# Twinledger performance report", metaLine(meta), goalsSection(parts), ...parts.map(partSection)];
  if (meta.skipped.length > 0) sections.push(skippedSection(meta.skipped));
  return `${sections.join("\n\n")}\n`;
}
