/**
 * The anchors of `npm run bench` (scripts/bench/anchors/measure.ts): what a user would deploy
 * instead of Twinledger — OpenZeppelin's ERC721 and ERC721URIStorage, the Ethereum Attestation
 * Service and OpenZeppelin's P256 — compiled here from their npm packages, in the same run,
 * with the same optimizer settings as our contracts. A config of its own, so that the
 * project's build and tests never compile them.
 *
 *   npx hardhat --config scripts/bench/anchors/hardhat.config.ts run scripts/bench/anchors/measure.ts
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "hardhat/config";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";

// npm `solc` builds, never a download: the project's compiler for OpenZeppelin, and the
// 0.8.29 that EAS's sources pin (`pragma solidity 0.8.29`), from npm `solc@0.8.29`.
const require = createRequire(import.meta.url);
// Hardhat takes the project root for relative paths: everything of the anchors stays in this folder.
const here = dirname(fileURLToPath(import.meta.url));
const projectSolc = { version: require("solc/package.json").version as string, path: require.resolve("solc/soljson.js") };
const easSolc = { version: require("solc-0.8.29/package.json").version as string, path: require.resolve("solc-0.8.29/soljson.js") };
// As hardhat.config.ts builds our registries; 0.8.29 knows no osaka, and nothing EAS does differs on prague.
const optimizer = { enabled: true, runs: 10_000 };

export default defineConfig({
  plugins: [hardhatEthers],
  solidity: {
    // EAS's own sources as they are, from its npm package (not a copy, not its prebuilt artifacts).
    npmFilesToBuild: ["@ethereum-attestation-service/eas-contracts/contracts/EAS.sol", "@ethereum-attestation-service/eas-contracts/contracts/SchemaRegistry.sol"],
    compilers: [
      { ...projectSolc, settings: { optimizer, evmVersion: "osaka" } },
      { ...easSolc, settings: { optimizer, evmVersion: "prague" } },
    ],
  },
  networks: {
    default: { type: "edr-simulated", chainType: "l1", hardfork: "osaka" },
  },
  paths: { sources: join(here, "contracts"), tests: { solidity: join(here, "no-solidity-tests") }, artifacts: join(here, "artifacts"), cache: join(here, "cache") },
});
