/**
 * `npm run test:packages`: the npm packages (scripts/packaging/build-packages.ts) as another
 * project gets them — `npm pack`ed, installed from the tarballs into a scratch project by
 * the SYSTEM npm and Node (PATH without node_modules/.bin, so not the project's Node 22),
 * then used there with that Node. Under test/network/ because it needs the npm registry
 * (the packages' dependencies), and so that `npm test` leaves it out; it never skips.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { accessSync, constants, realpathSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join, sep } from "node:path";
import { buildPackages, PACKAGES_DIR } from "../../scripts/packaging/build-packages.js";
import { ROOT } from "../../scripts/packaging/chaincode-package.js";
import { FORBIDDEN, PACKAGE_DIRS } from "../../scripts/packaging/package-layout.js";

const VERSION = (JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** The environment outside `npm run`: no node_modules/.bin on PATH, no npm_* settings (npm_config_local_prefix would point the scratch npm at this repository), no loaders. */
const SYSTEM_ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_OPTIONS$|NODE$|INIT_CWD$|TSX_)/i.test(key))),
  PATH: (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => !dir.includes(`node_modules${sep}.bin`) && !dir.includes(`node_modules${sep}node${sep}bin`))
    .join(delimiter),
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command of the system PATH; never throws (the test asserts on the result). */
function system(command: string, args: string[], cwd: string, timeout = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: SYSTEM_ENV, timeout, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr: error !== null && code === -1 ? `${stderr}\n${error.message}` : stderr });
    });
  });
}

function onSystemPath(command: string): string {
  for (const dir of (SYSTEM_ENV.PATH ?? "").split(delimiter)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return realpathSync(join(dir, command));
    } catch {
      // not in this directory
    }
  }
  throw new Error(`no ${command} on the system PATH (${SYSTEM_ENV.PATH})`);
}

interface Packed {
  name: string;
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

describe("npm packages: pack, install from the tarballs, use them on the system Node", function () {
  this.timeout(INSTALL_TIMEOUT_MS + 5 * 60_000);
  let work: string;
  let scratch: string;
  const packed: Packed[] = [];

  /** Runs a module in the scratch project with the system Node; its last line of output is one JSON value. */
  async function inScratch(name: string, code: string): Promise<any> {
    await writeFile(join(scratch, name), code);
    const result = await system("node", [name], scratch);
    if (result.code !== 0) throw new Error(`node ${name} failed (exit ${result.code}):\n${result.stdout}${result.stderr}`);
    // Last line: fabric-contract-api logs to stdout as it loads.
    return JSON.parse(result.stdout.trim().split("\n").at(-1)!);
  }

  before(async function () {
    await buildPackages(() => {});
    work = await mkdtemp(join(tmpdir(), "twinledger-pack-install-"));
    scratch = join(work, "scratch");
    await mkdir(join(work, "tarballs"));
    await mkdir(scratch);

    for (const dir of PACKAGE_DIRS) {
      const result = await system("npm", ["pack", "--json", "--pack-destination", join(work, "tarballs")], join(PACKAGES_DIR, dir));
      if (result.code !== 0) throw new Error(`npm pack in packages/${dir} failed:\n${result.stdout}${result.stderr}`);
      packed.push(...(JSON.parse(result.stdout) as Packed[]));
    }
    console.log("      package                  tarball   unpacked  files");
    for (const { name, size, unpackedSize, entryCount } of packed) {
      console.log(`      ${name.padEnd(24)} ${(size / 1024).toFixed(0).padStart(5)} KiB ${(unpackedSize / 1024).toFixed(0).padStart(6)} KiB ${String(entryCount).padStart(6)}`);
    }

    await writeFile(join(scratch, "package.json"), `${JSON.stringify({ name: "scratch", private: true, type: "module" }, null, 2)}\n`);
    const tarballs = packed.map(({ filename }) => join(work, "tarballs", filename));
    const started = Date.now();
    const install = await system("npm", ["install", "--no-audit", "--no-fund", ...tarballs, "solc@0.8.37", "ethers@6.17.0"], scratch, INSTALL_TIMEOUT_MS);
    if (install.code !== 0) throw new Error(`npm install of the tarballs failed (exit ${install.code}):\n${install.stdout}${install.stderr}`);
    console.log(`      npm install (system npm): ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  after(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("runs on the system Node, not the project's", async () => {
    const node = onSystemPath("node");
    const version = await system("node", ["--version"], ROOT);
    console.log(`      system Node: ${node} ${version.stdout.trim()}`);
    expect(node.startsWith(join(ROOT, "node_modules"))).to.equal(false);
    expect(node).to.not.equal(realpathSync(process.execPath), "the project's Node runs this test; the system Node must be another");
  });

  it("packs no tests, sources, .env files, build-info, keys, install hooks or the Node bootstrap", async () => {
    expect(packed.map(({ name }) => name)).to.deep.equal(PACKAGE_DIRS.map((dir) => `@twinledger/${dir}`));
    for (const { name, files } of packed) {
      const forbidden = files.map(({ path }) => path).filter((path) => FORBIDDEN.some((pattern) => pattern.test(path)));
      expect(forbidden, name).to.deep.equal([]);
      const manifest = JSON.parse(await readFile(join(scratch, "node_modules", name, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
      expect(Object.keys(manifest.scripts ?? {}), name).to.not.include.members(["preinstall", "install", "postinstall", "prepare"]);
      expect(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }), name).to.not.include("node");
    }
  });

  it("@twinledger/core canonicalises an identifier", async () => {
    const result = await inScratch(
      "core.mjs",
      `import { canonicalize } from "@twinledger/core";
       console.log(JSON.stringify(canonicalize("(01)09506000134352(21)ABC")));`,
    );
    expect(result).to.include({ scheme: "gs1", canonical: "https://id.gs1.org/01/09506000134352/21/ABC" });
    expect(result.key).to.match(/^0x[0-9a-f]{64}$/);
  });

  it("@twinledger/client loads every entry: the ledger interface, EVM, EVM JSON-RPC, Fabric Gateway, events", async () => {
    const result = await inScratch(
      "client.mjs",
      `import { ACTOR_NAMES, IMPLEMENTED_OPERATIONS } from "@twinledger/client";
       import { createEvmLedger } from "@twinledger/client/evm";
       import { connectEvm, deployTwinledger } from "@twinledger/client/evm-rpc";
       import { connectFabricGateway } from "@twinledger/client/fabric-gateway";
       import { watchEvents } from "@twinledger/client/events";
       console.log(JSON.stringify({
         actors: ACTOR_NAMES, operations: IMPLEMENTED_OPERATIONS.length,
         functions: [createEvmLedger, connectEvm, deployTwinledger, connectFabricGateway, watchEvents].map((f) => typeof f),
       }));`,
    );
    expect(result.actors).to.include("admin");
    expect(result.operations).to.be.greaterThan(0);
    expect(result.functions).to.deep.equal(Array(5).fill("function"));
  });

  it(`\`npx twinledger --version\` prints ${VERSION}`, async () => {
    const result = await system("npx", ["--no-install", "twinledger", "--version"], scratch);
    expect(result, result.stderr).to.include({ code: 0 });
    expect(result.stdout.trim()).to.equal(VERSION);
  });

  it("`npx twinledger id canonicalize` runs the compiled command", async () => {
    const result = await system("npx", ["--no-install", "twinledger", "id", "canonicalize", "(01)09506000134352(21)ABC"], scratch);
    expect(result, result.stderr).to.include({ code: 0 });
    expect(JSON.parse(result.stdout)).to.include({ canonical: "https://id.gs1.org/01/09506000134352/21/ABC" });
  });

  it("`npx twinledger conformance --target embedded-evm` says that target needs the repository", async () => {
    const result = await system("npx", ["--no-install", "twinledger", "conformance", "--target", "embedded-evm"], scratch);
    expect(result.code).to.not.equal(0);
    expect(result.stdout + result.stderr).to.include("needs the Twinledger repository");
  });

  it("@twinledger/conformance exports the harness, the suites and the command", async () => {
    const result = await inScratch(
      "conformance.mjs",
      `import { runConformance, expectRejected, CONFORMANCE_SPECS } from "@twinledger/conformance";
       import { runConformanceCommand, CONFORMANCE_HELP } from "@twinledger/conformance/command";
       console.log(JSON.stringify({
         functions: [runConformance, expectRejected, runConformanceCommand].map((f) => typeof f),
         specs: Object.keys(CONFORMANCE_SPECS), help: CONFORMANCE_HELP.split("\\n")[0],
       }));`,
    );
    expect(result.functions).to.deep.equal(["function", "function", "function"]);
    expect(result.specs).to.include.members(["roles", "asset", "identifier", "certification", "receivable"]);
    expect(result.help).to.match(/^usage: twinledger conformance/);
  });

  it("`npx twinledger-conformance --help` prints the conformance command's usage", async () => {
    const result = await system("npx", ["--no-install", "twinledger-conformance", "--help"], scratch);
    expect(result, result.stderr).to.include({ code: 0 });
    expect(result.stdout).to.match(/^usage: twinledger conformance --target/);
  });

  it("solc compiles a contract importing an interface from @twinledger/contracts and OpenZeppelin through its dependency", async () => {
    const result = await inScratch(
      "solidity.mjs",
      `import { createRequire } from "node:module";
       import { readFileSync } from "node:fs";
       const require = createRequire(import.meta.url);
       const source = [
         "// SPDX-License-Identifier: Apache-2.0",
         "pragma solidity ^0.8.24;",
         'import {IAssetRegistry} from "@twinledger/contracts/interfaces/IAssetRegistry.sol";',
         'import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";',
         "contract Consumer is Ownable {",
         "  IAssetRegistry public immutable registry;",
         "  constructor(IAssetRegistry r) Ownable(msg.sender) { registry = r; }",
         "}",
       ].join("\\n");
       const input = { language: "Solidity", sources: { "Consumer.sol": { content: source } },
         settings: { evmVersion: "osaka", outputSelection: { "*": { "*": ["abi"] } } } };
       const resolved = {};
       const findImports = (path) => {
         try { resolved[path] = require.resolve(path); return { contents: readFileSync(resolved[path], "utf8") }; }
         catch (error) { return { error: error.message }; }
       };
       const output = JSON.parse(require("solc").compile(JSON.stringify(input), { import: findImports }));
       console.log(JSON.stringify({
         errors: (output.errors ?? []).filter((e) => e.severity === "error").map((e) => e.formattedMessage),
         contracts: Object.keys(output.contracts?.["Consumer.sol"] ?? {}), resolved,
       }));`,
    );
    expect(result.errors).to.deep.equal([]);
    expect(result.contracts).to.deep.equal(["Consumer"]);
    expect(result.resolved).to.include.keys("@twinledger/contracts/interfaces/IAssetRegistry.sol", "@openzeppelin/contracts/access/Ownable.sol");
    for (const path of Object.values(result.resolved) as string[]) expect(path.startsWith(join(scratch, "node_modules"))).to.equal(true, path);
  });

  it("an ABI from @twinledger/contracts makes an ethers Interface; the TypeChain factory carries the same ABI and the bytecode", async () => {
    const result = await inScratch(
      "abi.mjs",
      `import { createRequire } from "node:module";
       import { Interface } from "ethers";
       import { AssetRegistry__factory } from "@twinledger/contracts";
       const artifact = createRequire(import.meta.url)("@twinledger/contracts/artifacts/AssetRegistry.json");
       const iface = new Interface(artifact.abi);
       console.log(JSON.stringify({
         registerAsset: iface.getFunction("registerAsset")?.format(), events: iface.fragments.filter((f) => f.type === "event").length,
         sameAbi: JSON.stringify(AssetRegistry__factory.abi) === JSON.stringify(artifact.abi),
         bytecode: AssetRegistry__factory.bytecode === artifact.bytecode && artifact.bytecode.length > 2,
         sourceName: artifact.sourceName,
       }));`,
    );
    expect(result.registerAsset).to.match(/^registerAsset\(/);
    expect(result.events).to.be.greaterThan(0);
    expect(result).to.include({ sameAbi: true, bytecode: true, sourceName: "@twinledger/contracts/AssetRegistry.sol" });
  });

  it("a TypeScript consumer type-checks against the packages' .d.ts (no errors in its file or in @twinledger/*)", async () => {
    await writeFile(
      join(scratch, "consumer.ts"),
      `import { canonicalize, type LedgerEvent } from "@twinledger/core";
       import { LedgerError } from "@twinledger/core/spec/errors";
       import type { IndustrialLedger, LedgerTarget } from "@twinledger/client";
       import { createEvmLedger } from "@twinledger/client/evm";
       import { connectEvm } from "@twinledger/client/evm-rpc";
       import { connectFabricGateway } from "@twinledger/client/fabric-gateway";
       import { watchEvents } from "@twinledger/client/events";
       import { AssetRegistry__factory, type AssetRegistry } from "@twinledger/contracts";
       import { runConformance, CONFORMANCE_SPECS } from "@twinledger/conformance";
       export const used: unknown[] = [canonicalize, LedgerError, createEvmLedger, connectEvm, connectFabricGateway, watchEvents, AssetRegistry__factory, runConformance, CONFORMANCE_SPECS];
       export type Used = [LedgerEvent, IndustrialLedger, LedgerTarget, AssetRegistry];
       const key: string = canonicalize("urn:oid:1.3.6.1").key;
       export { key };
      `,
    );
    const options = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false, types: [] };
    await writeFile(join(scratch, "tsconfig.json"), JSON.stringify({ compilerOptions: options, files: ["consumer.ts"] }));
    // The repository's TypeScript, run by the system Node; other packages' own .d.ts problems (fabric-protos without google-protobuf types) are theirs.
    const result = await system("node", [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], scratch);
    expect(result.code === 0 || result.code === 2, `tsc did not run: exit ${result.code}\n${result.stderr}`).to.equal(true);
    const ours = result.stdout.split("\n").filter((line) => /^(consumer\.ts|node_modules\/@twinledger\/)/.test(line));
    expect(ours).to.deep.equal([]);
  });

  it("@twinledger/chaincode's main entry exports the five primitives' contracts and interop, and its start script is fabric-chaincode-node's", async () => {
    const result = await inScratch(
      "chaincode.mjs",
      `import { createRequire } from "node:module";
       const require = createRequire(import.meta.url);
       const { contracts } = require("@twinledger/chaincode");
       const manifest = require("@twinledger/chaincode/package.json");
       console.log(JSON.stringify({ contracts: contracts.map((c) => new c().getName()), start: manifest.scripts.start }));`,
    );
    expect(result.contracts).to.have.members(["roles", "asset", "identifier", "certification", "receivable", "interop"]);
    expect(result.start).to.equal("fabric-chaincode-node start");
  });
});
