/** Fabric's own core.yaml/orderer.yaml, read from the downloaded module (never copied into the repo). */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { FABRIC_MODULE, FABRIC_VERSION } from "./constants.js";
import { run } from "./run.js";

let cached: string | undefined;

/** The module's sampleconfig folder, to be used as FABRIC_CFG_PATH. */
export async function sampleConfigDir(): Promise<string> {
  if (cached) return cached;
  const json = await run("go", ["mod", "download", "-json", `${FABRIC_MODULE}@${FABRIC_VERSION}`]);
  const dir = join(JSON.parse(json).Dir as string, "sampleconfig");
  if (!existsSync(join(dir, "core.yaml")) || !existsSync(join(dir, "orderer.yaml"))) {
    throw new Error(`no core.yaml/orderer.yaml in ${dir}`);
  }
  cached = dir;
  return dir;
}
