/**
 * One EVM chain of the cross-ledger suite: a RoleRegistry, FabricMembership and
 * FabricFactVerifier deployed there, the local network's consortium registered in it (both
 * CAs from their certificates, AND(Org1, Org2), both peers by the identity their MSP folder
 * holds), and a consumer contract that asks for nonces and consumes facts.
 */
import { JsonRpcProvider, Wallet, type Signer } from "ethers";
import { network } from "hardhat";
import { deployFabricInterop, interopErrorName, registerConsortium, type FabricInterop } from "../../../clients/evm/interop.js";
import { minedReceipt } from "../../../clients/evm/receipts.js";
import { serializeIdentity } from "../../../clients/fabric-embedded/sim/index.js";
import { evmProofArguments, type FabricFactProof } from "../../../core/interop/proof.js";
import { FACT_TYPES, type FactStatement, type FactType } from "../../../core/interop/statement.js";
import { FactConsumerHarness__factory, RoleRegistry__factory, type FactConsumerHarness } from "../../../typechain-types/index.js";
import type { FabricSide } from "./fabric-proofs.js";

export const NONCE_LIFETIME = 3_600n;

export interface IssuedNonce {
  nonce: string;
  notBefore: bigint;
  expiry: bigint;
}

export interface EvmSide {
  name: string;
  chainId: bigint;
  interop: FabricInterop;
  consumer: FactConsumerHarness;
  consumerAddress: string;
  /** Gas of each peer's one-time registration. */
  registrationGas: bigint[];
  requestNonce(factType: FactType, subject: string): Promise<IssuedNonce>;
  /** Consumes for real: the statement and the gas; or the named error. */
  consume(proof: FabricFactProof): Promise<{ statement: FactStatement; gasUsed: bigint }>;
  /** What a consumption would do now, without a transaction: "ok" or the named error. */
  judge(proof: FabricFactProof): Promise<string>;
  /** Moves EVM time on (Hardhat only; geth --dev keeps real time). */
  increaseTime?(seconds: number): Promise<void>;
  close(): Promise<void>;
}

export async function hardhatSide(fabric: FabricSide): Promise<EvmSide> {
  const connection = await network.create();
  const [deployer] = await connection.ethers.getSigners();
  return evmSide("hardhat", deployer!, fabric, {
    increaseTime: async (seconds) => {
      await connection.provider.request({ method: "evm_increaseTime", params: [seconds] });
      await connection.provider.request({ method: "evm_mine", params: [] });
    },
    close: () => connection.close(),
  });
}

export async function rpcSide(name: string, rpcUrl: string, privateKey: string, fabric: FabricSide): Promise<EvmSide> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  return evmSide(name, new Wallet(privateKey, provider), fabric, { close: async () => provider.destroy() });
}

async function evmSide(
  name: string,
  deployer: Signer,
  fabric: FabricSide,
  platform: { increaseTime?: EvmSide["increaseTime"]; close(): Promise<void> },
): Promise<EvmSide> {
  const provider = deployer.provider!;
  const chainId = (await provider.getNetwork()).chainId;
  const roles = await new RoleRegistry__factory(deployer).deploy(await deployer.getAddress());
  await minedReceipt(provider, roles.deploymentTransaction()!.hash);
  const interop = await deployFabricInterop(deployer, await roles.getAddress(), { channel: fabric.channel, chaincode: fabric.chaincode, nonceLifetime: NONCE_LIFETIME });
  const { registrationGas } = await registerConsortium(
    interop.membership,
    fabric.material.map(({ mspId, caCertificatePem, peer }) => ({ mspId, caCertificatePem, peers: [serializeIdentity(peer)] })),
  );
  const consumer = await new FactConsumerHarness__factory(deployer).deploy(await interop.verifier.getAddress());
  await minedReceipt(provider, consumer.deploymentTransaction()!.hash);
  const consumerAddress = (await consumer.getAddress()).toLowerCase();
  const args = (proof: FabricFactProof) => {
    const { proposalResponsePayload, endorsements } = evmProofArguments(proof);
    return [proposalResponsePayload, endorsements] as const;
  };

  return {
    name,
    chainId,
    interop,
    consumer,
    consumerAddress,
    registrationGas,
    async requestNonce(factType, subject) {
      const receipt = await minedReceipt(provider, (await consumer.requestNonce(FACT_TYPES[factType], subject)).hash);
      const issued = receipt.logs.map((log) => safeParse(interop.verifier.interface, log)).find((parsed) => parsed?.name === "NonceIssued");
      if (!issued) throw new Error("requestNonce emitted no NonceIssued");
      return { nonce: issued.args.nonce as string, notBefore: issued.args.notBefore as bigint, expiry: issued.args.expiry as bigint };
    },
    async consume(proof) {
      const receipt = await minedReceipt(provider, (await consumer.consume(...args(proof))).hash);
      const recorded = receipt.logs.map((log) => safeParse(consumer.interface, log)).find((parsed) => parsed?.name === "FactRecorded");
      if (!recorded) throw new Error("consume recorded no statement");
      return { statement: statementOf(recorded.args.statement), gasUsed: receipt.gasUsed };
    },
    async judge(proof) {
      try {
        await consumer.consume.staticCall(...args(proof));
        return "ok";
      } catch (error) {
        return interopErrorName(error) ?? `undecoded: ${(error as Error).message.slice(0, 200)}`;
      }
    },
    ...(platform.increaseTime ? { increaseTime: platform.increaseTime } : {}),
    close: platform.close,
  };
}

function safeParse(iface: FactConsumerHarness["interface"] | FabricInterop["verifier"]["interface"], log: { topics: readonly string[]; data: string }) {
  try {
    return iface.parseLog(log);
  } catch {
    return null;
  }
}

const FACT_TYPE_NAMES = Object.fromEntries(Object.entries(FACT_TYPES).map(([name, code]) => [code, name])) as Record<number, FactType>;

function statementOf(raw: { [key: string]: unknown }): FactStatement {
  return {
    channelHash: raw.channelHash as string,
    factType: FACT_TYPE_NAMES[Number(raw.factType)]!,
    subject: raw.subject as string,
    value: raw.value as string,
    chainId: raw.chainId as bigint,
    consumer: (raw.consumer as string).toLowerCase(),
    nonce: raw.nonce as string,
    notBefore: raw.notBefore as bigint,
    expiry: raw.expiry as bigint,
  };
}
