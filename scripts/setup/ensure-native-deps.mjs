// npm running on an older system Node (20) silently skips optional native packages
// whose `engines` ask for Node 22 — notably Hardhat's simulator (@nomicfoundation/edr-*).
// The project ships its own Node 22 (the `node` devDependency), which npm scripts put
// first on PATH. If the simulator's native binding is missing, run npm once more under
// that Node so it installs what it skipped. Runs as the root `postinstall`.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function simulatorLoads() {
  try {
    require("@nomicfoundation/edr");
    return true;
  } catch {
    return false;
  }
}

if (process.env.TWINLEDGER_NATIVE_SETUP === "1" || simulatorLoads()) process.exit(0);

const [major] = process.versions.node.split(".").map(Number);
if (major < 22) {
  console.error(`twinledger: Node ${process.versions.node} on PATH; expected the project's Node 22 from node_modules/.bin`);
  process.exit(1);
}
console.log("twinledger: installing native packages that npm skipped under the system Node…");
execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund"], {
  stdio: "inherit",
  env: { ...process.env, TWINLEDGER_NATIVE_SETUP: "1" },
});
if (!simulatorLoads()) {
  console.error("twinledger: Hardhat's simulator (@nomicfoundation/edr) still does not load");
  process.exit(1);
}
