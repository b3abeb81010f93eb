/** The deployed Twinledger contracts, as one client sees them (connected to its signer). */
import type { Interface, Provider } from "ethers";
import type { Primitive } from "../../core/index.js";
import type { AssetRegistry, CertificationRegistry, IdentifierRegistry, ReceivableRegistry, RoleRegistry } from "../../typechain-types/index.js";

export interface EvmContracts {
  roles: RoleRegistry;
  assets: AssetRegistry;
  identifiers: IdentifierRegistry;
  certification: CertificationRegistry;
  receivables: ReceivableRegistry;
  /** The block of the first deployment: event queries start here. */
  fromBlock: number;
}

export const contractInterfaces = (contracts: EvmContracts): Interface[] => [
  contracts.assets.interface,
  contracts.roles.interface,
  contracts.identifiers.interface,
  contracts.certification.interface,
  contracts.receivables.interface,
];

export async function contractAddresses(contracts: EvmContracts): Promise<string[]> {
  return Promise.all([contracts.roles, contracts.assets, contracts.identifiers, contracts.certification, contracts.receivables].map((contract) => contract.getAddress()));
}

export function providerOf(contracts: EvmContracts): Provider {
  const provider = contracts.assets.runner?.provider;
  if (!provider) throw new Error("the contracts are not connected to a provider");
  return provider;
}

/** Which contract serves which primitive. */
export const CONTRACT_OF_PRIMITIVE: Record<Primitive, keyof Omit<EvmContracts, "fromBlock"> | undefined> = {
  roles: "roles",
  asset: "assets",
  identifier: "identifiers",
  certification: "certification",
  receivable: "receivables",
};
