/**
 * Fabric's native binaries, built from the Go module proxy at the pinned commit and
 * cached outside the repo. Rebuilt only when the pin changes or a binary is missing.
 * `FABRIC_BIN_DIR` points at an existing installation instead (a Fabric release's `bin/`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FABRIC_MODULE, FABRIC_TOOLS, FABRIC_VERSION, binaryCacheDir, type FabricTool } from "./constants.js";
import { StepError, run } from "./run.js";

/** An installation the user names, used as it is (never built into). */
const installedBinDir = (): string | undefined => process.env.FABRIC_BIN_DIR || undefined;

export function binDir(): string {
  return installedBinDir() ?? join(binaryCacheDir(), "bin");
}

export function binary(tool: FabricTool): string {
  return join(binDir(), tool);
}

function stampPath(): string {
  return join(binaryCacheDir(), "version");
}

export function binariesReady(): boolean {
  return (
    existsSync(stampPath()) &&
    readFileSync(stampPath(), "utf8").trim() === FABRIC_VERSION &&
    FABRIC_TOOLS.every((tool) => existsSync(binary(tool)))
  );
}

/** Builds the binaries unless the cache already holds them. */
export async function ensureBinaries(log: (line: string) => void): Promise<void> {
  const installed = installedBinDir();
  if (installed) {
    const missing = FABRIC_TOOLS.filter((tool) => !existsSync(binary(tool)));
    if (missing.length > 0) throw new StepError("binaries", `FABRIC_BIN_DIR=${installed} lacks ${missing.join(", ")}`);
    return;
  }
  if (binariesReady()) return;
  mkdirSync(binDir(), { recursive: true });
  const packages = FABRIC_TOOLS.map((tool) => `${FABRIC_MODULE}/cmd/${tool}@${FABRIC_VERSION}`);
  log(`building Fabric ${FABRIC_VERSION} (${FABRIC_TOOLS.join(", ")}) into ${binDir()} — takes minutes on a cold cache`);
  const started = Date.now();
  const ticker = setInterval(() => log(`  …still building (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    // -x would be too chatty; -v prints each package as it compiles, which is progress enough.
    await run("go", ["install", "-v", ...packages], {
      env: { ...process.env, GOBIN: binDir(), GOFLAGS: "-buildvcs=false", CGO_ENABLED: process.env.CGO_ENABLED ?? "1" },
      onLine: (line) => {
        if (line.startsWith("go: downloading")) log(`  ${line}`);
        else if (line.startsWith(FABRIC_MODULE)) log(`  compiled ${line}`);
      },
    });
  } catch (error) {
    const output = (error as { output?: string }).output ?? String(error);
    const refused = /403 Forbidden|not available/.test(output);
    throw new StepError(
      "binaries",
      refused
        ? `the Go module proxy refused ${FABRIC_MODULE}@${FABRIC_VERSION} (403 "This module version is not available"); ` +
            `place the five binaries in ${binDir()} and write "${FABRIC_VERSION}" to ${stampPath()} to use a build from elsewhere`
        : "go install failed",
      undefined,
      output,
    );
  } finally {
    clearInterval(ticker);
  }
  writeFileSync(stampPath(), `${FABRIC_VERSION}\n`);
  log(`built Fabric binaries in ${Math.round((Date.now() - started) / 1000)} s`);
}
