/**
 * The geth binary: the pinned release built once with `go install` from the Go module proxy
 * into a cache folder keyed by the version (so a new pin builds anew, nothing else does),
 * or an installed geth named by `GETH_BIN`.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

export const GETH_VERSION = "v1.17.10";
export const GETH_PACKAGE = "github.com/ethereum/go-ethereum/cmd/geth";

export function gethCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "twinledger", `geth-${GETH_VERSION}`);
}

export const cachedGethBinary = (): string => join(gethCacheDir(), "bin", "geth");

/** The path of a runnable geth: `GETH_BIN`, else the cached build, built now if missing. */
export async function ensureGeth(log: (line: string) => void = console.log): Promise<string> {
  const named = process.env.GETH_BIN;
  if (named) {
    const version = await gethVersion(named);
    if (!version) throw new Error(`GETH_BIN=${named} does not report a version (\`geth version\`)`);
    if (!isPinned(version)) log(`GETH_BIN=${named} is geth ${version}, not the pinned ${GETH_VERSION}; using it anyway`);
    return named;
  }
  const binary = cachedGethBinary();
  if (existsSync(binary)) {
    const version = await gethVersion(binary);
    if (version && isPinned(version)) return binary;
    // e.g. a copy cut short: build it again rather than run something else.
    log(`${binary} reports ${version ?? "no version"}, not ${GETH_VERSION}: rebuilding`);
    rmSync(binary, { force: true });
  }
  await buildGeth(binary, log);
  const version = await gethVersion(binary);
  if (!version || !isPinned(version)) throw new Error(`the geth built into ${binary} reports ${version ?? "no version"}, not ${GETH_VERSION}`);
  return binary;
}

/** `Version: 1.17.10-stable` of `geth version`, or undefined when it does not run. */
export async function gethVersion(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await exec(binary, ["version"], { timeout: 10_000 });
    return /^Version:\s*(\S+)/m.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}

const isPinned = (version: string) => `v${version}`.split("-")[0] === GETH_VERSION;

async function buildGeth(binary: string, log: (line: string) => void): Promise<void> {
  const bin = dirname(binary);
  mkdirSync(bin, { recursive: true });
  const target = `${GETH_PACKAGE}@${GETH_VERSION}`;
  log(`building geth: go install ${target} into ${bin} (minutes on a cold Go cache)`);
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const ticker = setInterval(() => log(`  …still building geth (${seconds()} s)`), 30_000);
  try {
    await exec("go", ["install", target], { env: { ...process.env, GOBIN: bin, GOFLAGS: "-trimpath" }, maxBuffer: 64 << 20 });
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    if (code === "ENOENT") throw new Error(`cannot build geth ${GETH_VERSION}: \`go\` is not on PATH (install Go, or set GETH_BIN to an installed geth)`);
    const tail = (stderr ?? String(error)).trimEnd().split("\n").slice(-15).join("\n");
    throw new Error(`cannot build geth ${GETH_VERSION}: go install ${target} failed (exit ${String(code)}):\n${tail}`);
  } finally {
    clearInterval(ticker);
  }
  log(`built geth ${GETH_VERSION} in ${seconds()} s: ${binary}`);
}
