/**
 * Writes the report of a bench run into one directory: report.md for people, report.json
 * (`{ meta, parts }`) for tools and for comparing runs, and one <chart.id>.svg per chart, the
 * names report.md links to.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderMarkdown, type ReportMeta } from "./markdown.js";
import type { BenchChart, BenchPart } from "./part.js";
import { renderChart } from "./svg.js";

/** A chart id becomes a file name and a link target: nothing that could leave the directory or need escaping. */
const CHART_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Two charts with one id would overwrite each other's file silently; refuse instead. */
function chartsOf(parts: BenchPart[]): BenchChart[] {
  const charts = parts.flatMap((part) => part.charts);
  const seen = new Set<string>();
  for (const chart of charts) {
    if (!CHART_ID.test(chart.id)) throw new Error(`chart id ${JSON.stringify(chart.id)} is not a plain file name`);
    if (seen.has(chart.id)) throw new Error(`two charts share the id ${JSON.stringify(chart.id)}`);
    seen.add(chart.id);
  }
  return charts;
}

export function writeReport(dir: string, parts: BenchPart[], meta: ReportMeta): { markdown: string; json: string; charts: string[] } {
  const charts = chartsOf(parts);
  mkdirSync(dir, { recursive: true });
  const markdown = join(dir, "report.md");
  const json = join(dir, "report.json");
  writeFileSync(markdown, renderMarkdown(parts, meta));
  writeFileSync(json, `${JSON.stringify({ meta, parts }, null, 2)}\n`);
  const written = charts.map((chart) => {
    const file = join(dir, `${chart.id}.svg`);
    writeFileSync(file, renderChart(chart));
    return file;
  });
  return { markdown, json, charts: written };
}
