/** Every conformance spec, by primitive. Each target's runner passes this whole set. */
import type { ConformanceSpec } from "./harness.js";
import { assetsSpec } from "./assets.spec.js";
import { identifiersSpec } from "./identifiers.spec.js";
import { didsSpec } from "./dids.spec.js";
import { rolesSpec } from "./roles.spec.js";
import { certificationSpec } from "./certification.spec.js";
import { certificationTablesSpec } from "./certification-tables.spec.js";
import { receivablesSpec } from "./receivables.spec.js";
import { receivablesTablesSpec } from "./receivables-tables.spec.js";

export const CONFORMANCE_SPECS: Record<string, ConformanceSpec> = {
  roles: rolesSpec,
  asset: assetsSpec,
  identifier: identifiersSpec,
  did: didsSpec,
  certification: certificationSpec,
  "certification tables": certificationTablesSpec,
  receivable: receivablesSpec,
  "receivable tables": receivablesTablesSpec,
};
