import { createEmbeddedEvmTarget } from "../../clients/evm-embedded/target.js";
import { runConformance } from "./harness.js";
import { CONFORMANCE_SPECS } from "./suites.js";

runConformance("evm", createEmbeddedEvmTarget, CONFORMANCE_SPECS);
