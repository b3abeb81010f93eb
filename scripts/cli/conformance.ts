/**
 * `twinledger conformance --target <name-or-profile> [--json]`: the shared conformance suite
 * (test/conformance, CONFORMANCE_SPECS) run in this process with mocha's API, then a
 * pass/fail matrix per primitive. The suite is built in memory: the root suite's
 * `pre-require` event installs mocha's BDD globals (describe, it, before…) bound to this
 * Mocha instance, exactly as mocha does before it loads a test file, and `runConformance`
 * then declares the suite into it.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Mocha from "mocha";
import { Wallet } from "ethers";
import { ACTOR_NAMES, type LedgerTarget } from "../../clients/ledger.js";
import { createEvmRpcTarget, createEvmRpcProvider } from "../../clients/evm-rpc/index.js";
import { runConformance } from "../../test/conformance/harness.js";
import { CONFORMANCE_SPECS } from "../../test/conformance/suites.js";
import { CliFailure, EXIT, UsageError, parseArgs, toJson, writeOut } from "./common.js";
import { actorKeys, loadProfile, probeEvmNode } from "./profile.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

interface BuiltinTarget {
  /** The target's own name (test titles carry it). */
  name: string;
  what: string;
  create(): Promise<LedgerTarget>;
}

const BUILTIN_TARGETS: Record<string, BuiltinTarget> = {
  "embedded-evm": {
    name: "evm",
    what: "Hardhat's in-process EVM (needs this repository: it loads hardhat.config.ts)",
    async create() {
      // Hardhat finds its config from the working directory.
      process.chdir(ROOT);
      const { createEmbeddedEvmTarget } = await import("../../clients/evm-embedded/target.js");
      return createEmbeddedEvmTarget();
    },
  },
  "embedded-fabric": {
    name: "fabric",
    what: "the in-process Fabric peer (the compiled chaincode, fabric-contract-api dispatch)",
    async create() {
      const { createEmbeddedFabricTarget } = await import("../../clients/fabric-embedded/target.js");
      return createEmbeddedFabricTarget();
    },
  },
  "local-fabric": {
    name: "fabric-network",
    what: "the local 2-org Fabric network (npm run network:up; brought up if needed), a new chaincode definition per test",
    async create() {
      const { networkUp } = await import("../../network/fabric/index.js");
      const { createFabricNetworkTarget } = await import("../../network/fabric/conformance-target.js");
      return createFabricNetworkTarget(await networkUp({ log: (line) => process.stderr.write(`network: ${line}\n`) }));
    },
  },
  "embedded-gateway": {
    name: "fabric-gateway",
    what: "the same peer behind a real gRPC Fabric Gateway; every actor a fabric-gateway client",
    async create() {
      const { createEmbeddedGatewayTarget } = await import("../../clients/fabric-embedded/gateway-target.js");
      return createEmbeddedGatewayTarget();
    },
  },
};

export const CONFORMANCE_HELP = `usage: twinledger conformance --target <target> [--json]

Runs the conformance suite (every operation, error code, role, event and paging rule of
the implemented primitives) against one target and prints a pass/fail matrix per primitive.
Exit 0 only if every test passed (1: some failed; 2: usage; 3: the target cannot be set up).

targets:
${Object.entries(BUILTIN_TARGETS)
  .map(([key, target]) => `  ${key.padEnd(17)} ${target.what}`)
  .join("\n")}
  <profile.json>    an EVM node: a profile with "platform": "evm", "rpcUrl" and six funded
                    keys, "privateKeys": [admin, alice, bob, carol, accreditor, financier]
                    or "privateKeysEnv": a variable holding them comma-separated. The suite
                    wants an empty ledger per test, so it deploys fresh contracts before
                    EVERY test with the first key (its "deployment" is not used), and
                    spends gas from all six: use a dev chain, never keys of value.
                    A Fabric profile cannot be a conformance target: a fresh ledger per test
                    would need a new chaincode definition per test on the channel.

--json   one JSON document on stdout instead of the matrix (progress still goes to stderr)`;

interface Failure {
  primitive?: string;
  title: string;
  error: string;
}

interface Row {
  passed: number;
  failed: number;
  pending: number;
  total: number;
}

export async function runConformanceCommand(args: string[]): Promise<number> {
  const { positionals, target, json, help } = parseArgs(args, ["target", "json"]);
  if (help) {
    await writeOut(CONFORMANCE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`conformance takes no arguments, got ${positionals.join(" ")}\n\n${CONFORMANCE_HELP}`);
  if (target === undefined) throw new UsageError(`conformance: --target is missing\n\n${CONFORMANCE_HELP}`);

  const { name, create } = await resolveTarget(target);
  const started = Date.now();
  const { rows, failures, hookFailures } = await runSuite(name, create);
  const all = Object.values(rows).reduce<Row>(
    (sum, row) => ({ passed: sum.passed + row.passed, failed: sum.failed + row.failed, pending: sum.pending + row.pending, total: sum.total + row.total }),
    { passed: 0, failed: 0, pending: 0, total: 0 },
  );
  const ok = all.failed === 0 && hookFailures.length === 0 && all.passed + all.pending === all.total;
  const durationMs = Date.now() - started;

  if (json) {
    await writeOut(toJson({ target: name, ok, ...all, durationMs, primitives: rows, failures: [...hookFailures, ...failures] }));
  } else {
    await writeOut(matrix(name, rows, all, failures, hookFailures, durationMs));
  }
  return ok ? EXIT.ok : EXIT.rejected;
}

async function resolveTarget(target: string): Promise<{ name: string; create: () => Promise<LedgerTarget> }> {
  const builtin = BUILTIN_TARGETS[target];
  if (builtin !== undefined) return { name: builtin.name, create: builtin.create };
  if (!target.endsWith(".json") && !target.includes("/")) {
    throw new UsageError(`conformance: unknown target ${JSON.stringify(target)}: one of ${Object.keys(BUILTIN_TARGETS).join(", ")}, or an EVM profile file`);
  }
  // A Fabric profile is refused before its files are checked: it could never be a target.
  if (platformOf(target) === "fabric") {
    throw new UsageError(
      `conformance: ${target} is a Fabric profile, and a Fabric channel cannot be a conformance target: ` +
        `the suite needs a fresh, empty ledger for every test, which on a real channel means a new chaincode definition per test. ` +
        `Run it against local-fabric (the local 2-org network), embedded-fabric or embedded-gateway.`,
    );
  }
  const profile = loadProfile(target);
  if (profile.platform !== "evm") throw new UsageError(`conformance: ${target} is not an EVM profile`);
  const privateKeys = actorKeys(profile);
  const chainId = await probeEvmNode(profile.rpcUrl);
  const provider = createEvmRpcProvider(profile.rpcUrl, chainId);
  try {
    for (const [index, key] of privateKeys.slice(0, ACTOR_NAMES.length).entries()) {
      const address = new Wallet(key).address;
      if ((await provider.getBalance(address)) === 0n) {
        throw new CliFailure(`${ACTOR_NAMES[index]}'s account ${address} (key ${index + 1} of ${ACTOR_NAMES.length}) has no funds on chain ${chainId}`);
      }
    }
  } finally {
    provider.destroy();
  }
  return { name: "evm-rpc", create: () => createEvmRpcTarget({ rpcUrl: profile.rpcUrl, privateKeys }) };
}

/** The "platform" of a profile file, if it can be read at all (loadProfile reports why not). */
function platformOf(path: string): unknown {
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { platform?: unknown }).platform;
  } catch {
    return undefined;
  }
}

/** Declares the suite into a fresh Mocha instance, runs it and tallies the results by primitive. */
async function runSuite(name: string, create: () => Promise<LedgerTarget>) {
  const mocha = new Mocha({ timeout: 60_000, reporter: Mocha.reporters.Base });
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, "twinledger-conformance", mocha);
  runConformance(name, create, CONFORMANCE_SPECS);

  const [conformance] = mocha.suite.suites;
  const rows: Record<string, Row> = {};
  for (const suite of conformance.suites) rows[suite.title] = { passed: 0, failed: 0, pending: 0, total: suite.total() };
  const total = conformance.total();
  /** The primitive a runnable belongs to: its ancestor suite directly under `conformance [name]`. */
  const primitiveOf = (runnable: Mocha.Runnable): string | undefined => {
    for (let suite = runnable.parent; suite !== undefined; suite = suite.parent) {
      if (suite.parent === conformance) return suite.title;
    }
    return undefined;
  };
  // Test titles name their target and operation already; a hook's title names the test it ran for.
  const isHook = (runnable: Mocha.Runnable) => (runnable as Mocha.Runnable & { type?: string }).type === "hook";
  const titleOf = (runnable: Mocha.Runnable) => (isHook(runnable) ? runnable.fullTitle() : runnable.title);

  const failures: Failure[] = [];
  const hookFailures: Failure[] = [];
  const progress = new Progress(total);
  const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

  await new Promise<void>((done) => {
    const runner = mocha.run(() => done());
    runner.on(EVENT_TEST_PASS, (test) => {
      const row = rows[primitiveOf(test) ?? ""];
      if (row) row.passed++;
      progress.tick(true);
    });
    runner.on(EVENT_TEST_PENDING, (test) => {
      const row = rows[primitiveOf(test) ?? ""];
      if (row) row.pending++;
      progress.tick(true);
    });
    runner.on(EVENT_TEST_FAIL, (runnable: Mocha.Runnable, error: Error) => {
      const failure = { primitive: primitiveOf(runnable), title: titleOf(runnable), error: firstLine(error) };
      if (isHook(runnable)) {
        hookFailures.push(failure);
        progress.note(`hook failed: ${failure.title}: ${failure.error}`);
        return;
      }
      failures.push(failure);
      const row = rows[failure.primitive ?? ""];
      if (row) row.failed++;
      progress.tick(false);
    });
  });
  progress.end();

  // Tests a failed hook kept from running count as failed.
  for (const row of Object.values(rows)) row.failed = row.total - row.passed - row.pending;
  return { rows, failures, hookFailures };
}

function firstLine(error: Error | undefined): string {
  const text = error?.message ?? String(error);
  return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? text;
}

/** `[37/88]` on a terminal, redrawn in place; a dot per test (F for a failure) otherwise. */
class Progress {
  private done = 0;
  private failed = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly total: number) {}

  tick(passed: boolean) {
    this.done++;
    if (!passed) this.failed++;
    if (this.tty) {
      process.stderr.write(`\r[${this.done}/${this.total}]${this.failed ? ` ${this.failed} failed` : ""}`);
    } else {
      process.stderr.write(passed ? "." : "F");
      if (this.done % 60 === 0) process.stderr.write(` [${this.done}/${this.total}]\n`);
    }
  }

  note(line: string) {
    process.stderr.write(`${this.tty || this.done % 60 !== 0 ? "\n" : ""}${line}\n`);
  }

  end() {
    if (this.tty) process.stderr.write("\n");
    else if (this.done % 60 !== 0) process.stderr.write(` [${this.done}/${this.total}]\n`);
  }
}

function matrix(name: string, rows: Record<string, Row>, all: Row, failures: Failure[], hookFailures: Failure[], durationMs: number): string {
  const withPending = all.pending > 0;
  const header = ["primitive", "passed", "failed", ...(withPending ? ["pending"] : []), "total"];
  const line = (label: string, row: Row) => [label, row.passed, row.failed, ...(withPending ? [row.pending] : []), row.total].map(String);
  const table = [header, ...Object.entries(rows).map(([primitive, row]) => line(primitive, row)), line("all", all)];
  const widths = header.map((_, column) => Math.max(...table.map((cells) => cells[column].length)));
  const render = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");

  const out = [`conformance [${name}]: ${all.passed}/${all.total} passed in ${(durationMs / 1000).toFixed(1)} s`, ""];
  out.push(render(table[0]), ...table.slice(1, -1).map(render), render(table[table.length - 1]));
  if (hookFailures.length > 0) {
    out.push("", "set-up failures (the tests they guard did not run):");
    for (const failure of hookFailures) out.push(`  ${failure.title}`, `      ${failure.error}`);
  }
  if (failures.length > 0) {
    out.push("", "failed:");
    for (const failure of failures) out.push(`  ${failure.primitive ?? "?"}: ${failure.title}`, `      ${failure.error}`);
  }
  return out.join("\n");
}
