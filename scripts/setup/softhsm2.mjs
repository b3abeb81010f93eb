#!/usr/bin/env node
// SoftHSM2 (a PKCS#11 software token) for trying and testing HSM-held Fabric keys, without
// root: `apt-get download` fetches Debian's packages as a plain user and `dpkg -x` unpacks
// them into a cache folder outside the repository, once. Nothing is installed system-wide.
//
//   node scripts/setup/softhsm2.mjs        → prints {"module": "…/libsofthsm2.so", "util": "…/softhsm2-util", "env": {…}}
//   import { ensureSoftHsm } from "…/scripts/setup/softhsm2.mjs"
//
// A SoftHSM2 installed on the system (module and softhsm2-util on PATH) is used as it is.
// Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/twinledger/softhsm2/root (delete it to download again).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGES = ["softhsm2", "libsofthsm2", "softhsm2-common"];

export class SoftHsmSetupError extends Error {
  name = "SoftHsmSetupError";
}

/** Where distributions install the module; a system SoftHSM2 is used as it is. */
const SYSTEM_MODULES = [
  "/usr/lib/softhsm/libsofthsm2.so",
  "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
  "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
  "/usr/lib64/pkcs11/libsofthsm2.so",
  "/usr/local/lib/softhsm/libsofthsm2.so",
  "/opt/homebrew/lib/softhsm/libsofthsm2.so",
];

function systemSoftHsm() {
  const module = SYSTEM_MODULES.find((path) => existsSync(path));
  const util = (process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "softhsm2-util")).find(isAbsoluteFile);
  return module && util ? { module, util, env: {} } : undefined;
}

function isAbsoluteFile(path) {
  return isAbsolute(path) && existsSync(path);
}

export function softHsmCacheDir() {
  const cache = process.env.XDG_CACHE_HOME && process.env.XDG_CACHE_HOME.trim() !== "" ? process.env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(cache, "twinledger", "softhsm2");
}

/** The paths inside an unpacked tree, and the library path softhsm2-util needs to find the module's own libs. */
function layout(root) {
  const libDirs = [join(root, "usr", "lib"), join(root, "usr", "lib", "softhsm"), ...multiarchLibDirs(root)];
  return {
    module: join(root, "usr", "lib", "softhsm", "libsofthsm2.so"),
    util: join(root, "usr", "bin", "softhsm2-util"),
    env: { LD_LIBRARY_PATH: [...libDirs.filter((dir) => existsSync(dir)), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") },
  };
}

function multiarchLibDirs(root) {
  const lib = join(root, "usr", "lib");
  if (!existsSync(lib)) return [];
  return readdirSync(lib, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /-linux-gnu/.test(entry.name))
    .map((entry) => join(lib, entry.name));
}

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  } catch (error) {
    const why = error.code === "ENOENT" ? `${command} not found` : (String(error.stderr ?? "").trim().split("\n").pop() || error.message);
    throw new SoftHsmSetupError(
      `cannot set up SoftHSM2 (${command} ${args[0]}: ${why}): install it with your package manager (Debian/Ubuntu: apt-get install softhsm2) or make apt-get download work`,
    );
  }
}

/**
 * SoftHSM2's PKCS#11 module and softhsm2-util, downloaded and unpacked on first use.
 * Returns { module, util, env } (env: what to add to softhsm2-util's environment).
 * Throws SoftHsmSetupError with one line saying what to install when it cannot.
 */
export function ensureSoftHsm() {
  const system = systemSoftHsm();
  if (system) return system;
  const dir = softHsmCacheDir();
  const root = join(dir, "root");
  const ready = layout(root);
  if (existsSync(ready.module) && existsSync(ready.util)) return ready;

  mkdirSync(dir, { recursive: true });
  // Download and unpack into a fresh folder, then move it into place: an interrupted run
  // never leaves a half-unpacked tree that looks ready.
  const work = mkdtempSync(join(dir, "download-"));
  try {
    run("apt-get", ["download", ...PACKAGES], work);
    const debs = readdirSync(work).filter((name) => name.endsWith(".deb"));
    for (const name of PACKAGES) {
      if (!debs.some((deb) => deb.startsWith(`${name}_`))) throw new SoftHsmSetupError(`cannot set up SoftHSM2: apt-get download gave no ${name} package: install softhsm2 with your package manager`);
    }
    const staged = join(work, "root");
    for (const deb of debs) run("dpkg", ["-x", join(work, deb), staged], work);
    const unpacked = layout(staged);
    if (!existsSync(unpacked.module)) throw new SoftHsmSetupError(`cannot set up SoftHSM2: the packages hold no usr/lib/softhsm/libsofthsm2.so: install softhsm2 with your package manager`);
    rmSync(root, { recursive: true, force: true });
    renameSync(staged, root);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return layout(root);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(JSON.stringify(ensureSoftHsm()));
  } catch (error) {
    console.error(`twinledger: ${error instanceof SoftHsmSetupError ? error.message : `cannot set up SoftHSM2: ${error.message}`}`);
    process.exit(1);
  }
}
