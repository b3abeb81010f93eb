/**
 * `id canonicalize <input>...`: one JSON line per input, {"input","scheme","canonical","key"}
 * or {"input","error":{"code","message"}}; exit code 1 if any input was rejected.
 */
import { canonicalize } from "../../core/identifiers/index.js";
import { LedgerError } from "../../core/spec/errors.js";

const USAGE = "usage: id canonicalize <input>...";

export function runId(args: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  const [subcommand, ...inputs] = args;
  if (subcommand !== "canonicalize" || inputs.length === 0) {
    err(USAGE);
    return 2;
  }
  let rejected = false;
  for (const input of inputs) {
    try {
      out(JSON.stringify({ input, ...canonicalize(input) }));
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      rejected = true;
      out(JSON.stringify({ input, error: { code: error.code, message: error.reason } }));
    }
  }
  return rejected ? 1 : 0;
}
