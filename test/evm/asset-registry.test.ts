/**
 * EVM-only checks of the Solidity contracts: storage layout, event topics, the id bitmask and
 * the role wiring. The behaviour of the specification is covered by the shared conformance
 * suite (test/conformance), which runs against every platform; nothing of it is repeated here.
 *
 *   npx hardhat test mocha test/evm/*.test.ts
 */
import { expect } from "chai";
import { network } from "hardhat";
import { AssetRegistry__factory, RoleRegistry__factory } from "../../typechain-types/index.js";
import type { AssetRegistry, RoleRegistry } from "../../typechain-types/index.js";

const { ethers } = await network.create();

const Status = { Active: 0, Suspended: 1, Decommissioned: 2 } as const;
const hashOf = (text: string) => ethers.keccak256(ethers.toUtf8Bytes(text));
const keyOf = hashOf; // assetKey = keccak256(bytes(id))

describe("AssetRegistry on EVM", () => {
  let assets: AssetRegistry;
  let owner: Awaited<ReturnType<typeof ethers.getSigners>>[number];
  let other: typeof owner;

  beforeEach(async () => {
    [owner, other] = await ethers.getSigners();
    assets = await new AssetRegistry__factory(owner).deploy();
  });

  it("stores a record in exactly two slots: owner|status|version|updatedAt, metadataHash", async () => {
    const id = "pump-001";
    const metadataHash = hashOf("metadata v1");
    await (await assets.registerAsset(id, "industrial.pump", metadataHash, "ipfs://meta")).wait();
    await (await assets.setAssetStatus(id, Status.Suspended)).wait();
    const receipt = await (await assets.updateAsset(id, hashOf("metadata v2"), "")).wait();
    const block = await ethers.provider.getBlock(receipt!.blockNumber);

    // `_assets` is the contract's only state variable: slot 0.
    const base = BigInt(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256"], [keyOf(id), 0])));
    const address = await assets.getAddress();
    const [slot0, slot1, slot2] = await Promise.all([0n, 1n, 2n].map((i) => ethers.provider.getStorage(address, base + i)));

    const word = BigInt(slot0);
    expect(ethers.getAddress(ethers.toBeHex(word & ((1n << 160n) - 1n), 20))).to.equal(owner.address);
    expect((word >> 160n) & 0xffn).to.equal(BigInt(Status.Suspended));
    expect((word >> 168n) & 0xffff_ffffn).to.equal(2n); // version
    expect((word >> 200n) & ((1n << 48n) - 1n)).to.equal(BigInt(block!.timestamp)); // updatedAt
    expect(word >> 248n).to.equal(0n); // one spare byte
    expect(slot1).to.equal(hashOf("metadata v2"));
    expect(slot2).to.equal(ethers.ZeroHash); // nothing beyond the two slots

    // The getter reads back the same record.
    const record = await assets.getAsset(id);
    expect([record.owner, record.status, record.version, record.updatedAt, record.metadataHash]).to.deep.equal([
      owner.address,
      BigInt(Status.Suspended),
      2n,
      BigInt(block!.timestamp),
      hashOf("metadata v2"),
    ]);
  });

  it("indexes assetKey and the parties in the event topics, with the canonical signatures", async () => {
    const id = "valve-42";
    const key = keyOf(id);
    const addr = (a: string) => ethers.zeroPadValue(a, 32);
    const topicsOf = async (tx: Promise<{ wait(): Promise<unknown> }>) => {
      const receipt = (await (await tx).wait()) as { logs: { topics: readonly string[] }[] };
      expect(receipt.logs).to.have.length(1); // exactly one event per state change
      return [...receipt.logs[0].topics];
    };

    expect(await topicsOf(assets.registerAsset(id, "industrial.valve", ethers.ZeroHash, ""))).to.deep.equal([
      ethers.id("AssetRegistered(bytes32,string,string,address,bytes32,string)"),
      key,
      addr(owner.address),
    ]);
    expect(await topicsOf(assets.updateAsset(id, hashOf("v2"), "https://example.org/v2"))).to.deep.equal([
      ethers.id("AssetUpdated(bytes32,string,uint32,bytes32,string)"),
      key,
    ]);
    expect(await topicsOf(assets.setAssetStatus(id, Status.Suspended))).to.deep.equal([
      ethers.id("AssetStatusChanged(bytes32,string,uint8,uint8)"),
      key,
    ]);
    expect(await topicsOf(assets.transferAsset(id, other.address))).to.deep.equal([
      ethers.id("AssetTransferred(bytes32,string,address,address)"),
      key,
      addr(owner.address),
      addr(other.address),
    ]);
  });

  it("accepts exactly the bytes A-Z a-z 0-9 . _ : - in an id (all 256 byte values)", async () => {
    // Raw bytes, not UTF-8 text: a `string` parameter is ABI-encoded exactly like `bytes`.
    const selector = assets.interface.getFunction("registerAsset").selector;
    const to = await assets.getAddress();
    const allowed = /^[A-Za-z0-9._:-]$/;
    for (let c = 0; c < 256; c++) {
      const id = new Uint8Array([0x61, c]); // "a" + the byte under test
      const data = ethers.concat([
        selector,
        ethers.AbiCoder.defaultAbiCoder().encode(["bytes", "string", "bytes32", "string"], [id, "cls", ethers.ZeroHash, ""]),
      ]);
      const call = ethers.provider.call({ from: owner.address, to, data });
      if (allowed.test(String.fromCharCode(c))) {
        await call;
      } else {
        await expect(call, `byte 0x${c.toString(16)}`).to.be.revertedWithCustomError(assets, "InvalidArgument").withArgs("id");
      }
    }
  });
});

describe("RoleRegistry on EVM", () => {
  let roles: RoleRegistry;
  let signers: Awaited<ReturnType<typeof ethers.getSigners>>;

  beforeEach(async () => {
    signers = await ethers.getSigners();
    roles = await new RoleRegistry__factory(signers[0]).deploy(signers[1].address);
  });

  it("uses keccak256 of the role names as role ids, with ADMIN administering every role", async () => {
    const ADMIN = ethers.id("ADMIN");
    expect(await roles.ADMIN_ROLE()).to.equal(ADMIN);
    expect(await roles.ACCREDITOR_ROLE()).to.equal(ethers.id("ACCREDITOR"));
    expect(await roles.FINANCIER_ROLE()).to.equal(ethers.id("FINANCIER"));
    for (const name of ["ADMIN", "ACCREDITOR", "FINANCIER"]) {
      expect(await roles.getRoleAdmin(ethers.id(name)), name).to.equal(ADMIN);
    }
    expect(await roles.hasRole(ADMIN, signers[1].address)).to.equal(true);
    expect(await roles.hasRole(ADMIN, signers[0].address)).to.equal(false); // the deployer gets nothing
  });

  it("knows no role outside the spec, DEFAULT_ADMIN_ROLE included: asking, granting or revoking one is InvalidArgument", async () => {
    const DEFAULT_ADMIN = await roles.DEFAULT_ADMIN_ROLE();
    const granted = await roles.queryFilter(roles.filters.RoleGranted());
    expect(granted.map((e) => [e.args.role, e.args.account])).to.deep.equal([[ethers.id("ADMIN"), signers[1].address]]);

    const admin = roles.connect(signers[1]);
    for (const role of [DEFAULT_ADMIN, ethers.id("AUDITOR")]) {
      await expect(roles.hasRole(role, signers[1].address)).to.be.revertedWithCustomError(roles, "InvalidArgument").withArgs("role");
      await expect(admin.grantRole(role, signers[2].address)).to.be.revertedWithCustomError(roles, "InvalidArgument").withArgs("role");
      await expect(admin.revokeRole(role, signers[2].address)).to.be.revertedWithCustomError(roles, "InvalidArgument").withArgs("role");
    }
  });

  it("rejects with the spec's error codes, not OpenZeppelin's", async () => {
    const factory = new RoleRegistry__factory(signers[0]);
    await expect(factory.deploy(ethers.ZeroAddress)).to.be.revertedWithCustomError(roles, "InvalidArgument").withArgs("initialAdmin");
    await expect(roles.connect(signers[2]).grantRole(ethers.id("FINANCIER"), signers[2].address))
      .to.be.revertedWithCustomError(roles, "Unauthorized")
      .withArgs(signers[2].address);
    await expect(roles.connect(signers[1]).renounceRole(ethers.id("ADMIN"), signers[2].address))
      .to.be.revertedWithCustomError(roles, "Unauthorized")
      .withArgs(signers[1].address);
  });
});
