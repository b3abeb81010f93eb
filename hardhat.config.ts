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

/**
 * The EVM the contracts are built for, and the fork the in-process network runs: osaka by
 * default; `TWINLEDGER_EVM_VERSION=london` builds for the oldest fork we support (README,
 * "EVM versions"). One variable for both, so a build is always tested on its own fork.
 */
export const EVM_VERSION = evmVersionFromEnvironment();

const TESTS = "test";
/** Tests against real networks (a local node, a Fabric network): run only when named. */
const NETWORK_TESTS = join(TESTS, "network");
/**
 * Solidity fuzz and invariant tests (`hardhat test solidity`): every `.sol` here is test-only.
 * They use `mcopy` (OpenZeppelin's Strings) and the P-256 precompile, so only an osaka build
 * compiles them; an older fork's build (`TWINLEDGER_EVM_VERSION=london`) names a folder that does
 * not exist and leaves them out.
 */
const SOLIDITY_TESTS = EVM_VERSION === "osaka" ? join(TESTS, "solidity") : join(TESTS, "solidity-osaka-only");

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
    compilers: [{ version: solcVersion, path: require.resolve("solc/soljson.js"), settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: EVM_VERSION } }],
    overrides: {
      // The DID proof checks (P-256 with OpenZeppelin's fallback for chains without the
      // precompile) would take the registry past the 24,576-byte limit at 10,000 runs.
      "contracts/IdentifierRegistry.sol": {
        version: solcVersion,
        path: require.resolve("solc/soljson.js"),
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: EVM_VERSION },
      },
      // The same registry with the import of Fabric bindings: the same limit, the same setting.
      "contracts/interop/FabricIdentifierRegistry.sol": {
        version: solcVersion,
        path: require.resolve("solc/soljson.js"),
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: EVM_VERSION },
      },
    },
  },
  networks: {
    // The in-process EVM (tests, npm start, the gas bench) on the fork the contracts are built for.
    default: { type: "edr-simulated", chainType: "l1", hardfork: EVM_VERSION },
    // The local node of `npm run evm:up` (`hardhat node`, loopback only).
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
  },
  paths: {
    sources: "contracts",
    tests: { mocha: TESTS, solidity: SOLIDITY_TESTS },
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
  test: {
    mocha: { timeout: 60_000 },
    // `hardhat test solidity` (test/solidity/README.md). The fuzz seed is Hardhat's fixed
    // default, so every run replays the same inputs; `--test-profile deep` runs about ten times
    // as many. The handlers catch every registry revert themselves: one that reverts is a bug.
    solidity: {
      profiles: {
        default: { fuzz: { runs: 1_024 }, invariant: { runs: 128, depth: 100, failOnRevert: true } },
        deep: { fuzz: { runs: 10_240 }, invariant: { runs: 512, depth: 250, failOnRevert: true } },
      },
    },
  },
});

/** The EVM versions the build and the tests support, oldest first (README, "EVM versions"). */
function evmVersionFromEnvironment(): string {
  const supported = ["london", "shanghai", "cancun", "prague", "osaka"];
  const chosen = process.env.TWINLEDGER_EVM_VERSION || "osaka";
  if (!supported.includes(chosen)) {
    throw new Error(`TWINLEDGER_EVM_VERSION=${chosen}: the contracts are built for one of ${supported.join(", ")}`);
  }
  return chosen;
}
