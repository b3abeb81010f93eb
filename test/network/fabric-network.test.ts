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
import { fabricNetworkTarget } from "./fabric-network.js";

runConformance("fabric-network", fabricNetworkTarget("node", "fabric-network"), CONFORMANCE_SPECS);
