/**
 * Everything the local Fabric network pins or listens on, in one place.
 * All addresses are loopback; all data lives under WORK_DIR (git-ignored).
 */
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Fabric v3.1.5 — the module path has no /v3, so the proxy knows it by commit. */
export const FABRIC_COMMIT = "86c1172bec37";
export const FABRIC_MODULE = "github.com/hyperledger/fabric";
export const FABRIC_VERSION = "v1.4.0-rc1.0.20260618074816-86c1172bec37";
export const FABRIC_TOOLS = ["peer", "orderer", "osnadmin", "configtxgen", "cryptogen", "configtxlator"] as const;
export type FabricTool = (typeof FABRIC_TOOLS)[number];

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const WORK_DIR = join(REPO_ROOT, ".twinledger", "fabric");
export const LOG_DIR = join(WORK_DIR, "logs");
export const PID_DIR = join(WORK_DIR, "pids");
export const CCAAS_BUILDER_DIR = join(REPO_ROOT, "network", "fabric", "builders", "ccaas");
export const NODE_BUILDER_DIR = join(REPO_ROOT, "network", "fabric", "builders", "node");
export const CHAINCODE_DIR = join(REPO_ROOT, "chaincode");

/** Binaries are cached outside the repo so a fresh clone (CI) reuses them. */
export function binaryCacheDir(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cacheHome, "twinledger", `fabric-${FABRIC_COMMIT}`);
}

export const HOST = "127.0.0.1";
export const CHANNEL = "twinledger";
export const CHAINCODE_NAME = "twinledger";
/** The label of the local ccaas package (the node package is labelled by `npm run package:chaincode`). */
export const CHAINCODE_LABEL = "twinledger-ccaas";
/** Bench-only: the bare-putState baseline chaincode (network/fabric/baseline.ts). */
export const BASELINE_CHAINCODE_NAME = "baseline";
export const BASELINE_CHAINCODE_LABEL = "baseline";
export const BASELINE_CHAINCODE_DIR = join(REPO_ROOT, "network", "fabric", "baseline");
/**
 * The chaincode server's TLS identity (ccaas): cryptogen issues it as node `twinledger` of
 * the domain below, so its certificate names CHAINCODE_SERVER_HOSTNAME, `localhost` and
 * HOST (the address the peers dial).
 */
export const CHAINCODE_SERVER_DOMAIN = "ccaas.example.com";
export const CHAINCODE_SERVER_HOSTNAME = `twinledger.${CHAINCODE_SERVER_DOMAIN}`;
export const ENDORSEMENT_POLICY = "AND('Org1MSP.peer','Org2MSP.peer')";

export const PORTS = {
  orderer: 7050,
  ordererAdmin: 7053,
  ordererOperations: 9443,
  org1Peer: 7051,
  org1PeerChaincode: 7052,
  org1PeerOperations: 9444,
  org2Peer: 9051,
  org2PeerChaincode: 9052,
  org2PeerOperations: 9445,
  chaincodeServer: 9999,
  baselineChaincodeServer: 9998,
} as const;
