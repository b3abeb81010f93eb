/**
 * Raw calls that bypass the clients' own checks — calldata built by hand, string arguments
 * sent to the chaincode as they are — get the same code as the same mistake made through a
 * client: `InvalidArgument`, never a Panic, a bare revert or contract-api's own words.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { LedgerError } from "../../core/index.js";
import { loadChaincode } from "../../clients/fabric-embedded/chaincode.js";
import { createTestConsortium } from "../../clients/fabric-embedded/consortium.js";
import { EmbeddedFabric, EndorsementError } from "../../clients/fabric-embedded/sim/index.js";
import { toLedgerError as fabricLedgerError } from "../../clients/fabric/ledger.js";
import { toLedgerError as evmLedgerError } from "../../clients/evm/errors.js";
import { AssetRegistry__factory, IdentifierRegistry__factory, RoleRegistry__factory } from "../../typechain-types/index.js";
import { hashOf } from "../conformance/harness.js";

async function codeOf(call: Promise<unknown>, map: (error: unknown) => unknown): Promise<string> {
  try {
    await call;
  } catch (error) {
    const mapped = map(error);
    return mapped instanceof LedgerError ? mapped.code : `uncoded: ${String((mapped as Error).message).split("\n")[0]}`;
  }
  return "accepted";
}

describe("raw inputs: EVM calldata the client would never send", () => {
  let contracts: Awaited<ReturnType<typeof deploy>>;
  async function deploy() {
    const { ethers } = await network.create();
    const [admin, alice] = await ethers.getSigners();
    const roles = await new RoleRegistry__factory(admin).deploy(admin.address);
    const assets = await new AssetRegistry__factory(alice).deploy();
    const identifiers = await new IdentifierRegistry__factory(admin).deploy(await roles.getAddress(), await assets.getAddress());
    await (await assets.registerAsset("M-1", "pump", hashOf("m-1"), "")).wait();
    const map = (error: unknown) => evmLedgerError(error, [roles.interface, assets.interface, identifiers.interface]);
    return { ethers, admin, alice, roles, assets, identifiers, map };
  }
  before(async () => {
    contracts = await deploy();
  });

  it("setAssetStatus with a status index past the last one is InvalidArgument, not a Panic", async () => {
    const { assets, map } = contracts;
    expect(await codeOf(assets.setAssetStatus("M-1", 3), map)).to.equal("InvalidArgument");
    expect(await codeOf(assets.setAssetStatus("M-1", 255), map)).to.equal("InvalidArgument");
  });

  it("a namespace scheme index past the last one, or did's, is InvalidArgument", async () => {
    const { identifiers, alice, map } = contracts;
    for (const scheme of [3, 4, 255]) {
      expect(await codeOf(identifiers.registerNamespace(scheme, "9506000", alice.address), map), String(scheme)).to.equal("InvalidArgument");
      expect(await codeOf(identifiers.revokeNamespace(scheme, "9506000"), map), String(scheme)).to.equal("InvalidArgument");
      expect(await codeOf(identifiers.transferNamespace(scheme, "9506000", alice.address), map), String(scheme)).to.equal("InvalidArgument");
    }
  });

  it("a role id outside the specification is InvalidArgument for grant, revoke, renounce and hasRole", async () => {
    const { ethers, roles, admin, alice, map } = contracts;
    for (const role of [ethers.id("OWNER"), ethers.ZeroHash]) {
      expect(await codeOf(roles.grantRole(role, alice.address), map)).to.equal("InvalidArgument");
      expect(await codeOf(roles.revokeRole(role, alice.address), map)).to.equal("InvalidArgument");
      expect(await codeOf(roles.connect(admin).renounceRole(role, admin.address), map)).to.equal("InvalidArgument");
      expect(await codeOf(roles.hasRole(role, alice.address), map)).to.equal("InvalidArgument");
    }
  });

  it("an id that is not UTF-8 at all is InvalidArgument on register, like any malformed id", async () => {
    const { assets, alice, map } = contracts;
    const data = assets.interface.encodeFunctionData("registerAsset", ["\u00ff", "pump", hashOf("x"), ""]).replace("c3bf", "ff00");
    expect(await codeOf(alice.sendTransaction({ to: await assets.getAddress(), data }), map)).to.equal("InvalidArgument");
  });
});

describe("raw inputs: chaincode arguments the client would never send", () => {
  const { identities, organizations } = createTestConsortium();
  let fabric: EmbeddedFabric;
  const map = (error: unknown) => fabricLedgerError(error instanceof EndorsementError ? new Error(error.message) : error);
  before(async () => {
    fabric = new EmbeddedFabric({ ...loadChaincode(), organizations });
    await fabric.submit(identities.admin, "roles:initLedger", []);
  });

  it("one argument too few or too many is InvalidArgument", async () => {
    expect(await codeOf(fabric.submit(identities.alice, "asset:registerAsset", ["M-9", "pump", hashOf("x")]), map)).to.equal("InvalidArgument");
    expect(await codeOf(fabric.submit(identities.alice, "asset:registerAsset", ["M-9", "pump", hashOf("x"), "", "extra"]), map)).to.equal("InvalidArgument");
    expect(await codeOf(fabric.evaluate(identities.alice, "asset:getAsset", []), map)).to.equal("InvalidArgument");
  });

  it("a number argument that is no number is InvalidArgument", async () => {
    for (const pageSize of ["abc", "NaN", ""]) {
      expect(await codeOf(fabric.evaluate(identities.alice, "asset:listAssetsByOwner", ["x", pageSize, ""]), map), pageSize).to.equal("InvalidArgument");
    }
  });
});
