/** Where cryptogen puts things, the orderers (1 or 3 Raft consenters) and the two peer organisations the network runs. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HOST, PORTS, WORK_DIR } from "./constants.js";

export const CRYPTO_DIR = join(WORK_DIR, "crypto");
export const CONFIG_DIR = join(WORK_DIR, "config");
export const DATA_DIR = join(WORK_DIR, "data");
export const GENESIS_BLOCK = join(CONFIG_DIR, "twinledger.block");
export const PROFILE_PATH = join(WORK_DIR, "network.json");

export const USERS = ["Admin", "User1", "User2", "User3"] as const;
export type UserName = (typeof USERS)[number];

export interface OrdererNode {
  /** Process name; the first keeps the name of the 1-orderer network. */
  name: string;
  mspId: string;
  domain: string;
  host: string;
  endpoint: string;
  adminEndpoint: string;
  operations: string;
}

/** Raft needs an odd number of consenters: 1 (the default, quick) or 3 (survives one crash). */
export const ORDERER_COUNTS = [1, 3] as const;
export type OrdererCount = (typeof ORDERER_COUNTS)[number];
const ORDERER_PORT_STRIDE = 100;

function ordererNode(index: number): OrdererNode {
  const name = index === 0 ? "orderer" : `orderer${index + 1}`;
  const port = (base: number) => base + index * ORDERER_PORT_STRIDE;
  return {
    name,
    mspId: "OrdererMSP",
    domain: "example.com",
    host: `${name}.example.com`,
    endpoint: `${HOST}:${port(PORTS.orderer)}`,
    adminEndpoint: `${HOST}:${port(PORTS.ordererAdmin)}`,
    operations: `${HOST}:${port(PORTS.ordererOperations)}`,
  };
}

/** The first orderer: the one the CLIs talk to, and the only one of the default network. */
export const ORDERER = ordererNode(0);

/**
 * The network's orderer count is fixed when its crypto material is made (a network cannot
 * grow consenters by restarting), and kept in LAYOUT_PATH; before that, the choice for the
 * next `up`: TWINLEDGER_FABRIC_ORDERERS, default 1.
 */
const LAYOUT_PATH = join(WORK_DIR, "layout.json");

export function parseOrdererCount(text: string | undefined): OrdererCount {
  const count = Number(text ?? 1);
  if (!(ORDERER_COUNTS as readonly number[]).includes(count)) throw new Error(`orderers must be one of ${ORDERER_COUNTS.join(", ")}, got ${text}`);
  return count as OrdererCount;
}

export function ordererCount(): OrdererCount {
  if (existsSync(LAYOUT_PATH)) return parseOrdererCount(String(JSON.parse(readFileSync(LAYOUT_PATH, "utf8")).orderers));
  return parseOrdererCount(process.env.TWINLEDGER_FABRIC_ORDERERS);
}

/** Records the count a new network is made with; refuses another count for an existing one. */
export function settleOrdererCount(requested?: OrdererCount): OrdererCount {
  if (existsSync(LAYOUT_PATH)) {
    const existing = ordererCount();
    if (requested !== undefined && requested !== existing) {
      throw new Error(`this network was made with ${existing} orderer(s), not ${requested}: npm run network:clean first`);
    }
    return existing;
  }
  const count = requested ?? parseOrdererCount(process.env.TWINLEDGER_FABRIC_ORDERERS);
  mkdirSync(WORK_DIR, { recursive: true });
  writeFileSync(LAYOUT_PATH, JSON.stringify({ orderers: count }) + "\n");
  return count;
}

export const orderers = (): OrdererNode[] => Array.from({ length: ordererCount() }, (_, index) => ordererNode(index));

export interface PeerOrg {
  name: "org1" | "org2";
  mspId: string;
  domain: string;
  peerHost: string;
  endpoint: string;
  chaincodeEndpoint: string;
  operations: string;
  /**
   * Process environment of the peer and of the chaincode it launches. Org2 runs in another
   * timezone and locale than Org1 (and the CI machine): with 2-of-2 endorsement, chaincode
   * that read the clock or the locale would give the two peers different results.
   */
  environment: Record<string, string>;
}

export const PEER_ORGS: PeerOrg[] = [
  {
    name: "org1",
    mspId: "Org1MSP",
    domain: "org1.example.com",
    peerHost: "peer0.org1.example.com",
    endpoint: `${HOST}:${PORTS.org1Peer}`,
    chaincodeEndpoint: `${HOST}:${PORTS.org1PeerChaincode}`,
    operations: `${HOST}:${PORTS.org1PeerOperations}`,
    environment: {},
  },
  {
    name: "org2",
    mspId: "Org2MSP",
    domain: "org2.example.com",
    peerHost: "peer0.org2.example.com",
    endpoint: `${HOST}:${PORTS.org2Peer}`,
    chaincodeEndpoint: `${HOST}:${PORTS.org2PeerChaincode}`,
    operations: `${HOST}:${PORTS.org2PeerOperations}`,
    // UTC+05:45, and Turkish: dotted/dotless i, decimal comma, its own collation.
    environment: { TZ: "Asia/Kathmandu", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" },
  },
];

export const ordererOrgDir = () => join(CRYPTO_DIR, "ordererOrganizations", ORDERER.domain);
export const ordererNodeDir = (node: OrdererNode = ORDERER) => join(ordererOrgDir(), "orderers", node.host);
export const ordererTlsCa = () => join(ordererOrgDir(), "tlsca", `tlsca.${ORDERER.domain}-cert.pem`);
export const ordererAdminDir = () => join(ordererOrgDir(), "users", `Admin@${ORDERER.domain}`);

export const peerOrgDir = (org: PeerOrg) => join(CRYPTO_DIR, "peerOrganizations", org.domain);
export const peerNodeDir = (org: PeerOrg) => join(peerOrgDir(org), "peers", org.peerHost);
export const peerTlsCa = (org: PeerOrg) => join(peerOrgDir(org), "tlsca", `tlsca.${org.domain}-cert.pem`);
export const userMspDir = (org: PeerOrg, user: UserName) => join(peerOrgDir(org), "users", `${user}@${org.domain}`, "msp");
export const userCert = (org: PeerOrg, user: UserName) => join(userMspDir(org, user), "signcerts", `${user}@${org.domain}-cert.pem`);
/** cryptogen names the private key priv_sk. */
export const userKey = (org: PeerOrg, user: UserName) => join(userMspDir(org, user), "keystore", "priv_sk");
