/**
 * The concurrent-update scenarios (test/network/concurrent-updates.ts) on both embedded
 * Fabric targets: the in-process peer, where two submits started together are always
 * endorsed on one snapshot (a conflict every race), and the same peer behind the embedded
 * Gateway server, every application with its own fabric-gateway connections — the client
 * stack a real network is driven with.
 */
import type * as grpc from "@grpc/grpc-js";
import { createEmbeddedFabricTarget, type EmbeddedFabricTarget } from "../../clients/fabric-embedded/target.js";
import { createEmbeddedGatewayTarget, type EmbeddedGatewayTarget } from "../../clients/fabric-embedded/gateway-target.js";
import type { EmbeddedFabric, Identity } from "../../clients/fabric-embedded/sim/index.js";
import { connectPeer, type GatewayPeer } from "../../clients/fabric-gateway/connection.js";
import { connectFabricGateway } from "../../clients/fabric-gateway/ledger.js";
import type { ConflictRetryOptions } from "../../clients/fabric/conflict-retry.js";
import { createFabricLedger } from "../../clients/fabric/ledger.js";
import { fabricPartyOf } from "../../clients/fabric/party.js";
import type { FabricTransport } from "../../clients/fabric/transport.js";
import { ACTOR_NAMES, type ActorLedgers, type ActorName } from "../../clients/ledger.js";
import { describeConcurrentUpdates } from "../network/concurrent-updates.js";

/** One application's clients straight on the in-process peer: a transport per actor. */
function inProcessApplication(fabric: EmbeddedFabric, identities: Readonly<Record<ActorName, Identity>>, conflictRetry: ConflictRetryOptions): ActorLedgers {
  const ledgerOf = (identity: Identity) => {
    const transport: FabricTransport = {
      channel: fabric.channelName,
      submit: (transaction, args) => fabric.submit(identity, transaction, args),
      evaluate: (transaction, args) => fabric.evaluate(identity, transaction, args),
      events: async (fromBlock) => fabric.events(fromBlock),
    };
    return createFabricLedger(transport, fabricPartyOf(identity), { conflictRetry });
  };
  return Object.fromEntries(ACTOR_NAMES.map((actor) => [actor, ledgerOf(identities[actor])])) as unknown as ActorLedgers;
}

describe("concurrent updates on the in-process peer", () => {
  let target: EmbeddedFabricTarget;
  let fabric: EmbeddedFabric;
  before(async () => {
    target = await createEmbeddedFabricTarget();
    fabric = target.fabricOf(await target.deploy());
  });
  after(async () => target?.close());

  describeConcurrentUpdates("fabric", async (conflictRetry) => ({
    first: inProcessApplication(fabric, target.identities, conflictRetry),
    second: inProcessApplication(fabric, target.identities, conflictRetry),
  }));
});

describe("concurrent updates through the embedded Gateway", () => {
  let target: EmbeddedGatewayTarget;
  before(async () => {
    target = await createEmbeddedGatewayTarget();
    await target.deploy();
  });
  after(async () => target?.close());

  /** One application: its own gRPC connection and a Gateway per actor, as a separate process would have. */
  function gatewayApplication(conflictRetry: ConflictRetryOptions) {
    const peer: GatewayPeer = { endpoint: target.gateway.endpoint, hostOverride: target.gateway.hostOverride, tlsCACertPem: target.gateway.tlsCACertPem };
    const client: grpc.Client = connectPeer(peer);
    const { channelName: channel, chaincodeName: chaincode } = target.fabric;
    const connections = ACTOR_NAMES.map((actor) => connectFabricGateway({ peer, client, user: target.identities[actor], channel, chaincode }));
    const ledgers = Object.fromEntries(
      connections.map((connection, index) => [ACTOR_NAMES[index], createFabricLedger(connection.transport, connection.ledger.party, { conflictRetry })]),
    ) as unknown as ActorLedgers;
    const close = async () => {
      await Promise.all(connections.map((connection) => connection.close()));
      client.close();
    };
    return { ledgers, close };
  }

  describeConcurrentUpdates("fabric-gateway", async (conflictRetry) => {
    const [first, second] = [gatewayApplication(conflictRetry), gatewayApplication(conflictRetry)];
    return {
      first: first.ledgers,
      second: second.ledgers,
      close: async () => {
        await Promise.all([first.close(), second.close()]);
      },
    };
  });
});
