/**
 * The embedded Fabric behind a real Fabric Gateway connection: the compiled chaincode on
 * the in-process peer, served by the embedded Gateway server over TLS gRPC, and every
 * actor a fabric-gateway client (`connectFabricGateway`) with its own X.509 identity.
 * One server and one gRPC connection serve the whole target; each deployment swaps in a
 * fresh channel ledger, initialised by Org1's MSP admin through the Gateway.
 */
import type * as grpc from "@grpc/grpc-js";
import { connectPeer, type GatewayPeer } from "../fabric-gateway/connection.js";
import { connectFabricGateway, type ConnectedLedger } from "../fabric-gateway/ledger.js";
import { ACTOR_NAMES, type ActorLedgers, type ActorName, type LedgerTarget } from "../ledger.js";
import { loadChaincode } from "./chaincode.js";
import { createTestConsortium } from "./consortium.js";
import { startEmbeddedGateway, type EmbeddedGateway } from "./gateway-server/index.js";
import { EmbeddedFabric, type Identity } from "./sim/index.js";

export interface EmbeddedGatewayTarget extends LedgerTarget {
  /** The running server (endpoint, TLS root, host name), e.g. to connect further clients. */
  readonly gateway: EmbeddedGateway;
  /** The ledger of the current deployment. */
  readonly fabric: EmbeddedFabric;
  /** Each actor's Gateway connection of the current target (transport, gateway, network). */
  readonly connections: Readonly<Record<ActorName, ConnectedLedger>>;
  readonly identities: Readonly<Record<ActorName, Identity>>;
}

export interface EmbeddedGatewayTargetOptions {
  /** Mutual TLS: the server requires a client TLS certificate from Org1's CA, which the clients present. */
  clientAuthRequired?: boolean;
}

export async function createEmbeddedGatewayTarget(options: EmbeddedGatewayTargetOptions = {}): Promise<EmbeddedGatewayTarget> {
  const chaincode = loadChaincode();
  const { org1, identities, organizations } = createTestConsortium();
  const endorser = org1.issue("peer0", "peer");
  const newFabric = () => new EmbeddedFabric({ ...chaincode, organizations, endorser });

  let fabric = newFabric();
  const gateway = await startEmbeddedGateway({ fabric, organization: org1, clientAuthRequired: options.clientAuthRequired });
  const peer: GatewayPeer = {
    endpoint: gateway.endpoint,
    hostOverride: gateway.hostOverride,
    tlsCACertPem: gateway.tlsCACertPem,
    ...(options.clientAuthRequired ? { tlsClient: org1.issueTlsServer("client.org1.example.com") } : {}),
  };
  const client: grpc.Client = connectPeer(peer);
  const connections = Object.fromEntries(
    ACTOR_NAMES.map((actor) => [
      actor,
      connectFabricGateway({ peer, client, user: identities[actor], channel: fabric.channelName, chaincode: fabric.chaincodeName }),
    ]),
  ) as Record<ActorName, ConnectedLedger>;
  const ledgers = Object.fromEntries(ACTOR_NAMES.map((actor) => [actor, connections[actor].ledger])) as unknown as ActorLedgers;

  return {
    name: "fabric-gateway",
    gateway,
    connections,
    identities,
    get fabric() {
      return fabric;
    },
    async deploy(): Promise<ActorLedgers> {
      fabric = newFabric();
      gateway.setFabric(fabric);
      await connections.admin.transport.submit("roles:initLedger", []);
      return ledgers;
    },
    async close() {
      await Promise.all(ACTOR_NAMES.map((actor) => connections[actor].close()));
      client.close();
      await gateway.close();
    },
  };
}
