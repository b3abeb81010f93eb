/**
 * `npm run bench`: every part of the performance report in one run on this machine, then
 * bench/report.md, bench/report.json and the SVG charts, the tables printed, and the goals.
 *
 *   npm run bench                     every part (the Fabric part brings its network up itself)
 *   npm run bench -- --no-network     leaves out the parts that need a real network, and says so
 *   npm run bench -- --only evm-gas,evm-anchors
 *   npm run bench:gas                 the gas parts only (CI): exits 1 if a gas goal is missed
 *
 * Each part's own output goes to bench/logs/<part>.log; its progress lines come through here.
 * The exit code is 1 when a part failed to report or a gas goal was missed.
 */
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, totalmem, platform } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { BENCH_PARTS, type BenchPartSpec } from "./parts.js";
import { compareWithAnchors } from "./report/compare.js";
import { formatDuration, renderConsoleTable, type ReportMeta } from "./report/markdown.js";
import type { BenchPart } from "./report/part.js";
import { writeReport } from "./report/write.js";

const { values: options } = parseArgs({
  options: {
    "no-network": { type: "boolean", default: false },
    gas: { type: "boolean", default: false },
    only: { type: "string" },
    out: { type: "string", default: "bench" },
  },
});

const out = resolve(options.out!);
const logs = join(out, "logs");
const startedAt = new Date();
const skipped: string[] = [];

function selectedParts(): BenchPartSpec[] {
  const only = options.only?.split(",").map((id) => id.trim());
  const unknown = only?.filter((id) => !BENCH_PARTS.some((part) => part.id === id)) ?? [];
  if (unknown.length) throw new Error(`no bench part ${unknown.join(", ")}; the parts are ${BENCH_PARTS.map((p) => p.id).join(", ")}`);
  return BENCH_PARTS.filter((part) => {
    if (only && !only.includes(part.id)) return false;
    if (options.gas && !part.gas) return false;
    if (part.network && options["no-network"]) {
      skipped.push(`${part.id} (${part.title}): left out by --no-network; it needs ${part.network}.`);
      return false;
    }
    return true;
  });
}

/** Runs one part; its progress (stderr) is shown as it comes, everything it prints is kept in its log. */
function runPart(spec: BenchPartSpec, index: number, count: number): Promise<BenchPart | undefined> {
  const partFile = join(logs, `${spec.id}.json`);
  rmSync(partFile, { force: true });
  const log = createWriteStream(join(logs, `${spec.id}.log`));
  const started = Date.now();
  console.log(`[${index + 1}/${count}] ${spec.id}: ${spec.title}`);
  const [command, ...args] = spec.command;
  const child = spawn(command, args, { env: { ...process.env, BENCH_PART_OUT: partFile }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log, { end: false });
  createInterface({ input: child.stderr }).on("line", (line) => {
    log.write(`${line}\n`);
    if (line.startsWith(`[${spec.id}]`)) console.log(`      ${line}`);
  });
  return new Promise((resolvePart) => {
    child.on("close", (code) => {
      log.end();
      const seconds = (Date.now() - started) / 1000;
      if (!existsSync(partFile)) {
        console.log(`      ${spec.id} FAILED (exit ${code}) after ${formatDuration(seconds)}: see ${join(logs, `${spec.id}.log`)}`);
        return resolvePart(undefined);
      }
      const part = JSON.parse(readFileSync(partFile, "utf8")) as BenchPart;
      console.log(`      done in ${formatDuration(seconds)}`);
      resolvePart({ ...part, seconds: part.seconds ?? seconds });
    });
  });
}

function commit(): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

const specs = selectedParts();
mkdirSync(logs, { recursive: true });
const parts: BenchPart[] = [];
const failed: string[] = [];
for (const [index, spec] of specs.entries()) {
  const part = await runPart(spec, index, specs.length);
  if (part) parts.push(part);
  else failed.push(spec.id);
}
const comparison = compareWithAnchors(parts);
if (comparison) parts.splice(Math.min(parts.length, 2), 0, comparison);
for (const id of failed) skipped.push(`${id}: the part failed and reported nothing; its log is bench/logs/${id}.log.`);

const meta: ReportMeta = {
  startedAt: startedAt.toISOString(),
  seconds: (Date.now() - startedAt.getTime()) / 1000,
  machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${platform()}`,
  commit: commit(),
  skipped,
};
const written = writeReport(out, parts, meta);

for (const part of parts) for (const table of part.tables) console.log(`\n${renderConsoleTable(table)}`);
const goals = parts.flatMap((part) => part.goals);
console.log("\nGoals:");
for (const goal of goals) console.log(`  ${goal.met ? "met   " : "MISSED"} ${goal.goal}: ${goal.measured}${goal.why ? ` — ${goal.why}` : ""}`);
for (const reason of skipped) console.log(`  skipped: ${reason}`);
console.log(`\nReport: ${written.markdown}, ${written.json}, ${written.charts.length} charts (${formatDuration(meta.seconds)}).`);

const missedGas = goals.filter((goal) => goal.gas && !goal.met);
if (failed.length || missedGas.length) {
  console.log(`${failed.length ? `Parts failed: ${failed.join(", ")}. ` : ""}${missedGas.length ? `Gas goals missed: ${missedGas.map((g) => g.goal).join("; ")}.` : ""}`);
  process.exitCode = 1;
}
