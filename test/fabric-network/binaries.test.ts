/**
 * Which Fabric the network scripts run: FABRIC_BIN_DIR first, then a `peer` on PATH, each
 * checked for all five tools and for `peer version` ≥ 2.5 — on stand-in binaries that
 * print what a Fabric release prints.
 */
import { expect } from "chai";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinaries } from "../../network/fabric/binaries.js";
import { FABRIC_TOOLS } from "../../network/fabric/constants.js";
import { StepError } from "../../network/fabric/run.js";

function fakeRelease(root: string, version: string, tools: readonly string[] = FABRIC_TOOLS): string {
  const bin = join(root, "bin");
  mkdirSync(bin, { recursive: true });
  for (const tool of tools) {
    const script = tool === "peer" ? `#!/bin/sh\nprintf 'peer:\\n Version: ${version}\\n Commit SHA: abc1234\\n'\n` : "#!/bin/sh\nexit 0\n";
    writeFileSync(join(bin, tool), script);
    chmodSync(join(bin, tool), 0o755);
  }
  return bin;
}

async function rejection(call: Promise<unknown>): Promise<StepError> {
  try {
    await call;
  } catch (error) {
    expect(error).to.be.instanceOf(StepError);
    return error as StepError;
  }
  throw new Error("expected a rejection");
}

describe("network/fabric binaries", () => {
  let dir: string;
  const saved = { FABRIC_BIN_DIR: process.env.FABRIC_BIN_DIR, PATH: process.env.PATH };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "twinledger-fabric-bin-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  const quiet = () => {};

  it("FABRIC_BIN_DIR without the tools fails naming every missing one", async () => {
    process.env.FABRIC_BIN_DIR = fakeRelease(dir, "3.1.5", ["peer", "orderer"]);
    const error = await rejection(ensureBinaries(quiet));
    expect(error.step).to.equal("binaries");
    expect(error.message).to.include(`FABRIC_BIN_DIR=${process.env.FABRIC_BIN_DIR} lacks osnadmin, configtxgen, cryptogen`);
  });

  it("a release older than 2.5 is refused with the version it reports", async () => {
    process.env.FABRIC_BIN_DIR = fakeRelease(dir, "2.4.9");
    const error = await rejection(ensureBinaries(quiet));
    expect(error.message).to.include("Fabric 2.4.9").and.include("older than 2.5");
  });

  it("FABRIC_BIN_DIR with Fabric 3.1.5 is used and its version and commit are logged", async () => {
    process.env.FABRIC_BIN_DIR = fakeRelease(dir, "3.1.5");
    const lines: string[] = [];
    const found = await ensureBinaries((line) => lines.push(line));
    expect(found).to.deep.include({ binDir: process.env.FABRIC_BIN_DIR, source: "FABRIC_BIN_DIR", version: "3.1.5", commit: "abc1234" });
    expect(lines).to.deep.equal([`Fabric 3.1.5 (commit abc1234) from FABRIC_BIN_DIR: ${process.env.FABRIC_BIN_DIR}`]);
  });

  it("without FABRIC_BIN_DIR, a release whose peer is on PATH is used", async () => {
    delete process.env.FABRIC_BIN_DIR;
    const bin = fakeRelease(dir, "2.5.12");
    process.env.PATH = `${bin}:${saved.PATH}`;
    const found = await ensureBinaries(quiet);
    expect(found).to.deep.include({ binDir: bin, source: "PATH", version: "2.5.12" });
  });
});
