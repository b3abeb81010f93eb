/**
 * The event stream over every embedded target (polled, and pushed by the Fabric Gateway):
 * replay from a block, follow live blocks, and resume from a checkpoint without gaps or repeats.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { LedgerEvent } from "../../core/index.js";
import { checkpointers } from "@hyperledger/fabric-gateway";
import { afterPosition, fileCheckpoint, memoryCheckpoint, positionOf, watchEvents } from "../../clients/events/index.js";
import type { ActorLedgers, LedgerTarget } from "../../clients/ledger.js";
import { createEmbeddedEvmTarget } from "../../clients/evm-embedded/target.js";
import { createEmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import { createEmbeddedGatewayTarget } from "../../clients/fabric-embedded/gateway-target.js";
import { hashOf } from "../conformance/harness.js";

/** Takes `count` events from a fresh stream, then ends it. */
async function take(stream: AsyncGenerator<LedgerEvent>, count: number): Promise<LedgerEvent[]> {
  const taken: LedgerEvent[] = [];
  for await (const event of stream) {
    taken.push(event);
    if (taken.length === count) break;
  }
  return taken;
}

const register = (actors: ActorLedgers, id: string) => actors.alice.registerAsset(id, "machine", hashOf(id), "");

// How each target delivers: polling getEvents, or the Fabric Gateway's pushed chaincode events.
for (const [name, createTarget, delivery] of [
  ["evm", createEmbeddedEvmTarget, "polled"],
  ["fabric", createEmbeddedFabricTarget, "polled"],
  ["fabric-gateway", () => createEmbeddedGatewayTarget(), "pushed"],
] as const) {
  describe(`events: watchEvents [${name}]`, () => {
    let target: LedgerTarget;
    let actors: ActorLedgers;
    // Every stream of a test ends with it, passed or failed: a poller left behind would
    // throw once the target is closed and take the whole run down with it.
    let streams: AbortController;
    const watch = (options: Parameters<typeof watchEvents>[1]) => watchEvents(actors.bob, { ...options, signal: streams.signal });
    before(async () => {
      target = await createTarget();
    });
    after(async () => target.close());
    beforeEach(async () => {
      streams = new AbortController();
      actors = await target.deploy();
    });
    afterEach(() => streams.abort());

    it(`[${name}] events are ${delivery}`, () => {
      expect(typeof actors.bob.followEvents === "function" ? "pushed" : "polled").to.equal(delivery);
    });

    it(`[${name}] a late listener replays from a block, then receives new events as they commit`, async () => {
      const first = await register(actors, "M-1");
      const stream = watch({ fromBlock: first.blockNumber, pollIntervalMs: 20 });
      const [replayed] = await take(stream, 1);
      expect(replayed.txId).to.equal(first.txId);

      const live = watch({ fromBlock: first.blockNumber, pollIntervalMs: 20 });
      const pending = take(live, 2);
      const second = await register(actors, "M-2");
      expect((await pending).map((event) => event.txId)).to.deep.equal([first.txId, second.txId]);
    });

    it(`[${name}] a listener restarted from its file checkpoint gets exactly the events it had not handled`, async () => {
      const checkpoint = await fileCheckpoint(join(mkdtempSync(join(tmpdir(), "twinledger-")), "events.json"));
      const receipts = [await register(actors, "M-1"), await register(actors, "M-2")];
      const start = receipts[0].blockNumber;
      const before = await take(watch({ fromBlock: start, checkpoint, pollIntervalMs: 20 }), 2);
      expect(before.map((event) => event.txId)).to.deep.equal(receipts.map((receipt) => receipt.txId));

      const later = [await register(actors, "M-3"), await actors.alice.transferAsset("M-1", actors.bob.party)];
      const after = await take(watch({ fromBlock: start, checkpoint, pollIntervalMs: 20 }), 2);
      expect(after.map((event) => [event.name, event.txId])).to.deep.equal([
        ["AssetRegistered", later[0].txId],
        ["AssetTransferred", later[1].txId],
      ]);
      expect(positionOf(checkpoint)).to.deep.equal({ blockNumber: later[1].blockNumber, txId: later[1].txId });
    });

    it(`[${name}] the checkpoint file is the Fabric Gateway's: one its file checkpointer wrote resumes the stream`, async () => {
      const path = join(mkdtempSync(join(tmpdir(), "twinledger-")), "gateway-checkpoint.json");
      const receipts = [await register(actors, "M-1"), await register(actors, "M-2")];
      const written = await checkpointers.file(path);
      await written.checkpointTransaction(BigInt(receipts[0].blockNumber), receipts[0].txId);
      expect(JSON.parse(readFileSync(path, "utf8"))).to.deep.equal({ blockNumber: String(receipts[0].blockNumber), transactionId: receipts[0].txId });

      const resumed = await take(watch({ checkpoint: await fileCheckpoint(path), pollIntervalMs: 20 }), 1);
      expect(resumed.map((event) => event.txId)).to.deep.equal([receipts[1].txId]);
    });

    it(`[${name}] a block checkpoint (checkpointBlock) resumes at the next block`, async () => {
      const receipts = [await register(actors, "M-1"), await register(actors, "M-2")];
      const checkpoint = memoryCheckpoint();
      await checkpoint.checkpointBlock(BigInt(receipts[0].blockNumber));
      const resumed = await take(watch({ checkpoint, pollIntervalMs: 20 }), 1);
      expect(resumed.map((event) => event.txId)).to.deep.equal([receipts[1].txId]);
    });

    it(`[${name}] aborting the signal ends the stream`, async () => {
      const controller = new AbortController();
      const stream = watchEvents(actors.bob, { pollIntervalMs: 20, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const seen: LedgerEvent[] = [];
      for await (const event of stream) seen.push(event);
      expect(seen.map((event) => event.name)).to.deep.equal(["RoleGranted"]);
    });
  });
}

describe("events: afterPosition", () => {
  const event = (blockNumber: number, txId: string): LedgerEvent => ({ name: "AssetRegistered", payload: {}, blockNumber, txId }) as unknown as LedgerEvent;
  const events = [event(3, "a"), event(4, "b"), event(4, "c"), event(5, "d")];
  const ids = (list: LedgerEvent[]) => list.map((e) => e.txId);

  it("keeps everything without a position", () => expect(ids(afterPosition(events, undefined))).to.deep.equal(["a", "b", "c", "d"]));
  it("drops blocks before the position's and, in its block, up to and including its transaction", () =>
    expect(ids(afterPosition(events, { blockNumber: 4, txId: "b" }))).to.deep.equal(["c", "d"]));
  it("keeps the whole block of a position without a transaction (a block checkpoint)", () =>
    expect(ids(afterPosition(events, { blockNumber: 4 }))).to.deep.equal(["b", "c", "d"]));
  it("keeps the block's events when its transaction is not among them", () =>
    expect(ids(afterPosition(events, { blockNumber: 4, txId: "zz" }))).to.deep.equal(["b", "c", "d"]));
});
