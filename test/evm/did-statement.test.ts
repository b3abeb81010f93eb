/**
 * The DID binding statement as the IdentifierRegistry builds it from the head its
 * constructor stored: core's `didBindingStatement` for this chain and this registry, for
 * a short chain id and a long one. (The head is built per call only after a fork changes
 * the chain id, or for an id past EIP-2294's 2^64 − 1, which no test chain can have.)
 */
import { expect } from "chai";
import { network } from "hardhat";
import { didBindingStatement } from "../../core/did/index.js";
import { AssetRegistry__factory, IdentifierRegistry__factory, RoleRegistry__factory } from "../../typechain-types/index.js";

const DID = "did:ethr:0x0000000000000000000000000000000000000001";

async function registryOn(chainId?: bigint) {
  const { ethers } = await network.create(chainId === undefined ? undefined : { override: { chainId: Number(chainId) } });
  const [admin] = await ethers.getSigners();
  const roles = await new RoleRegistry__factory(admin).deploy(admin.address);
  const assets = await new AssetRegistry__factory(admin).deploy();
  const identifiers = await new IdentifierRegistry__factory(admin).deploy(await roles.getAddress(), await assets.getAddress());
  const { chainId: actual } = await ethers.provider.getNetwork();
  return { identifiers, ledger: `eip155:${actual}:${(await identifiers.getAddress()).toLowerCase()}` };
}

describe("IdentifierRegistry: the DID binding statement", () => {
  it("names this chain and this registry, as core's didBindingStatement", async () => {
    const { identifiers, ledger } = await registryOn();
    expect(await identifiers.didBindingStatement("M-1", DID, 4_102_444_800n)).to.equal(didBindingStatement(ledger, DID, "M-1", 4_102_444_800));
  });

  it("holds a 16-digit chain id too", async () => {
    const { identifiers, ledger } = await registryOn(2n ** 53n - 1n);
    expect(await identifiers.didBindingStatement("M-1", DID, 7n)).to.equal(didBindingStatement(ledger, DID, "M-1", 7));
  });
});
