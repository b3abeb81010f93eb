/**
 * Deploys the Twinledger contracts with Hardhat Ignition and writes the project's
 * deployment file, `deployments/<network>.json` (read by `readEvmDeployment`).
 *
 *   npm run deploy:evm                                  # network `localhost` (npm run evm:up)
 *   npm run deploy:evm -- --network <name> [--initial-admin 0x…] [--out file] [--reset]
 *
 * Ignition keeps its own journal in ignition/deployments/chain-<chainId>/ and does not
 * redeploy what it has deployed. A local dev chain (31337) forgets everything when the
 * node restarts; that stale journal is wiped automatically there, elsewhere only with --reset.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { listTransactions, type DeploymentParameters } from "@nomicfoundation/ignition-core";
import { HardhatArtifactResolver } from "@nomicfoundation/hardhat-ignition/helpers";
import hre from "hardhat";
import { runScript, parseCommandLine } from "./common/command-line.js";
import TwinledgerModule from "../ignition/modules/Twinledger.js";
import { parseEvmDeployment, TWINLEDGER_CONTRACTS, type EvmDeployment } from "../clients/evm/deployment.js";

const DEV_CHAIN_ID = 31337;
const MODULE_ID = "Twinledger";
const futureOf = (contract: string) => `${MODULE_ID}#${contract}`;

const USAGE = "npm run deploy:evm [-- --network <name>] [--initial-admin 0x…] [--out <file>] [--reset]";
const { values: options } = parseCommandLine("deploy:evm", USAGE, {
  options: {
    network: { type: "string", default: "localhost" },
    "initial-admin": { type: "string" },
    out: { type: "string" },
    reset: { type: "boolean", default: false },
  },
});
const networkName = options.network!;
const outFile = options.out ?? join("deployments", `${networkName}.json`);

await runScript("deploy:evm", async () => {
  const connection = await hre.network.create({ network: networkName });
  try {
    if (connection.networkConfig.type !== "http") {
      throw new Error(`network ${networkName} is ${connection.networkConfig.type}: deploy to a real node (e.g. \`npm run evm:up\`, network localhost)`);
    }
    const provider = connection.ethers.provider;
    const chainId = Number((await provider.getNetwork()).chainId);
    const deploymentDir = join(hre.config.paths.ignition, "deployments", `chain-${chainId}`);

    if (await journalIsStale(deploymentDir)) {
      if (!options.reset && chainId !== DEV_CHAIN_ID) {
        throw new Error(`${relative(process.cwd(), deploymentDir)} names contracts that chain ${chainId} does not have; rerun with --reset to deploy afresh`);
      }
      console.log(`chain ${chainId} does not have the contracts of ${relative(process.cwd(), deploymentDir)} (node restarted?): deploying afresh`);
      await rm(deploymentDir, { recursive: true, force: true });
    } else if (options.reset) {
      await rm(deploymentDir, { recursive: true, force: true });
    }

    const parameters: DeploymentParameters = options["initial-admin"] ? { [MODULE_ID]: { initialAdmin: options["initial-admin"] } } : {};
    await connection.ignition.deploy(TwinledgerModule, { parameters, displayUi: process.stdout.isTTY === true });

    // Addresses and deployment blocks of every contract of the set, from Ignition's records.
    const addresses = JSON.parse(await readFile(join(deploymentDir, "deployed_addresses.json"), "utf8")) as Record<string, string>;
    const transactions = await listTransactions(deploymentDir, new HardhatArtifactResolver(hre.artifacts));
    const blocks: number[] = [];
    for (const contract of TWINLEDGER_CONTRACTS) {
      const tx = transactions.find((t) => t.type === "DEPLOYMENT_EXECUTION_STATE" && t.address?.toLowerCase() === addresses[futureOf(contract)]?.toLowerCase());
      const receipt = tx && (await provider.getTransactionReceipt(tx.txHash));
      if (!receipt) throw new Error(`cannot find the deployment of ${futureOf(contract)} in ${deploymentDir}`);
      blocks.push(receipt.blockNumber);
    }
    const deployment: EvmDeployment = parseEvmDeployment(
      {
        chainId,
        fromBlock: Math.min(...blocks),
        contracts: Object.fromEntries(TWINLEDGER_CONTRACTS.map((contract) => [contract, addresses[futureOf(contract)]])),
      },
      "the Ignition deployment",
    );
    await mkdir(dirname(outFile), { recursive: true });
    await writeFile(outFile, `${JSON.stringify(deployment, null, 2)}\n`);
    console.log(`\nwrote ${outFile}: chain ${chainId}, from block ${deployment.fromBlock}`);
    for (const [name, address] of Object.entries(deployment.contracts)) console.log(`  ${name.padEnd(14)} ${address}`);

    /**
   * Ignition's record is not this chain's: an address it names has no code (a restarted dev
   * node), or has code but not from the recorded transaction (a restarted dev node that has
   * since deployed other contracts from the same account, at the same nonces).
   */
  async function journalIsStale(dir: string): Promise<boolean> {
    const file = join(dir, "deployed_addresses.json");
    if (!existsSync(file)) return false;
    const addresses = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
    const recorded = await listTransactions(dir, new HardhatArtifactResolver(hre.artifacts));
    for (const contract of TWINLEDGER_CONTRACTS) {
      const address = addresses[futureOf(contract)];
      if (!address) continue;
      if ((await provider.getCode(address)) === "0x") return true;
      const tx = recorded.find((t) => t.type === "DEPLOYMENT_EXECUTION_STATE" && t.address?.toLowerCase() === address.toLowerCase());
      if (!tx || (await provider.getTransactionReceipt(tx.txHash)) === null) return true;
    }
    return false;
  }
} finally {
    await connection.close();
  }
});
