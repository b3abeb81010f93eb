/**
 * What each peer's ledger says, asked of that peer alone: its height, the validation code
 * of a transaction (qscc GetTransactionByID), and a digest of its whole world state (a
 * ledger snapshot: Fabric hashes every key and value of the public state at one block).
 */
import { connect, type Gateway, type Network } from "@hyperledger/fabric-gateway";
import { common, peer as peerProtos } from "@hyperledger/fabric-protos";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { connectPeer } from "../../../clients/fabric-gateway/connection.js";
import { loadUser } from "../../../clients/fabric-gateway/identity.js";
import type { FabricNetworkProfile } from "../../../network/fabric/index.js";
import { DATA_DIR, PEER_ORGS, peerTlsCa } from "../../../network/fabric/layout.js";
import { peerProcess } from "../../../network/fabric/nodes.js";
import { peerAdmin } from "../../../network/fabric/peer-cli.js";
import { sampleConfigDir } from "../../../network/fabric/sampleconfig.js";

export interface PeerLedger {
  mspId: string;
  network: Network;
  close(): void;
}

/** One Gateway per org, on that org's peer, as its User1. */
export function peerLedgers(profile: FabricNetworkProfile): PeerLedger[] {
  return profile.organizations.map((organization) => {
    const client = connectPeer(organization.peer);
    const user = loadUser({ mspId: organization.mspId, ...organization.users.User1 });
    const gateway: Gateway = connect({ client, identity: user.identity, signer: user.signer, evaluateOptions: () => ({ deadline: Date.now() + 10_000 }) });
    return {
      mspId: organization.mspId,
      network: gateway.getNetwork(profile.channel),
      close: () => {
        gateway.close();
        client.close();
      },
    };
  });
}

/** qscc on the org's own peer only: the Gateway would otherwise pick any peer of the org. */
async function qscc(ledger: PeerLedger, name: string, ...args: string[]): Promise<Uint8Array> {
  return ledger.network.getContract("qscc").evaluate(name, { arguments: [ledger.network.getName(), ...args], endorsingOrganizations: [ledger.mspId] });
}

export async function heightOf(ledger: PeerLedger): Promise<number> {
  return Number(common.BlockchainInfo.deserializeBinary(await qscc(ledger, "GetChainInfo")).getHeight());
}

/** The transaction's validation code by name on this peer (VALID, MVCC_READ_CONFLICT, …), or NOT_FOUND. */
export async function validationOf(ledger: PeerLedger, txId: string): Promise<string> {
  try {
    const processed = peerProtos.ProcessedTransaction.deserializeBinary(await qscc(ledger, "GetTransactionByID", txId));
    const code = processed.getValidationcode();
    return Object.entries(peerProtos.TxValidationCode).find(([, value]) => value === code)?.[0] ?? String(code);
  } catch (error) {
    if (/not found|no such transaction/i.test(String((error as { details?: { message?: string }[] }).details?.map((d) => d.message).join(" ") ?? error))) return "NOT_FOUND";
    throw error;
  }
}

/** Waits until every peer reports the same height twice in a row (nothing left to commit). */
export async function converged(ledgers: PeerLedger[], timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let previous = -1;
  for (;;) {
    const heights = await Promise.all(ledgers.map((ledger) => heightOf(ledger).catch(() => -1)));
    const height = heights[0];
    if (height > 0 && heights.every((h) => h === height) && height === previous) return height;
    if (Date.now() > deadline) throw new Error(`peers did not converge within ${timeoutMs} ms: heights ${heights.join(", ")}`);
    previous = heights.every((h) => h === height) ? height : -1;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export interface StateDigest {
  lastBlockNumber: number;
  lastBlockHash: string;
  /** Hashes of the snapshot's files: public_state.data covers every key and value of every namespace. */
  files: Record<string, string>;
}

/**
 * A snapshot of each peer at its last committed block (the peers must have converged:
 * a snapshot can only be asked for the last block or a later one). Returns each digest.
 */
export async function stateDigests(channel: string): Promise<StateDigest[]> {
  const cfg = await sampleConfigDir();
  return Promise.all(
    PEER_ORGS.map(async (org) => {
      const admin = peerAdmin(cfg, org);
      const info = await admin("channel", "getinfo", "-c", channel);
      const height = Number(/"height":(\d+)/.exec(info)?.[1]);
      const folder = join(DATA_DIR, peerProcess(org), "snapshots", "completed", channel, String(height - 1));
      const metadata = join(folder, "_snapshot_signable_metadata.json");
      if (!existsSync(metadata)) {
        await admin("snapshot", "submitrequest", "-c", channel, "-b", "0", "--peerAddress", org.endpoint, "--tlsRootCertFile", peerTlsCa(org));
        for (const deadline = Date.now() + 30_000; !existsSync(metadata); await new Promise((resolve) => setTimeout(resolve, 200))) {
          if (Date.now() > deadline) throw new Error(`${peerProcess(org)}: no snapshot of block ${height - 1} within 30 s`);
        }
      }
      const signable = JSON.parse(readFileSync(metadata, "utf8"));
      return { lastBlockNumber: signable.last_block_number, lastBlockHash: signable.last_block_hash, files: signable.snapshot_files_raw_hashes };
    }),
  );
}
