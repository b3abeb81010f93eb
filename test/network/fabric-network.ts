/**
 * The local 2-org Fabric network as a conformance target factory: brings the network up
 * with the chaincode deployed the given way (and down again after the file if it started
 * it). Where Fabric's binaries or config cannot be found, the target is unavailable with
 * the reason (a skip outside CI, a failure in CI).
 */
import { type ChaincodeType, type FabricNetworkProfile, networkDown, networkKillNow, networkStatus, networkUp, StepError } from "../../network/fabric/index.js";
import { createFabricNetworkSharedTarget, createFabricNetworkTarget } from "../../network/fabric/conformance-target.js";
import type { LedgerTarget } from "../../clients/ledger.js";
import { TargetUnavailable } from "../conformance/harness.js";

/**
 * The cases that passed on the long-lived chaincode in this process (fabric-shared.test.ts,
 * which runs first): the fresh-ledger suite on the same network runs only the rest.
 */
export const PASSED_ON_SHARED = new Set<string>();

export function fabricNetworkTarget(chaincode: ChaincodeType, name: string): () => Promise<LedgerTarget> {
  return onTheNetwork(chaincode, async (profile) => createFabricNetworkTarget(profile, name));
}

/** The network's long-lived `twinledger` chaincode, as it is: a shared target (no deployment per test). */
export function fabricSharedTarget(name: string): () => Promise<LedgerTarget> {
  return onTheNetwork("node", (profile) => createFabricNetworkSharedTarget(profile, name));
}

function onTheNetwork(chaincode: ChaincodeType, targetOf: (profile: FabricNetworkProfile) => Promise<LedgerTarget>): () => Promise<LedgerTarget> {
  let startedHere = false;
  after(async function () {
    this.timeout(60_000);
    if (startedHere) await networkDown();
  });
  return async () => {
    // Several suites may share one factory: stop the network after if any of them started it.
    if (!startedHere && !(await networkStatus()).every((node) => node.healthy)) {
      startedHere = true;
      // Should the run die before its `after` hook (an unhandled rejection ends mocha), the nodes go with it.
      process.once("exit", networkKillNow);
    }
    try {
      const profile = await networkUp({ chaincode, log: (line) => console.log(`    network: ${line}`) });
      return await targetOf(profile);
    } catch (error) {
      if (error instanceof StepError && ["binaries", "sampleconfig"].includes(error.step)) {
        throw new TargetUnavailable(`no Fabric binaries or config: ${error.message}`);
      }
      throw error;
    }
  };
}
