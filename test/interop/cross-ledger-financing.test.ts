/**
 * The cross-ledger financing story as a conformance scenario (core/spec/INTEROP.md §4): on the
 * embedded Fabric channel of two organisations and Hardhat's EVM, every step of
 * CROSS_LEDGER_STORY (the one `npm start` tells) comes out as the specification says, in order;
 * afterwards each ledger holds what the lock promises — the invoice financed on EVM is still
 * reserved on Fabric and marked financed in the registry's lock slot, the one brought home is no
 * longer reserved.
 */
import { expect } from "chai";
import { p256 } from "@noble/curves/p256";
import { invoiceFingerprint, type LedgerError } from "../../core/index.js";
import { signCheckpoint } from "../../core/interop/evm-checkpoint.js";
import { decodeLock, lockSlotOf } from "../../core/interop/evm-registry-layout.js";
import { createEmbeddedFabricTarget, type EmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import { createCrossLedgerStage, embeddedConsortium, embeddedFabricSide, type CrossLedgerStage } from "../../scripts/walkthrough/cross-ledger-stage.js";
import { crossLedgerStory, releaseEvidence, runCrossLedgerStory, storyInvoice, WALKTHROUGH_NAMES, type CrossLedgerResult } from "../../scripts/walkthrough/cross-ledger.js";
import { WALKTHROUGH } from "../../scripts/walkthrough/steps.js";

const INVOICE = storyInvoice(WALKTHROUGH_NAMES.reserved);

describe("interop: one invoice financed on one ledger only (the cross-ledger story)", function () {
  let target: EmbeddedFabricTarget;
  let stage: CrossLedgerStage;
  let results: CrossLedgerResult[];

  before(async function () {
    target = await createEmbeddedFabricTarget({ endorsingPeers: true });
    const actors = await target.deploy();
    for (const step of WALKTHROUGH) await step.run(actors).catch(() => undefined); // its refusals are part of its story
    stage = await createCrossLedgerStage(embeddedFabricSide(target, actors), embeddedConsortium(target));
    ({ results } = await runCrossLedgerStory(stage));
  });

  after(async () => {
    await stage?.close();
    await target?.close();
  });

  for (const [index, step] of crossLedgerStory().entries()) {
    it(`${index + 1}. ${step.title} (${step.ledger}): ${step.expected === "ok" ? "done" : `refused with ${step.expected}`}`, () => {
      expect(results[index], results[index]?.detail).to.include({ title: step.title, outcome: step.expected });
    });
  }

  it("leaves the invoice financed on EVM reserved on Fabric, and marked financed in the registry's lock slot", async () => {
    const fingerprint = invoiceFingerprint(INVOICE);
    const reservation = await stage.fabric.lock("bob").getEvmReservation(fingerprint);
    expect(reservation).to.include({ fingerprint, registry: (await stage.evm.registry.getAddress()).toLowerCase(), receivableId: "INV-2026-0051" });
    const word = await stage.evm.provider.getStorage(await stage.evm.registry.getAddress(), lockSlotOf(fingerprint));
    expect(decodeLock(BigInt(word)).financed).to.equal(true);
  });

  it("refused the release of the invoice financed on EVM because it was financed there, not for its time", () => {
    const release = results.find((result) => result.title.includes("asks Fabric to release it"))!;
    expect(release.reason).to.match(/financed fingerprint/);
  });

  describe("releaseFromEvm refuses wrong evidence with the spec's code, and keeps the reservation", () => {
    const fingerprint = invoiceFingerprint(INVOICE);
    const refusal = (run: Promise<unknown>) => run.then(() => "ok", (error: LedgerError) => `${error.code}: ${error.message}`);

    it("a checkpoint one committee signature short: InvalidArgument (CheckpointQuorumNotMet)", async () => {
      const evidence = await releaseEvidence(stage, fingerprint);
      const short = { ...evidence, signatures: evidence.signatures.slice(0, 1) };
      expect(await refusal(stage.fabric.lock("alice").releaseFromEvm(fingerprint, short))).to.match(/^InvalidArgument: .*CheckpointQuorumNotMet/);
    });

    it("a checkpoint whose state root was changed after signing: InvalidArgument (CheckpointSignatureInvalid)", async () => {
      const evidence = await releaseEvidence(stage, fingerprint);
      const forged = { ...evidence, checkpoint: { ...evidence.checkpoint, stateRoot: `0x${"ab".repeat(32)}` } };
      expect(await refusal(stage.fabric.lock("alice").releaseFromEvm(fingerprint, forged))).to.match(/^InvalidArgument: .*CheckpointSignatureInvalid/);
    });

    it("signed by a committee member's key that is not on Fabric's committee: InvalidArgument", async () => {
      const evidence = await releaseEvidence(stage, fingerprint);
      const stranger = p256.utils.randomPrivateKey();
      const signatures = [signCheckpoint(stranger, stage.committee.keys[0]!.mspId, evidence.checkpoint), evidence.signatures[1]!];
      expect(await refusal(stage.fabric.lock("alice").releaseFromEvm(fingerprint, { ...evidence, signatures }))).to.match(/^InvalidArgument: .*CheckpointSignatureInvalid/);
    });

    it("the proof of another fingerprint's slot: InvalidArgument", async () => {
      const evidence = await releaseEvidence(stage, fingerprint);
      const other = await releaseEvidence(stage, invoiceFingerprint(storyInvoice(WALKTHROUGH_NAMES.returned)));
      expect(await refusal(stage.fabric.lock("alice").releaseFromEvm(fingerprint, { ...evidence, proof: other.proof }))).to.match(/^InvalidArgument: /);
    });

    it("a storage proof with one node byte changed: InvalidArgument", async () => {
      const evidence = await releaseEvidence(stage, fingerprint);
      const [slot] = evidence.proof.storageProof;
      const node = slot!.proof[0]!;
      const mutated = `${node.slice(0, 10)}${node[10] === "0" ? "1" : "0"}${node.slice(11)}`;
      const proof = { ...evidence.proof, storageProof: [{ ...slot!, proof: [mutated, ...slot!.proof.slice(1)] }] };
      expect(await refusal(stage.fabric.lock("alice").releaseFromEvm(fingerprint, { ...evidence, proof }))).to.match(/^InvalidArgument: /);
    });

    it("after all of them the invoice is still reserved for the EVM registry", async () => {
      expect((await stage.fabric.lock("bob").getEvmReservation(fingerprint)).receivableId).to.equal("INV-2026-0051");
    });
  });

  it("refuses the release of a reservation whose expiry the EVM chain has not reached: InvalidState", async () => {
    const fingerprint = invoiceFingerprint({ ...INVOICE, invoiceNumber: "INV-2026-0053" });
    await stage.fabric.lock("carol").reserveForEvm(fingerprint, stage.evm.chainId, await stage.evm.registry.getAddress(), (await stage.evm.now()) + 600n);
    const refused = await stage.fabric.lock("carol").releaseFromEvm(fingerprint, await releaseEvidence(stage, fingerprint)).then(
      () => "ok",
      (error: LedgerError) => `${error.code}: ${error.message}`,
    );
    expect(refused).to.match(/^InvalidState: .*before the reservation's expiry/);
  });

  it("no longer holds a reservation of the invoice brought home", async () => {
    const fingerprint = invoiceFingerprint(storyInvoice(WALKTHROUGH_NAMES.returned));
    const refusal = await stage.fabric.lock("bob").getEvmReservation(fingerprint).catch((error: { code?: string }) => error.code);
    expect(refusal).to.equal("NotFound");
  });
});
