/**
 * What every npm script's command line does on a mistake: one clear line on stderr and an
 * exit code — 2 for a bad flag (with the usage), 1 for a failure — never a stack trace.
 * `TWINLEDGER_DEBUG=1` prints the stack as well.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { oneLine } from "../cli/common.js";

/** node:util's parseArgs; an unknown or malformed flag exits 2 with `usage`. */
export function parseCommandLine<T extends ParseArgsConfig>(script: string, usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`${script}: ${(error as Error).message.split("\n")[0]}\nusage: ${usage}`);
    process.exit(2);
  }
}

/** Runs a script's body; a failure prints `script: <first line of its message>` and exits 1. */
export async function runScript(script: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (process.env.TWINLEDGER_DEBUG === "1") console.error(error);
    console.error(`${script}: ${oneLine(error)}`);
    process.exit(1);
  }
}
