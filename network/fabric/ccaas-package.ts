/**
 * The chaincode-as-a-service package: metadata.json {type:"ccaas",label} and code.tar.gz
 * holding connection.json. Built byte-for-byte reproducibly (sorted, mtime 0, no owners,
 * gzip -n), so the package id — label:sha256(package) — is stable across runs.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHAINCODE_LABEL, HOST, PORTS, WORK_DIR } from "./constants.js";
import { run } from "./run.js";

export const PACKAGE_PATH = join(WORK_DIR, "chaincode", `${CHAINCODE_LABEL}.tar.gz`);

async function reproducibleTarGz(sourceDir: string, entries: string[], target: string): Promise<void> {
  const tarPath = target.replace(/\.gz$/, "");
  await run("tar", [
    "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "--format=gnu",
    "-C", sourceDir, "-cf", tarPath, ...entries,
  ]);
  rmSync(target, { force: true });
  await run("gzip", ["-n", "-9", tarPath]);
}

/** Which chaincode server a package points the peers at; the default is the Twinledger chaincode. */
export interface CcaasPackageOptions {
  label: string;
  port: number;
  path: string;
}

const TWINLEDGER_PACKAGE: CcaasPackageOptions = { label: CHAINCODE_LABEL, port: PORTS.chaincodeServer, path: PACKAGE_PATH };

/** Writes the package (if its content changed) and returns its path and package id. */
export async function buildCcaasPackage(options: CcaasPackageOptions = TWINLEDGER_PACKAGE): Promise<{ path: string; packageId: string }> {
  const { label, port, path } = options;
  const stage = join(WORK_DIR, "chaincode", `stage-${label}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, "code"), { recursive: true });
  mkdirSync(join(stage, "pkg"), { recursive: true });
  const connection = { address: `${HOST}:${port}`, dial_timeout: "10s", tls_required: false };
  writeFileSync(join(stage, "code", "connection.json"), JSON.stringify(connection, null, 2) + "\n");
  await reproducibleTarGz(join(stage, "code"), ["connection.json"], join(stage, "pkg", "code.tar.gz"));
  writeFileSync(join(stage, "pkg", "metadata.json"), JSON.stringify({ type: "ccaas", label }) + "\n");
  await reproducibleTarGz(join(stage, "pkg"), ["code.tar.gz", "metadata.json"], path);
  rmSync(stage, { recursive: true, force: true });
  return { path, packageId: packageIdOf(path, label) };
}

/** What the peer computes on install: `<label>:<hex sha256 of the package bytes>`. */
export function packageIdOf(path: string, label: string = CHAINCODE_LABEL): string {
  return `${label}:${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
}
