#!/usr/bin/env node
// Slither (static analysis of the Solidity contracts) on the current Hardhat build.
//
//   npm run -s build:contracts && node scripts/setup/slither.mjs [--keep-json] [-- <slither options>]
//
// 1. A virtualenv OUTSIDE the clone, so CI can cache it between clean clones:
//    ${XDG_CACHE_HOME:-$HOME/.cache}/twinledger/slither-venv-0.11.6, with the pinned
//    slither-analyzer and crytic-compile pip-installed into it once (delete it to start over;
//    SLITHER_PYTHON picks the interpreter that creates it, default python3).
// 2. The build in artifacts/build-info must be there, with every contract as it is on disk. This
//    script never compiles. Slither reads a copy of the build-info less what is not a contract as
//    it is now: the Hardhat Solidity tests under test/ (crytic-compile 0.4.2 cannot map their
//    `project/test/…` names back to files), the earlier version of a contract that an incremental
//    build leaves in a build-info it still uses for other contracts, a coverage run's
//    instrumented sources — and whatever imports one of those.
// 3. `slither . --hardhat-ignore-compile` over contracts/ (node_modules, OpenZeppelin and
//    contracts/test/ filtered out), JSON into a temp folder, with the project's Node first on
//    PATH (crytic-compile asks `npx hardhat console` for the config paths).
// 4. A table of the findings left after in-source `// slither-disable-next-line <detector>`
//    comments, the count for every impact level, and the wall time of each phase.
//
// Exit: 0 no High or Medium finding; 1 at least one; 2 the tool could not run (no build, a stale
// build, no Python, pip or Slither failing).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const SLITHER_VERSION = "0.11.6";
const CRYTIC_COMPILE_VERSION = "0.4.2";
const IMPACTS = ["High", "Medium", "Low", "Informational", "Optimization"];
const FAILING = new Set(["High", "Medium"]);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CONTRACTS_PREFIX = "project/contracts/";
const BUILD_INFO = join(ROOT, "artifacts", "build-info");
const SOURCES = join(ROOT, "contracts");
/**
 * Findings any of whose places matches are dropped (Slither matches the absolute, resolved path):
 * dependencies, the contracts' test harnesses, and anything of the project outside contracts/
 * (the Hardhat Solidity tests under test/, which `hardhat compile` builds too).
 */
const FILTER_PATHS = `node_modules|@openzeppelin|contracts/test/|^${escapeRegExp(realpathSync(ROOT))}/(?!contracts/)`;

class SetupError extends Error {}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const phases = [];
function phase(name, run) {
  const started = process.hrtime.bigint();
  try {
    return run();
  } finally {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    phases.push([name, seconds]);
    log(`${name}: ${seconds.toFixed(1)} s`);
  }
}

function log(message) {
  console.log(`slither: ${message}`);
}

export function venvDir() {
  const xdg = process.env.XDG_CACHE_HOME;
  const cache = xdg && xdg.trim() !== "" && isAbsolute(xdg) ? xdg : join(homedir(), ".cache");
  return join(cache, "twinledger", `slither-venv-${SLITHER_VERSION}`);
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...options });
}

function tail(text, lines = 40) {
  return (text ?? "").trimEnd().split("\n").slice(-lines).join("\n");
}

// ---------------------------------------------------------------------------------------------
// 1. The virtualenv

function installedVersions(python) {
  const probe = run(python, [
    "-c",
    "import importlib.metadata as m\n" +
      "for p in ('slither-analyzer', 'crytic-compile'):\n" +
      "    try: print(m.version(p))\n" +
      "    except m.PackageNotFoundError: print('-')",
  ]);
  if (probe.error || probe.status !== 0) return undefined; // no venv, or its interpreter is gone
  const [slither, crytic] = probe.stdout.trim().split("\n");
  return { slither, crytic };
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** Whether the lock was left by a run that is gone (killed during setup). */
function abandoned(lock) {
  let age;
  try {
    age = Date.now() - statSync(lock).mtimeMs;
  } catch {
    return false; // released meanwhile
  }
  let pid;
  try {
    pid = Number(readFileSync(join(lock, "pid"), "utf8"));
  } catch {
    return age > 60_000; // never got its pid written
  }
  return !alive(pid) || age > 30 * 60_000;
}

/** One setup at a time per venv (two CI jobs, or two terminals, sharing one cache). */
function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      if (abandoned(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new SetupError(`${lock} is held by another run; remove it if none is going on`);
      sleep(1000);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function ensureVenv() {
  const dir = venvDir();
  const rel = relative(ROOT, dir);
  if (rel === "" || !(rel.startsWith("..") || isAbsolute(rel))) {
    throw new SetupError(`the venv ${dir} would be inside the repository ${ROOT}: set XDG_CACHE_HOME elsewhere`);
  }
  const python = join(dir, "bin", "python");
  const slither = join(dir, "bin", "slither");
  const wanted = (v) => v?.slither === SLITHER_VERSION && v?.crytic === CRYTIC_COMPILE_VERSION && existsSync(slither);

  log(`venv: ${dir}`);
  if (wanted(installedVersions(python))) return { dir, slither, created: false };

  return withLock(dir, () => {
    let versions = installedVersions(python);
    if (wanted(versions)) return { dir, slither, created: false }; // another run just finished it
    const pipRuns = () => {
      const probe = run(python, ["-m", "pip", "--version"]);
      return !probe.error && probe.status === 0;
    };
    if (existsSync(dir) && readdirSync(dir).length > 0 && !pipRuns()) {
      // Half made (a killed run), or its base Python moved or was removed.
      if (!existsSync(join(dir, "pyvenv.cfg"))) throw new SetupError(`${dir} exists and is not a virtualenv: remove it`);
      log("venv: it does not run (half made, or its Python is gone); recreating it");
      rmSync(dir, { recursive: true, force: true });
    }
    if (!existsSync(python)) {
      const base = process.env.SLITHER_PYTHON || "python3";
      log(`venv: creating it with ${base}`);
      const made = run(base, ["-m", "venv", dir]);
      if (made.error || made.status !== 0) {
        throw new SetupError(`\`${base} -m venv ${dir}\` failed:\n${tail(made.stderr || made.stdout || String(made.error))}`);
      }
    }
    const pins = [`slither-analyzer==${SLITHER_VERSION}`, `crytic-compile==${CRYTIC_COMPILE_VERSION}`];
    log(`venv: pip install ${pins.join(" ")}`);
    const pip = run(python, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet", ...pins]);
    if (pip.error || pip.status !== 0) {
      throw new SetupError(`pip install ${pins.join(" ")} failed:\n${tail(`${pip.stdout}\n${pip.stderr}`)}`);
    }
    versions = installedVersions(python);
    if (!wanted(versions)) {
      throw new SetupError(`after pip install the venv has slither-analyzer ${versions?.slither} and crytic-compile ${versions?.crytic}`);
    }
    return { dir, slither, created: true };
  });
}

// ---------------------------------------------------------------------------------------------
// 2. The build

function solidityFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return solidityFiles(path);
    return entry.name.endsWith(".sol") ? [path] : [];
  });
}

/** The source names a solc output's source imports (its top-level import directives). */
function importsOf(source) {
  return (source?.ast?.nodes ?? []).filter((n) => n.nodeType === "ImportDirective").map((n) => n.absolutePath);
}

/**
 * Writes into `dir`/build-info the build-info Slither is to read: Hardhat's, less every project
 * source that is not a contract as it is on disk, and less whatever imports one of those.
 *
 * What is left out: the Hardhat Solidity tests (`project/test/…`, compiled with the contracts,
 * which crytic-compile 0.4.2 cannot map back to a file, and not analysed anyway); an earlier
 * version of a contract that an incremental build left in a build-info it still uses for other
 * contracts (a newer build-info has it as it is now); a coverage run's instrumented sources.
 * Every contract on disk must be left in at least one build-info, as it is.
 */
function prepareBuild(dir) {
  const rebuild = "run `npm run -s build:contracts` first";
  const names = existsSync(BUILD_INFO) ? readdirSync(BUILD_INFO).filter((f) => f.endsWith(".json") && !f.endsWith(".output.json")) : [];
  if (names.length === 0) throw new SetupError(`no Hardhat build in ${relative(ROOT, BUILD_INFO)}: ${rebuild}`);
  mkdirSync(join(dir, "build-info"), { recursive: true });

  const disk = new Map();
  const onDisk = (file) => {
    if (!disk.has(file)) disk.set(file, existsSync(file) ? readFileSync(file, "utf8") : undefined);
    return disk.get(file);
  };
  const fresh = new Set();
  const stale = new Set();
  const tests = new Set();
  let coverage = false;
  for (const name of names.sort()) {
    const inputPath = join(BUILD_INFO, name);
    const outputName = name.replace(/\.json$/, ".output.json");
    const outputPath = join(BUILD_INFO, outputName);
    if (!existsSync(outputPath)) {
      throw new SetupError(`${relative(ROOT, inputPath)} has no ${outputName} beside it (an interrupted build?): ${rebuild}`);
    }
    const info = JSON.parse(readFileSync(inputPath, "utf8"));
    if (typeof info._format !== "string" || !info._format.startsWith("hh3-sol-build-info")) {
      throw new SetupError(`${relative(ROOT, inputPath)} is not a Hardhat 3 build-info (${info._format}): ${rebuild}`);
    }
    const sources = info.input?.sources ?? {};
    const dropped = new Set();
    for (const [sourceName, { content }] of Object.entries(sources)) {
      if (sourceName.startsWith("npm/")) continue;
      if (sourceName.startsWith(CONTRACTS_PREFIX)) {
        const file = join(ROOT, sourceName.slice("project/".length));
        if (onDisk(file) === content) continue;
        stale.add(relative(ROOT, file));
      } else if (sourceName.startsWith("project/")) {
        tests.add(sourceName);
      } else {
        coverage = true; // e.g. the library a coverage run adds
      }
      dropped.add(sourceName);
    }
    if (dropped.size === 0) {
      for (const file of [name, outputName]) symlinkSync(join(BUILD_INFO, file), join(dir, "build-info", file));
      for (const sourceName of Object.keys(sources)) if (sourceName.startsWith(CONTRACTS_PREFIX)) fresh.add(sourceName);
      continue;
    }
    const build = JSON.parse(readFileSync(outputPath, "utf8"));
    const output = build.output ?? {};
    for (let grew = true; grew; ) {
      grew = false;
      for (const [sourceName, source] of Object.entries(output.sources ?? {})) {
        if (!dropped.has(sourceName) && importsOf(source).some((imported) => dropped.has(imported))) {
          dropped.add(sourceName);
          grew = true;
        }
      }
    }
    for (const sourceName of dropped) {
      delete sources[sourceName];
      delete output.sources?.[sourceName];
      delete output.contracts?.[sourceName];
    }
    for (const [userName, sourceName] of Object.entries(info.userSourceNameMap ?? {})) {
      if (dropped.has(sourceName)) delete info.userSourceNameMap[userName];
    }
    if (!Object.keys(sources).some((sourceName) => sourceName.startsWith(CONTRACTS_PREFIX))) continue; // nothing left
    for (const sourceName of Object.keys(sources)) if (sourceName.startsWith(CONTRACTS_PREFIX)) fresh.add(sourceName);
    writeFileSync(join(dir, "build-info", name), JSON.stringify(info));
    writeFileSync(join(dir, "build-info", outputName), JSON.stringify(build));
  }

  const missing = solidityFiles(SOURCES)
    .map((file) => relative(ROOT, file).split(sep).join("/"))
    .filter((file) => !fresh.has(`project/${file}`));
  if (missing.length > 0) {
    const list = missing.slice(0, 8).join(", ") + (missing.length > 8 ? `, … (${missing.length} in all)` : "");
    const earlier = missing.some((file) => stale.has(file));
    throw new SetupError(
      `not built as they are on disk: ${list}: ${rebuild}` +
        (earlier || coverage ? " (after a coverage run, or if it compiles nothing: `npx hardhat compile --force --quiet`)" : ""),
    );
  }
  return { files: names.length, tests: tests.size, stale: stale.size };
}

// ---------------------------------------------------------------------------------------------
// 3. Slither

function runSlither(slither, tmp, artifacts, extraArgs) {
  const node = join(ROOT, "node_modules", ".bin", "node");
  if (!existsSync(node)) throw new SetupError(`the project's Node (${relative(ROOT, node)}) is missing: run \`npm ci\``);
  const json = join(tmp, "slither.json");
  const args = [
    ".",
    "--hardhat-ignore-compile",
    "--hardhat-artifacts-directory",
    artifacts,
    "--filter-paths",
    FILTER_PATHS,
    "--warn-unused-ignores",
    "--disable-color",
    "--json",
    json,
    ...extraArgs,
  ];
  const env = { ...process.env, PATH: [join(ROOT, "node_modules", ".bin"), dirname(slither), process.env.PATH].join(delimiter) };
  const result = run(slither, args, { cwd: ROOT, env });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  let report;
  try {
    report = JSON.parse(readFileSync(json, "utf8"));
  } catch {
    report = undefined;
  }
  if (result.error || !report || report.success !== true || ![0, 255].includes(result.status)) {
    const why = report?.error ?? result.error?.message ?? `exit ${result.status}`;
    throw new SetupError(`slither failed (${why}):\n${tail(output)}`);
  }
  return { json, report };
}

// ---------------------------------------------------------------------------------------------
// 4. The report

const ELEMENT_RANK = { node: 0, variable: 1, function: 2, event: 3, contract: 4 };

/** The most precise place of a finding: its statement if it has one, else its first element. */
function location(finding) {
  const placed = (finding.elements ?? []).filter((e) => e.source_mapping?.filename_relative && e.source_mapping.lines?.length);
  if (placed.length === 0) return "-";
  const best = placed.reduce((a, b) => ((ELEMENT_RANK[b.type] ?? 9) < (ELEMENT_RANK[a.type] ?? 9) ? b : a));
  return `${best.source_mapping.filename_relative}:${best.source_mapping.lines[0]}`;
}

/** The description's first line without its locations (and its second if the first ends in ':'). */
function summary(finding) {
  const lines = (finding.description ?? "").split("\n").map((l) => l.replace(/\s*\([^()]*#\d+(-\d+)?\)/g, "").trim());
  const text = lines[0].endsWith(":") && lines[1] ? `${lines[0]} ${lines[1].replace(/^- /, "")}` : lines[0];
  return text.length > 110 ? `${text.slice(0, 109)}…` : text;
}

function inProject(file) {
  const rel = relative(ROOT, resolve(ROOT, file)).split(sep).join("/");
  return rel.startsWith("contracts/") && !rel.startsWith("contracts/test/");
}

function printReport(report) {
  const all = report.results?.detectors ?? [];
  const unused = all.filter((f) => f.check === "unused-ignore-directive").flatMap((f) => f.unused_ignores ?? []);
  const findings = all.filter((f) => f.check !== "unused-ignore-directive");
  const rank = (impact) => (IMPACTS.includes(impact) ? IMPACTS.indexOf(impact) : IMPACTS.length);
  const rows = findings
    .map((f) => ({ impact: f.impact, confidence: f.confidence, check: f.check, where: location(f), what: summary(f) }))
    .sort(
      (a, b) =>
        rank(a.impact) - rank(b.impact) ||
        a.check.localeCompare(b.check) ||
        a.where.localeCompare(b.where, undefined, { numeric: true }),
    );

  if (rows.length > 0) {
    const header = { impact: "IMPACT", confidence: "CONFIDENCE", check: "DETECTOR", where: "LOCATION", what: "FINDING" };
    const keys = ["impact", "confidence", "check", "where"];
    const width = Object.fromEntries(keys.map((k) => [k, Math.max(...[header, ...rows].map((r) => r[k].length))]));
    const line = (r) => `${keys.map((k) => r[k].padEnd(width[k])).join("  ")}  ${r.what}`;
    console.log(`\n${line(header)}`);
    let previous;
    for (const row of rows) {
      if (previous !== undefined && previous !== row.impact) console.log("");
      console.log(line(row));
      previous = row.impact;
    }
    console.log("");
  }

  // A suppression comment that no longer suppresses anything (only ours: OpenZeppelin has its own).
  const stale = new Set(
    unused
      .filter((u) => inProject(u.file))
      .map((u) => `slither-disable-${u.comment_type} for ${u.unused_detectors.join(",")} at ${relative(ROOT, resolve(ROOT, u.file))}:${u.line}`),
  );
  for (const text of stale) log(`warning: unused ${text} (it suppresses nothing: remove it)`);

  const counts = Object.fromEntries(IMPACTS.map((impact) => [impact, 0]));
  for (const f of findings) counts[f.impact] = (counts[f.impact] ?? 0) + 1;
  log(`findings: ${Object.entries(counts).map(([impact, n]) => `${impact} ${n}`).join(", ")}`);
  return findings.filter((f) => FAILING.has(f.impact)).length;
}

// ---------------------------------------------------------------------------------------------

function main(argv) {
  const separator = argv.indexOf("--");
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const extra = separator === -1 ? [] : argv.slice(separator + 1);
  if (own.includes("--help") || own.includes("-h")) {
    console.log("usage: npm run -s build:contracts && node scripts/setup/slither.mjs [--keep-json] [-- <slither options>]");
    return 0;
  }
  const unknown = own.filter((a) => a !== "--keep-json");
  if (unknown.length > 0) throw new SetupError(`unknown option ${unknown.join(" ")} (slither's own go after --)`);
  const keep = own.includes("--keep-json");

  const started = process.hrtime.bigint();
  const venv = phase("venv", ensureVenv);
  log(`slither-analyzer ${SLITHER_VERSION}, crytic-compile ${CRYTIC_COMPILE_VERSION} (${venv.created ? "installed now" : "cached"})`);
  const tmp = mkdtempSync(join(tmpdir(), "twinledger-slither-"));
  let failing;
  try {
    const artifacts = join(tmp, "artifacts");
    const build = phase("build check", () => prepareBuild(artifacts));
    const left = [
      build.tests > 0 ? `${build.tests} Solidity test source(s)` : "",
      build.stale > 0 ? `earlier versions of ${build.stale} contract(s), built afresh since` : "",
    ].filter(Boolean);
    log(`build: ${build.files} build-info file(s), every contract as it is on disk${left.length ? `; left out: ${left.join(", ")}` : ""}`);
    const { json, report } = phase("slither", () => runSlither(venv.slither, tmp, artifacts, extra));
    failing = printReport(report);
    if (keep) log(`JSON: ${json}`);
  } finally {
    if (keep) log(`temp folder kept: ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }

  const total = Number(process.hrtime.bigint() - started) / 1e9;
  log(`wall time: ${phases.map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(", ")}; total ${total.toFixed(1)} s`);
  if (failing > 0) {
    log(`FAIL: ${failing} High/Medium finding(s). Fix them, or suppress a false positive where it stands with`);
    log("      `// slither-disable-next-line <detector>` and a comment saying why it is safe.");
    return 1;
  }
  log("OK: no High or Medium finding");
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    // Exit 2, not 1: a tool that did not run must not read as "findings".
    console.error(`slither: ${error instanceof SetupError ? error.message : (error?.stack ?? error)}`);
    process.exitCode = 2;
  }
}
