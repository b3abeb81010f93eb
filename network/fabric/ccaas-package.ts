/**
 * The chaincode-as-a-service package: metadata.json {type:"ccaas",label} and code.tar.gz
 * holding connection.json — by default for mutual TLS: the peer verifies the chaincode
 * server against `root_cert` and presents `client_cert`/`client_key`, all PEM inline (the
 * peer reads nothing else from the package). Built in memory as `package:chaincode` builds
 * its packages (scripts/packaging/chaincode-package.ts), so the package id — label:sha256(package) — is the
 * same for the same inputs. The TLS material is an input: it is made once per network
 * (crypto.ts, ensureChaincodeTls), so rebuilding the package keeps the id until the keys
 * are regenerated (`npm run network:clean`).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { type CcaasConnection, ccaasConnection } from "../../scripts/packaging/ccaas-connection.js";
import { chaincodePackageBytes, chaincodePackageId } from "../../scripts/packaging/chaincode-package.js";
import { untar } from "../../scripts/packaging/tar.js";
import { CHAINCODE_LABEL, HOST, PORTS, WORK_DIR } from "./constants.js";
import { type ChaincodeTlsFiles, ensureChaincodeTls } from "./crypto.js";

export const PACKAGE_PATH = join(WORK_DIR, "chaincode", `${CHAINCODE_LABEL}.tar.gz`);

/** Which chaincode server a package points the peers at; the default is the Twinledger chaincode. */
export interface CcaasPackageOptions {
  label: string;
  port: number;
  path: string;
  /**
   * Mutual TLS between the peers and the chaincode server; default true. Set false only for
   * a server started with `tls: false` too (startChaincodeServer) — say, to compare a
   * plain-TCP baseline.
   */
  tls?: boolean;
}

const TWINLEDGER_PACKAGE: CcaasPackageOptions = { label: CHAINCODE_LABEL, port: PORTS.chaincodeServer, path: PACKAGE_PATH };

/**
 * connection.json for a server on HOST:`port` (the fields the peer's ccaas launcher reads,
 * Fabric core/container/externalbuilder): with `tls`, mutual TLS with that material —
 * the same (checked) connection.json `npm run package:chaincode -- --tls-…` writes.
 */
export function networkConnection(port: number, tls: ChaincodeTlsFiles | undefined): CcaasConnection {
  return ccaasConnection(`${HOST}:${port}`, tls && {
    rootCertPem: readFileSync(tls.caCert, "utf8"),
    clientCertPem: readFileSync(tls.clientCert, "utf8"),
    clientKeyPem: readFileSync(tls.clientKey, "utf8"),
  });
}

/** The package bytes: the same connection and label give the same bytes. */
export function ccaasPackageBytes(label: string, connection: CcaasConnection): Buffer {
  // connection.json carries a private key: owner-only in the archive.
  return chaincodePackageBytes("ccaas", label, [{ path: "connection.json", data: JSON.stringify(connection, null, 2) + "\n", mode: 0o600 }]);
}

/** Writes the package (only if its bytes changed) and returns its path and package id. */
export async function buildCcaasPackage(options: CcaasPackageOptions = TWINLEDGER_PACKAGE): Promise<{ path: string; packageId: string }> {
  const { label, port, path } = options;
  const tls = (options.tls ?? true) ? await ensureChaincodeTls() : undefined;
  const bytes = ccaasPackageBytes(label, networkConnection(port, tls));
  if (!existsSync(path) || !readFileSync(path).equals(bytes)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  chmodSync(path, 0o600); // it holds the client key
  return { path, packageId: chaincodePackageId(label, bytes) };
}

/** What the peer computes on install: `<label>:<hex sha256 of the package bytes>`. */
export function packageIdOf(path: string, label: string = CHAINCODE_LABEL): string {
  return chaincodePackageId(label, readFileSync(path));
}

/** Reads connection.json back out of a ccaas package (say, one `peer lifecycle chaincode getinstalledpackage` returned). */
export function connectionOfPackage(pkg: Buffer): CcaasConnection {
  const entry = (archive: Buffer, path: string) => {
    const found = untar(gunzipSync(archive)).find((e) => e.path === path);
    if (!found) throw new Error(`ccaas package: no ${path}`);
    return found.data;
  };
  return JSON.parse(entry(entry(pkg, "code.tar.gz"), "connection.json").toString("utf8")) as CcaasConnection;
}
