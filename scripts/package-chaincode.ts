/**
 * `npm run package:chaincode [-- --version x.y.z --address host:port --out dir --no-lock]
 *   [--tls-root-cert ca.pem [--tls-client-cert peer.crt --tls-client-key peer.key]]`:
 * the chaincode as Fabric packages for consortia, in dist/chaincode/ —
 * twinledger_<version>.tar.gz (node: `peer lifecycle chaincode install` on any peer with
 * the default Node builder) and twinledger-ccaas_<version>.tar.gz (chaincode as a service).
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseCommandLine } from "./common/command-line.js";
import { packageChaincode } from "./packaging/chaincode-package.js";

const { values } = parseCommandLine("package:chaincode", "npm run package:chaincode [-- --version x.y.z --address host:port --out <dir> --no-lock] [--tls-root-cert <pem> [--tls-client-cert <pem> --tls-client-key <pem>]]", {
  options: {
    version: { type: "string" },
    address: { type: "string" },
    out: { type: "string", default: "dist/chaincode" },
    "no-lock": { type: "boolean", default: false },
    "tls-root-cert": { type: "string" },
    "tls-client-cert": { type: "string" },
    "tls-client-key": { type: "string" },
  },
});

/** The ccaas TLS files, read now so a wrong path is one clear line. */
function tlsOptions() {
  const file = (flag: string) => {
    const path = values[flag as "tls-root-cert"];
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, "utf8");
    } catch {
      throw new Error(`--${flag}: cannot read ${path}`);
    }
  };
  const rootCertPem = file("tls-root-cert");
  const clientCertPem = file("tls-client-cert");
  const clientKeyPem = file("tls-client-key");
  if (rootCertPem === undefined) {
    if (clientCertPem !== undefined || clientKeyPem !== undefined) throw new Error("--tls-client-cert/--tls-client-key need --tls-root-cert");
    return undefined;
  }
  return { rootCertPem, clientCertPem, clientKeyPem };
}

try {
  const packages = await packageChaincode({ outDir: values.out!, version: values.version, address: values.address, tls: tlsOptions(), lockfile: !values["no-lock"] });
  for (const pkg of packages) {
    console.log(`${pkg.type.padEnd(5)} ${relative(process.cwd(), pkg.file)}  ${(pkg.bytes / 1024).toFixed(1)} KiB`);
    console.log(`      package id ${pkg.packageId}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
