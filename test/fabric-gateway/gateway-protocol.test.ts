// The embedded Gateway seen through the real fabric-gateway client: endorsement errors,
// commit statuses, block and chaincode event streams, and the checks a peer makes.
import { createHash } from "node:crypto";
import { expect } from "chai";
import { connect, EndorseError, GatewayError, signers, StatusCode } from "@hyperledger/fabric-gateway";
import { createPrivateKey } from "node:crypto";
import { common } from "@hyperledger/fabric-protos";
import { createEmbeddedGatewayTarget, type EmbeddedGatewayTarget } from "../../clients/fabric-embedded/gateway-target.js";
import { connectPeer } from "../../clients/fabric-gateway/connection.js";
import { TestCA } from "../../clients/fabric-embedded/sim/index.js";
import type { ActorLedgers } from "../../clients/ledger.js";

const H1 = `0x${createHash("sha256").update("datasheet v1").digest("hex")}`;
const H2 = `0x${createHash("sha256").update("datasheet v2").digest("hex")}`;
const URI = "ipfs://m-1.json";
const ASSET_ARGS = (id: string) => [id, "machine.cnc", H1, URI];

describe("fabric-gateway: the embedded Gateway peer", function () {
  let target: EmbeddedGatewayTarget;
  let actors: ActorLedgers;

  before(async () => {
    target = await createEmbeddedGatewayTarget();
  });
  after(async () => target?.close());
  beforeEach(async () => {
    actors = await target.deploy();
  });

  const contractOf = (actor: keyof ActorLedgers) => target.connections[actor].transport.contract;
  const networkOf = (actor: keyof ActorLedgers) => target.connections[actor].transport.network;

  it("a chaincode error on submit is an EndorseError whose details carry the chaincode's message", async () => {
    const error = await contractOf("alice")
      .submit("asset:updateAsset", { arguments: ["NO-SUCH-ASSET", H2, URI] })
      .then(() => expect.fail("the submit should have been rejected"), (e: unknown) => e);
    expect(error).to.be.instanceOf(EndorseError);
    const endorseError = error as EndorseError;
    expect(endorseError.code).to.equal(10); // ABORTED, as the peer's Endorse returns it
    expect(endorseError.message).to.contain("failed to endorse transaction, see attached details for more info");
    expect(endorseError.details).to.have.length(1);
    expect(endorseError.details[0]!.message).to.match(/^chaincode response 500, NotFound: /);
    expect(endorseError.details[0]!.mspId).to.equal("Org1MSP");
    expect(endorseError.details[0]!.address).to.equal(`${target.gateway.hostOverride}:${target.gateway.endpoint.split(":")[1]}`);
    expect(endorseError.transactionId).to.match(/^[0-9a-f]{64}$/);
    expect(target.fabric.height).to.equal(2, "nothing was ordered");
  });

  it("a chaincode error on evaluate is a GatewayError (UNKNOWN) with the message in details", async () => {
    const error = await contractOf("bob")
      .evaluate("asset:getAsset", { arguments: ["NO-SUCH-ASSET"] })
      .then(() => expect.fail("the evaluate should have been rejected"), (e: unknown) => e);
    expect(error).to.be.instanceOf(GatewayError);
    expect((error as GatewayError).code).to.equal(2);
    expect((error as GatewayError).details[0]!.message).to.match(/^chaincode response 500, NotFound: /);
  });

  it("the commit status of a committed transaction is VALID, at the block the ledger put it in", async () => {
    const submitted = await contractOf("alice").submitAsync("asset:registerAsset", { arguments: ASSET_ARGS("M-1") });
    const status = await submitted.getStatus();
    expect(status.successful).to.equal(true);
    expect(status.code).to.equal(StatusCode.VALID);
    expect(status.transactionId).to.equal(submitted.getTransactionId());
    expect(Number(status.blockNumber)).to.equal(target.fabric.transactionStatus(status.transactionId)!.blockNumber);
    expect(Number(status.blockNumber)).to.equal(target.fabric.height - 1);
    expect(submitted.getResult()).to.be.instanceOf(Uint8Array);
  });

  it("two endorsements of the same read-modify-write commit as VALID then MVCC_READ_CONFLICT", async () => {
    await actors.alice.registerAsset("M-1", "machine.cnc", H1, URI);
    const contract = contractOf("alice");
    const first = await contract.newProposal("asset:updateAsset", { arguments: ["M-1", H2, URI] }).endorse();
    const second = await contract.newProposal("asset:updateAsset", { arguments: ["M-1", H1, URI] }).endorse();
    const [a, b] = [await (await first.submit()).getStatus(), await (await second.submit()).getStatus()];
    expect(a.code).to.equal(StatusCode.VALID);
    expect(b.code).to.equal(StatusCode.MVCC_READ_CONFLICT);
    expect(b.successful).to.equal(false);
    expect(Number(b.blockNumber)).to.equal(Number(a.blockNumber) + 1, "an invalid transaction still gets its block");
    expect((await actors.bob.getAsset("M-1")).metadataHash).to.equal(H2);
  });

  it("getBlockEvents from block N replays the committed blocks N.. in order, then waits for the next", async () => {
    const receipts = [];
    for (const id of ["M-1", "M-2", "M-3"]) receipts.push(await actors.alice.registerAsset(id, "machine.cnc", H1, URI));
    const from = receipts[1]!.blockNumber;
    const stream = await networkOf("bob").getBlockEvents({ startBlock: BigInt(from) });
    const numbers: number[] = [];
    const txIds: string[] = [];
    const pending = actors.carol.registerAsset("M-4", "machine.cnc", H1, URI);
    try {
      for await (const block of stream) {
        const number = Number(block.getHeader()!.getNumber());
        numbers.push(number);
        const [envelope] = block.getData()!.getDataList_asU8();
        const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelope!).getPayload_asU8());
        txIds.push(common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8()).getTxId());
        expect(Buffer.from(block.getHeader()!.getDataHash_asU8()).toString("hex")).to.equal(createHash("sha256").update(envelope!).digest("hex"));
        expect(block.getMetadata()!.getMetadataList_asU8()[2]).to.deep.equal(Uint8Array.of(StatusCode.VALID));
        if (numbers.length === 3) break;
      }
    } finally {
      stream.close();
    }
    const fourth = await pending;
    expect(numbers).to.deep.equal([from, from + 1, from + 2]);
    expect(txIds).to.deep.equal([receipts[1]!.txId, receipts[2]!.txId, fourth.txId]);
  });

  it("getEvents(from) replays exactly the events from that block on, and nothing past the head", async () => {
    const receipts = [];
    for (const id of ["M-1", "M-2", "M-3"]) receipts.push(await actors.alice.registerAsset(id, "machine.cnc", H1, URI));
    const events = await actors.bob.getEvents(receipts[1]!.blockNumber);
    expect(events.map((e) => e.txId)).to.deep.equal([receipts[1]!.txId, receipts[2]!.txId]);
    expect(await actors.bob.getEvents(target.fabric.height)).to.deep.equal([]);
    expect(await actors.bob.getEvents(-3)).to.deep.equal(await actors.bob.getEvents(0), "a negative start is the genesis, not a seek to 2^64");
  });

  it("a commit failure names the validation code, as the embedded transport does", async () => {
    await actors.alice.registerAsset("M-1", "machine.cnc", H1, URI);
    const { transport } = target.connections.alice;
    // Endorse both before either is ordered: the second read a version the first replaces.
    const results = await Promise.allSettled([
      transport.submit("asset:updateAsset", ["M-1", H2, URI]),
      transport.submit("asset:updateAsset", ["M-1", H1, URI]),
    ]);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    for (const failure of failures) expect(String(failure.reason)).to.match(/failed to commit with status code MVCC_READ_CONFLICT$/);
    expect(results.map((r) => r.status)).to.deep.equal(["fulfilled", "rejected"]);
  });

  it("getChaincodeEvents streams the chaincode's events from a start block", async () => {
    const first = await actors.alice.registerAsset("M-1", "machine.cnc", H1, URI);
    await actors.alice.transferAsset("M-1", actors.bob.party);
    const stream = await networkOf("carol").getChaincodeEvents(target.fabric.chaincodeName, { startBlock: BigInt(first.blockNumber) });
    const seen: Array<{ name: string; block: number; txId: string }> = [];
    try {
      for await (const event of stream) {
        seen.push({ name: event.eventName, block: Number(event.blockNumber), txId: event.transactionId });
        if (seen.length === 2) break;
      }
    } finally {
      stream.close();
    }
    expect(seen.map((e) => e.name)).to.deep.equal(["AssetRegistered", "AssetTransferred"]);
    expect(seen[0]).to.include({ block: first.blockNumber, txId: first.txId });
  });

  it("an identity from a CA outside the channel is refused before the chaincode runs", async () => {
    const stranger = new TestCA("Org1MSP", "org1.example.com").issue("Mallory");
    const client = connectPeer({ endpoint: target.gateway.endpoint, hostOverride: target.gateway.hostOverride, tlsCACertPem: target.gateway.tlsCACertPem });
    const gateway = connect({
      client,
      identity: { mspId: stranger.mspId, credentials: Buffer.from(stranger.certificatePem) },
      signer: signers.newPrivateKeySigner(createPrivateKey(stranger.privateKeyPem)),
    });
    try {
      const contract = gateway.getNetwork(target.fabric.channelName).getContract(target.fabric.chaincodeName);
      const error = await contract
        .submit("asset:registerAsset", { arguments: ASSET_ARGS("M-1") })
        .then(() => expect.fail("the stranger's submit should have been refused"), (e: unknown) => e);
      expect(error).to.be.instanceOf(EndorseError);
      expect((error as EndorseError).details[0]!.message).to.contain("creator certificate is not valid for MSP Org1MSP");
      expect(target.fabric.height).to.equal(2);
    } finally {
      gateway.close();
      client.close();
    }
  });
});
