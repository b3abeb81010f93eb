/**
 * The cross-ledger story (core/spec/INTEROP.md): a certificate issued on Fabric is checked by
 * a contract on the EVM chain from the peers' own signatures; an invoice is reserved on
 * Fabric for the EVM registry, financed there on a proof of the reservation, refused a second
 * financing on Fabric, and kept on EVM when its release is asked for; a second invoice, never
 * financed on EVM, comes home to Fabric on a committee-signed state proof and is financed there.
 * Each step says what it did or which code refused it; `expected` is what the specification
 * says must happen, so the story doubles as a conformance scenario.
 */
import { invoiceFingerprint, LedgerError } from "../../core/index.js";
import { keccakHex, type FactType } from "../../core/interop/statement.js";
import type { ReleaseEvidence } from "../../core/interop/release.js";
import { lockSlotOf } from "../../core/interop/evm-registry-layout.js";
import { signCheckpoint } from "../../core/interop/evm-checkpoint.js";
import { interopErrorName, requestFactNonce } from "../../clients/evm/interop.js";
import { readCheckpoint, readSlotProof } from "../../clients/interop/evm-release-evidence.js";
import type { FabricFactProof } from "../../core/interop/proof.js";
import { evmProofArguments } from "../../core/interop/proof.js";
import type { CrossLedgerStage } from "./cross-ledger-stage.js";

export interface CrossLedgerStep {
  title: string;
  /** Where it runs: one ledger, or a proof carried from one to the other. */
  ledger: "Fabric" | "EVM" | "Fabric → EVM" | "EVM → Fabric";
  /** What the specification says must come of it: `ok`, or the refusal's code. */
  expected: string;
  run(stage: CrossLedgerStage, memo: Memo): Promise<string>;
}

export interface CrossLedgerResult {
  title: string;
  ledger: string;
  expected: string;
  /** `ok` or the refusal's code. */
  outcome: string;
  detail: string;
  /** A refusal's message: why. */
  reason?: string;
}

interface Memo {
  reservedAtMs?: number;
  financedAtMs?: number;
}

const DAY = 86_400;

/** What the story is about: a Valid certificate on the channel and two invoice numbers not used there yet. */
export interface StoryNames {
  certificate: string;
  reserved: string;
  returned: string;
}

/** The walkthrough's certificate and the next invoices of alice's (the embedded story). */
export const WALKTHROUGH_NAMES: StoryNames = { certificate: "QMS-2026-18", reserved: "INV-2026-0051", returned: "INV-2026-0052" };

/** The invoice behind each receivable of the story: alice's to bob (the fingerprint is computed from it). */
export function storyInvoice(invoiceNumber: string) {
  return { sellerTaxId: "DE 123 456 789", debtorTaxId: "FR40303265045", invoiceNumber, issueDate: "2026-12-02", amount: "48000.00", currency: "EUR" };
}
/** How long the EVM registry may finance a reserved invoice (EVM time). */
const RESERVATION_SECONDS = 3_600n;

/** A proof of one fact for one EVM consumer: a nonce from the verifier, the peers' endorsement of proveFact. */
async function proveTo(stage: CrossLedgerStage, consumer: string, factType: FactType, subject: string, subjectWord: string): Promise<FabricFactProof> {
  const issued = await requestFactNonce(stage.evm.interop.verifier, consumer, factType, subjectWord);
  return stage.fabric.lock("bob").proveFact({ factType, subject, chainId: stage.evm.chainId, consumer, ...issued });
}

/** The committee's checkpoint of the latest block and the registry's lock slot of `fingerprint` under it. */
export async function releaseEvidence(stage: CrossLedgerStage, fingerprint: string): Promise<ReleaseEvidence> {
  const checkpoint = await readCheckpoint(stage.evm.provider, "latest");
  const signatures = stage.committee.keys.map(({ mspId, privateKey }) => signCheckpoint(privateKey, mspId, checkpoint));
  const proof = await readSlotProof(stage.evm.provider, await stage.evm.registry.getAddress(), lockSlotOf(fingerprint), checkpoint.blockNumber);
  return { checkpoint, signatures, proof };
}

/** alice reserves the fingerprint on Fabric for the story's EVM registry, `seconds` of EVM time from now. */
async function reserveForRegistry(stage: CrossLedgerStage, fingerprint: string, seconds: bigint): Promise<string> {
  const expiry = (await stage.evm.now()) + seconds;
  await stage.fabric.lock("alice").reserveForEvm(fingerprint, stage.evm.chainId, await stage.evm.registry.getAddress(), expiry);
  return `ReservedForEvm until EVM time ${expiry}`;
}

async function issueAndAcknowledge(ledgers: CrossLedgerStage["fabric"]["ledgers"], id: string, dueDate: number, fingerprint: string): Promise<void> {
  await ledgers.alice.issueReceivable(id, ledgers.bob.party, "4800000", "EUR", dueDate, fingerprint, [], "");
  await ledgers.bob.acknowledgeReceivable(id);
}

export function crossLedgerStory(names: StoryNames = WALKTHROUGH_NAMES): CrossLedgerStep[] {
  const certificateId = names.certificate;
  const [reservedId, returnedId] = [names.reserved, names.returned];
  const reservedFingerprint = invoiceFingerprint(storyInvoice(reservedId));
  const returnedFingerprint = invoiceFingerprint(storyInvoice(returnedId));
  return [
    {
      title: `carol's certificate ${certificateId}, issued on Fabric, checked by an EVM contract`,
      ledger: "Fabric → EVM",
      expected: "ok",
      async run(stage) {
        const check = stage.evm.certificateCheck;
        const proof = await proveTo(stage, await check.getAddress(), "CertificateVerdict", certificateId, keccakHex(certificateId));
        const { proposalResponsePayload, endorsements } = evmProofArguments(proof);
        await (await check.checkCertificate(certificateId, proposalResponsePayload, endorsements)).wait();
        return `isCertificateValid = ${await check.isCertificateValid(certificateId)} (2 endorsements verified on chain)`;
      },
    },
    {
      title: "ADMIN names the orgs' checkpoint committee for the EVM chain (2 of 2)",
      ledger: "Fabric",
      expected: "ok",
      async run(stage) {
        await stage.fabric.lock("admin").setEvmCommittee(stage.evm.chainId, stage.committee.committee);
        return `committee of ${stage.committee.committee.members.map(({ mspId }) => mspId).join(", ")}, quorum ${stage.committee.committee.quorum}`;
      },
    },
    {
      title: `alice invoices bob on Fabric (${reservedId}); bob acknowledges`,
      ledger: "Fabric",
      expected: "ok",
      async run(stage) {
        await issueAndAcknowledge(stage.fabric.ledgers, reservedId, stage.fabric.now() + 60 * DAY, reservedFingerprint);
        return "Acknowledged on Fabric";
      },
    },
    {
      title: "alice reserves it on Fabric for the EVM registry, for an hour",
      ledger: "Fabric",
      expected: "ok",
      async run(stage, memo) {
        memo.reservedAtMs = performance.now();
        return reserveForRegistry(stage, reservedFingerprint, RESERVATION_SECONDS);
      },
    },
    {
      title: "the same invoice on EVM: alice issues, bob acknowledges, alice asks the bank",
      ledger: "EVM",
      expected: "ok",
      async run(stage) {
        const { admin, alice, bob, financier } = stage.evm.ledgers;
        await admin.grantRole("FINANCIER", financier.party);
        await alice.issueReceivable(reservedId, bob.party, "4800000", "EUR", Number(await stage.evm.now()) + 60 * DAY, reservedFingerprint, [], "");
        await bob.acknowledgeReceivable(reservedId);
        await alice.financeReceivable(reservedId, financier.party, "4560000");
        return "Acknowledged on EVM, financing requested";
      },
    },
    {
      title: "the bank tries to buy it on EVM before showing the reservation",
      ledger: "EVM",
      expected: "InvalidState",
      run: (stage) => stage.evm.ledgers.financier.acceptFinancing(reservedId, "4560000", []).then(() => "financed"),
    },
    {
      title: "the bank carries Fabric's proof of the reservation to the EVM registry",
      ledger: "Fabric → EVM",
      expected: "ok",
      async run(stage) {
        const registry = stage.evm.registry;
        const proof = await proveTo(stage, await registry.getAddress(), "ReceivableReservation", reservedFingerprint, reservedFingerprint);
        const { proposalResponsePayload, endorsements } = evmProofArguments(proof);
        await (await registry.connect(stage.evm.signers[5]).claimFabricReservation(reservedFingerprint, proposalResponsePayload, endorsements)).wait();
        const [expiry] = await registry.fabricLock(reservedFingerprint);
        return `FabricReservationClaimed, financeable until ${expiry}`;
      },
    },
    {
      title: "the bank buys it on EVM",
      ledger: "EVM",
      expected: "ok",
      async run(stage, memo) {
        await stage.evm.ledgers.financier.acceptFinancing(reservedId, "4560000", []);
        memo.financedAtMs = performance.now();
        return `Financed on EVM, ${Math.round(memo.financedAtMs - memo.reservedAtMs!)} ms after the reservation on Fabric`;
      },
    },
    {
      title: "alice asks a bank on Fabric to finance it again",
      ledger: "Fabric",
      expected: "InvalidState",
      run: ({ fabric }) => fabric.ledgers.alice.financeReceivable(reservedId, fabric.ledgers.financier.party, "4560000").then(() => "requested"),
    },
    {
      title: "an hour on, alice asks Fabric to release it, showing the EVM state",
      ledger: "EVM → Fabric",
      expected: "InvalidState",
      async run(stage) {
        await stage.evm.advanceTime(Number(RESERVATION_SECONDS));
        await stage.fabric.lock("alice").releaseFromEvm(reservedFingerprint, await releaseEvidence(stage, reservedFingerprint));
        return "released";
      },
    },
    {
      title: `a second invoice (${returnedId}), reserved for EVM but never financed there`,
      ledger: "Fabric",
      expected: "ok",
      async run(stage) {
        await issueAndAcknowledge(stage.fabric.ledgers, returnedId, stage.fabric.now() + 60 * DAY, returnedFingerprint);
        return reserveForRegistry(stage, returnedFingerprint, 60n);
      },
    },
    {
      title: "once it ran out on EVM, anyone brings it home with a committee-signed state proof",
      ledger: "EVM → Fabric",
      expected: "ok",
      async run(stage) {
        await stage.evm.advanceTime(60);
        const evidence = await releaseEvidence(stage, returnedFingerprint);
        await stage.fabric.lock("carol").releaseFromEvm(returnedFingerprint, evidence);
        return `ReleasedFromEvm at EVM block ${evidence.checkpoint.blockNumber}`;
      },
    },
    {
      title: `alice asks the bank on Fabric to finance ${returnedId}`,
      ledger: "Fabric",
      expected: "ok",
      async run({ fabric }) {
        await fabric.ledgers.alice.financeReceivable(returnedId, fabric.ledgers.financier.party, "1520000");
        return "FinancingRequested on Fabric";
      },
    },
  ];
}

/** Runs every step in order; a refusal is an outcome (its code), anything else unexpected is thrown. */
export async function runCrossLedgerStory(stage: CrossLedgerStage, steps = crossLedgerStory()): Promise<{ results: CrossLedgerResult[]; reserveToFinancedMs: number }> {
  const memo: Memo = {};
  const results: CrossLedgerResult[] = [];
  for (const step of steps) {
    const result: CrossLedgerResult = { title: step.title, ledger: step.ledger, expected: step.expected, outcome: "ok", detail: "" };
    try {
      result.detail = await step.run(stage, memo);
    } catch (error) {
      const code = error instanceof LedgerError ? error.code : interopErrorName(error);
      if (!code) throw error;
      Object.assign(result, { outcome: code, detail: `refused: ${code}`, reason: (error as Error).message });
    }
    results.push(result);
  }
  return { results, reserveToFinancedMs: memo.financedAtMs! - memo.reservedAtMs! };
}
