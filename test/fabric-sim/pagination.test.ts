import { expect } from "chai";
import { endorsementFailure, evalJson, newFabric, user1 } from "./helpers.js";

interface Page {
  keys: string[];
  bookmark: string;
  fetchedRecordsCount: number;
}

describe("fabric-sim: paginated queries (LevelDB semantics)", function () {
  it("the bookmark is the first key after the page; the next page starts there; it is empty at the end", async function () {
    const fabric = newFabric();
    await fabric.submit(user1, "probe:putMany", [JSON.stringify({ k1: "1", k2: "2", k3: "3", k4: "4", k5: "5" })]);
    const p1 = await evalJson<Page>(fabric, "page", ["", "", "2", ""]);
    expect(p1).to.deep.equal({ keys: ["k1", "k2"], bookmark: "k3", fetchedRecordsCount: 2 });
    const p2 = await evalJson<Page>(fabric, "page", ["", "", "2", p1.bookmark]);
    expect(p2).to.deep.equal({ keys: ["k3", "k4"], bookmark: "k5", fetchedRecordsCount: 2 });
    const p3 = await evalJson<Page>(fabric, "page", ["", "", "2", p2.bookmark]);
    expect(p3).to.deep.equal({ keys: ["k5"], bookmark: "", fetchedRecordsCount: 1 });
  });

  it("a page that exactly exhausts the range already returns an empty bookmark", async function () {
    const fabric = newFabric();
    await fabric.submit(user1, "probe:putMany", [JSON.stringify({ k1: "1", k2: "2", k3: "3", k4: "4" })]);
    const p2 = await evalJson<Page>(fabric, "page", ["", "", "2", "k3"]);
    expect(p2).to.deep.equal({ keys: ["k3", "k4"], bookmark: "", fetchedRecordsCount: 2 });
  });

  it("the bookmark respects the end key", async function () {
    const fabric = newFabric();
    await fabric.submit(user1, "probe:putMany", [JSON.stringify({ k1: "1", k2: "2", k3: "3", k4: "4" })]);
    expect(await evalJson<Page>(fabric, "page", ["k1", "k3", "2", ""])).to.deep.equal({
      keys: ["k1", "k2"], bookmark: "", fetchedRecordsCount: 2,
    });
  });

  it("partial composite key pagination stays within the prefix and bookmarks a composite key", async function () {
    const fabric = newFabric();
    for (const id of ["a1", "a2", "a3"]) await fabric.submit(user1, "probe:putComposite", ["asset", JSON.stringify(["blue", id]), id]);
    await fabric.submit(user1, "probe:putComposite", ["asset", JSON.stringify(["red", "z"]), "z"]);
    const p1 = await evalJson<{ keys: string[][]; bookmark: string }>(fabric, "partialPage", ["asset", JSON.stringify(["blue"]), "2", ""]);
    expect(p1.keys).to.deep.equal([["blue", "a1"], ["blue", "a2"]]);
    expect(p1.bookmark).to.equal("\u0000asset\u0000blue\u0000a3\u0000");
    const p2 = await evalJson<{ keys: string[][]; bookmark: string }>(fabric, "partialPage", ["asset", JSON.stringify(["blue"]), "2", p1.bookmark]);
    expect(p2).to.deep.equal({ keys: [["blue", "a3"]], bookmark: "" });
  });

  it("a paginated query after a write fails, as in Fabric's transaction simulator", async function () {
    const fabric = newFabric();
    const err = await endorsementFailure(fabric.submit(user1, "probe:putThenPage", ["k"]));
    expect(err.message).to.match(
      /^GET_STATE_BY_RANGE failed: transaction ID: [0-9a-f]{64}: txid \[[0-9a-f]{64}\]: unsuppored transaction\. Paginated queries are supported only in a read-only transaction$/,
    );
    expect(fabric.height).to.equal(1);
  });

  it("a write after a paginated query fails, in submit and in evaluate alike", async function () {
    const fabric = newFabric();
    for (const run of [fabric.submit(user1, "probe:pageThenPut", ["k"]), fabric.evaluate(user1, "probe:pageThenPut", ["k"])]) {
      const err = await endorsementFailure(run);
      expect(err.message).to.match(/^PUT_STATE failed: transaction ID: [0-9a-f]{64}: .*Transaction has already performed a paginated query\. Writes are not allowed$/);
    }
    expect(fabric.height).to.equal(1);
  });
});
