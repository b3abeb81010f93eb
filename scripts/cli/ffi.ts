/**
 * `twinledger ffi [--platform evm|fabric] [--out <dir>]`: the FireFly Interface (FFI)
 * documents of Twinledger (core/ffi), one per primitive and platform. Without --out, one
 * JSON document on stdout: the array of FFIs; with it, one file per FFI in <dir>
 * (`twinledger-asset.evm.json`, …) and the JSON array of the files written on stdout.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FFI_PLATFORMS, ffiJson, twinledgerFfis, type Abi, type FfiPlatform } from "../../core/ffi/index.js";
import type { Primitive } from "../../core/index.js";
import { IMPLEMENTED_PRIMITIVES } from "../../clients/ledger.js";
import { CliFailure, EXIT, UsageError, oneLine, writeOut } from "./common.js";

export const FFI_USAGE = `usage: twinledger ffi [--platform evm|fabric] [--out <dir>]

FireFly Interface (FFI) documents: one per primitive (twinledger-roles, twinledger-asset, …)
and platform, named twinledger-<primitive>, versioned as this package. POST each one to
FireFly's /api/v1/namespaces/<ns>/contracts/interfaces, then create a contract API on it at
the contract's address (EVM) or {channel, chaincode} (Fabric).

  --platform   evm: from the contracts' compiled ABIs; fabric: the chaincode's contracts.
               Default: both, EVM first.
  --out <dir>  write <name>.<platform>.json files into <dir> (created if missing) and print
               the JSON array of their paths; without it, print the JSON array of the FFIs.

Usage notes: core/ffi/README.md`;

interface FfiArgs {
  platforms: FfiPlatform[];
  out?: string;
  help: boolean;
}

const isPlatform = (value: string): value is FfiPlatform => (FFI_PLATFORMS as readonly string[]).includes(value);

function usage(problem: string): never {
  throw new UsageError(`ffi: ${problem}\n\n${FFI_USAGE}`);
}

function parseFfiArgs(args: readonly string[]): FfiArgs {
  const parsed: FfiArgs = { platforms: [...FFI_PLATFORMS], help: false };
  let platform: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--help" || arg === "-h") {
      parsed.help = true;
      continue;
    }
    const equals = arg.indexOf("=");
    const name = arg.startsWith("--") && equals > 0 ? arg.slice(0, equals) : arg;
    if (name !== "--platform" && name !== "--out") usage(arg.startsWith("-") ? `unknown option ${name}` : `unexpected argument ${JSON.stringify(arg)}`);
    const value = name === arg ? args[++i] : arg.slice(equals + 1);
    if (value === undefined || value === "") usage(`${name} needs a value`);
    if (name === "--platform") {
      if (platform !== undefined) usage("--platform given twice");
      if (!isPlatform(value)) usage(`--platform must be one of ${FFI_PLATFORMS.join(", ")}, got ${JSON.stringify(value)}`);
      platform = value;
      parsed.platforms = [value];
    } else {
      if (parsed.out !== undefined) usage("--out given twice");
      parsed.out = value;
    }
  }
  return parsed;
}

/** ../../package.json: the repository's from scripts/cli/, the client package's from dist/cli/ (as main.ts reads it). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

/** The ABIs TypeChain copied from the compiled artifacts (npm run -s build:contracts). */
async function contractAbis(): Promise<Record<Primitive, Abi>> {
  let factories: typeof import("../../typechain-types/index.js");
  try {
    factories = await import("../../typechain-types/index.js");
  } catch (error) {
    throw new CliFailure(`the contracts are not built (run: npm run -s build:contracts): ${oneLine(error)}`);
  }
  return {
    roles: factories.RoleRegistry__factory.abi,
    asset: factories.AssetRegistry__factory.abi,
    identifier: factories.IdentifierRegistry__factory.abi,
    certification: factories.CertificationRegistry__factory.abi,
    receivable: factories.ReceivableRegistry__factory.abi,
  };
}

export async function runFfiCommand(args: string[]): Promise<number> {
  const { platforms, out, help } = parseFfiArgs(args);
  if (help) {
    await writeOut(FFI_USAGE);
    return EXIT.ok;
  }
  let generated;
  try {
    generated = twinledgerFfis({
      version: packageVersion(),
      platforms,
      primitives: IMPLEMENTED_PRIMITIVES,
      abis: platforms.includes("evm") ? await contractAbis() : undefined,
    });
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    throw new CliFailure(error instanceof Error ? error.message.replace(/\n\s*/g, "; ") : String(error));
  }
  if (out === undefined) {
    await writeOut(ffiJson(generated.map((ffi) => ffi.document)));
    return EXIT.ok;
  }
  mkdirSync(out, { recursive: true });
  const files = generated.map(({ platform, document }) => {
    const file = join(out, `${document.name}.${platform}.json`);
    writeFileSync(file, ffiJson(document));
    return file;
  });
  await writeOut(JSON.stringify(files, null, 2));
  return EXIT.ok;
}
