/** Where cryptogen puts things, and the two peer organisations the network runs. */
import { join } from "node:path";
import { HOST, PORTS, WORK_DIR } from "./constants.js";

export const CRYPTO_DIR = join(WORK_DIR, "crypto");
export const CONFIG_DIR = join(WORK_DIR, "config");
export const DATA_DIR = join(WORK_DIR, "data");
export const GENESIS_BLOCK = join(CONFIG_DIR, "twinledger.block");
export const PROFILE_PATH = join(WORK_DIR, "network.json");

export const USERS = ["Admin", "User1", "User2", "User3"] as const;
export type UserName = (typeof USERS)[number];

export const ORDERER = {
  name: "orderer",
  mspId: "OrdererMSP",
  domain: "example.com",
  host: "orderer.example.com",
  endpoint: `${HOST}:${PORTS.orderer}`,
  adminEndpoint: `${HOST}:${PORTS.ordererAdmin}`,
  operations: `${HOST}:${PORTS.ordererOperations}`,
};

export interface PeerOrg {
  name: "org1" | "org2";
  mspId: string;
  domain: string;
  peerHost: string;
  endpoint: string;
  chaincodeEndpoint: string;
  operations: string;
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
  },
  {
    name: "org2",
    mspId: "Org2MSP",
    domain: "org2.example.com",
    peerHost: "peer0.org2.example.com",
    endpoint: `${HOST}:${PORTS.org2Peer}`,
    chaincodeEndpoint: `${HOST}:${PORTS.org2PeerChaincode}`,
    operations: `${HOST}:${PORTS.org2PeerOperations}`,
  },
];

export const ordererOrgDir = () => join(CRYPTO_DIR, "ordererOrganizations", ORDERER.domain);
export const ordererNodeDir = () => join(ordererOrgDir(), "orderers", ORDERER.host);
export const ordererTlsCa = () => join(ordererOrgDir(), "tlsca", `tlsca.${ORDERER.domain}-cert.pem`);
export const ordererAdminDir = () => join(ordererOrgDir(), "users", `Admin@${ORDERER.domain}`);

export const peerOrgDir = (org: PeerOrg) => join(CRYPTO_DIR, "peerOrganizations", org.domain);
export const peerNodeDir = (org: PeerOrg) => join(peerOrgDir(org), "peers", org.peerHost);
export const peerTlsCa = (org: PeerOrg) => join(peerOrgDir(org), "tlsca", `tlsca.${org.domain}-cert.pem`);
export const userMspDir = (org: PeerOrg, user: UserName) => join(peerOrgDir(org), "users", `${user}@${org.domain}`, "msp");
export const userCert = (org: PeerOrg, user: UserName) => join(userMspDir(org, user), "signcerts", `${user}@${org.domain}-cert.pem`);
/** cryptogen names the private key priv_sk. */
export const userKey = (org: PeerOrg, user: UserName) => join(userMspDir(org, user), "keystore", "priv_sk");
