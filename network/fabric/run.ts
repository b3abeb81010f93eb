/** Running tools: one-shot commands with captured output, and the failure type every step raises. */
import { spawn } from "node:child_process";

export class StepError extends Error {
  constructor(
    readonly step: string,
    message: string,
    /** the log (or captured output) to show the last lines of */
    readonly logPath?: string,
    readonly output?: string,
  ) {
    super(`${step}: ${message}`);
  }
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** called with every line of stdout/stderr as it arrives */
  onLine?: (line: string) => void;
}

/** Runs a command to completion; rejects with the combined output on a non-zero exit. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let pending = "";
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (!options.onLine) return;
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) options.onLine(line);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => {
      if (pending && options.onLine) options.onLine(pending);
      if (code === 0) resolvePromise(output);
      else {
        const error = new Error(`${command} ${args.join(" ")} exited with ${code}\n${output}`);
        (error as Error & { output: string }).output = output;
        reject(error);
      }
    });
  });
}

export function lastLines(text: string, count = 30): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

/** Retries `action` every 500 ms while `retryable(error)` holds, for at most `timeoutMs`; then the last error goes through. */
export async function retrying<T>(action: () => Promise<T>, retryable: (error: unknown) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await action();
    } catch (error) {
      if (!retryable(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
