/**
 * `npm run build:packages`: the npm packages in packages/<dir>/ (@twinledger/core, contracts,
 * client, chaincode, conformance), built from the repository's sources where they are — the
 * layout npm workspaces would give, without converting the repository:
 *
 * 1. one tsc emit (packages/tsconfig.build.json) of core, clients, the CLI, the conformance
 *    suite and the TypeChain types into a staging directory;
 * 2. every compiled module copied to its package (package-layout.ts) with its relative imports
 *    rewritten: within the package, to the module's new place; into another package, to that
 *    package's export (`../../core/index.js` → `@twinledger/core`), which must exist and be a
 *    declared dependency; into a module no package ships, an on-demand import only, to a stub
 *    saying it needs the repository;
 * 3. the Solidity sources and Hardhat's artifacts (ABI + bytecode) into @twinledger/contracts,
 *    the CommonJS chaincode build (what `npm run package:chaincode` packs) into @twinledger/chaincode;
 * 4. checks: every bare import is a declared dependency, declared versions are the ones the
 *    repository is tested with, no package holds tests, sources, .env files or keys.
 *
 * Needs `npm run -s build:contracts` first (artifacts/, typechain-types/).
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire, isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { compileChaincode, ROOT } from "./chaincode-package.js";
import {
  FORBIDDEN,
  GENERATED,
  HAND_WRITTEN,
  PACKAGE_DIRS,
  STAND_INS,
  placementOf,
  repositoryOnlyStub,
  stubPath,
  withTypeReferences,
  withoutLinesImporting,
  type PackageDir,
  type Placement,
} from "./package-layout.js";

const run = promisify(execFile);
export const PACKAGES_DIR = join(ROOT, "packages");

export interface Manifest {
  name: string;
  version: string;
  license?: string;
  exports?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

export interface BuiltPackage {
  dir: PackageDir;
  name: string;
  path: string;
  files: number;
  bytes: number;
}

type Outputs = Map<PackageDir, Map<string, string | Buffer>>;

/** import/export … from "x", import("x"), import "x" — in emitted JS and .d.ts. */
const SPECIFIER = /((?<![\w$."'])from\s*|(?<![\w$."'])import\s*\(\s*|(?<![\w$."'])import\s+)(["'])([^"'\s,][^"'\n]*)\2/g;
const isRelative = (specifier: string) => specifier.startsWith("./") || specifier.startsWith("../");

export async function buildPackages(log: (line: string) => void = console.log): Promise<BuiltPackage[]> {
  const root = (await readJson(join(ROOT, "package.json"))) as Manifest & { license: string };
  const manifests = {} as Record<PackageDir, Manifest>;
  for (const dir of PACKAGE_DIRS) manifests[dir] = (await readJson(join(PACKAGES_DIR, dir, "package.json"))) as Manifest;
  checkManifests(root, manifests);
  for (const needed of ["artifacts/contracts/AssetRegistry.sol/AssetRegistry.json", "typechain-types/index.ts"]) {
    if (!existsSync(join(ROOT, needed))) throw new Error(`${needed} is missing: run \`npm run -s build:contracts\` first`);
  }

  const outputs: Outputs = new Map(PACKAGE_DIRS.map((dir) => [dir, new Map()]));
  const add = (pkg: PackageDir, path: string, data: string | Buffer) => {
    if (outputs.get(pkg)!.has(path)) throw new Error(`two files for ${manifests[pkg].name}/${path}`);
    outputs.get(pkg)!.set(path, data);
  };
  const staging = await mkdtemp(join(tmpdir(), "twinledger-packages-"));
  try {
    await tsc(join(staging, "emit"));
    await placeCompiled(join(staging, "emit"), manifests, add);
    for (const { pkg, path, text } of GENERATED) add(pkg, path, text);
    await addContracts(add);
    const chaincode = await compileChaincode(join(staging, "chaincode"));
    for (const file of await listFiles(chaincode)) if (file.endsWith(".js")) add("chaincode", `dist/${file}`, await readFile(join(chaincode, file)));
    if (!outputs.get("chaincode")!.has("dist/chaincode/src/index.js")) throw new Error("the chaincode build has no chaincode/src/index.js");
  } finally {
    await rm(staging, { recursive: true, force: true });
  }

  checkOutputs(outputs, manifests);
  const built: BuiltPackage[] = [];
  for (const dir of PACKAGE_DIRS) {
    const path = join(PACKAGES_DIR, dir);
    await clean(path);
    let bytes = 0;
    for (const [file, data] of outputs.get(dir)!) {
      await mkdir(dirname(join(path, file)), { recursive: true });
      await writeFile(join(path, file), data);
      bytes += Buffer.byteLength(data);
    }
    built.push({ dir, name: manifests[dir].name, path, files: outputs.get(dir)!.size, bytes });
    log(`${manifests[dir].name.padEnd(24)} ${String(outputs.get(dir)!.size).padStart(4)} files  ${(bytes / 1024).toFixed(0).padStart(5)} KiB built`);
  }
  return built;
}

/** Removes a package directory's build output (everything but its hand-written files). */
export async function clean(path: string): Promise<void> {
  for (const entry of await readdir(path)) if (!HAND_WRITTEN.has(entry)) await rm(join(path, entry), { recursive: true, force: true });
}

async function tsc(outDir: string): Promise<void> {
  const tscBin = join(dirname(createRequire(join(ROOT, "package.json")).resolve("typescript/package.json")), "bin", "tsc");
  try {
    await run(process.execPath, [tscBin, "-p", join(PACKAGES_DIR, "tsconfig.build.json"), "--outDir", outDir], { cwd: ROOT, maxBuffer: 16 << 20 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the packages' sources do not compile (packages/tsconfig.build.json):\n${stdout ?? ""}${stderr ?? ""}`, { cause: error });
  }
}

/** Copies each compiled module (and its .d.ts) to its package, imports rewritten. */
async function placeCompiled(emit: string, manifests: Record<PackageDir, Manifest>, add: (pkg: PackageDir, path: string, data: string) => void) {
  const files = await listFiles(emit);
  const modules = new Set(files.filter((file) => file.endsWith(".js")));
  const stubs = new Map<string, PackageDir>();

  const rewrite = (text: string, from: string, place: Placement, declaration: boolean): string => {
    // TypeChain's index modules list the harness contracts no package ships: those lines go.
    if (from.startsWith("typechain-types/")) text = withoutLinesImporting(text, (s) => isRelative(s) && placementOf(posix.join(posix.dirname(from), s)) === undefined);
    return text.replace(SPECIFIER, (whole, lead: string, quote: string, specifier: string) => {
      if (!isRelative(specifier)) return whole;
      const target = posix.join(posix.dirname(from), specifier);
      if (!modules.has(target)) throw new Error(`${from} imports ${specifier}, which the emit does not contain`);
      let to = STAND_INS[place.pkg]?.[target] !== undefined ? { pkg: place.pkg, path: STAND_INS[place.pkg]![target] } : placementOf(target);
      if (to === undefined) {
        if (declaration || !lead.includes("(")) throw new Error(`${from} imports ${target}, which no package ships (scripts/packaging/package-layout.ts)`);
        stubs.set(`${place.pkg}\0${target}`, place.pkg);
        to = { pkg: place.pkg, path: stubPath(target) };
      }
      const rewritten = to.pkg === place.pkg ? relativeSpecifier(place.path, to.path) : packageSpecifier(manifests[to.pkg], to.path, manifests[place.pkg], from);
      return `${lead}${quote}${rewritten}${quote}`;
    });
  };

  for (const file of files) {
    const declaration = file.endsWith(".d.ts");
    if (!declaration && !file.endsWith(".js")) continue;
    const module = declaration ? `${file.slice(0, -".d.ts".length)}.js` : file;
    const place = placementOf(module);
    if (place === undefined) continue;
    const path = declaration ? `${place.path.slice(0, -".js".length)}.d.ts` : place.path;
    const text = rewrite(await readFile(join(emit, file), "utf8"), module, place, declaration);
    add(place.pkg, path, declaration ? withTypeReferences(text) : text);
  }
  for (const [key, pkg] of stubs) {
    const module = key.split("\0")[1];
    add(pkg, stubPath(module), repositoryOnlyStub(module));
  }
}

function relativeSpecifier(fromPath: string, toPath: string): string {
  const path = posix.relative(posix.dirname(fromPath), toPath);
  return path.startsWith("../") ? path : `./${path}`;
}

/** `@twinledger/x[/subpath]` for a file of package x, from its exports map (exact entries first). */
export function packageSpecifier(target: Manifest, path: string, importer: Manifest, from: string): string {
  if (importer.dependencies?.[target.name] === undefined && importer.peerDependencies?.[target.name] === undefined) {
    throw new Error(`${from} (in ${importer.name}) imports ${target.name}, which ${importer.name}'s package.json does not depend on`);
  }
  const file = `./${path}`;
  const entries = Object.entries(target.exports ?? {});
  const subpath = (key: string) => (key === "." ? target.name : `${target.name}/${key.slice(2)}`);
  const exact = entries.find(([, value]) => value === file);
  if (exact) return subpath(exact[0]);
  let best: { key: string; prefix: number } | undefined;
  for (const [key, value] of entries) {
    const star = typeof value === "string" ? value.indexOf("*") : -1; // condition objects: not used by these packages
    if (star === -1) continue;
    const [prefix, suffix] = [value.slice(0, star), value.slice(star + 1)];
    if (file.length > prefix.length + suffix.length && file.startsWith(prefix) && file.endsWith(suffix) && prefix.length > (best?.prefix ?? -1)) {
      best = { key: key.replace("*", file.slice(prefix.length, file.length - suffix.length)), prefix: prefix.length };
    }
  }
  if (best === undefined) throw new Error(`${from} imports ${target.name}'s ${path}, which its package.json "exports" does not export`);
  return subpath(best.key);
}

/** Solidity sources (not the test harnesses) and one artifact per contract: ABI and bytecode. */
async function addContracts(add: (pkg: PackageDir, path: string, data: string) => void) {
  const sources = join(ROOT, "contracts");
  for (const file of await listFiles(sources)) {
    if (file.endsWith(".sol") && !file.startsWith("test/")) add("contracts", file, await readFile(join(sources, file), "utf8"));
  }
  const artifacts = join(ROOT, "artifacts", "contracts");
  for (const file of await listFiles(artifacts)) {
    if (!file.endsWith(".json") || file.startsWith("test/")) continue;
    const artifact = (await readJson(join(artifacts, file))) as Record<string, unknown> & { contractName: string; sourceName: string };
    const { _format, contractName, sourceName, abi, bytecode, deployedBytecode, linkReferences, deployedLinkReferences } = artifact;
    const source = `@twinledger/contracts/${sourceName.replace(/^contracts\//, "")}`;
    const trimmed = { _format, contractName, sourceName: source, abi, bytecode, deployedBytecode, linkReferences, deployedLinkReferences };
    add("contracts", `artifacts/${contractName}.json`, `${JSON.stringify(trimmed, null, 2)}\n`);
  }
}

/** Versions: the root's; dependencies: at the versions the repository installs and tests. */
function checkManifests(root: Manifest & { license: string }, manifests: Record<PackageDir, Manifest>) {
  const problems: string[] = [];
  for (const dir of PACKAGE_DIRS) {
    const manifest = manifests[dir];
    const where = `packages/${dir}/package.json`;
    if (manifest.name !== `@twinledger/${dir}`) problems.push(`${where}: name must be @twinledger/${dir}`);
    if (manifest.version !== root.version) problems.push(`${where}: version ${manifest.version}, the repository's is ${root.version}`);
    if (manifest.license !== root.license) problems.push(`${where}: license must be ${root.license}`);
    for (const hook of ["preinstall", "install", "postinstall", "prepare"]) if (manifest.scripts?.[hook]) problems.push(`${where}: no ${hook} script`);
    for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      if (name === "node") problems.push(`${where}: the Node bootstrap (npm package "node") is the repository's, not a package's`);
      else if (name.startsWith("@twinledger/")) {
        if (range !== root.version) problems.push(`${where}: ${name} must be ${root.version}`);
      } else {
        const installed = installedVersion(name);
        if (range.replace(/^[\^~]/, "") !== installed) problems.push(`${where}: ${name}@${range}, but the repository tests with ${installed ?? "nothing (not installed)"}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`package manifests:\n  ${problems.join("\n  ")}`);
}

function installedVersion(name: string): string | undefined {
  const path = join(ROOT, "node_modules", name, "package.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version : undefined;
}

/** Nothing forbidden; every import resolves inside the package or to a declared dependency. */
function checkOutputs(outputs: Outputs, manifests: Record<PackageDir, Manifest>) {
  const problems: string[] = [];
  const SECRETS = [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, /test test test test test test test test test test test junk/, /ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80/i];
  for (const [dir, files] of outputs) {
    const manifest = manifests[dir];
    const declared = new Set([manifest.name, ...Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })]);
    for (const [path, data] of files) {
      if (FORBIDDEN.some((pattern) => pattern.test(path))) problems.push(`${manifest.name}: ${path} must not be in a package`);
      const text = data.toString();
      if (SECRETS.some((pattern) => pattern.test(text))) problems.push(`${manifest.name}: ${path} holds key material`);
      if (!path.endsWith(".js") && !path.endsWith(".d.ts")) continue;
      for (const [, , , specifier] of text.matchAll(SPECIFIER)) {
        if (isRelative(specifier)) {
          const target = posix.join(posix.dirname(path), specifier);
          if (!files.has(target) && !files.has(target.replace(/\.js$/, ".d.ts"))) problems.push(`${manifest.name}: ${path} imports ${specifier}, not in the package`);
        } else if (!isBuiltin(specifier)) {
          const name = specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
          if (!declared.has(name)) problems.push(`${manifest.name}: ${path} imports ${name}, not a declared dependency`);
        }
      }
    }
  }
  if (problems.length > 0) throw new Error(`package contents:\n  ${problems.join("\n  ")}`);
}

/** Files under a directory, relative, `/`-separated, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, "utf8"));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await buildPackages();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
