import { expect } from "chai";
import { AccessDeniedError, EmbeddedFabric, TestCA } from "../../clients/fabric-embedded/sim/index.js";
import { endorsementFailure, evalJson, newFabric, org1, START, user1 } from "./helpers.js";
import { ProbeContract } from "./probe-contract.js";

describe("fabric-sim: peer, dispatch and identity", function () {
  it("routes contract:transaction through fabric-contract-api; an unknown function gets its error", async function () {
    const fabric = newFabric();
    const err = await endorsementFailure(fabric.submit(user1, "probe:nope", []));
    expect(err.message).to.equal("You've asked to invoke a function that does not exist: probe:nope");
    const unknownContract = await endorsementFailure(fabric.submit(user1, "nope:put", ["a", "b"]));
    expect(unknownContract.message).to.equal("Contract name is not known: nope");
  });

  it("checks the parameter count from the inferred metadata", async function () {
    const fabric = newFabric();
    const err = await endorsementFailure(fabric.submit(user1, "probe:put", ["only-one"]));
    expect(err.message).to.equal("Expected 2 parameters, but 1 have been supplied");
  });

  it("org.hyperledger.fabric:GetMetadata lists the contract's transactions with their parameters", async function () {
    // Needs class-transformer 0.4.0 (package.json overrides): 0.4.1 was published without classToPlain.
    const fabric = newFabric();
    type Metadata = { contracts: Record<string, { transactions: Array<{ name: string; parameters?: Array<{ name: string }> }> }> };
    const metadata = JSON.parse((await fabric.evaluate(user1, "org.hyperledger.fabric:GetMetadata", [])).toString()) as Metadata;
    expect(Object.keys(metadata.contracts)).to.have.members(["probe", "org.hyperledger.fabric"]);
    const put = metadata.contracts["probe"]!.transactions.find((t) => t.name === "put");
    expect(put?.parameters?.map((p) => p.name)).to.deep.equal(["arg0", "arg1"]);
  });

  it("the chaincode sees fabric-shim's ClientIdentity built from the submitter's certificate", async function () {
    const fabric = newFabric();
    const who = await evalJson<{ id: string; mspId: string; creatorMsp: string; transientSize: number }>(fabric, "whoami");
    expect(who.id).to.equal(
      "x509::/C=US/ST=California/L=San Francisco/O=org1.example.com/OU=client/CN=User1@org1.example.com" +
        "::/C=US/ST=California/L=San Francisco/O=org1.example.com/CN=ca.org1.example.com",
    );
    expect(who.mspId).to.equal("Org1MSP");
    expect(who.creatorMsp).to.equal("Org1MSP");
    expect(who.transientSize).to.equal(0);
  });

  it("the last setEvent of a transaction wins and is delivered with its tx id and block", async function () {
    const fabric = newFabric();
    const result = await fabric.submit(user1, "probe:emit", [JSON.stringify(["First", "Second"])]);
    const expected = { name: "Second", payload: Buffer.from("payload-of-Second"), txId: result.txId, blockNumber: result.blockNumber };
    expect(result.event).to.deep.equal(expected);
    expect(fabric.events()).to.deep.equal([expected]);
  });

  it("setEvent rejects an empty event name", async function () {
    const fabric = newFabric();
    const err = await endorsementFailure(fabric.submit(user1, "probe:emit", [JSON.stringify([""])]));
    expect(err.message).to.equal("Event name must be a non-empty string");
  });

  it("events(fromBlock) replays only events at or after that block", async function () {
    const fabric = newFabric();
    await fabric.submit(user1, "probe:emit", [JSON.stringify(["A"])]);
    await fabric.submit(user1, "probe:put", ["k", "v"]);
    await fabric.submit(user1, "probe:emit", [JSON.stringify(["C"])]);
    expect(fabric.events().map((e) => [e.name, e.blockNumber])).to.deep.equal([["A", 1], ["C", 3]]);
    expect(fabric.events(2).map((e) => e.name)).to.deep.equal(["C"]);
    expect(fabric.height).to.equal(4);
  });

  it("tx timestamps come from the client clock: startTime, +1 s per submit, plus advanceTime; evaluate does not advance it", async function () {
    const fabric = newFabric();
    type Clock = { seconds: number; low: number; nanos: number; date: string; txId: string };
    const first = JSON.parse((await fabric.submit(user1, "probe:clock", [])).payload.toString()) as Clock;
    expect(first).to.include({ seconds: START, low: START, nanos: 0, date: new Date(START * 1000).toISOString() });
    const second = JSON.parse((await fabric.submit(user1, "probe:clock", [])).payload.toString()) as Clock;
    expect(second.seconds).to.equal(START + 1);
    fabric.advanceTime(3600);
    expect((await evalJson<Clock>(fabric, "clock")).seconds).to.equal(START + 2 + 3600);
    expect((await evalJson<Clock>(fabric, "clock")).seconds).to.equal(START + 2 + 3600);
  });

  it("tx ids are Fabric-shaped, match what the chaincode sees, and are reproducible run to run", async function () {
    const a = newFabric();
    const b = newFabric();
    const ra = await a.submit(user1, "probe:clock", []);
    const rb = await b.submit(user1, "probe:clock", []);
    expect(ra.txId).to.match(/^[0-9a-f]{64}$/);
    expect(JSON.parse(ra.payload.toString()).txId).to.equal(ra.txId);
    expect(rb.txId).to.equal(ra.txId);
    expect((await a.submit(user1, "probe:clock", [])).txId).to.not.equal(ra.txId);
  });

  it("with organisations configured, an identity from an unknown CA is refused before the chaincode runs", async function () {
    const fabric = newFabric();
    const impostor = new TestCA("Org1MSP", "org1.example.com").issue("User1");
    const outsider = new TestCA("Org9MSP", "org9.example.com").issue("User1");
    for (const identity of [impostor, outsider]) {
      let error: unknown;
      await fabric.submit(identity, "probe:put", ["k", "v"]).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(AccessDeniedError);
    }
    expect(fabric.height).to.equal(1);
    const open = new EmbeddedFabric({ contracts: [ProbeContract], startTime: START });
    await open.submit(outsider, "probe:put", ["k", "v"]);
    expect(org1.issued(user1.certificatePem)).to.equal(true);
  });
});
