/**
 * The EVM client's log reading on the embedded EVM (Hardhat's in-process network): the
 * walkthrough's story, then its listings and histories read through windows of one block
 * and through the default ones, the eth_getLogs calls counted on the provider.
 *
 *   npx hardhat test mocha --no-compile test/evm/log-index-embedded.test.ts
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { Filter, FilterByBlockHash } from "ethers";
import { canonicalize } from "../../core/index.js";
import { ACTOR_NAMES, type ActorLedgers } from "../../clients/ledger.js";
import { connectTwinledger, deployTwinledger } from "../../clients/evm/deploy.js";
import { createEvmLedger, type EvmLedgerOptions } from "../../clients/evm/ledger.js";
import type { EvmDeployment } from "../../clients/evm/deployment.js";
import { WALKTHROUGH } from "../../scripts/walkthrough/steps.js";

const connection = await network.create();
const { ethers } = connection;
const signers = await ethers.getSigners();
const provider = ethers.provider;

/** Every eth_getLogs sent on the provider (the clients' contracts all use it). */
const calls: { fromBlock: number; toBlock: number }[] = [];
const getLogs = provider.getLogs.bind(provider);
provider.getLogs = async (filter: Filter | FilterByBlockHash) => {
  const { fromBlock, toBlock } = filter as Filter;
  calls.push({ fromBlock: Number(fromBlock), toBlock: Number(toBlock) });
  return getLogs(filter);
};

const SERIAL = canonicalize("(01)09506000134352(21)ABC").canonical;
const hash = (text: string) => ethers.keccak256(ethers.toUtf8Bytes(text));

function actorsOf(deployment: EvmDeployment, options: EvmLedgerOptions): ActorLedgers {
  return Object.fromEntries(
    ACTOR_NAMES.map((actor, index) => [actor, createEvmLedger(connectTwinledger(deployment, signers[index]), signers[index].address, options)]),
  ) as unknown as ActorLedgers;
}

/** What the story's listings and histories show, every one of them served from events. */
async function reads({ alice, bob, carol, financier }: ActorLedgers) {
  const receivable = await bob.getReceivable("INV-2026-0042");
  return {
    events: await bob.getEvents(0),
    asset: await bob.getAsset("M-1001"),
    bobsAssets: await bob.listAssetsByOwner(bob.party, 10, ""),
    alicesAssets: await bob.listAssetsByOwner(alice.party, 1, ""),
    assetHistory: await bob.getAssetHistory("M-1001"),
    binding: await bob.resolveIdentifier(SERIAL),
    identifiers: await bob.listIdentifiers("M-1001"),
    identifierHistory: await bob.getIdentifierHistory(SERIAL),
    certificates: await bob.listCertificates(SERIAL, 10, ""),
    carolsCertificates: await bob.listCertificatesByIssuer(carol.party, 10, ""),
    certificateHistory: await bob.getCertificateHistory("QMS-2026-17"),
    accreditations: await bob.getAccreditationHistory(carol.party, "ISO9001:2015"),
    receivable,
    byFingerprint: await bob.getReceivableByFingerprint(receivable.fingerprint),
    alicesReceivables: await bob.listReceivablesBySeller(alice.party, 10, ""),
    bobsDebts: await bob.listReceivablesByDebtor(bob.party, 10, ""),
    financed: await bob.listReceivablesByBeneficiary(financier.party, 10, ""),
    receivableHistory: await bob.getReceivableHistory("INV-2026-0042"),
  };
}

describe("EVM log index on the embedded EVM", () => {
  let deployment: EvmDeployment;

  before(async () => {
    deployment = await deployTwinledger(signers[0], signers[0].address);
    const story = actorsOf(deployment, {});
    for (const step of WALKTHROUGH) await step.run(story).catch(() => undefined); // two steps are refused, as they should be
  });

  it("gives the same listings, histories and events with maxBlockRange: 1 as with the default windows", async () => {
    const expected = await reads(actorsOf(deployment, {}));
    const first = calls.length;
    const oneBlock = await reads(actorsOf(deployment, { maxBlockRange: 1 }));
    expect(oneBlock).to.deep.equal(expected);
    expect(expected.events.length).to.be.greaterThan(15, "the story ran");
    expect(calls.length - first).to.equal((await provider.getBlockNumber()) - deployment.fromBlock + 1, "one call per block, each block once");
    expect(calls.slice(first).every((call) => call.fromBlock === call.toBlock)).to.equal(true);
  });

  it("sends no eth_getLogs for a second read when no block came since the first", async () => {
    const { bob } = actorsOf(deployment, { maxBlockRange: 777 }); // an index of its own
    await bob.listAssetsByOwner(bob.party, 10, "");
    const first = calls.length;
    await bob.listAssetsByOwner(bob.party, 10, "");
    await bob.getAssetHistory("M-1001");
    await bob.listReceivablesByBeneficiary(signers[5].address, 10, "");
    expect(calls.length - first).to.equal(0);
  });

  it("sends eth_getLogs only for the new blocks after a submit, and the read includes the submit", async () => {
    const { alice, bob } = actorsOf(deployment, { maxBlockRange: 778 });
    await bob.listAssetsByOwner(alice.party, 100, "");
    const first = calls.length;
    const receipt = await alice.registerAsset("M-2001", "machine.lathe", hash("M-2001"), "");
    const page = await bob.listAssetsByOwner(alice.party, 100, "");
    expect(page.items.map((asset) => asset.id)).to.include("M-2001");
    expect(calls.slice(first)).to.deep.equal([{ fromBlock: receipt.blockNumber, toBlock: receipt.blockNumber }]);
  });

  it("with confirmations: 3, a read right after a receipt includes it", async () => {
    const { alice, bob } = actorsOf(deployment, { confirmations: 3 });
    await bob.getEvents(0);
    const receipt = await alice.transferAsset("M-2001", bob.party);
    expect((await bob.listAssetsByOwner(bob.party, 100, "")).items.map((asset) => asset.id)).to.include("M-2001");
    expect((await bob.getAssetHistory("M-2001")).at(-1)!.txId).to.equal(receipt.txId);
    expect((await bob.getEvents(receipt.blockNumber)).map((event) => event.txId)).to.deep.equal([receipt.txId]);
  });

  it("refolds after the chain went back (evm_revert) and a different block took the checkpoint's place", async () => {
    const { alice, bob } = actorsOf(deployment, { maxBlockRange: 779 });
    const snapshot = await provider.send("evm_snapshot", []);
    await alice.registerAsset("M-3001", "machine.press", hash("M-3001"), "");
    expect((await bob.listAssetsByOwner(alice.party, 100, "")).items.map((asset) => asset.id)).to.include("M-3001");
    await provider.send("evm_revert", [snapshot]);
    await alice.registerAsset("M-3002", "machine.press", hash("M-3002"), ""); // the same height, another block
    const ids = (await bob.listAssetsByOwner(alice.party, 100, "")).items.map((asset) => asset.id);
    expect(ids).to.include("M-3002");
    expect(ids).not.to.include("M-3001");
    expect(await bob.getEvents(0)).to.deep.equal(await actorsOf(deployment, { maxBlockRange: 780 }).bob.getEvents(0));
  });
});
