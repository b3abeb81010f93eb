/**
 * Which Fabric the network runs, from the first of: `FABRIC_BIN_DIR` (an installed
 * release's `bin/`, e.g. ../shared/fabric/bin or fabric-samples' `bin/`), a `peer` on
 * `PATH` (as `install-fabric.sh` users have it), or binaries built with `go install` at the
 * pinned commit into a cache outside the repo (rebuilt only when the pin changes).
 * Whatever is found must report, through `peer version`, Fabric 2.5 or newer.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { FABRIC_MODULE, FABRIC_TOOLS, FABRIC_VERSION, binaryCacheDir, type FabricTool } from "./constants.js";
import { StepError, run } from "./run.js";

/** Gateway, channel participation without a system channel and `--signature-policy` lifecycle: 2.5 LTS has them all. */
export const MINIMUM_FABRIC = [2, 5] as const;

export interface FabricInstallation {
  binDir: string;
  /** Where it came from, for the log line. */
  source: "FABRIC_BIN_DIR" | "PATH" | "go install cache";
  /** `Version:` of `peer version`, once checked. */
  version?: string;
  commit?: string;
}

const cacheBinDir = () => join(binaryCacheDir(), "bin");

function peerOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, "peer"))) return dirname(realpathSync(join(dir, "peer")));
  }
  return undefined;
}

function locate(): FabricInstallation {
  const named = process.env.FABRIC_BIN_DIR;
  if (named) return { binDir: named, source: "FABRIC_BIN_DIR" };
  const onPath = peerOnPath();
  if (onPath) return { binDir: onPath, source: "PATH" };
  return { binDir: cacheBinDir(), source: "go install cache" };
}

let installation: FabricInstallation | undefined;

export function binDir(): string {
  return (installation ?? locate()).binDir;
}

export function binary(tool: FabricTool): string {
  return join(binDir(), tool);
}

const missingTools = (dir: string) => FABRIC_TOOLS.filter((tool) => !existsSync(join(dir, tool)));
const stampPath = () => join(binaryCacheDir(), "version");
const cacheReady = () =>
  existsSync(stampPath()) && readFileSync(stampPath(), "utf8").trim() === FABRIC_VERSION && missingTools(cacheBinDir()).length === 0;

/**
 * Finds (or builds) the binaries and checks their version; the result is what every later
 * step runs. Fails with the missing tools named, or with the version found if it is too old.
 */
export async function ensureBinaries(log: (line: string) => void): Promise<FabricInstallation> {
  const found = locate();
  if (found.source === "go install cache" && !cacheReady()) await goInstall(log);
  const missing = missingTools(found.binDir);
  if (missing.length > 0) {
    const where = found.source === "FABRIC_BIN_DIR" ? `FABRIC_BIN_DIR=${found.binDir}` : `${found.binDir} (found through ${found.source})`;
    throw new StepError("binaries", `${where} lacks ${missing.join(", ")}: point FABRIC_BIN_DIR at a Fabric release's bin/ (see README, "Real networks")`);
  }
  const { version, commit } = await peerVersion(found.binDir);
  const [major, minor] = version.split(".").map(Number);
  if (major < MINIMUM_FABRIC[0] || (major === MINIMUM_FABRIC[0] && minor < MINIMUM_FABRIC[1])) {
    throw new StepError("binaries", `Fabric ${version} in ${found.binDir} is older than ${MINIMUM_FABRIC.join(".")}, the oldest release Twinledger runs on (install 3.1.5, see README)`);
  }
  installation = { ...found, version, commit };
  log(`Fabric ${version} (commit ${commit ?? "?"}) from ${found.source}: ${found.binDir}`);
  return installation;
}

/** `peer version` prints "Version: 3.1.5" and "Commit SHA: 86c1172". */
async function peerVersion(dir: string): Promise<{ version: string; commit?: string }> {
  let output: string;
  try {
    output = await run(join(dir, "peer"), ["version"], { env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  } catch (error) {
    throw new StepError("binaries", `${join(dir, "peer")} does not run: ${(error as Error).message.split("\n")[0]}`, undefined, (error as { output?: string }).output);
  }
  const version = /Version:\s*v?(\d+\.\d+\.\d+\S*)/.exec(output)?.[1];
  if (!version) throw new StepError("binaries", `could not read a version from \`${join(dir, "peer")} version\``, undefined, output);
  return { version, commit: /Commit SHA:\s*(\S+)/.exec(output)?.[1] };
}

async function goInstall(log: (line: string) => void): Promise<void> {
  const dir = cacheBinDir();
  mkdirSync(dir, { recursive: true });
  const packages = FABRIC_TOOLS.map((tool) => `${FABRIC_MODULE}/cmd/${tool}@${FABRIC_VERSION}`);
  log(`no Fabric in FABRIC_BIN_DIR or on PATH: building ${FABRIC_VERSION} (${FABRIC_TOOLS.join(", ")}) into ${dir} — takes minutes on a cold cache`);
  const started = Date.now();
  const ticker = setInterval(() => log(`  …still building (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    await run("go", ["install", "-v", ...packages], {
      env: { ...process.env, GOBIN: dir, GOFLAGS: "-buildvcs=false", CGO_ENABLED: process.env.CGO_ENABLED ?? "1" },
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
        ? `no Fabric in FABRIC_BIN_DIR or on PATH, and the Go module proxy refused ${FABRIC_MODULE}@${FABRIC_VERSION} ` +
            `(403 "This module version is not available"): point FABRIC_BIN_DIR at a Fabric release's bin/ (see README, "Real networks")`
        : "no Fabric in FABRIC_BIN_DIR or on PATH, and `go install` of the pinned release failed",
      undefined,
      output,
    );
  } finally {
    clearInterval(ticker);
  }
  writeFileSync(stampPath(), `${FABRIC_VERSION}\n`);
  log(`built Fabric binaries in ${Math.round((Date.now() - started) / 1000)} s`);
}
