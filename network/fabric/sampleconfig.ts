/**
 * Fabric's own core.yaml/orderer.yaml (never copied into the repo), from the first of:
 * `FABRIC_CFG_PATH` (e.g. a Fabric release's `config/`), the `config/` folder beside the
 * cached binaries, or the module downloaded from the Go module proxy.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { FABRIC_MODULE, FABRIC_VERSION, binaryCacheDir } from "./constants.js";
import { run } from "./run.js";

let cached: string | undefined;

/** The folder to use as FABRIC_CFG_PATH. */
export async function sampleConfigDir(): Promise<string> {
  if (cached) return cached;
  const dir = process.env.FABRIC_CFG_PATH || (hasConfig(cachedConfigDir()) ? cachedConfigDir() : await downloadedSampleConfig());
  if (!hasConfig(dir)) throw new Error(`no core.yaml/orderer.yaml in ${dir}`);
  cached = dir;
  return dir;
}

const hasConfig = (dir: string) => existsSync(join(dir, "core.yaml")) && existsSync(join(dir, "orderer.yaml"));

/** Beside the cached binaries, as in a Fabric release (`bin/`, `config/`). */
const cachedConfigDir = () => join(binaryCacheDir(), "config");

async function downloadedSampleConfig(): Promise<string> {
  const json = await run("go", ["mod", "download", "-json", `${FABRIC_MODULE}@${FABRIC_VERSION}`]);
  return join(JSON.parse(json).Dir as string, "sampleconfig");
}
