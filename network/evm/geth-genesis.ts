/**
 * The genesis of the local geth chain: geth's own `--dev` genesis, pinned to Osaka and
 * funding the actor keys.
 *
 * Why not plain `--dev`: geth 1.17.10's dev chain config (params.AllDevChainProtocolChanges)
 * activates Shanghai … Osaka and also `bogotaTime: 0` (with Amsterdam left unset), and the
 * Bogota jump table is Amsterdam's: SLOTNUM, DUPN/SWAPN/EXCHANGE and the EIP-8037/8038 gas
 * repricing. The contracts are compiled for osaka and Hardhat runs osaka, so every fork
 * after Osaka is dropped here; `--override.*` flags cannot unset Bogota. A dev chain found
 * in the datadir is used as it is by `geth --dev` (it must be merged at genesis, which
 * geth's dev genesis is). Osaka itself is checked on the running node (see geth.ts).
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** Block gas limit; also geth's miner ceiling, so the limit never drifts. Osaka caps a tx at 2^24 anyway. */
export const GETH_BLOCK_GAS_LIMIT = 60_000_000;

/** Each actor's balance: plenty for any test run, far from overflowing anything. */
const ACTOR_BALANCE = 10n ** 24n;

/** The timestamp forks this chain runs; every other `…Time` in the config is dropped. */
const FORKS = ["shanghaiTime", "cancunTime", "pragueTime", "osakaTime"];
const BLOB_SCHEDULES = ["cancun", "prague", "osaka"];

interface Genesis {
  config: Record<string, unknown> & { blobSchedule?: Record<string, unknown> };
  gasLimit: string;
  alloc: Record<string, { balance: string }>;
}

/** Writes the genesis to `path` and initialises `datadir` with it. */
export async function initGethChain(geth: string, datadir: string, path: string, fundedAddresses: readonly string[]): Promise<void> {
  const { stdout } = await exec(geth, ["--dev", "dumpgenesis"], { maxBuffer: 16 << 20 });
  const genesis = JSON.parse(stdout) as Genesis;
  if (genesis.config.osakaTime !== 0) throw new Error(`geth's dev genesis is not on Osaka (osakaTime ${String(genesis.config.osakaTime)})`);
  for (const key of Object.keys(genesis.config)) if (key.endsWith("Time") && !FORKS.includes(key)) delete genesis.config[key];
  const schedules = genesis.config.blobSchedule ?? {};
  for (const fork of Object.keys(schedules)) if (!BLOB_SCHEDULES.includes(fork)) delete schedules[fork];

  genesis.gasLimit = `0x${GETH_BLOCK_GAS_LIMIT.toString(16)}`;
  for (const address of fundedAddresses) genesis.alloc[address.toLowerCase().replace(/^0x/, "")] = { balance: `0x${ACTOR_BALANCE.toString(16)}` };
  writeFileSync(path, `${JSON.stringify(genesis, null, 2)}\n`);

  try {
    await exec(geth, ["init", "--datadir", datadir, path], { maxBuffer: 16 << 20 });
  } catch (error) {
    throw new Error(`geth init failed: ${(error as { stderr?: string }).stderr?.trim().split("\n").slice(-5).join("\n") ?? String(error)}`);
  }
}
