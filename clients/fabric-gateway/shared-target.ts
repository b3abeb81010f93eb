/**
 * A Fabric channel's existing chaincode as a SHARED conformance target: one Gateway
 * connection per actor, acting together as one application (each reads the others'
 * writes), the same actors for every test; nothing is deployed. `admin` must hold ADMIN.
 */
import type * as grpc from "@grpc/grpc-js";
import { ACTOR_NAMES, type ActorLedgers, type ActorName, type LedgerTarget } from "../ledger.js";
import { connectPeer, type GatewayPeer } from "./connection.js";
import type { FabricUser } from "./identity.js";
import { connectFabricGateway, type ConnectedLedger } from "./ledger.js";

export interface FabricActor {
  /** The actor's Gateway peer; actors naming the same endpoint share one connection. */
  peer: GatewayPeer;
  user: FabricUser;
}

export interface FabricSharedTargetParams {
  name?: string;
  channel: string;
  chaincode: string;
  actors: Record<ActorName, FabricActor>;
}

export interface FabricSharedTarget extends LedgerTarget {
  /** The admin's connection, for raw calls such as `roles:initLedger`. */
  readonly admin: ConnectedLedger;
}

export function createFabricSharedTarget({ name = "fabric-shared", channel, chaincode, actors }: FabricSharedTargetParams): FabricSharedTarget {
  const clients = new Map<string, grpc.Client>();
  const clientOf = (peer: GatewayPeer) => {
    if (!clients.has(peer.endpoint)) clients.set(peer.endpoint, connectPeer(peer));
    return clients.get(peer.endpoint)!;
  };
  const session = { block: 0 };
  const connections = ACTOR_NAMES.map((actor) => {
    const { peer, user } = actors[actor];
    return [actor, connectFabricGateway({ peer, client: clientOf(peer), user, channel, chaincode, session })] as const;
  });
  const ledgers = Object.fromEntries(connections.map(([actor, connection]) => [actor, connection.ledger])) as unknown as ActorLedgers;
  const admin = connections[ACTOR_NAMES.indexOf("admin")][1];
  return {
    name,
    shared: true,
    admin,
    deploy: async () => ledgers,
    height: () => admin.transport.height(),
    async close() {
      await Promise.all(connections.map(([, connection]) => connection.close()));
      for (const client of clients.values()) client.close();
    },
  };
}
