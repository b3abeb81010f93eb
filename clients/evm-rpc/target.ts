/**
 * The conformance target for any EVM node over JSON-RPC: every `deploy()` deploys a fresh
 * RoleRegistry(admin) + AssetRegistry with the admin key (the suite wants an empty ledger
 * per test) and hands out one client per actor key.
 */
import { Wallet } from "ethers";
import { ACTOR_NAMES, type ActorLedgers, type LedgerTarget } from "../ledger.js";
import { connectEvm, createEvmRpcProvider, type EvmRpcOptions } from "./ledger.js";
import { deployTwinledger } from "../evm/deploy.js";
import type { EvmDeployment } from "../evm/deployment.js";

export interface EvmRpcTargetParams extends EvmRpcOptions {
  rpcUrl: string;
  /** Six funded keys, in actor order: admin, alice, bob, carol, accreditor, financier. */
  privateKeys: readonly string[];
  /** Target name in test titles; default "evm-rpc". */
  name?: string;
}

export async function createEvmRpcTarget({ rpcUrl, privateKeys, name = "evm-rpc", ...options }: EvmRpcTargetParams): Promise<LedgerTarget> {
  if (privateKeys.length < ACTOR_NAMES.length) {
    throw new Error(`createEvmRpcTarget needs ${ACTOR_NAMES.length} private keys (${ACTOR_NAMES.join(", ")}), got ${privateKeys.length}`);
  }
  const probe = createEvmRpcProvider(rpcUrl, 1, options);
  const chainId = Number(await probe.send("eth_chainId", []));
  probe.destroy();
  const provider = createEvmRpcProvider(rpcUrl, chainId, options);
  const deployer = new Wallet(privateKeys[0], provider);

  return {
    name,
    async deploy(): Promise<ActorLedgers> {
      const deployment = await deployTwinledger(deployer, deployer.address);
      const ledgers = ACTOR_NAMES.map((actor, index) => [actor, connectEvm({ ...options, rpcUrl, deployment, privateKey: privateKeys[index], provider })] as const);
      return Object.fromEntries(ledgers) as unknown as ActorLedgers;
    },
    // A node gives each block a time after its parent's: many blocks a second run ahead of the wall clock.
    async ledgerTime() {
      const latest = await provider.getBlock("latest");
      return Math.max((latest?.timestamp ?? 0) + 1, Math.floor(Date.now() / 1000));
    },
    async height() {
      return (await provider.getBlockNumber()) + 1;
    },
    async close() {
      provider.destroy();
    },
  };
}

export interface EvmSharedTargetParams extends EvmRpcTargetParams {
  /** The existing contracts (a profile's deployment file): nothing is deployed. */
  deployment: EvmDeployment;
}

/**
 * An existing deployment as a SHARED conformance target: the same six actors for every
 * test (the suite namespaces what each test writes); the first key must hold ADMIN.
 */
export async function createEvmSharedTarget({ rpcUrl, privateKeys, deployment, name = "evm-shared", ...options }: EvmSharedTargetParams): Promise<LedgerTarget> {
  if (privateKeys.length < ACTOR_NAMES.length) {
    throw new Error(`createEvmSharedTarget needs ${ACTOR_NAMES.length} private keys (${ACTOR_NAMES.join(", ")}), got ${privateKeys.length}`);
  }
  const provider = createEvmRpcProvider(rpcUrl, deployment.chainId, options);
  const chainId = Number(await provider.send("eth_chainId", []));
  if (chainId !== deployment.chainId) {
    provider.destroy();
    throw new Error(`the node at ${rpcUrl} is chain ${chainId}, the deployment's is ${deployment.chainId}`);
  }
  const ledgers = Object.fromEntries(
    ACTOR_NAMES.map((actor, index) => [actor, connectEvm({ ...options, rpcUrl, deployment, privateKey: privateKeys[index], provider })]),
  ) as unknown as ActorLedgers;
  return {
    name,
    shared: true,
    deploy: async () => ledgers,
    height: async () => (await provider.getBlockNumber()) + 1,
    async ledgerTime() {
      const latest = await provider.getBlock("latest");
      return Math.max((latest?.timestamp ?? 0) + 1, Math.floor(Date.now() / 1000));
    },
    async close() {
      provider.destroy();
    },
  };
}
