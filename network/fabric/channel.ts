/** The `twinledger` channel: each orderer joins through its admin API, the peers with `peer channel join`. */
import { CHANNEL } from "./constants.js";
import { GENESIS_BLOCK, type OrdererNode, orderers, PEER_ORGS } from "./layout.js";
import { osnadmin, peerAdmin } from "./peer-cli.js";
import { retrying } from "./run.js";

async function joinOrderer(orderer: OrdererNode): Promise<void> {
  const list = await osnadmin(orderer, "channel", "list");
  if (list.includes(`"${CHANNEL}"`)) return;
  await osnadmin(orderer, "channel", "join", "--channelID", CHANNEL, "--config-block", GENESIS_BLOCK);
}

/** Every consenter joins with the genesis block; Raft elects a leader once a majority has. */
export async function joinOrderers(): Promise<void> {
  await Promise.all(orderers().map(joinOrderer));
}

/** Anchor peers are already in the genesis config, so no anchor-peer update is needed. */
export async function joinPeers(cfg: string): Promise<void> {
  await Promise.all(
    PEER_ORGS.map(async (org) => {
      const peer = peerAdmin(cfg, org);
      if ((await untilAnswered(() => peer("channel", "list"))).split("\n").some((l) => l.trim() === CHANNEL)) return;
      await peer("channel", "join", "-b", GENESIS_BLOCK);
    }),
  );
}

/**
 * A peer answers /healthz a moment before its gRPC services take calls, so the first
 * `peer channel list` after a start can fail (seen once in five runs). It only reads: retry it.
 */
const untilAnswered = <T>(action: () => Promise<T>) => retrying(action, () => true, 15_000);
