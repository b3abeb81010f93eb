/**
 * The conformance suite on real Fabric peers: 1 Raft orderer, peer0.org1 and peer0.org2
 * (native binaries), 2-of-2 endorsement, every actor a Fabric Gateway client, and the
 * chaincode installed as a consortium installs it — the node package of
 * `npm run package:chaincode`, built and launched by each peer (builders/node).
 *
 *   npm run test:network:fabric
 */
import { runConformance } from "../conformance/harness.js";
import { CONFORMANCE_SPECS } from "../conformance/suites.js";
import { describeModel } from "../model/describe-model.js";
import { NETWORK_MODEL_RUN } from "../model/network-run.js";
import { fabricNetworkTarget, PASSED_ON_SHARED } from "./fabric-network.js";

const createTarget = fabricNetworkTarget("node", "fabric-network");
// Each case once on real peers: what passed on the long-lived chaincode (fabric-shared.test.ts,
// loaded first by npm run test:network:fabric) is not repeated on a chaincode of its own.
runConformance("fabric-network", createTarget, CONFORMANCE_SPECS, {
  covered: { titles: PASSED_ON_SHARED, why: "it passed on the long-lived chaincode of this network in this run (fabric-shared)" },
});
// The model test, shorter: the embedded targets' sequences, on real peers.
describeModel("fabric-network", createTarget, NETWORK_MODEL_RUN);
