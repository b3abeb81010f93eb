/** The orderers and the two peers as native processes on 127.0.0.1, configured by env over sampleconfig. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { binary } from "./binaries.js";
import { CCAAS_BUILDER_DIR, NODE_BUILDER_DIR } from "./constants.js";
import { DATA_DIR, type OrdererNode, PEER_ORGS, type PeerOrg, ordererNodeDir, orderers, ordererTlsCa, peerNodeDir } from "./layout.js";
import { isAlive, logPath, readPid, startProcess, waitFor } from "./processes.js";
import { StepError } from "./run.js";

export const peerProcess = (org: PeerOrg) => `peer0.${org.name}`;
/** Every orderer and peer process of the network, by name (the orderer count is the network's). */
export const nodeProcesses = (): string[] => [...orderers().map((node) => node.name), ...PEER_ORGS.map(peerProcess)];

export async function healthy(operations: string): Promise<boolean> {
  try {
    const response = await fetch(`http://${operations}/healthz`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

function ordererEnv(cfg: string, orderer: OrdererNode): NodeJS.ProcessEnv {
  const node = ordererNodeDir(orderer);
  const tls = join(node, "tls");
  const data = join(DATA_DIR, orderer.name);
  const [host, port] = orderer.endpoint.split(":");
  return {
    FABRIC_CFG_PATH: cfg,
    FABRIC_LOGGING_SPEC: "INFO",
    ORDERER_GENERAL_LISTENADDRESS: host,
    ORDERER_GENERAL_LISTENPORT: port,
    ORDERER_GENERAL_LOCALMSPID: orderer.mspId,
    ORDERER_GENERAL_LOCALMSPDIR: join(node, "msp"),
    ORDERER_GENERAL_TLS_ENABLED: "true",
    ORDERER_GENERAL_TLS_PRIVATEKEY: join(tls, "server.key"),
    ORDERER_GENERAL_TLS_CERTIFICATE: join(tls, "server.crt"),
    ORDERER_GENERAL_TLS_ROOTCAS: `[${join(tls, "ca.crt")}]`,
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: join(tls, "server.crt"),
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: join(tls, "server.key"),
    ORDERER_GENERAL_CLUSTER_ROOTCAS: `[${join(tls, "ca.crt")}]`,
    ORDERER_GENERAL_BOOTSTRAPMETHOD: "none",
    ORDERER_CHANNELPARTICIPATION_ENABLED: "true",
    ORDERER_FILELEDGER_LOCATION: join(data, "ledger"),
    ORDERER_CONSENSUS_WALDIR: join(data, "etcdraft", "wal"),
    ORDERER_CONSENSUS_SNAPDIR: join(data, "etcdraft", "snapshot"),
    ORDERER_ADMIN_LISTENADDRESS: orderer.adminEndpoint,
    ORDERER_ADMIN_TLS_ENABLED: "true",
    ORDERER_ADMIN_TLS_PRIVATEKEY: join(tls, "server.key"),
    ORDERER_ADMIN_TLS_CERTIFICATE: join(tls, "server.crt"),
    ORDERER_ADMIN_TLS_ROOTCAS: `[${join(tls, "ca.crt")}]`,
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: "true",
    ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${ordererTlsCa()}]`,
    ORDERER_OPERATIONS_LISTENADDRESS: orderer.operations,
    ORDERER_METRICS_PROVIDER: "disabled",
  };
}

function peerEnv(cfg: string, org: PeerOrg): NodeJS.ProcessEnv {
  const node = peerNodeDir(org);
  const tls = join(node, "tls");
  const data = join(DATA_DIR, peerProcess(org));
  return {
    FABRIC_CFG_PATH: cfg,
    FABRIC_LOGGING_SPEC: "INFO",
    CORE_PEER_ID: org.peerHost,
    CORE_PEER_ADDRESS: org.endpoint,
    CORE_PEER_LISTENADDRESS: org.endpoint,
    CORE_PEER_CHAINCODEADDRESS: org.chaincodeEndpoint,
    CORE_PEER_CHAINCODELISTENADDRESS: org.chaincodeEndpoint,
    CORE_PEER_GOSSIP_BOOTSTRAP: org.endpoint,
    CORE_PEER_GOSSIP_EXTERNALENDPOINT: org.endpoint,
    // Gossip's production pace (reconnect every 25 s, state info every 4 s) leaves a fresh
    // network without the other org in discovery for half a minute; a local network can
    // afford a quicker one.
    CORE_PEER_GOSSIP_RECONNECTINTERVAL: "2s",
    CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: "2s",
    CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: "10s",
    CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: "1s",
    CORE_PEER_GOSSIP_PULLINTERVAL: "1s",
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: join(node, "msp"),
    CORE_PEER_TLS_ENABLED: "true",
    CORE_PEER_TLS_CERT_FILE: join(tls, "server.crt"),
    CORE_PEER_TLS_KEY_FILE: join(tls, "server.key"),
    CORE_PEER_TLS_ROOTCERT_FILE: join(tls, "ca.crt"),
    CORE_PEER_FILESYSTEMPATH: join(data, "production"),
    CORE_LEDGER_SNAPSHOTS_ROOTDIR: join(data, "snapshots"),
    CORE_OPERATIONS_LISTENADDRESS: org.operations,
    CORE_METRICS_PROVIDER: "disabled",
    CORE_VM_ENDPOINT: "",
    // No Docker: ccaas packages are dialled, node packages are built (npm ci) and launched
    // by our node builder. Builders see only PATH, TMPDIR, LD_LIBRARY_PATH, LIBPATH and
    // what is propagated: npm needs HOME (cache, .npmrc) and the registry the user set.
    CORE_CHAINCODE_EXTERNALBUILDERS:
      `[{name: ccaas, path: ${CCAAS_BUILDER_DIR}}, ` +
      `{name: twinledger-node, path: ${NODE_BUILDER_DIR}, propagateEnvironment: [HOME, ${[...NPM_ENVIRONMENT, ...LOCALE_ENVIRONMENT].join(", ")}]}]`,
    CORE_CHAINCODE_LOGGING_LEVEL: "INFO",
    ...org.environment,
  };
}

/**
 * npm settings a user may have in the environment rather than in ~/.npmrc, and the extra CA
 * of a registry reached through a TLS-inspecting proxy (npm runs on Node, which reads it).
 */
const NPM_ENVIRONMENT = ["npm_config_registry", "npm_config_cache", "npm_config_userconfig", "NPM_CONFIG_REGISTRY", "npm_config_cafile", "NODE_EXTRA_CA_CERTS"];
/** A peer's timezone and locale reach the chaincode it launches (PeerOrg.environment). */
const LOCALE_ENVIRONMENT = ["TZ", "LANG", "LC_ALL"];

async function startNode(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, operations: string, dataDir: string) {
  if (isAlive(readPid(name)) && (await healthy(operations))) return;
  mkdirSync(dataDir, { recursive: true });
  const passed = Object.fromEntries(["PATH", "HOME", "TMPDIR", ...NPM_ENVIRONMENT].filter((key) => process.env[key]).map((key) => [key, process.env[key]]));
  startProcess(name, command, args, { ...passed, ...env });
  if (!(await waitFor(() => healthy(operations), 30_000))) {
    throw new StepError(`start ${name}`, `no /healthz on ${operations} within 30 s`, logPath(name));
  }
}

/** Starts the orderer from its data folder (a new one, or the one it left). */
export async function startOrderer(cfg: string, orderer: OrdererNode): Promise<void> {
  await startNode(orderer.name, binary("orderer"), [], ordererEnv(cfg, orderer), orderer.operations, join(DATA_DIR, orderer.name));
}

export async function startOrderers(cfg: string): Promise<void> {
  await Promise.all(orderers().map((orderer) => startOrderer(cfg, orderer)));
}

/** Starts the peer from its data folder (a new one, or the one it left). */
export async function startPeer(cfg: string, org: PeerOrg): Promise<void> {
  await startNode(peerProcess(org), binary("peer"), ["node", "start"], peerEnv(cfg, org), org.operations, join(DATA_DIR, peerProcess(org)));
}

export async function startPeers(cfg: string): Promise<void> {
  await Promise.all(PEER_ORGS.map((org) => startPeer(cfg, org)));
}
