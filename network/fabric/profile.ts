/** The network profile clients connect with; also written to .twinledger/fabric/network.json. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { CHAINCODE_NAME, CHANNEL } from "./constants.js";
import { ORDERER, PEER_ORGS, PROFILE_PATH, USERS, type UserName, ordererTlsCa, peerTlsCa, userCert, userKey } from "./layout.js";
import type { ChaincodeType } from "./twinledger-package.js";

export interface FabricNetworkProfile {
  channel: string;
  /** The `twinledger` definition: which installed package it runs, and how the peers run it. */
  chaincode: { name: string; type: ChaincodeType; packageId: string };
  orderer: { endpoint: string; hostOverride: string; tlsCACertPath: string };
  organizations: {
    mspId: string;
    domain: string;
    peer: { endpoint: string; hostOverride: string; tlsCACertPath: string };
    users: Record<UserName, { certPath: string; keyPath: string }>;
  }[];
}

export function buildProfile(type: ChaincodeType, packageId: string): FabricNetworkProfile {
  return {
    channel: CHANNEL,
    chaincode: { name: CHAINCODE_NAME, type, packageId },
    orderer: { endpoint: ORDERER.endpoint, hostOverride: ORDERER.host, tlsCACertPath: ordererTlsCa() },
    organizations: PEER_ORGS.map((org) => ({
      mspId: org.mspId,
      domain: org.domain,
      peer: { endpoint: org.endpoint, hostOverride: org.peerHost, tlsCACertPath: peerTlsCa(org) },
      users: Object.fromEntries(
        USERS.map((user) => [user, { certPath: userCert(org, user), keyPath: userKey(org, user) }]),
      ) as FabricNetworkProfile["organizations"][number]["users"],
    })),
  };
}

export function writeProfile(profile: FabricNetworkProfile): void {
  writeFileSync(PROFILE_PATH, JSON.stringify(profile, null, 2) + "\n");
}

export function readNetworkProfile(): FabricNetworkProfile {
  if (!existsSync(PROFILE_PATH)) throw new Error(`no Fabric network profile at ${PROFILE_PATH}: run npm run network:up`);
  return JSON.parse(readFileSync(PROFILE_PATH, "utf8")) as FabricNetworkProfile;
}
