// The peer's message-level API: endorseProposal takes a client's SignedProposal,
// order/commitEnvelope a signed transaction envelope, as the embedded Gateway uses them.
import { expect } from "chai";
import { EmbeddedFabric, MalformedRequestError, type Identity } from "../../clients/fabric-embedded/sim/index.js";
import { buildSignedProposal } from "../../clients/fabric-embedded/sim/proposal.js";
import { buildTransactionEnvelope, decodeSignedProposal, signEnvelope } from "../../clients/fabric-embedded/sim/transaction.js";
import { protos } from "../../clients/fabric-embedded/sim/fabric-runtime.js";
import { org1, START, user1 } from "./helpers.js";
import { ProbeContract } from "./probe-contract.js";

const peer0: Identity = org1.issue("peer0", "peer");
let nonce = 0;

function fabricWithEndorser(): EmbeddedFabric {
  return new EmbeddedFabric({ contracts: [ProbeContract], startTime: START, organizations: [org1], endorser: peer0 });
}

function proposal(fabric: EmbeddedFabric, args: string[], identity: Identity = user1) {
  return buildSignedProposal({
    channelId: fabric.channelName,
    chaincodeName: fabric.chaincodeName,
    identity,
    args: args.map((a) => Buffer.from(a)),
    timestamp: { seconds: START + 100, nanos: 5 },
    nonce: Buffer.from(`client-nonce-${nonce++}`.padEnd(24, "."), "utf8"),
  });
}

describe("fabric-sim: proposals and envelopes", function () {
  it("endorses a client's signed proposal, then commits the signed envelope in its own block", async function () {
    const fabric = fabricWithEndorser();
    const { txId, signedProposal } = proposal(fabric, ["probe:put", "k", "v"]);
    const endorsement = await fabric.endorseProposal(signedProposal.serializeBinary());
    expect(endorsement.txId).to.equal(txId);
    expect(endorsement.proposalResponse.getEndorsement()!.getSignature_asU8().length).to.be.greaterThan(0);
    expect(fabric.height).to.equal(1, "endorsement writes nothing");

    const committed = await fabric.commitEnvelope(signEnvelope(endorsement.preparedTransaction, user1).serializeBinary());
    expect(committed).to.include({ txId, blockNumber: 1, validationCode: "VALID" });
    expect(fabric.transactionStatus(txId)).to.include({ blockNumber: 1, validationCode: "VALID" });
    expect(fabric.blocks()[0]!.timestamp).to.deep.equal({ seconds: START + 100, nanos: 5 }, "the client's timestamp");
    expect(fabric.blocks()[0]!.envelope!.length).to.be.greaterThan(0);
    expect((await fabric.evaluate(user1, "probe:get", ["k"])).toString()).to.equal("v");
  });

  it("refuses an unsigned envelope, and marks a replayed one DUPLICATE_TXID without applying it", async function () {
    const fabric = fabricWithEndorser();
    const { signedProposal } = proposal(fabric, ["probe:put", "k", "v1"]);
    const endorsement = await fabric.endorseProposal(signedProposal);
    expect(() => fabric.order(endorsement.preparedTransaction)).to.throw(MalformedRequestError, "must be signed");
    const envelope = signEnvelope(endorsement.preparedTransaction, user1).serializeBinary();
    expect((await fabric.commitEnvelope(envelope)).validationCode).to.equal("VALID");
    expect((await fabric.commitEnvelope(envelope)).validationCode).to.equal("DUPLICATE_TXID");
    expect(fabric.height).to.equal(3);
    expect(fabric.transactionStatus(endorsement.txId)!.blockNumber).to.equal(1, "the status is the first, valid one");
    // The endorser refuses to simulate a proposal whose transaction is already on the ledger.
    const replay = await fabric.endorseProposal(signedProposal).then(() => undefined, (e: unknown) => e);
    expect(replay).to.be.instanceOf(MalformedRequestError);
    expect(String(replay)).to.contain(`duplicate transaction found [${endorsement.txId}]`);
  });

  it("a transaction without a valid endorsement is ENDORSEMENT_POLICY_FAILURE and writes nothing", async function () {
    const fabric = fabricWithEndorser();
    const { signedProposal } = proposal(fabric, ["probe:put", "k", "v"]);
    const endorsement = await fabric.endorseProposal(signedProposal);
    const unendorsed = protos.peer.ProposalResponse.deserializeBinary(endorsement.proposalResponse.serializeBinary());
    unendorsed.setEndorsement(new protos.peer.Endorsement());
    const envelope = signEnvelope(buildTransactionEnvelope(decodeSignedProposal(signedProposal), [unendorsed]), user1);
    expect((await fabric.commitEnvelope(envelope)).validationCode).to.equal("ENDORSEMENT_POLICY_FAILURE");
    expect((await fabric.evaluate(user1, "probe:get", ["k"])).toString()).to.equal("");
  });

  it("a proposal signed by someone other than its creator is refused before the chaincode runs", async function () {
    const fabric = fabricWithEndorser();
    const { signedProposal } = proposal(fabric, ["probe:put", "k", "v"]);
    signedProposal.setSignature(proposal(fabric, ["probe:put", "k", "v"], org1.issue("Other")).signedProposal.getSignature_asU8());
    const error = await fabric.endorseProposal(signedProposal).then(() => undefined, (e: unknown) => e);
    expect(String(error)).to.contain("signature is invalid");
  });
});
