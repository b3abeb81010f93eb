/**
 * `twinledger <command> …` (`npm run -s cli -- …`, or `npx twinledger …` through bin/twinledger.mjs):
 * routes a command to its module and turns failures into exit codes (see common.ts):
 * 0 success, 1 rejected by the ledger (or conformance tests failed), 2 usage, 3 anything else.
 */
import { readFileSync } from "node:fs";
import { OPERATIONS } from "../../core/index.js";
import { CliFailure, EXIT, UsageError, oneLine } from "./common.js";
import { runFfiCommand } from "./ffi.js";
import { runId } from "./id.js";
import { runInvoice } from "./invoice.js";
import { isOperation, operationHelp, runOperation, runOperationsList } from "./operations.js";

type Command = (args: string[]) => number | Promise<number>;

const COMMANDS: Record<string, { summary: string; run: Command }> = {
  operations: { summary: "every spec operation, its primitive and whether it is implemented", run: runOperationsList },
  help: { summary: "help [<operation> | conformance]: parameters and types of an operation", run: runHelp },
  conformance: {
    summary: "--target <target> [--json]: run the conformance suite, print a matrix per primitive",
    // Loaded on demand: it brings mocha, chai and the suite.
    run: async (args) => (await import("./conformance.js")).runConformanceCommand(args),
  },
  events: {
    summary: "--target <profile> [--from-block N] [--checkpoint <file>] [--follow]: events as JSON lines",
    run: async (args) => (await import("./events.js")).runEventsCommand(args),
  },
  id: { summary: "canonicalize <input>...: canonical form and key of industrial identifiers", run: runId },
  invoice: { summary: "fingerprint --seller … --currency <CUR>: canonical invoice and its fingerprint", run: runInvoice },
  ffi: { summary: "[--platform evm|fabric] [--out <dir>]: FireFly Interface (FFI) documents", run: runFfiCommand },
};

const USAGE = `usage: twinledger <command> …

commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(12)} ${command.summary}`)
  .join("\n")}
  <operation>  <arg>... --target <profile.json>: call one spec operation (see: twinledger operations)
  --version    the version of twinledger

examples:
  twinledger registerAsset M-1 machine.cnc 0x<64 hex> https://example.com/m-1.json --target profiles/local-evm.json
  twinledger listAssetsByOwner <party> 10 "" --target profiles/local-evm.json
  twinledger conformance --target embedded-fabric

Profiles (JSON files naming a platform, an endpoint and an identity): see profiles/README.md.
Exit codes: 0 ok, 1 rejected by the ledger (JSON {"error":{code,message}} on stdout) or tests failed,
2 usage, 3 any other failure (a bad profile, an unreachable node).`;

async function runHelp(args: string[]): Promise<number> {
  const [topic, ...rest] = args;
  if (topic === undefined) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (rest.length > 0) throw new UsageError("usage: twinledger help [<operation> | conformance]");
  if (isOperation(topic)) {
    console.log(operationHelp(topic));
    return EXIT.ok;
  }
  if (topic === "conformance") {
    console.log((await import("./conformance.js")).CONFORMANCE_HELP);
    return EXIT.ok;
  }
  throw new UsageError(`no operation or command ${JSON.stringify(topic)}${suggestion(topic)}; see: twinledger operations`);
}

function suggestion(name: string): string {
  const candidates = [...Object.keys(OPERATIONS), ...Object.keys(COMMANDS)];
  const match = candidates.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return match ? ` (did you mean ${match}?)` : "";
}

/**
 * ../../package.json is the repository's from scripts/cli/, and @twinledger/client's from
 * its dist/cli/ (scripts/packaging/package-layout.ts keeps that depth).
 */
function version(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (name === undefined) throw new UsageError(USAGE);
    if (name === "--help" || name === "-h") return await runHelp([]);
    if (name === "--version" || name === "-V") {
      console.log(version());
      return EXIT.ok;
    }
    if (isOperation(name)) return await runOperation(name, args);
    const command = COMMANDS[name];
    if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}${suggestion(name)}\n\n${USAGE}`);
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return EXIT.usage;
    }
    console.error(`twinledger: ${error instanceof CliFailure ? error.message : oneLine(error)}`);
    return EXIT.failure;
  }
}

const code = await main(process.argv.slice(2));
// Clients may leave sockets and timers open (gRPC channels, RPC polling, a simulator):
// the command is done once its output is flushed.
process.stdout.write("", () => process.exit(code));
