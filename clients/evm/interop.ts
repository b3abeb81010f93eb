/**
 * The EVM side of cross-ledger facts (core/spec/INTEROP.md §3): deploying FabricMembership and
 * FabricFactVerifier beside a RoleRegistry, registering a Fabric consortium in it (each
 * organisation's CA from its certificate, the policy, each peer by its SerializedIdentity),
 * and reading which named refusal a reverted call carries.
 */
import type { Signer } from "ethers";
import { certificateAuthorityOf } from "../../core/interop/peer-certificate.js";
import { FACT_TYPES, type FactType } from "../../core/interop/statement.js";
import { FabricFactVerifier__factory, FabricMembership__factory, type FabricFactVerifier, type FabricMembership } from "../../typechain-types/index.js";
import { revertData } from "./errors.js";
import { minedReceipt } from "./receipts.js";
import { parseLogOf } from "./log-parse.js";

export interface FabricInteropOptions {
  /** The Fabric channel and chaincode whose facts are accepted. */
  channel: string;
  chaincode: string;
  /** How long a nonce stays usable, in seconds of EVM time. */
  nonceLifetime: bigint;
}

export interface FabricInterop {
  membership: FabricMembership;
  verifier: FabricFactVerifier;
}

export async function deployFabricInterop(deployer: Signer, roles: string, options: FabricInteropOptions): Promise<FabricInterop> {
  const provider = deployer.provider!;
  const membership = await new FabricMembership__factory(deployer).deploy(roles, options.channel, options.chaincode);
  await minedReceipt(provider, membership.deploymentTransaction()!.hash);
  const verifier = await new FabricFactVerifier__factory(deployer).deploy(await membership.getAddress(), roles, options.nonceLifetime);
  await minedReceipt(provider, verifier.deploymentTransaction()!.hash);
  return { membership, verifier };
}

export interface ConsortiumMember {
  mspId: string;
  caCertificatePem: string;
  /** The SerializedIdentity of each of its endorsing peers. */
  peers: Uint8Array[];
}

/** ADMIN registers the organisations and the policy (all of them must endorse); anyone could register the peers. */
export async function registerConsortium(membership: FabricMembership, members: readonly ConsortiumMember[]): Promise<{ registrationGas: bigint[] }> {
  const provider = membership.runner!.provider!;
  const mined = async (sent: Promise<{ hash: string }>) => minedReceipt(provider, (await sent).hash);
  for (const member of members) {
    const ca = certificateAuthorityOf(member.caCertificatePem);
    await mined(membership.registerOrganization(member.mspId, ca.caKeyX, ca.caKeyY, ca.caSubject));
  }
  await mined(membership.setEndorsementPolicy(members.map(({ mspId }) => mspId)));
  const registrationGas: bigint[] = [];
  for (const peer of members.flatMap(({ peers }) => peers)) registrationGas.push((await mined(membership.registerPeer(peer))).gasUsed);
  return { registrationGas };
}

/** The custom error a reverted verifier or membership call carries, by name (undefined if none decodes). */
export function interopErrorName(error: unknown): string | undefined {
  const data = revertData(error);
  if (!data || data === "0x") return undefined;
  for (const iface of [FabricFactVerifier__factory.createInterface(), FabricMembership__factory.createInterface()]) {
    try {
      const parsed = iface.parseError(data);
      if (parsed) return parsed.name;
    } catch {
      // not one of this interface's errors
    }
  }
  return undefined;
}

/** A nonce the verifier issued, with its window: what `proveFact` must echo. */
export interface IssuedFactNonce {
  nonce: string;
  notBefore: bigint;
  expiry: bigint;
}

/** Asks the verifier for a nonce for `consumer`'s proof of one fact, and reads it from the receipt. */
export async function requestFactNonce(verifier: FabricFactVerifier, consumer: string, factType: FactType, subject: string): Promise<IssuedFactNonce> {
  const provider = verifier.runner!.provider!;
  const receipt = await minedReceipt(provider, (await verifier.requestNonce(consumer, FACT_TYPES[factType], subject)).hash);
  for (const log of receipt.logs) {
    const parsed = parseLogOf(verifier.interface, log);
    if (parsed?.name === "NonceIssued") return { nonce: parsed.args.nonce as string, notBefore: parsed.args.notBefore as bigint, expiry: parsed.args.expiry as bigint };
  }
  throw new Error("requestNonce emitted no NonceIssued");
}
