/**
 * The conformance targets for any EVM node over JSON-RPC, one client per actor key:
 * `createEvmRpcTarget` deploys fresh contracts with the admin key for every test (the
 * suite wants an empty ledger per test); `createEvmSharedTarget` hands out an existing
 * deployment, the same for every test.
 */
import { Wallet, type JsonRpcProvider } from "ethers";
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

export interface EvmSharedTargetParams extends EvmRpcTargetParams {
  /** The existing contracts (a profile's deployment file): nothing is deployed. */
  deployment: EvmDeployment;
}

export async function createEvmRpcTarget({ rpcUrl, privateKeys, name = "evm-rpc", ...options }: EvmRpcTargetParams): Promise<LedgerTarget> {
  requireActorKeys("createEvmRpcTarget", privateKeys);
  const probe = createEvmRpcProvider(rpcUrl, 1, options);
  const chainId = Number(await probe.send("eth_chainId", []));
  probe.destroy();
  const provider = createEvmRpcProvider(rpcUrl, chainId, options);
  const deployer = new Wallet(privateKeys[0], provider);
  return {
    name,
    async deploy() {
      return actorLedgers({ ...options, rpcUrl, privateKeys }, await deployTwinledger(deployer, deployer.address), provider);
    },
    ...nodeTime(provider),
  };
}

/**
 * An existing deployment as a SHARED conformance target: the same six actors for every
 * test (the suite namespaces what each test writes); the first key must hold ADMIN.
 */
export async function createEvmSharedTarget({ rpcUrl, privateKeys, deployment, name = "evm-shared", ...options }: EvmSharedTargetParams): Promise<LedgerTarget> {
  requireActorKeys("createEvmSharedTarget", privateKeys);
  const provider = createEvmRpcProvider(rpcUrl, deployment.chainId, options);
  const chainId = Number(await provider.send("eth_chainId", []));
  if (chainId !== deployment.chainId) {
    provider.destroy();
    throw new Error(`the node at ${rpcUrl} is chain ${chainId}, the deployment's is ${deployment.chainId}`);
  }
  const ledgers = actorLedgers({ ...options, rpcUrl, privateKeys }, deployment, provider);
  return { name, shared: true, deploy: async () => ledgers, ...nodeTime(provider) };
}

function requireActorKeys(caller: string, privateKeys: readonly string[]): void {
  if (privateKeys.length < ACTOR_NAMES.length) {
    throw new Error(`${caller} needs ${ACTOR_NAMES.length} private keys (${ACTOR_NAMES.join(", ")}), got ${privateKeys.length}`);
  }
}

function actorLedgers({ privateKeys, ...options }: EvmRpcTargetParams, deployment: EvmDeployment, provider: JsonRpcProvider): ActorLedgers {
  const ledgers = ACTOR_NAMES.map((actor, index) => [actor, connectEvm({ ...options, deployment, privateKey: privateKeys[index], provider })] as const);
  return Object.fromEntries(ledgers) as unknown as ActorLedgers;
}

/** What both targets answer from the node: its time, its height, and closing the provider. */
function nodeTime(provider: JsonRpcProvider): Pick<LedgerTarget, "ledgerTime" | "height" | "close"> {
  return {
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
