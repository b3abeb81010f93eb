/**
 * The embedded Fabric: the compiled chaincode on the project's in-process peer (real
 * fabric-contract-api dispatch, real X.509 identities of two organisations). Each
 * deployment is a fresh channel ledger, initialised by Org1's MSP admin.
 */
import { createFabricLedger } from "../fabric/ledger.js";
import type { FabricTransport } from "../fabric/transport.js";
import { ACTOR_NAMES, type ActorLedgers, type ActorName, type LedgerClock, type LedgerTarget } from "../ledger.js";
import { loadChaincode } from "./chaincode.js";
import { createTestConsortium } from "./consortium.js";
import { fabricPartyOf } from "../fabric/party.js";
import { EmbeddedFabric, EndorsementError, type ChannelOrganization, type Identity } from "./sim/index.js";

export interface EmbeddedFabricTarget extends LedgerTarget {
  /** The peer of a deployment: e.g. to endorse without submitting (a cross-ledger proof). */
  fabricOf(deployment: ActorLedgers): EmbeddedFabric;
  /** Each organisation's peer identity when the target endorses with them. */
  readonly peers: readonly Identity[];
  readonly identities: Readonly<Record<ActorName, Identity>>;
  /** The channel's organisations: MSP id and CA certificate. */
  readonly organizations: readonly ChannelOrganization[];
}

export interface EmbeddedFabricTargetOptions {
  /** Endorsements signed by a peer of each organisation (peer0.org1, peer0.org2), as on the real network. */
  endorsingPeers?: boolean;
}

export async function createEmbeddedFabricTarget(options: EmbeddedFabricTargetOptions = {}): Promise<EmbeddedFabricTarget> {
  const chaincode = loadChaincode();
  const { identities, organizations, org1, org2 } = createTestConsortium();
  const peerIdentities = options.endorsingPeers ? [org1.issue("peer0", "peer"), org2.issue("peer0", "peer")] : [];
  const [endorser, ...otherEndorsers] = peerIdentities;
  const peers = new WeakMap<ActorLedgers, EmbeddedFabric>();
  let latest: EmbeddedFabric | undefined;

  return {
    name: "fabric",
    peers: peerIdentities,
    identities,
    organizations,
    fabricOf(deployment) {
      const fabric = peers.get(deployment);
      if (!fabric) throw new Error("not a deployment of this target");
      return fabric;
    },
    async deploy(): Promise<ActorLedgers> {
      const fabric = new EmbeddedFabric({ ...chaincode, organizations, ...(endorser ? { endorser, otherEndorsers } : {}) });
      await fabric.submit(identities.admin, "roles:initLedger", []);
      const ledgers = Object.fromEntries(ACTOR_NAMES.map((actor) => [actor, embeddedLedger(fabric, identities[actor])] as const)) as unknown as ActorLedgers;
      peers.set(ledgers, fabric);
      latest = fabric;
      return ledgers;
    },
    // The latest deployment's (the one a shared wrapper keeps using).
    height: async () => latest?.height ?? 0,
    clockOf(deployment: ActorLedgers): LedgerClock {
      const fabric = peers.get(deployment);
      if (!fabric) throw new Error("not a deployment of this target");
      // The proposal timestamp is the client's: the peer's clock is the one each proposal carries.
      return {
        now: async () => fabric.now,
        async setNextTime(time) {
          if (time < fabric.now) throw new RangeError(`the next transaction's time ${time} is before ${fabric.now}`);
          fabric.advanceTime(time - fabric.now);
        },
      };
    },
    async close() {},
  };
}

function embeddedLedger(fabric: EmbeddedFabric, identity: Identity) {
  const transport: FabricTransport = {
    channel: fabric.channelName,
    async submit(transaction, args) {
      try {
        return await fabric.submit(identity, transaction, args);
      } catch (error) {
        throw asChaincodeError(error);
      }
    },
    async evaluate(transaction, args) {
      try {
        return await fabric.evaluate(identity, transaction, args);
      } catch (error) {
        throw asChaincodeError(error);
      }
    },
    async events(fromBlock) {
      return fabric.events(fromBlock);
    },
  };
  return createFabricLedger(transport, fabricPartyOf(identity));
}

function asChaincodeError(error: unknown): unknown {
  return error instanceof EndorsementError ? new Error(`chaincode response ${error.status}, ${error.message}`, { cause: error }) : error;
}
