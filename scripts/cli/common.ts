/**
 * What every `twinledger` command shares: exit codes, the two kinds of failure the router
 * turns into them, JSON output and option parsing.
 *
 *   0  success
 *   1  the ledger rejected the operation (a LedgerError, printed as JSON on stdout)
 *   2  usage: unknown command, wrong arguments, an operation no platform implements yet
 *   3  anything else: a bad profile, an unreachable node or peer, a failing deployment
 */
export const EXIT = { ok: 0, rejected: 1, usage: 2, failure: 3 } as const;

/** Wrong use of the command line: the message (usage text) goes to stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A failure outside the ledger (profile, connection): one line on stderr, exit 3. */
export class CliFailure extends Error {
  override readonly name = "CliFailure";
}

/** JSON with bigints as decimal strings (nothing in the spec's JSON form needs more). */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item), indent);
}

/** One line for stderr: the first line of an error's message. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? (error instanceof Error ? error.name : "unknown error");
}

export interface ParsedArgs {
  positionals: string[];
  target?: string;
  json: boolean;
  help: boolean;
  /** `--grep <pattern>` (conformance): only the cases whose title matches. */
  grep?: string;
  /** `--bail` (conformance): stop at the first failure. */
  bail: boolean;
  /** `--reporter <name>` (conformance). */
  reporter?: string;
}

type Option = "target" | "json" | "grep" | "bail" | "reporter";

/**
 * `--target <x>` / `--target=<x>`, `--json`, `--help`/`-h` anywhere; everything else is a
 * positional argument, kept exactly as given (an empty string is an argument). After `--`
 * everything is positional, for values that begin with `--`.
 */
export function parseArgs(args: readonly string[], allowed: readonly Option[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], json: false, help: false, bail: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === "--help" || arg === "-h") {
      parsed.help = true;
    } else if (arg === "--target" || arg.startsWith("--target=")) {
      if (!allowed.includes("target")) throw new UsageError("this command takes no --target");
      const value = arg === "--target" ? args[++i] : arg.slice("--target=".length);
      if (value === undefined || value === "") throw new UsageError("--target needs a value (a profile file, or a built-in target name)");
      parsed.target = value;
    } else if ((arg === "--grep" || arg.startsWith("--grep=")) && allowed.includes("grep")) {
      const value = arg === "--grep" ? args[++i] : arg.slice("--grep=".length);
      if (value === undefined || value === "") throw new UsageError("--grep needs a pattern (a regular expression matched against the case titles)");
      parsed.grep = value;
    } else if ((arg === "--reporter" || arg.startsWith("--reporter=")) && allowed.includes("reporter")) {
      const value = arg === "--reporter" ? args[++i] : arg.slice("--reporter=".length);
      if (value === undefined || value === "") throw new UsageError("--reporter needs a name");
      parsed.reporter = value;
    } else if (arg === "--bail" && allowed.includes("bail")) {
      parsed.bail = true;
    } else if (arg === "--json") {
      if (!allowed.includes("json")) throw new UsageError("this command takes no --json");
      parsed.json = true;
    } else if (arg.startsWith("--") && arg.length > 2) {
      throw new UsageError(`unknown option ${arg} (put positional arguments that begin with -- after a lone --)`);
    } else {
      parsed.positionals.push(arg);
    }
  }
  return parsed;
}

/** Writes to stdout and waits until it is flushed (before a process.exit). */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`, () => resolve()));
}
