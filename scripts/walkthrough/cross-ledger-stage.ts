/**
 * The two ledgers of the cross-ledger story, side by side in one process: the embedded Fabric
 * channel of two organisations (after the walkthrough) and a Hardhat EVM chain carrying the
 * Twinledger contracts, with FabricReceivableRegistry as its receivables registry, the
 * consortium registered in FabricMembership, and a FabricCertificateCheck. Each organisation
 * also holds a checkpoint key for the committee that tells Fabric what the EVM chain's state is.
 */
import { p256 } from "@noble/curves/p256";
import { network } from "hardhat";
import type { Signer } from "ethers";
import type { EvmCommittee } from "../../core/interop/evm-checkpoint.js";
import { deployTwinledger, connectTwinledger } from "../../clients/evm/deploy.js";
import { deployFabricInterop, registerConsortium, type ConsortiumMember, type FabricInterop } from "../../clients/evm/interop.js";
import { createEvmLedger } from "../../clients/evm/ledger.js";
import { minedReceipt } from "../../clients/evm/receipts.js";
import { serializeIdentity, type EmbeddedFabric } from "../../clients/fabric-embedded/sim/index.js";
import type { EmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import { embeddedLockClient, type FabricLockClient } from "../../clients/interop/fabric-lock.js";
import { ACTOR_NAMES, type ActorLedgers, type ActorName } from "../../clients/ledger.js";
import {
  FabricCertificateCheck__factory,
  FabricReceivableRegistry__factory,
  type FabricCertificateCheck,
  type FabricReceivableRegistry,
} from "../../typechain-types/index.js";

/** The embedded channel and chaincode; a real network names its own. */
export const EMBEDDED_CHANNEL = { channel: "mychannel", chaincode: "twinledger" };

/** The Fabric channel as the story uses it: the actors' ledgers, their lock clients, the client clock. */
export interface FabricStageSide {
  ledgers: ActorLedgers;
  lock(actor: ActorName): FabricLockClient;
  /** Unix seconds the next transaction will carry. */
  now(): number;
}

export interface CrossLedgerStage {
  fabric: FabricStageSide;
  evm: {
    chainId: bigint;
    provider: Signer["provider"] & object;
    signers: Signer[];
    ledgers: ActorLedgers;
    interop: FabricInterop;
    registry: FabricReceivableRegistry;
    certificateCheck: FabricCertificateCheck;
    /** Moves the chain's clock on (and mines a block). */
    advanceTime(seconds: number): Promise<void>;
    now(): Promise<bigint>;
  };
  committee: { committee: EvmCommittee; keys: { mspId: string; privateKey: Uint8Array }[] };
  close(): Promise<void>;
}

/** The embedded channel after `target` deployed `ledgers` (its endorsing peers on). */
export function embeddedFabricSide(target: EmbeddedFabricTarget, ledgers: ActorLedgers): FabricStageSide {
  const peer: EmbeddedFabric = target.fabricOf(ledgers);
  return { ledgers, lock: (actor) => embeddedLockClient(peer, target.identities[actor]), now: () => peer.now };
}

/** The embedded channel's organisations and peers, as the EVM membership registers them. */
export function embeddedConsortium(target: EmbeddedFabricTarget): ConsortiumMember[] {
  return target.organizations.map(({ mspId, caCertificatePem }) => ({
    mspId,
    caCertificatePem,
    peers: target.peers.filter((identity) => identity.mspId === mspId).map((identity) => serializeIdentity(identity)),
  }));
}

/** Builds the EVM side beside a Fabric channel whose organisations and peers are `consortium`. */
export async function createCrossLedgerStage(
  fabric: FabricStageSide,
  consortium: ConsortiumMember[],
  { channel, chaincode } = EMBEDDED_CHANNEL,
): Promise<CrossLedgerStage> {
  const connection = await network.create();
  const provider = connection.ethers.provider;
  const signers: Signer[] = await connection.ethers.getSigners();
  const [deployer] = signers;
  const deployerAddress = await deployer.getAddress();
  const deployment = await deployTwinledger(deployer, deployerAddress);
  const { RoleRegistry, AssetRegistry, CertificationRegistry } = deployment.contracts;
  const interop = await deployFabricInterop(deployer, RoleRegistry, { channel, chaincode, nonceLifetime: 600n });
  await registerConsortium(interop.membership, consortium);
  const verifierAddress = await interop.verifier.getAddress();
  const registry = await new FabricReceivableRegistry__factory(deployer).deploy(RoleRegistry, AssetRegistry, CertificationRegistry, verifierAddress);
  await minedReceipt(provider, registry.deploymentTransaction()!.hash);
  const certificateCheck = await new FabricCertificateCheck__factory(deployer).deploy(verifierAddress);
  await minedReceipt(provider, certificateCheck.deploymentTransaction()!.hash);

  // The actors' EVM ledgers speak to the Fabric-linked registry: the same client, one more rule.
  const linked = { ...deployment, contracts: { ...deployment.contracts, ReceivableRegistry: await registry.getAddress() } };
  const ledgers = Object.fromEntries(
    await Promise.all(ACTOR_NAMES.map(async (actor, index) => [actor, createEvmLedger(connectTwinledger(linked, signers[index]), await signers[index].getAddress())] as const)),
  ) as unknown as ActorLedgers;

  const keys = consortium.map(({ mspId }) => ({ mspId, privateKey: p256.utils.randomPrivateKey() }));
  const committee: EvmCommittee = {
    members: keys.map(({ mspId, privateKey }) => ({ mspId, publicKey: `0x${Buffer.from(p256.getPublicKey(privateKey, false)).toString("hex")}` })),
    quorum: keys.length,
  };

  return {
    fabric,
    evm: {
      chainId: BigInt(deployment.chainId),
      provider,
      signers,
      ledgers,
      interop,
      registry,
      certificateCheck,
      async advanceTime(seconds) {
        await provider.send("evm_increaseTime", [seconds]);
        await provider.send("evm_mine", []);
      },
      async now() {
        return BigInt((await provider.getBlock("latest"))!.timestamp);
      },
    },
    committee: { committee, keys },
    close: () => connection.close(),
  };
}
