/** Long-running processes: detached, one log file and one pid file each, stopped by pid. */
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { LOG_DIR, PID_DIR } from "./constants.js";

export const logPath = (name: string) => join(LOG_DIR, `${name}.log`);
const pidPath = (name: string) => join(PID_DIR, `${name}.pid`);

export function readPid(name: string): number | undefined {
  if (!existsSync(pidPath(name))) return undefined;
  const pid = Number(readFileSync(pidPath(name), "utf8").trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `command` in its own process group, appending to logs/<name>.log. */
export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): number {
  mkdirSync(LOG_DIR, { recursive: true });
  mkdirSync(PID_DIR, { recursive: true });
  const fd = openSync(logPath(name), "a");
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  if (!child.pid) throw new Error(`${name}: could not start ${command}`);
  child.unref();
  writeFileSync(pidPath(name), `${child.pid}\n`);
  return child.pid;
}

/** SIGTERM to the process group, SIGKILL after `graceMs`; removes the pid file. */
export async function stopProcess(name: string, graceMs = 5000): Promise<void> {
  const pid = readPid(name);
  if (isAlive(pid)) {
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid!, sig); // the group: npx → node children too
      } catch {
        try { process.kill(pid!, sig); } catch { /* gone */ }
      }
    };
    signal("SIGTERM");
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(pid)) signal("SIGKILL");
  }
  rmSync(pidPath(name), { force: true });
}

/**
 * The last resort, for a process about to exit (no awaiting there): SIGKILL to each named
 * process group. A test run that dies before its `after` hook must not leave nodes holding
 * the network's ports for the next run.
 */
export function killNow(names: readonly string[]): void {
  for (const name of names) {
    const pid = readPid(name);
    if (!isAlive(pid)) continue;
    try {
      process.kill(-pid!, "SIGKILL");
    } catch {
      try { process.kill(pid!, "SIGKILL"); } catch { /* gone */ }
    }
    rmSync(pidPath(name), { force: true });
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => { socket.destroy(); resolvePromise(open); };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

/** Polls `check` until it is true or `timeoutMs` passes. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(intervalMs);
  }
  return check();
}
