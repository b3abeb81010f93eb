import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { defineConfig, overrideTask } from "hardhat/config";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatEthersChaiMatchers from "@nomicfoundation/hardhat-ethers-chai-matchers";
import hardhatIgnitionEthers from "@nomicfoundation/hardhat-ignition-ethers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatTypechain from "@nomicfoundation/hardhat-typechain";

// Compile with the npm `solc` (solcjs), never a downloaded compiler: this must work offline.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;

const TESTS = "test";
/** Tests against real networks (a local node, a Fabric network): run only when named. */
const NETWORK_TESTS = join(TESTS, "network");

/** Every test file under `test/` except `test/network/`: what `hardhat test mocha` runs by default. */
function defaultTestFiles(dir = TESTS): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return relative(NETWORK_TESTS, path) === "" ? [] : defaultTestFiles(path);
    return /\.(ts|cts|mts|js|cjs|mjs)$/.test(entry.name) ? [path] : [];
  });
}

export default defineConfig({
  plugins: [hardhatEthers, hardhatEthersChaiMatchers, hardhatIgnitionEthers, hardhatMocha, hardhatNetworkHelpers, hardhatTypechain],
  solidity: {
    compilers: [{ version: solcVersion, path: require.resolve("solc/soljson.js"), settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "osaka" } }],
    overrides: {
      // The DID proof checks (P-256 with OpenZeppelin's fallback for chains without the
      // precompile) would take the registry past the 24,576-byte limit at 10,000 runs.
      "contracts/IdentifierRegistry.sol": {
        version: solcVersion,
        path: require.resolve("solc/soljson.js"),
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "osaka" },
      },
    },
  },
  networks: {
    // The local node of `npm run evm:up` (`hardhat node`, loopback only).
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
  },
  paths: {
    sources: "contracts",
    tests: { mocha: TESTS },
  },
  tasks: [
    // `hardhat test mocha` with no files runs everything but test/network/; files named
    // on the command line (e.g. `npm run test:network:evm`) run whatever they are.
    overrideTask(["test", "mocha"])
      .setInlineAction(async (args, _hre, runSuper) =>
        runSuper({ ...args, testFiles: (args.testFiles as string[]).length > 0 ? args.testFiles : defaultTestFiles() }),
      )
      .build(),
  ],
  typechain: { outDir: "typechain-types" },
  test: { mocha: { timeout: 60_000 } },
});
