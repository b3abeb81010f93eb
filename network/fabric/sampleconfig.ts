/**
 * Fabric's own core.yaml/orderer.yaml (never copied into the repo), from the first of:
 * `FABRIC_CFG_PATH`, the `config/` folder beside the binaries' `bin/` (a Fabric release's
 * layout, also the go-install cache's), or the module downloaded from the Go module proxy.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { binDir } from "./binaries.js";
import { FABRIC_MODULE, FABRIC_VERSION } from "./constants.js";
import { run } from "./run.js";

let cached: string | undefined;

/** The folder to use as FABRIC_CFG_PATH. */
export async function sampleConfigDir(): Promise<string> {
  if (cached) return cached;
  const beside = join(dirname(binDir()), "config");
  const dir = process.env.FABRIC_CFG_PATH || (hasConfig(beside) ? beside : await downloadedSampleConfig());
  if (!hasConfig(dir)) throw new Error(`no core.yaml/orderer.yaml in ${dir}: set FABRIC_CFG_PATH to a Fabric release's config/`);
  cached = dir;
  return dir;
}

const hasConfig = (dir: string) => existsSync(join(dir, "core.yaml")) && existsSync(join(dir, "orderer.yaml"));

async function downloadedSampleConfig(): Promise<string> {
  try {
    const json = await run("go", ["mod", "download", "-json", `${FABRIC_MODULE}@${FABRIC_VERSION}`]);
    return join(JSON.parse(json).Dir as string, "sampleconfig");
  } catch (error) {
    throw new Error(`no FABRIC_CFG_PATH, no config/ beside ${binDir()}, and the Go module proxy did not serve ${FABRIC_MODULE}'s sampleconfig`, { cause: error });
  }
}
