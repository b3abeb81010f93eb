/**
 * The Fabric client's conflict retry on a scripted transport: what is sent again (a read
 * conflict, as a fresh submit), how often, how long it waits, and everything that is never
 * sent again (a chaincode rejection, an endorsement failure, an unknown outcome).
 */
import { expect } from "chai";
import * as grpc from "@grpc/grpc-js";
import { CommitStatusError, EndorseError } from "@hyperledger/fabric-gateway";
import { LedgerError, type Receipt } from "../../core/index.js";
import { createFabricLedger } from "../../clients/fabric/ledger.js";
import { NO_CONFLICT_RETRY, type ConflictRetry, type ConflictRetryOptions } from "../../clients/fabric/conflict-retry.js";
import type { FabricSubmitResult, FabricTransport } from "../../clients/fabric/transport.js";

const ALICE = "Org1MSP::x509::/CN=alice::/CN=ca";
const BOB = "Org1MSP::x509::/CN=bob::/CN=ca";

/** What the committing peer reports for a transaction a concurrent one invalidated, as both transports word it. */
const readConflict = (txId: string, code = "MVCC_READ_CONFLICT") => new Error(`transaction ${txId} failed to commit with status code ${code}`);

/** A gRPC failure as @hyperledger/fabric-gateway wraps it. */
function serviceError(code: grpc.status, text: string): grpc.ServiceError {
  return Object.assign(new Error(`${code} ${grpc.status[code]}: ${text}`), { code, details: text, metadata: new grpc.Metadata() });
}

/** A transport whose n-th submit answers the n-th scripted outcome; it records every call. */
function scriptedTransport(outcomes: (FabricSubmitResult | Error)[]) {
  const calls: { transaction: string; args: string[] }[] = [];
  const transport: FabricTransport = {
    channel: "mychannel",
    async submit(transaction, args) {
      calls.push({ transaction, args: [...args] });
      const outcome = outcomes[Math.min(calls.length, outcomes.length) - 1];
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    evaluate: async () => new Uint8Array(),
    events: async () => [],
  };
  return { transport, calls };
}

const committed = (txId: string, blockNumber: number): FabricSubmitResult => ({ txId, blockNumber });

/** No real waiting in these tests; the retries they saw. */
function fastRetry(options: ConflictRetryOptions = {}) {
  const retries: ConflictRetry[] = [];
  return { retries, conflictRetry: { baseDelayMs: 0, onRetry: (retry: ConflictRetry) => retries.push(retry), ...options } };
}

async function rejectionOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  expect.fail("expected the call to be rejected");
}

describe("fabric client: conflict retry", () => {
  it("a read conflict, then a commit: one receipt (the second transaction's), after two submits of the same call", async () => {
    const { transport, calls } = scriptedTransport([readConflict("t1"), committed("t2", 7)]);
    const { conflictRetry, retries } = fastRetry();
    const receipt: Receipt = await createFabricLedger(transport, ALICE, { conflictRetry }).transferAsset("M-1", BOB);
    expect(receipt).to.deep.include({ txId: "t2", blockNumber: 7 });
    expect(calls).to.deep.equal([
      { transaction: "asset:transferAsset", args: ["M-1", BOB] },
      { transaction: "asset:transferAsset", args: ["M-1", BOB] },
    ]);
    expect(retries.map((retry) => retry.attempt)).to.deep.equal([1]);
  });

  it("a phantom read conflict is retried like an MVCC one", async () => {
    const { transport, calls } = scriptedTransport([readConflict("t1", "PHANTOM_READ_CONFLICT"), committed("t2", 3)]);
    const receipt = await createFabricLedger(transport, ALICE, fastRetry()).registerAsset("M-1", "machine", `0x${"1".repeat(64)}`, "");
    expect(receipt.txId).to.equal("t2");
    expect(calls).to.have.length(2);
  });

  it("conflicts on every attempt: Conflict after exactly the configured number of submits, naming it and saying nothing was written", async () => {
    const { transport, calls } = scriptedTransport([readConflict("t1"), readConflict("t2"), readConflict("t3"), readConflict("t4"), readConflict("t5")]);
    const error = await rejectionOf(createFabricLedger(transport, ALICE, fastRetry({ attempts: 4 })).transferAsset("M-1", BOB));
    expect(calls).to.have.length(4);
    expect(error).to.be.instanceOf(LedgerError);
    expect((error as LedgerError).code).to.equal("Conflict");
    expect((error as LedgerError).message).to.match(/on each of 4 attempts/).and.to.match(/nothing of it was written/);
    expect((error as LedgerError).cause, "the last attempt's report").to.have.property("message", readConflict("t4").message);
  });

  it("by default a submit is tried 3 times in all", async () => {
    const { transport, calls } = scriptedTransport([readConflict("t1")]);
    const error = await rejectionOf(createFabricLedger(transport, ALICE, { conflictRetry: { baseDelayMs: 0 } }).transferAsset("M-1", BOB));
    expect(calls).to.have.length(3);
    expect((error as LedgerError).message).to.match(/on each of 3 attempts/);
  });

  it("a chaincode rejection is not retried", async () => {
    const rejection = new Error("chaincode response 500, Unauthorized: only the owner may transfer M-1");
    const { transport, calls } = scriptedTransport([rejection, committed("t2", 2)]);
    const error = await rejectionOf(createFabricLedger(transport, ALICE, fastRetry()).transferAsset("M-1", BOB));
    expect(calls).to.have.length(1);
    expect(error).to.be.instanceOf(LedgerError).with.property("code", "Unauthorized");
  });

  it("a chaincode rejection that quotes a read conflict's words is still a rejection, not retried", async () => {
    const rejection = new Error("chaincode response 500, InvalidArgument: metadataUri \"failed to commit with status code MVCC_READ_CONFLICT\"");
    const { transport, calls } = scriptedTransport([rejection, committed("t2", 2)]);
    const error = await rejectionOf(createFabricLedger(transport, ALICE, fastRetry()).transferAsset("M-1", BOB));
    expect(calls).to.have.length(1);
    expect(error).to.have.property("code", "InvalidArgument");
  });

  it("an endorsement failure of the Gateway is not retried", async () => {
    const endorse = new EndorseError({
      code: grpc.status.ABORTED,
      details: [{ address: "peer0.org2.example.com:9051", mspId: "Org2MSP", message: "ProposalResponsePayloads do not match" }],
      cause: serviceError(grpc.status.ABORTED, "failed to collect enough transaction endorsements"),
      transactionId: "t1",
      message: "10 ABORTED: failed to collect enough transaction endorsements",
    });
    const { transport, calls } = scriptedTransport([endorse, committed("t2", 2)]);
    const error = await rejectionOf(createFabricLedger(transport, ALICE, fastRetry()).transferAsset("M-1", BOB));
    expect(calls).to.have.length(1);
    expect(error).to.equal(endorse);
  });

  it("an unknown outcome — the commit status deadline passed — is not retried and surfaces unchanged", async () => {
    const status = new CommitStatusError({
      code: grpc.status.DEADLINE_EXCEEDED,
      details: [],
      cause: serviceError(grpc.status.DEADLINE_EXCEEDED, "Deadline exceeded"),
      transactionId: "t1",
      message: "4 DEADLINE_EXCEEDED: Deadline exceeded",
    });
    const { transport, calls } = scriptedTransport([status, committed("t2", 2)]);
    const error = await rejectionOf(createFabricLedger(transport, ALICE, fastRetry()).transferAsset("M-1", BOB));
    expect(calls).to.have.length(1);
    expect(error).to.equal(status);
  });

  it("an unknown outcome — the submit to the orderer failed after endorsement — is not retried and surfaces unchanged", async () => {
    // fabric-gateway exports SubmitError as a type only: the same shape, by hand.
    const submit = Object.assign(new Error("14 UNAVAILABLE: No connection established"), {
      name: "SubmitError",
      code: grpc.status.UNAVAILABLE,
      details: [],
      cause: serviceError(grpc.status.UNAVAILABLE, "No connection established"),
      transactionId: "t1",
    });
    const { transport, calls } = scriptedTransport([submit, committed("t2", 2)]);
    const error = await rejectionOf(createFabricLedger(transport, ALICE, fastRetry()).transferAsset("M-1", BOB));
    expect(calls).to.have.length(1);
    expect(error).to.equal(submit);
  });

  it("another invalid commit status (ENDORSEMENT_POLICY_FAILURE) is not retried", async () => {
    const invalid = readConflict("t1", "ENDORSEMENT_POLICY_FAILURE");
    const { transport, calls } = scriptedTransport([invalid, committed("t2", 2)]);
    const error = await rejectionOf(createFabricLedger(transport, ALICE, fastRetry()).transferAsset("M-1", BOB));
    expect(calls).to.have.length(1);
    expect(error).to.equal(invalid);
  });

  it("attempts 1: the first conflict is the raw Conflict, after one submit", async () => {
    const { transport, calls } = scriptedTransport([readConflict("t1"), committed("t2", 2)]);
    const error = await rejectionOf(createFabricLedger(transport, ALICE, { conflictRetry: NO_CONFLICT_RETRY }).transferAsset("M-1", BOB));
    expect(calls).to.have.length(1);
    expect(error).to.be.instanceOf(LedgerError).with.property("code", "Conflict");
    expect((error as LedgerError).reason).to.equal(
      "failed to commit with status code MVCC_READ_CONFLICT: a concurrent transaction changed what this one read; nothing was written, send it again",
    );
  });

  it("queries are never retried", async () => {
    let evaluations = 0;
    const transport: FabricTransport = {
      ...scriptedTransport([]).transport,
      async evaluate() {
        evaluations += 1;
        throw readConflict("t1");
      },
    };
    await rejectionOf(createFabricLedger(transport, ALICE, fastRetry()).getAsset("M-1"));
    expect(evaluations).to.equal(1);
  });

  it("waits a jittered, doubling backoff: 1–2 × base × 2^(n−1), drawn from the injected randomness", async () => {
    const { transport } = scriptedTransport([readConflict("t1"), readConflict("t2"), committed("t3", 4)]);
    const draws = [0, 0.5];
    const { conflictRetry, retries } = fastRetry({ baseDelayMs: 2, random: () => draws.shift()! });
    await createFabricLedger(transport, ALICE, { conflictRetry }).transferAsset("M-1", BOB);
    expect(retries.map(({ attempt, delayMs }) => [attempt, delayMs])).to.deep.equal([
      [1, 2],
      [2, 6],
    ]);
  });

  it("an impossible policy is refused when the ledger is made, not at the first conflict", () => {
    const { transport } = scriptedTransport([]);
    for (const conflictRetry of [{ attempts: 0 }, { attempts: 1.5 }, { attempts: Number.NaN }, { baseDelayMs: -1 }]) {
      expect(() => createFabricLedger(transport, ALICE, { conflictRetry }), JSON.stringify(conflictRetry)).to.throw(RangeError);
    }
  });
});
