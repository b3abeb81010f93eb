/**
 * The conformance suite on real Fabric peers: 1 Raft orderer, peer0.org1 and peer0.org2
 * (native binaries), the chaincode as a service, 2-of-2 endorsement, every actor a Fabric
 * Gateway client. Brings the network up (and down again if it started it). Where Fabric's
 * binaries cannot be had (the Go module proxy refuses them on some machines), it is
 * skipped with the reason.
 */
import { networkDown, networkStatus, networkUp, StepError } from "../../network/fabric/index.js";
import { runConformance, TargetUnavailable } from "../conformance/harness.js";
import { CONFORMANCE_SPECS } from "../conformance/suites.js";
import { createFabricNetworkTarget } from "../../network/fabric/conformance-target.js";

let startedHere = false;

runConformance(
  "fabric-network",
  async () => {
    startedHere = !(await networkStatus()).every((process) => process.healthy);
    try {
      const profile = await networkUp({ log: (line) => console.log(`    network: ${line}`) });
      return createFabricNetworkTarget(profile);
    } catch (error) {
      if (error instanceof StepError && ["binaries", "sampleconfig"].includes(error.step)) {
        throw new TargetUnavailable(`no Fabric binaries or config: ${error.message}`);
      }
      throw error;
    }
  },
  CONFORMANCE_SPECS,
);

after(async function () {
  this.timeout(60_000);
  if (startedHere) await networkDown();
});
