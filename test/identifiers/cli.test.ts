import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function cli(...args: string[]) {
  const result = spawnSync("npx", ["tsx", "scripts/cli/main.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  const lines = result.stdout.trim().split("\n").filter((line) => line !== "");
  return { status: result.status, lines: lines.map((line) => JSON.parse(line) as Record<string, unknown>), stderr: result.stderr };
}

describe("identifiers: the id CLI (subprocess)", function () {
  this.timeout(120_000);

  it("id canonicalize prints one JSON line per valid input and exits 0", () => {
    const { status, lines } = cli("id", "canonicalize", "(01)09506000134352(21)ABC");
    expect(lines).to.deep.equal([
      {
        input: "(01)09506000134352(21)ABC",
        scheme: "gs1",
        canonical: "https://id.gs1.org/01/09506000134352/21/ABC",
        key: "0x6c1c2cd5015864a02a124896768261d797b94044372759a71a8754dfbfcf343e",
      },
    ]);
    expect(status).to.equal(0);
  });

  it("a rejected input is reported with its code and message, and the exit code is non-zero", () => {
    const { status, lines } = cli("id", "canonicalize", "hdl:88.118.8/ABC-001", "09506000134353");
    expect(lines).to.have.length(2);
    expect(lines[0]).to.include({ input: "hdl:88.118.8/ABC-001", scheme: "handle", canonical: "hdl:88.118.8/ABC-001" });
    expect(lines[1]).to.deep.equal({
      input: "09506000134353",
      error: { code: "IdentifierInvalid", message: "GTIN check digit is 3, expected 2" },
    });
    expect(status).to.not.equal(0);
  });
});
