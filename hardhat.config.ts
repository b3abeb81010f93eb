import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatEthersChaiMatchers from "@nomicfoundation/hardhat-ethers-chai-matchers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatTypechain from "@nomicfoundation/hardhat-typechain";

// Compile with the npm `solc` (solcjs), never a downloaded compiler: this must work offline.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;

export default defineConfig({
  plugins: [hardhatEthers, hardhatEthersChaiMatchers, hardhatMocha, hardhatNetworkHelpers, hardhatTypechain],
  solidity: {
    version: solcVersion,
    path: require.resolve("solc/soljson.js"),
    settings: {
      optimizer: { enabled: true, runs: 10_000 },
      evmVersion: "osaka",
    },
  },
  paths: {
    sources: "contracts",
    tests: { mocha: "test" },
  },
  typechain: { outDir: "typechain-types" },
  test: { mocha: { timeout: 60_000 } },
});
