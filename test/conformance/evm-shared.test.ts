/**
 * The smoke set twice on ONE embedded EVM deployment, as on a live ledger that runs share
 * (the whole suite runs so on a real node and on the Fabric network: npm run test:network).
 */
import { createEmbeddedEvmTarget } from "../../clients/evm-embedded/target.js";
import { runConformance, smokeSpecs } from "./harness.js";
import { oneDeploymentOf } from "./shared-target.js";
import { CONFORMANCE_SPECS } from "./suites.js";

const deployment = oneDeploymentOf(createEmbeddedEvmTarget);
for (const run of ["first", "second"]) {
  describe(`${run} run on the same deployment`, () => {
    runConformance("evm-shared", () => deployment.target("evm-shared"), smokeSpecs(CONFORMANCE_SPECS, 8));
  });
}
after(() => deployment.close());
