/** A real network that cannot be found is skipped with its reason at a desk, and fails in CI. */
import { expect } from "chai";
import { skipOrFail, TargetUnavailable } from "./harness.js";

describe("conformance harness: an unavailable target", () => {
  const missing = new TargetUnavailable("no Fabric binaries or config: FABRIC_BIN_DIR=/x lacks peer");

  it("outside CI is a skip that says why", () => {
    expect(skipOrFail("fabric-network", missing, {})).to.equal("SKIPPED [fabric-network]: no Fabric binaries or config: FABRIC_BIN_DIR=/x lacks peer");
  });

  it("with CI=true is a failure naming the target and the reason", () => {
    expect(() => skipOrFail("fabric-network", missing, { CI: "true" })).to.throw(
      "[fabric-network] cannot run, and CI=true forbids skipping it: no Fabric binaries or config: FABRIC_BIN_DIR=/x lacks peer",
    );
  });
});
