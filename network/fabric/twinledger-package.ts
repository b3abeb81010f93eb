/**
 * The Twinledger chaincode package the network installs, of either type:
 * - node: the package `npm run package:chaincode` writes (dist/chaincode/twinledger_<v>.tar.gz),
 *   or any node package file a consortium hands over; the peers build it with the node
 *   external builder (builders/node) and launch it themselves.
 * - ccaas: a connection.json package pointing at the chaincode server on 127.0.0.1, which
 *   the network runs from the repo's compiled chaincode.
 */
import { join } from "node:path";
import { packageChaincode } from "../../scripts/packaging/chaincode-package.js";
import { buildCcaasPackage } from "./ccaas-package.js";
import { REPO_ROOT } from "./constants.js";
import { calculatePackageId } from "./lifecycle.js";

export const CHAINCODE_TYPES = ["node", "ccaas"] as const;
export type ChaincodeType = (typeof CHAINCODE_TYPES)[number];

/** Where `npm run package:chaincode` writes by default. */
export const DIST_CHAINCODE_DIR = join(REPO_ROOT, "dist", "chaincode");

export interface InstallablePackage {
  type: ChaincodeType;
  path: string;
  packageId: string;
}

export function parseChaincodeType(value: string | undefined): ChaincodeType {
  const type = value ?? "node";
  if (!(CHAINCODE_TYPES as readonly string[]).includes(type)) throw new Error(`chaincode type must be ${CHAINCODE_TYPES.join(" or ")}, got ${type}`);
  return type as ChaincodeType;
}

/** The package to install; `packageFile` (node only) installs that file as it is. */
export async function twinledgerPackage(cfg: string, type: ChaincodeType, packageFile?: string): Promise<InstallablePackage> {
  if (type === "ccaas") {
    if (packageFile) throw new Error("--package names a node package; the ccaas package is made by the network (it points at 127.0.0.1)");
    return { type, ...(await buildCcaasPackage()) };
  }
  if (packageFile) return { type, path: packageFile, packageId: await calculatePackageId(cfg, packageFile) };
  const built = (await packageChaincode({ outDir: DIST_CHAINCODE_DIR })).find((pkg) => pkg.type === "node")!;
  return { type, path: built.file, packageId: built.packageId };
}
