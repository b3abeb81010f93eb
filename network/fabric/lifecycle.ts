/**
 * Chaincode lifecycle: install the ccaas package on both peers; approve (both orgs in parallel)
 * and commit a chaincode name with the AND(Org1, Org2) signature policy. Any number of names can
 * point at the one installed package id — they share the one chaincode server.
 */
import { CHANNEL, ENDORSEMENT_POLICY } from "./constants.js";
import { PEER_ORGS, peerTlsCa } from "./layout.js";
import { ordererArgs, peerAdmin } from "./peer-cli.js";

export const CHAINCODE_VERSION = "1.0";

export async function installPackage(cfg: string, packagePath: string, packageId: string): Promise<void> {
  await Promise.all(
    PEER_ORGS.map(async (org) => {
      const peer = peerAdmin(cfg, org);
      const installed = await peer("lifecycle", "chaincode", "queryinstalled", "--output", "json");
      if (installed.includes(packageId)) return;
      await peer("lifecycle", "chaincode", "install", packagePath);
    }),
  );
}

export async function isCommitted(cfg: string, name: string): Promise<boolean> {
  try {
    await peerAdmin(cfg, PEER_ORGS[0])("lifecycle", "chaincode", "querycommitted", "--channelID", CHANNEL, "--name", name);
    return true;
  } catch {
    return false;
  }
}

/** Approves for both orgs and commits `name` (sequence 1) onto the installed package. */
export async function approveAndCommit(cfg: string, name: string, packageId: string): Promise<void> {
  const definition = [
    "--channelID", CHANNEL, "--name", name, "--version", CHAINCODE_VERSION, "--sequence", "1",
    "--signature-policy", ENDORSEMENT_POLICY,
  ];
  await Promise.all(
    PEER_ORGS.map((org) =>
      onceOrdererLeads(() =>
        peerAdmin(cfg, org)("lifecycle", "chaincode", "approveformyorg", ...ordererArgs(), ...definition,
          "--package-id", packageId, "--waitForEvent"),
      ),
    ),
  );
  const peers = PEER_ORGS.flatMap((org) => ["--peerAddresses", org.endpoint, "--tlsRootCertFiles", peerTlsCa(org)]);
  await onceOrdererLeads(() =>
    peerAdmin(cfg, PEER_ORGS[0])("lifecycle", "chaincode", "commit", ...ordererArgs(), ...definition, ...peers, "--waitForEvent"),
  );
}

/**
 * A restarted orderer answers /healthz before Raft has elected a leader, and refuses
 * broadcasts until then ("SERVICE_UNAVAILABLE -- no Raft leader"). Retry that, bounded.
 */
async function onceOrdererLeads<T>(action: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await action();
    } catch (error) {
      if (!/no Raft leader/.test(String((error as Error).message)) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
