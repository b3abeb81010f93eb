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
import { fabricNetworkTarget } from "./fabric-network.js";

const createTarget = fabricNetworkTarget("node", "fabric-network");
runConformance("fabric-network", createTarget, CONFORMANCE_SPECS);
// The model test, shorter: the embedded targets' sequences, on real peers.
describeModel("fabric-network", createTarget, NETWORK_MODEL_RUN);
