import { expect } from "chai";
import { CommitError } from "../../clients/fabric-embedded/sim/index.js";
import { endorsementFailure, evalJson, evalText, newFabric, START, user1 } from "./helpers.js";

describe("fabric-sim: world state semantics", function () {
  it("getState does not see the transaction's own writes (no read-your-writes)", async function () {
    const fabric = newFabric();
    await fabric.submit(user1, "probe:put", ["k", "old"]);
    const seen = JSON.parse((await fabric.submit(user1, "probe:putThenGet", ["k", "new"])).payload.toString());
    expect(seen).to.deep.equal({ seenLength: 3, seen: "old" });
    const fresh = JSON.parse((await fabric.submit(user1, "probe:putThenGet", ["fresh", "v"])).payload.toString());
    expect(fresh).to.deep.equal({ seenLength: 0, seen: "" });
    expect(await evalText(fabric, "get", ["k"])).to.equal("new");
  });

  it("a failing transaction writes nothing, records no event and no block; the error is the chaincode's message", async function () {
    const fabric = newFabric();
    await fabric.submit(user1, "probe:put", ["k", "before"]);
    const height = fabric.height;
    const err = await endorsementFailure(fabric.submit(user1, "probe:putAndFail", ["k", "after"]));
    expect(err.message).to.equal("deliberate failure: nothing may be written");
    expect(err.status).to.equal(500);
    expect(await evalText(fabric, "get", ["k"])).to.equal("before");
    expect(fabric.height).to.equal(height);
    expect(fabric.events()).to.deep.equal([]);
  });

  it("putState with an empty value deletes the key, like Fabric's write set", async function () {
    const fabric = newFabric();
    await fabric.submit(user1, "probe:put", ["k", "v"]);
    await fabric.submit(user1, "probe:put", ["k", ""]);
    expect(await evalText(fabric, "get", ["k"])).to.equal("");
    expect((await evalJson<Array<{ isDelete: boolean }>>(fabric, "history", ["k"]))[0]!.isDelete).to.equal(true);
  });

  it("range queries order keys by UTF-8 bytes, not UTF-16 code units", async function () {
    const fabric = newFabric();
    const astral = "\u{1F600}"; // UTF-16 D83D DE00, UTF-8 F0 9F 98 80
    const privateUse = "\uE000"; // UTF-16 E000, UTF-8 EE 80 80
    expect(astral < privateUse).to.equal(true); // JS order is the opposite of the ledger's
    await fabric.submit(user1, "probe:putMany", [JSON.stringify({ [astral]: "1", [privateUse]: "2", b: "3", a: "4" })]);
    expect(await evalJson(fabric, "rangeForAwait", ["", ""])).to.deep.equal(["a", "b", privateUse, astral]);
  });

  it("range queries are [start, end) and an empty end key is open", async function () {
    const fabric = newFabric();
    await fabric.submit(user1, "probe:putMany", [JSON.stringify({ a: "1", b: "2", c: "3", d: "4" })]);
    expect(await evalJson(fabric, "rangeForAwait", ["b", "d"])).to.deep.equal(["b", "c"]);
    expect(await evalJson(fabric, "rangeForAwait", ["b", ""])).to.deep.equal(["b", "c", "d"]);
    expect(await evalJson(fabric, "rangeForAwait", ["", "c"])).to.deep.equal(["a", "b"]);
  });

  it("both iterator styles work: for-await on the returned promise, and await + next()/close()", async function () {
    const fabric = newFabric();
    const many: Record<string, string> = {};
    for (let i = 0; i < 250; i++) many[`key${String(i).padStart(3, "0")}`] = String(i); // > one 100-result batch
    await fabric.submit(user1, "probe:putMany", [JSON.stringify(many)]);
    const expected = Object.keys(many).sort();
    expect(await evalJson(fabric, "rangeForAwait", ["", ""])).to.deep.equal(expected);
    expect(await evalJson(fabric, "rangeNext", ["", ""])).to.deep.equal(expected);
  });

  it("as in fabric-shim, the awaited iterator object itself is not async-iterable (only the promise is)", async function () {
    const fabric = newFabric();
    expect(await evalText(fabric, "awaitedIteratorIsAsyncIterable")).to.equal("false");
  });

  it("composite keys never appear in plain range queries", async function () {
    const fabric = newFabric();
    await fabric.submit(user1, "probe:put", ["plain", "1"]);
    await fabric.submit(user1, "probe:putComposite", ["asset", JSON.stringify(["blue", "a1"]), "2"]);
    expect(await evalJson(fabric, "rangeForAwait", ["", ""])).to.deep.equal(["plain"]);
  });

  it("range queries reject a composite start or end key, with fabric-shim's message", async function () {
    const fabric = newFabric();
    const err = await endorsementFailure(fabric.evaluate(user1, "probe:rangeNext", ["\u0000asset\u0000", ""]));
    expect(err.message).to.equal("first character of the key [\u0000asset\u0000] contains a null character which is not allowed");
  });

  it("a partial composite key query returns exactly the keys under that prefix", async function () {
    const fabric = newFabric();
    await fabric.submit(user1, "probe:putComposite", ["asset", JSON.stringify(["blue", "a1"]), "1"]);
    await fabric.submit(user1, "probe:putComposite", ["asset", JSON.stringify(["blue", "a2"]), "2"]);
    await fabric.submit(user1, "probe:putComposite", ["asset", JSON.stringify(["red", "a3"]), "3"]);
    await fabric.submit(user1, "probe:putComposite", ["assets", JSON.stringify(["blue", "x"]), "4"]);
    await fabric.submit(user1, "probe:putComposite", ["asset", JSON.stringify(["bluer", "a4"]), "5"]);
    expect(await evalJson(fabric, "partial", ["asset", JSON.stringify(["blue"])])).to.deep.equal([
      { objectType: "asset", attributes: ["blue", "a1"], value: "1" },
      { objectType: "asset", attributes: ["blue", "a2"], value: "2" },
    ]);
    expect(await evalJson<unknown[]>(fabric, "partial", ["asset", "[]"])).to.have.length(4);
  });

  it("history is newest first, includes deletes, and carries each transaction's id and timestamp", async function () {
    const fabric = newFabric();
    const t1 = await fabric.submit(user1, "probe:put", ["k", "v1"]);
    const t2 = await fabric.submit(user1, "probe:put", ["k", "v2"]);
    const t3 = await fabric.submit(user1, "probe:del", ["k"]);
    expect(await evalJson(fabric, "history", ["k"])).to.deep.equal([
      { txId: t3.txId, isDelete: true, value: "", seconds: START + 2 },
      { txId: t2.txId, isDelete: false, value: "v2", seconds: START + 1 },
      { txId: t1.txId, isDelete: false, value: "v1", seconds: START },
    ]);
  });

  it("evaluate never writes, even when the chaincode calls putState, and records no block or event", async function () {
    const fabric = newFabric();
    const height = fabric.height;
    await fabric.evaluate(user1, "probe:put", ["k", "v"]);
    await fabric.evaluate(user1, "probe:emit", [JSON.stringify(["E"])]);
    expect(await evalText(fabric, "get", ["k"])).to.equal("");
    expect(fabric.height).to.equal(height);
    expect(fabric.events()).to.deep.equal([]);
  });

  it("concurrent submits are simulated against the same committed state: of five read-modify-writes one commits, four fail MVCC", async function () {
    const fabric = newFabric();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => fabric.submit(user1, "probe:increment", ["counter"])));
    expect(results.map((r) => r.status)).to.deep.equal(["fulfilled", "rejected", "rejected", "rejected", "rejected"]);
    expect(fabric.blocks().map((b) => b.validationCode)).to.deep.equal(["VALID", ...Array(4).fill("MVCC_READ_CONFLICT")]);
    for (const result of results.slice(1)) expect((result as PromiseRejectedResult).reason).to.be.instanceOf(CommitError);
    expect(await evalText(fabric, "get", ["counter"])).to.equal("1");
  });

  it("submits awaited one after another each see the one before: five increments make 5", async function () {
    const fabric = newFabric();
    for (let i = 1; i <= 5; i++) expect((await fabric.submit(user1, "probe:increment", ["counter"])).payload.toString()).to.equal(String(i));
  });
});
