/**
 * The six actors on a Fabric channel through the Gateway — one connection each, acting
 * together as one application (each reads the others' writes) — and an existing chaincode
 * as a SHARED conformance target: the same actors for every test, nothing deployed;
 * `admin` must hold ADMIN.
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

/** One gRPC connection per peer endpoint, opened when first asked for. */
export class PeerClients {
  private readonly clients = new Map<string, grpc.Client>();

  of(peer: GatewayPeer): grpc.Client {
    if (!this.clients.has(peer.endpoint)) this.clients.set(peer.endpoint, connectPeer(peer));
    return this.clients.get(peer.endpoint)!;
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}

export interface FabricActorConnections {
  ledgers: ActorLedgers;
  admin: ConnectedLedger;
  /** Each actor's connection, for calls beyond the ledger interface (the interop contract). */
  connections: Readonly<Record<ActorName, ConnectedLedger>>;
  close(): Promise<void>;
}

/** Each actor's Gateway connection to `chaincode`, sharing one commit session (read-your-writes across orgs). */
export function connectFabricActors(actors: Record<ActorName, FabricActor>, channel: string, chaincode: string, clients: PeerClients): FabricActorConnections {
  const session = { block: 0 };
  const connections = ACTOR_NAMES.map((actor) => {
    const { peer, user } = actors[actor];
    return [actor, connectFabricGateway({ peer, client: clients.of(peer), user, channel, chaincode, session })] as const;
  });
  return {
    ledgers: Object.fromEntries(connections.map(([actor, connection]) => [actor, connection.ledger])) as unknown as ActorLedgers,
    admin: connections[ACTOR_NAMES.indexOf("admin")][1],
    connections: Object.fromEntries(connections) as Record<ActorName, ConnectedLedger>,
    close: async () => {
      await Promise.all(connections.map(([, connection]) => connection.close()));
    },
  };
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
  /** Each actor's connection (the admin's among them). */
  readonly connections: Readonly<Record<ActorName, ConnectedLedger>>;
}

export function createFabricSharedTarget({ name = "fabric-shared", channel, chaincode, actors }: FabricSharedTargetParams): FabricSharedTarget {
  const clients = new PeerClients();
  const connected = connectFabricActors(actors, channel, chaincode, clients);
  return {
    name,
    shared: true,
    admin: connected.admin,
    connections: connected.connections,
    deploy: async () => connected.ledgers,
    height: () => connected.admin.transport.height(),
    async close() {
      await connected.close();
      clients.close();
    },
  };
}
