/**
 * The deployment file `scripts/deploy-evm.ts` writes, `deployments/<network>.json`:
 * where the Twinledger contracts live on one chain, and from which block their events start.
 */
import { readFile } from "node:fs/promises";
import { isAddress, getAddress } from "ethers";

/** The contracts of a Twinledger deployment, by name, in deployment order (see contracts.ts). */
export const TWINLEDGER_CONTRACTS = ["RoleRegistry", "AssetRegistry", "IdentifierRegistry", "CertificationRegistry", "ReceivableRegistry"] as const;
export type TwinledgerContractName = (typeof TWINLEDGER_CONTRACTS)[number];

export interface EvmDeployment {
  chainId: number;
  /** Block of the first contract's deployment: event queries start here. */
  fromBlock: number;
  /** Address of every contract of the set, by contract name. */
  contracts: Record<TwinledgerContractName, string>;
}

/** Checks a parsed deployment file; addresses come back checksummed. */
export function parseEvmDeployment(value: unknown, source = "deployment"): EvmDeployment {
  const fail = (why: string): never => {
    throw new Error(`${source}: ${why}`);
  };
  if (!value || typeof value !== "object") fail("not a JSON object");
  const { chainId, fromBlock, contracts } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(chainId) || (chainId as number) <= 0) fail("chainId must be a positive integer");
  if (!Number.isSafeInteger(fromBlock) || (fromBlock as number) < 0) fail("fromBlock must be a non-negative integer");
  if (!contracts || typeof contracts !== "object") fail("contracts must be an object");
  const addresses = contracts as Record<string, unknown>;
  const checked = Object.fromEntries(
    TWINLEDGER_CONTRACTS.map((name) => {
      const address = addresses[name];
      if (typeof address !== "string" || !isAddress(address)) fail(`contracts.${name} must be an address`);
      return [name, getAddress(address as string)];
    }),
  ) as EvmDeployment["contracts"];
  return { chainId: chainId as number, fromBlock: fromBlock as number, contracts: checked };
}

export async function readEvmDeployment(path: string): Promise<EvmDeployment> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read the EVM deployment file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseEvmDeployment(JSON.parse(text), path);
}
