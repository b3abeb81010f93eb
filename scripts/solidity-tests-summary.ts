/**
 * Runs the Solidity fuzz and invariant tests (test/solidity/) and prints, per test, what the
 * runner did: fuzz runs, or invariant runs × depth with the calls and reverts made, and the
 * time each took; then every handler function's calls and reverts. Exits non-zero if a test failed.
 *
 *   npx hardhat run scripts/solidity-tests-summary.ts
 *   HARDHAT_TEST_PROFILE=deep npx hardhat run scripts/solidity-tests-summary.ts
 *
 * `npx hardhat test solidity` runs the same tests with Hardhat's own report (runs only).
 */
import hre from "hardhat";
import type { SuiteResult } from "@nomicfoundation/edr";

interface RunResult {
  success: boolean;
  value?: { suiteResults: SuiteResult[] };
  error?: { suiteResults: SuiteResult[] };
}

const profileName = process.env.HARDHAT_TEST_PROFILE ?? "default";
const profile = hre.config.test.solidity.profiles[profileName];
if (profile === undefined) throw new Error(`no Solidity test profile "${profileName}" in hardhat.config.ts`);
const depth = profile.invariant?.depth ?? 500;

const started = Date.now();
const result = (await hre.tasks.getTask(["test", "solidity"]).run({})) as RunResult;
const suites = (result.value ?? result.error)?.suiteResults ?? [];

const rows: string[][] = [["suite", "test", "status", "kind", "runs", "depth", "calls", "reverts", "seconds"]];
const metrics: string[][] = [["suite", "test", "handler function", "calls", "reverts"]];
for (const suite of suites) {
  for (const test of suite.testResults) {
    const kind = test.kind as unknown as Record<string, unknown>;
    const seconds = (Number(test.durationNs) / 1e9).toFixed(1);
    if ("calls" in kind) {
      rows.push([suite.id.name, test.name, test.status, "invariant", String(kind.runs), String(depth), String(kind.calls), String(kind.reverts), seconds]);
      const perFunction = (kind.metrics ?? {}) as Record<string, { calls: bigint; reverts: bigint }>;
      for (const [name, { calls, reverts }] of Object.entries(perFunction)) {
        metrics.push([suite.id.name, test.name, name.replace(/^.*:/, ""), String(calls), String(reverts)]);
      }
    } else if ("runs" in kind) {
      rows.push([suite.id.name, test.name, test.status, "fuzz", String(kind.runs), "", "", "", seconds]);
    } else {
      rows.push([suite.id.name, test.name, test.status, "unit", "1", "", "", "", seconds]);
    }
  }
}

function print(table: string[][]): void {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
  console.log();
}

console.log(`\nprofile "${profileName}": fuzz runs ${profile.fuzz.runs ?? 256}, invariant runs ${profile.invariant?.runs ?? 256} × depth ${depth}\n`);
print(rows);
print(metrics);
console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s (compilation included)`);
if (!result.success) process.exitCode = 1;
