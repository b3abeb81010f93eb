/**
 * `npm run package:chaincode [-- --version x.y.z --address host:port --out dir --no-lock]`:
 * the chaincode as Fabric packages for consortia, in dist/chaincode/ —
 * twinledger_<version>.tar.gz (node: `peer lifecycle chaincode install` on any peer with
 * the default Node builder) and twinledger-ccaas_<version>.tar.gz (chaincode as a service).
 */
import { relative } from "node:path";
import { parseCommandLine } from "./common/command-line.js";
import { packageChaincode } from "./packaging/chaincode-package.js";

const { values } = parseCommandLine("package:chaincode", "npm run package:chaincode [-- --version x.y.z --address host:port --out <dir> --no-lock]", {
  options: {
    version: { type: "string" },
    address: { type: "string" },
    out: { type: "string", default: "dist/chaincode" },
    "no-lock": { type: "boolean", default: false },
  },
});

try {
  const packages = await packageChaincode({ outDir: values.out!, version: values.version, address: values.address, lockfile: !values["no-lock"] });
  for (const pkg of packages) {
    console.log(`${pkg.type.padEnd(5)} ${relative(process.cwd(), pkg.file)}  ${(pkg.bytes / 1024).toFixed(1)} KiB`);
    console.log(`      package id ${pkg.packageId}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
