/**
 * Chaincode lifecycle: install a package (node or ccaas) on both peers; approve (both orgs in
 * parallel) and commit a chaincode name with the AND(Org1, Org2) signature policy, upgrading
 * to the next sequence when the name already points at another package. Any number of names
 * can point at the one installed package id — they share one chaincode process per peer
 * (node) or the one chaincode server (ccaas).
 */
import { CHANNEL, ENDORSEMENT_POLICY } from "./constants.js";
import { PEER_ORGS, peerTlsCa } from "./layout.js";
import { ordererArgs, peerAdmin } from "./peer-cli.js";
import { retrying } from "./run.js";

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

/** The package id the calling peer computes for a package file (`<label>:<sha256>`). */
export async function calculatePackageId(cfg: string, packagePath: string): Promise<string> {
  return (await peerAdmin(cfg, PEER_ORGS[0])("lifecycle", "chaincode", "calculatepackageid", packagePath)).trim();
}

/** The committed definition of `name`: its sequence and the package Org1 approved for it; undefined if none. */
export async function committedDefinition(cfg: string, name: string): Promise<{ sequence: number; packageId?: string } | undefined> {
  const peer = peerAdmin(cfg, PEER_ORGS[0]);
  let sequence: number;
  try {
    const committed = await peer("lifecycle", "chaincode", "querycommitted", "--channelID", CHANNEL, "--name", name, "--output", "json");
    sequence = Number((JSON.parse(committed) as { sequence: number }).sequence);
  } catch {
    return undefined;
  }
  const approved = await peer("lifecycle", "chaincode", "queryapproved", "--channelID", CHANNEL, "--name", name, "--sequence", String(sequence), "--output", "json");
  const source = (JSON.parse(approved) as { source?: { Type?: { LocalPackage?: { package_id?: string } } } }).source;
  return { sequence, packageId: source?.Type?.LocalPackage?.package_id };
}

/** Points `name` at `packageId`: a first definition, or the next sequence if it pointed elsewhere; nothing if it already does. */
export async function commitDefinition(cfg: string, name: string, packageId: string): Promise<void> {
  const current = await committedDefinition(cfg, name);
  if (current?.packageId === packageId) return;
  await approveAndCommit(cfg, name, packageId, (current?.sequence ?? 0) + 1);
}

/** Approves for both orgs and commits `name` at `sequence` onto the installed package. */
export async function approveAndCommit(cfg: string, name: string, packageId: string, sequence = 1): Promise<void> {
  const definition = [
    "--channelID", CHANNEL, "--name", name, "--version", CHAINCODE_VERSION, "--sequence", String(sequence),
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
const onceOrdererLeads = <T>(action: () => Promise<T>) => retrying(action, (error) => /no Raft leader/.test(String((error as Error).message)), 30_000);
