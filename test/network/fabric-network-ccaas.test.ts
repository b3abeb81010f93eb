/**
 * The second way to run the chaincode on the same network: as a service (ccaas), the peers
 * dialling one `fabric-chaincode-node server`. The full suite runs on the node package
 * (fabric-network.test.ts); here a smoke set — the first cases of every primitive.
 *
 *   npm run test:network:fabric:ccaas
 */
import { runConformance, smokeSpecs } from "../conformance/harness.js";
import { CONFORMANCE_SPECS } from "../conformance/suites.js";
import { fabricNetworkTarget } from "./fabric-network.js";

runConformance("fabric-ccaas", fabricNetworkTarget("ccaas", "fabric-ccaas"), smokeSpecs(CONFORMANCE_SPECS, 4));
