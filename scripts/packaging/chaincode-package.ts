/**
 * Fabric chaincode packages of the Twinledger chaincode, as `peer lifecycle chaincode
 * package` would make them, but deterministic (sorted entries, fixed mtimes and modes),
 * so a version's package id is the same wherever it is built:
 *
 * - node  `twinledger_<version>.tar.gz`: metadata.json {"type":"node"} + code.tar.gz with
 *   src/package.json, src/package-lock.json and the compiled src/dist/ — what the peer's
 *   default Node builder runs `npm install --production` and `npm start` on.
 * - ccaas `twinledger-ccaas_<version>.tar.gz`: metadata.json {"type":"ccaas"} + code.tar.gz
 *   with connection.json, for chaincode run as a service (`npm run server` in chaincode/).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ccaasConnection, type CcaasTls } from "./ccaas-connection.js";
import { tarGz, type TarEntry } from "./tar.js";

const run = promisify(execFile);
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CHAINCODE_DIR = join(ROOT, "chaincode");
export const CHAINCODE_NAME = "twinledger";
export const DEFAULT_CCAAS_ADDRESS = `{{.peername}}_${CHAINCODE_NAME}:9999`;
const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;

export interface PackageChaincodeOptions {
  /** Where the packages go (created if missing). */
  outDir: string;
  /** Default: chaincode/package.json's version. */
  version?: string;
  /** The ccaas connection address, host:port; default `{{.peername}}_twinledger:9999`. */
  address?: string;
  /** TLS between peer and chaincode server (connection.json root_cert, client_cert/key); default none. */
  tls?: CcaasTls;
  /** A compiled chaincode (tsc output of chaincode/tsconfig.json); default: compile afresh. */
  distDir?: string;
  /** Add src/package-lock.json, resolved through npm (its cache first); default true. */
  lockfile?: boolean;
}

export interface ChaincodePackage {
  type: "node" | "ccaas";
  file: string;
  label: string;
  /** What `peer lifecycle chaincode calculatepackageid` prints: `<label>:<sha256 of the file>`. */
  packageId: string;
  bytes: number;
}

export async function packageChaincode(options: PackageChaincodeOptions): Promise<ChaincodePackage[]> {
  const manifest = JSON.parse(await readFile(join(CHAINCODE_DIR, "package.json"), "utf8")) as Record<string, unknown>;
  const version = options.version ?? String(manifest.version);
  const connection = ccaasConnection(options.address ?? DEFAULT_CCAAS_ADDRESS, options.tls);

  const work = await mkdtemp(join(tmpdir(), "twinledger-package-"));
  try {
    const distDir = options.distDir ?? (await compileChaincode(join(work, "dist")));
    const packageJson = `${JSON.stringify(runtimeManifest(manifest, version), null, 2)}\n`;
    const lock = options.lockfile === false ? undefined : await packageLock(packageJson, join(work, "lock"));
    const code = [
      { path: "src/package.json", data: packageJson },
      ...(lock ? [{ path: "src/package-lock.json", data: lock }] : []),
      ...(await compiledFiles(distDir)).map(({ path, data }) => ({ path: `src/dist/${path}`, data })),
    ];

    await mkdir(options.outDir, { recursive: true });
    return [
      await writePackage(options.outDir, "node", `${CHAINCODE_NAME}_${version}`, code),
      await writePackage(options.outDir, "ccaas", `${CHAINCODE_NAME}-ccaas_${version}`, [
        { path: "connection.json", data: `${JSON.stringify(connection, null, 2)}\n` },
      ]),
    ];
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Compiles chaincode/ (its tsconfig, as `npm run build:chaincode`) into a fresh directory. */
export async function compileChaincode(outDir: string): Promise<string> {
  const require = createRequire(join(ROOT, "package.json"));
  const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
  try {
    await run(process.execPath, [tsc, "-p", join(CHAINCODE_DIR, "tsconfig.json"), "--outDir", outDir, "--sourceMap", "false"], { cwd: ROOT });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the chaincode does not compile:\n${stdout ?? ""}${stderr ?? ""}`, { cause: error });
  }
  return outDir;
}

/** chaincode/package.json as the peer needs it: no build script (the sources are not shipped). */
function runtimeManifest(manifest: Record<string, unknown>, version: string): Record<string, unknown> {
  const scripts = { ...(manifest.scripts as Record<string, string>) };
  delete scripts.build;
  if (!scripts.start) throw new Error("chaincode/package.json has no start script");
  return { ...manifest, version, scripts };
}

async function packageLock(packageJson: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "package.json"), packageJson);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const flags = ["--package-lock-only", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--omit-lockfile-registry-resolved"];
  try {
    await run(npm, ["install", ...flags], { cwd: dir });
  } catch (error) {
    throw new Error(`npm could not resolve the chaincode's dependencies (rerun with --no-lock to skip the lock file): ${(error as Error).message}`, { cause: error });
  }
  return readFile(join(dir, "package-lock.json"), "utf8");
}

/** The compiled JavaScript (no source maps, no metadata), sorted by path. */
async function compiledFiles(distDir: string): Promise<{ path: string; data: Buffer }[]> {
  const files = (await readdir(distDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => relative(distDir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort(byPath);
  if (!files.some((file) => file === "chaincode/src/index.js")) throw new Error(`${distDir} holds no compiled chaincode (chaincode/src/index.js)`);
  return Promise.all(files.map(async (path) => ({ path, data: await readFile(join(distDir, path)) })));
}

async function writePackage(outDir: string, type: ChaincodePackage["type"], label: string, code: TarEntry[]): Promise<ChaincodePackage> {
  const outer = chaincodePackageBytes(type, label, code);
  const file = join(outDir, `${label}.tar.gz`);
  await writeFile(file, outer);
  return { type, file, label, packageId: chaincodePackageId(label, outer), bytes: outer.length };
}

/** A chaincode package's bytes: metadata.json, then code.tar.gz with `code` sorted by path. */
export function chaincodePackageBytes(type: ChaincodePackage["type"], label: string, code: readonly TarEntry[]): Buffer {
  if (!LABEL.test(label)) throw new Error(`not a valid chaincode label: ${label}`);
  const inner = tarGz([...code].sort((a, b) => byPath(a.path, b.path)));
  return tarGz([
    { path: "metadata.json", data: JSON.stringify({ type, label }) },
    { path: "code.tar.gz", data: inner },
  ]);
}

/** What `peer lifecycle chaincode calculatepackageid` prints: `<label>:<hex sha256 of the package>`. */
export const chaincodePackageId = (label: string, bytes: Uint8Array): string => `${label}:${createHash("sha256").update(bytes).digest("hex")}`;

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
