/**
 * The concurrent-update scenarios (test/network/concurrent-updates.ts) on the real network:
 * two applications submit to the same asset and the same receivable at once, endorsed by
 * both peers and ordered by Raft, so a race conflicts only when both land in one block —
 * each scenario is raced until one does. Both applications wrap the same Gateway
 * connections (one commit session, so each reads the other's writes) in their own ledger
 * client with the policy under test.
 *
 *   npm run test:network:fabric:scrutiny
 */
import type { ConflictRetryOptions } from "../../clients/fabric/conflict-retry.js";
import { createFabricLedger } from "../../clients/fabric/ledger.js";
import { PeerClients, type FabricActorConnections } from "../../clients/fabric-gateway/shared-target.js";
import { ACTOR_NAMES, type ActorLedgers } from "../../clients/ledger.js";
import { deployForCast } from "../../network/fabric/conformance-target.js";
import { describeConcurrentUpdates } from "./concurrent-updates.js";
import { defaultNetwork } from "./default-network.js";

const clients = new PeerClients();
let deployment: Promise<FabricActorConnections> | undefined;

after(async () => {
  await (await deployment)?.close();
  clients.close();
});

function application(connections: FabricActorConnections, conflictRetry: ConflictRetryOptions): ActorLedgers {
  return Object.fromEntries(
    ACTOR_NAMES.map((actor) => {
      const { transport, ledger } = connections.connections[actor];
      return [actor, createFabricLedger(transport, ledger.party, { conflictRetry })];
    }),
  ) as unknown as ActorLedgers;
}

describeConcurrentUpdates(
  "fabric-network",
  async (conflictRetry) => {
    deployment ??= defaultNetwork().then((profile) => deployForCast(profile, clients));
    const connections = await deployment;
    return { first: application(connections, conflictRetry), second: application(connections, conflictRetry) };
  },
  { rounds: 10, timeoutMs: 300_000 },
);
