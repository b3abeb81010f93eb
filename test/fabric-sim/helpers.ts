// Shared set-up for the embedded-peer tests.
import { expect } from "chai";
import { EmbeddedFabric, EndorsementError, TestCA, type Identity } from "../../clients/fabric-embedded/sim/index.js";
import { ProbeContract } from "./probe-contract.js";

export const START = 1_750_000_000;
export const org1 = new TestCA("Org1MSP", "org1.example.com");
export const user1: Identity = org1.issue("User1");

export function newFabric(): EmbeddedFabric {
  return new EmbeddedFabric({ contracts: [ProbeContract], startTime: START, organizations: [org1] });
}

export async function evalJson<T>(fabric: EmbeddedFabric, tx: string, args: string[] = []): Promise<T> {
  return JSON.parse((await fabric.evaluate(user1, `probe:${tx}`, args)).toString()) as T;
}

export async function evalText(fabric: EmbeddedFabric, tx: string, args: string[] = []): Promise<string> {
  return (await fabric.evaluate(user1, `probe:${tx}`, args)).toString();
}

/** Awaits a rejection and returns it as an EndorsementError. */
export async function endorsementFailure(promise: Promise<unknown>): Promise<EndorsementError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(EndorsementError);
    return err as EndorsementError;
  }
  expect.fail("expected the transaction to be rejected at endorsement");
}
