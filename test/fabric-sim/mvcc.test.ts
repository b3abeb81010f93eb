import { expect } from "chai";
import { TransactionSimulator, validateSimulation } from "../../clients/fabric-embedded/sim/stub.js";
import { WorldState } from "../../clients/fabric-embedded/sim/world-state.js";

const ts = { seconds: 1_750_000_000, nanos: 0 };

function commit(state: WorldState, txId: string, writes: Record<string, string | null>): void {
  state.commit({ txId, timestamp: ts, writes: new Map(Object.entries(writes).map(([k, v]) => [k, v === null ? null : Buffer.from(v)])) }, "VALID");
}

// Submissions are serialised, so these conflicts cannot arise through EmbeddedFabric
// today; the check exists so a concurrent mode would be honest. Driven directly here.
describe("fabric-sim: commit-time MVCC validation", function () {
  it("a key read at endorsement and changed before commit invalidates the transaction", async function () {
    const state = new WorldState();
    commit(state, "t1", { k: "1" });
    const sim = new TransactionSimulator(state, "ch", "t2");
    await sim.handleGetState("", "k");
    await sim.handlePutState("", "k", Buffer.from("2"));
    const results = sim.finish();
    expect(validateSimulation(state, results)).to.equal("VALID");
    commit(state, "t3", { k: "other" });
    expect(validateSimulation(state, results)).to.equal("MVCC_READ_CONFLICT");
  });

  it("a key inserted into a range the transaction scanned is a phantom read", async function () {
    const state = new WorldState();
    commit(state, "t1", { a: "1", c: "3" });
    const sim = new TransactionSimulator(state, "ch", "t2");
    const { iterator } = await sim.handleGetStateByRange("", "a", "z", "ch", "t2");
    const it = iterator as { next(): Promise<{ done?: boolean }> };
    while (!(await it.next()).done);
    const results = sim.finish();
    commit(state, "t3", { b: "2" });
    expect(validateSimulation(state, results)).to.equal("PHANTOM_READ_CONFLICT");
  });

  it("an invalid transaction is recorded in its block but changes no state and no history", function () {
    const state = new WorldState();
    const block = state.commit({ txId: "bad", timestamp: ts, writes: new Map([["k", Buffer.from("v")]]), event: { name: "E", payload: Buffer.alloc(0) } }, "MVCC_READ_CONFLICT");
    expect(block).to.include({ number: 1, txId: "bad", validationCode: "MVCC_READ_CONFLICT" });
    expect(state.get("k")).to.equal(undefined);
    expect(state.history("k")).to.deep.equal([]);
    expect(state.height).to.equal(2);
  });
});
