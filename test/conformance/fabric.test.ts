import { createEmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import { runConformance } from "./harness.js";
import { CONFORMANCE_SPECS } from "./suites.js";

runConformance("fabric", createEmbeddedFabricTarget, CONFORMANCE_SPECS);
