/**
 * `twinledger conformance --target <name-or-profile> [--json]`: the shared conformance suite
 * (test/conformance, CONFORMANCE_SPECS) run in this process with mocha's API, then a
 * pass/fail matrix per primitive. The suite is built in memory: the root suite's
 * `pre-require` event installs mocha's BDD globals (describe, it, before…) bound to this
 * Mocha instance, exactly as mocha does before it loads a test file, and `runConformance`
 * then declares the suite into it.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Mocha from "mocha";
import { Wallet } from "ethers";
import { ACTOR_NAMES, type ActorName, type LedgerTarget } from "../../clients/ledger.js";
import { createFabricSharedTarget, type FabricActor } from "../../clients/fabric-gateway/shared-target.js";
import { createEvmRpcTarget, createEvmRpcProvider, createEvmSharedTarget, readEvmDeployment } from "../../clients/evm-rpc/index.js";
import { runConformance } from "../../test/conformance/harness.js";
import { CONFORMANCE_SPECS } from "../../test/conformance/suites.js";
import { CliFailure, EXIT, UsageError, parseArgs, toJson, writeOut } from "./common.js";
import { junitReport, REPORTERS, type CaseResult, type Reporter } from "./conformance-report.js";
import { actorKeys, fabricUserOf, loadProfile, probeEvmNode, type FabricProfile } from "./profile.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

interface BuiltinTarget {
  /** The target's own name (test titles carry it). */
  name: string;
  what: string;
  /**
   * Imports the target's module — before the suite starts, so a target this installation
   * lacks (the embedded ones need the repository) fails once, clearly, not in every test.
   */
  load(): Promise<() => Promise<LedgerTarget>>;
}

const onLocalNetwork = async () => {
  const { networkUp } = await import("../../network/fabric/index.js");
  return networkUp({ log: (line) => process.stderr.write(`network: ${line}\n`) });
};

const BUILTIN_TARGETS: Record<string, BuiltinTarget> = {
  "embedded-evm": {
    name: "evm",
    what: "Hardhat's in-process EVM (needs this repository: it loads hardhat.config.ts)",
    async load() {
      // Hardhat finds its config from the working directory.
      process.chdir(ROOT);
      const { createEmbeddedEvmTarget } = await import("../../clients/evm-embedded/target.js");
      return createEmbeddedEvmTarget;
    },
  },
  "embedded-fabric": {
    name: "fabric",
    what: "the in-process Fabric peer (the compiled chaincode, fabric-contract-api dispatch)",
    async load() {
      const { createEmbeddedFabricTarget } = await import("../../clients/fabric-embedded/target.js");
      return async () => createEmbeddedFabricTarget();
    },
  },
  "local-fabric": {
    name: "fabric-network",
    what: "the local 2-org Fabric network (npm run network:up; brought up if needed), a new chaincode definition per test",
    async load() {
      const { createFabricNetworkTarget } = await import("../../network/fabric/conformance-target.js");
      return async () => createFabricNetworkTarget(await onLocalNetwork());
    },
  },
  "local-fabric-shared": {
    name: "fabric-shared",
    what: "the local network's long-lived twinledger chaincode as it is, each run under its own run id",
    async load() {
      const { createFabricNetworkSharedTarget } = await import("../../network/fabric/conformance-target.js");
      return async () => createFabricNetworkSharedTarget(await onLocalNetwork());
    },
  },
  "embedded-gateway": {
    name: "fabric-gateway",
    what: "the same peer behind a real gRPC Fabric Gateway; every actor a fabric-gateway client",
    async load() {
      const { createEmbeddedGatewayTarget } = await import("../../clients/fabric-embedded/gateway-target.js");
      return createEmbeddedGatewayTarget;
    },
  },
};

export const CONFORMANCE_HELP = `usage: twinledger conformance --target <target> [--reporter matrix|json|junit] [--grep <pattern>] [--bail]

Runs the conformance suite (every operation, error code, role, event and paging rule of
the implemented primitives) against one target and prints a pass/fail matrix per primitive.
Exit 0 only if every test passed (1: some failed; 2: usage; 3: the target cannot be set up).

targets:
${Object.entries(BUILTIN_TARGETS)
  .map(([key, target]) => `  ${key.padEnd(17)} ${target.what}`)
  .join("\n")}
  <profile.json>    an EVM node: a profile with "platform": "evm", "rpcUrl" and six funded
                    keys, "privateKeys": [admin, alice, bob, carol, accreditor, financier]
                    or "privateKeysEnv": a variable holding them comma-separated.
                    With a "deployment", the suite runs on THOSE contracts, as they are
                    (the first key must hold ADMIN there): each run writes under a run id
                    of its own (every id it creates starts with it), cases that need a
                    ledger nobody else has written to, or that set transaction times, or
                    that claim identifier namespaces, are reported as not applicable.
                    Without one, it deploys fresh contracts before EVERY test.
                    Either way it spends gas from all six keys: never use keys of value.

  <profile.json>    a Fabric channel: a profile with "platform": "fabric", its peer, channel
                    and chaincode, and "actors": six identities { "mspId"?, "certPath",
                    "keyPath", "peer"? } for admin, alice, bob, carol, accreditor and
                    financier (admin holding ADMIN on the chaincode). The suite runs on the
                    chaincode as it is, under a run id, as on an EVM deployment above.

--reporter <r>    matrix (the default: a pass/fail table per primitive), json (one JSON
                  document: the totals and every case with its state) or junit (JUnit
                  XML, a not-applicable case <skipped> with its reason); on stdout,
                  progress on stderr
--json            the same as --reporter json
--grep <pattern>  only the cases whose full title matches the regular expression
--bail            stop at the first failure`;

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
  const { positionals, target, json, help, grep, bail, reporter: reporterName } = parseArgs(args, ["target", "json", "grep", "bail", "reporter"]);
  if (reporterName !== undefined && !(REPORTERS as readonly string[]).includes(reporterName)) {
    throw new UsageError(`conformance: --reporter must be one of ${REPORTERS.join(", ")}, got ${JSON.stringify(reporterName)}`);
  }
  if (json && reporterName !== undefined && reporterName !== "json") throw new UsageError("conformance: --json is --reporter json; give one of them");
  const reporter: Reporter = json ? "json" : ((reporterName as Reporter | undefined) ?? "matrix");
  if (help) {
    await writeOut(CONFORMANCE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`conformance takes no arguments, got ${positionals.join(" ")}\n\n${CONFORMANCE_HELP}`);
  if (target === undefined) throw new UsageError(`conformance: --target is missing\n\n${CONFORMANCE_HELP}`);

  const { name, create } = await resolveTarget(target);
  const started = Date.now();
  let pattern: RegExp | undefined;
  try {
    pattern = grep === undefined ? undefined : new RegExp(grep);
  } catch (error) {
    throw new UsageError(`conformance: --grep ${JSON.stringify(grep)} is not a regular expression (${(error as Error).message})`);
  }
  const { rows, failures, hookFailures, cases } = await runSuite(name, create, { grep: pattern, bail });
  const all = Object.values(rows).reduce<Row>(
    (sum, row) => ({ passed: sum.passed + row.passed, failed: sum.failed + row.failed, pending: sum.pending + row.pending, total: sum.total + row.total }),
    { passed: 0, failed: 0, pending: 0, total: 0 },
  );
  const ok = all.failed === 0 && hookFailures.length === 0 && all.passed + all.pending === all.total;
  const durationMs = Date.now() - started;

  if (reporter === "json") {
    await writeOut(toJson({ target: name, ok, ...all, durationMs, primitives: rows, failures: [...hookFailures, ...failures], cases }));
  } else if (reporter === "junit") {
    await writeOut(junitReport(name, cases, durationMs));
  } else {
    await writeOut(matrix(name, rows, all, failures, hookFailures, durationMs));
  }
  return ok ? EXIT.ok : EXIT.rejected;
}

async function resolveTarget(target: string): Promise<{ name: string; create: () => Promise<LedgerTarget> }> {
  const builtin = BUILTIN_TARGETS[target];
  if (builtin !== undefined) {
    try {
      return { name: builtin.name, create: await builtin.load() };
    } catch (error) {
      throw new CliFailure(`conformance: target ${target} cannot be loaded here: ${(error as Error).message}`);
    }
  }
  if (!target.endsWith(".json") && !target.includes("/")) {
    throw new UsageError(`conformance: unknown target ${JSON.stringify(target)}: one of ${Object.keys(BUILTIN_TARGETS).join(", ")}, or an EVM profile file`);
  }
  const profile = loadProfile(target);
  if (profile.platform === "fabric") return fabricProfileTarget(target, profile);
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
  if (profile.deployment !== undefined) {
    const deployment = await readEvmDeployment(profile.deployment);
    return { name: "evm-shared", create: () => createEvmSharedTarget({ rpcUrl: profile.rpcUrl, privateKeys, deployment }) };
  }
  return { name: "evm-rpc", create: () => createEvmRpcTarget({ rpcUrl: profile.rpcUrl, privateKeys }) };
}

/** A Fabric profile's channel and chaincode, as they are, with the six identities it names. */
function fabricProfileTarget(path: string, profile: FabricProfile): { name: string; create: () => Promise<LedgerTarget> } {
  const { actors } = profile;
  if (actors === undefined) {
    throw new UsageError(
      `conformance: ${path} names one identity; the suite needs six ("actors": { ${ACTOR_NAMES.join(", ")} }, each { "mspId"?, "certPath", "keyPath" | "hsm", "peer"? }), ` +
        `admin holding ADMIN on the chaincode (see profiles/README.md)`,
    );
  }
  const fabricActors = Object.fromEntries(
    ACTOR_NAMES.map((actor) => [actor, { peer: actors[actor].peer, user: fabricUserOf(actors[actor], profile) }]),
  ) as Record<ActorName, FabricActor>;
  return { name: "fabric-shared", create: async () => createFabricSharedTarget({ channel: profile.channel, chaincode: profile.chaincode, actors: fabricActors }) };
}

/** Declares the suite into a fresh Mocha instance, runs it and tallies the results by primitive. */
async function runSuite(name: string, create: () => Promise<LedgerTarget>, options: { grep?: RegExp; bail: boolean }) {
  const mocha = new Mocha({ timeout: 60_000, reporter: Mocha.reporters.Base, bail: options.bail });
  if (options.grep) mocha.grep(options.grep);
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, "twinledger-conformance", mocha);
  runConformance(name, create, CONFORMANCE_SPECS);

  const [conformance] = mocha.suite.suites;
  const rows: Record<string, Row> = {};
  // Only the cases --grep selects count (mocha's own total counts them all).
  const selected = (suite: Mocha.Suite): number => {
    let count = 0;
    suite.eachTest((test) => {
      if (!options.grep || options.grep.test(test.fullTitle())) count++;
    });
    return count;
  };
  for (const suite of conformance.suites) rows[suite.title] = { passed: 0, failed: 0, pending: 0, total: selected(suite) };
  const total = selected(conformance);
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
  const cases: CaseResult[] = [];
  const progress = new Progress(total);
  const record = (test: Mocha.Runnable, state: CaseResult["state"], detail?: string) =>
    cases.push({ primitive: primitiveOf(test) ?? "?", title: test.title, state, durationMs: test.duration ?? 0, ...(detail === undefined ? {} : { detail }) });
  const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

  await new Promise<void>((done) => {
    const runner = mocha.run(() => done());
    runner.on(EVENT_TEST_PASS, (test) => {
      record(test, "passed");
      const row = rows[primitiveOf(test) ?? ""];
      if (row) row.passed++;
      progress.tick(true);
    });
    runner.on(EVENT_TEST_PENDING, (test) => {
      record(test, "not applicable", (test as Mocha.Test & { notApplicable?: string }).notApplicable ?? "skipped");
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
      record(runnable, "failed", failure.error);
      const row = rows[failure.primitive ?? ""];
      if (row) row.failed++;
      progress.tick(false);
    });
  });
  progress.end();

  // Tests a failed hook kept from running count as failed.
  for (const row of Object.values(rows)) row.failed = row.total - row.passed - row.pending;
  return { rows, failures, hookFailures, cases };
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
  const header = ["primitive", "passed", "failed", ...(withPending ? ["n/a"] : []), "total"];
  const line = (label: string, row: Row) => [label, row.passed, row.failed, ...(withPending ? [row.pending] : []), row.total].map(String);
  const table = [header, ...Object.entries(rows).map(([primitive, row]) => line(primitive, row)), line("all", all)];
  const widths = header.map((_, column) => Math.max(...table.map((cells) => cells[column].length)));
  const render = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");

  const notApplicable = all.pending > 0 ? `, ${all.pending} not applicable here` : "";
  const out = [`conformance [${name}]: ${all.passed}/${all.total} passed${notApplicable} in ${(durationMs / 1000).toFixed(1)} s`, ""];
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
