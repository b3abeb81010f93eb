/**
 * Raw calls that bypass the clients' own checks — calldata built by hand, string arguments
 * sent to the chaincode as they are — get the same code as the same mistake made through a
 * client: `InvalidArgument`, never a Panic, a bare revert or contract-api's own words.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { isWellFormedText, LedgerError } from "../../core/index.js";
import { boundedMessage } from "../../chaincode/src/state/reject.js";
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

  it("a namespace scheme index past the last one is InvalidArgument", async () => {
    const { identifiers, alice, map } = contracts;
    for (const scheme of [4, 255]) {
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

  it("calldata cut short, or naming no function, is InvalidArgument, not a bare revert", async () => {
    const { assets, identifiers, alice, map } = contracts;
    const full = assets.interface.encodeFunctionData("registerAsset", ["M-9", "pump", hashOf("x"), ""]);
    for (const data of [full.slice(0, 10 + 64 * 2), full.slice(0, -64), "0xdeadbeef"]) {
      expect(await codeOf(alice.sendTransaction({ to: await assets.getAddress(), data }), map), data.slice(0, 20)).to.equal("InvalidArgument");
    }
    const bind = identifiers.interface.encodeFunctionData("bindDid", ["M-1", "did:web:x", 1n, "0x00"]);
    expect(await codeOf(alice.sendTransaction({ to: await identifiers.getAddress(), data: bind.slice(0, -64) }), map)).to.equal("InvalidArgument");
  });

  it("a DID proof of a length neither curve signs is InvalidArgument", async () => {
    const { identifiers, alice, map } = contracts;
    for (const length of [0, 63, 66]) {
      const signature = `0x${"11".repeat(length)}`;
      expect(await codeOf(identifiers.connect(alice).bindDid("M-1", "did:ethr:0x0000000000000000000000000000000000000001", 1n << 40n, signature), map), String(length)).to.equal("InvalidArgument");
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
    for (const deadline of ["abc", "-1", "2.5", "1e400"]) {
      const args = ["M-1", "did:ethr:0x0000000000000000000000000000000000000001", deadline, `0x${"11".repeat(65)}`];
      expect(await codeOf(fabric.submit(identities.alice, "identifier:bindDid", args), map), deadline).to.equal("InvalidArgument");
    }
  });

  it("argument bytes that are not UTF-8 are InvalidArgument, even in free text that takes any character", async () => {
    const uri = (bytes: number[]) => Uint8Array.from([...Buffer.from("ipfs://m-"), ...bytes]);
    const height = fabric.height;
    // Decoded leniently these would be U+FFFD, which a URI may hold: the bytes are refused, not the character.
    for (const bytes of [[0xff], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      expect(await codeOf(fabric.submit(identities.alice, "asset:registerAsset", ["M-9", "pump", hashOf("x"), uri(bytes)]), map), String(bytes)).to.equal("InvalidArgument");
    }
    expect(fabric.height).to.equal(height, "nothing was written");
    await fabric.submit(identities.alice, "asset:registerAsset", ["M-9", "pump", hashOf("x"), uri([0xef, 0xbf, 0xbd])]);
    expect(JSON.parse((await fabric.evaluate(identities.alice, "asset:getAsset", ["M-9"])).toString("utf8")).metadataUri).to.equal("ipfs://m-\uFFFD");
  });

  it("a refusal quoting a 1 MiB argument is cut short, keeping its code and the rule it states", async () => {
    const refusal = async () => {
      const error = await fabric.submit(identities.alice, "asset:registerAsset", ["x".repeat(1 << 20), "pump", hashOf("x"), ""]).catch((e: unknown) => e);
      return fabricLedgerError(new Error((error as Error).message)) as LedgerError;
    };
    const [first, second] = [await refusal(), await refusal()];
    expect(first.code).to.equal("InvalidArgument");
    expect(first.message.length).to.be.below(1100);
    expect(first.message).to.match(/characters omitted\)…x*' must match \^\[A-Za-z0-9\._:-\]\{1,64\}\$$/);
    expect(second.message).to.equal(first.message, "every endorser cuts it alike");
  });

  it("a cut message never splits a surrogate pair", () => {
    const cut = boundedMessage(`a${"\u{1F600}".repeat(2000)}b`);
    expect(cut.length).to.be.below(1100);
    expect(isWellFormedText(cut)).to.equal(true);
  });

  it("a DID proof that is not lowercase hex of 64 or 65 bytes is InvalidArgument", async () => {
    for (const signature of ["", "0x", `0x${"11".repeat(63)}`, `0x${"AB".repeat(65)}`, `${"11".repeat(65)}`]) {
      const args = ["M-1", "did:ethr:0x0000000000000000000000000000000000000001", "4102444800", signature];
      expect(await codeOf(fabric.submit(identities.alice, "identifier:bindDid", args), map), signature).to.equal("InvalidArgument");
    }
  });
});
