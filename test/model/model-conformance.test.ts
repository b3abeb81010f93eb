/**
 * The certification conformance cases against the reference model itself: the cases and
 * the specification agree before any platform is held to them.
 */
import { runConformance } from "../conformance/harness.js";
import { certificationSpec } from "../conformance/certification.spec.js";
import { certificationTablesSpec } from "../conformance/certification-tables.spec.js";
import { createModelTarget } from "./model-target.js";

runConformance("model", async () => createModelTarget(), { certification: certificationSpec, "certification tables": certificationTablesSpec });
