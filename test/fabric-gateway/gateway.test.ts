// The shared conformance suite through a real Fabric Gateway client (fabric-gateway over
// TLS gRPC) talking to the embedded Gateway peer.
import { createEmbeddedGatewayTarget } from "../../clients/fabric-embedded/gateway-target.js";
import { runConformance } from "../conformance/harness.js";
import { CONFORMANCE_SPECS } from "../conformance/suites.js";

runConformance("fabric-gateway", createEmbeddedGatewayTarget, CONFORMANCE_SPECS);
