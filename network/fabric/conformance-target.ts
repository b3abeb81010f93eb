/**
 * The conformance targets on the local 2-org Fabric network (network/fabric). The fresh one: every
 * deployment is a new chaincode definition on the running channel — the package the
 * profile's `twinledger` definition runs (node or ccaas), AND(Org1, Org2) endorsement —
 * so each test starts from empty world state, and
 * every transaction is endorsed by both peers, which must agree byte for byte.
 */
import {
  connectFabricActors,
  createFabricSharedTarget,
  PeerClients,
  type FabricActor,
  type FabricActorConnections,
} from "../../clients/fabric-gateway/shared-target.js";
import { ACTOR_NAMES, type ActorLedgers, type ActorName, type LedgerTarget } from "../../clients/ledger.js";
import { deployChaincode, type FabricNetworkProfile } from "./index.js";

type Organization = FabricNetworkProfile["organizations"][number];
type UserName = keyof Organization["users"];

/** Which cryptogen user plays which actor: Org1 holds the first ADMIN, Org2 the role holders. */
const CAST: Record<ActorName, { org: 0 | 1; user: UserName }> = {
  admin: { org: 0, user: "Admin" },
  alice: { org: 0, user: "User1" },
  bob: { org: 1, user: "User1" },
  carol: { org: 0, user: "User2" },
  accreditor: { org: 1, user: "User2" },
  financier: { org: 1, user: "User3" },
};

let deployments = 0;

/** The cryptogen identities of the cast, each on its own org's peer. */
function castOf(profile: FabricNetworkProfile): Record<ActorName, FabricActor> {
  const actorOf = (actor: ActorName): FabricActor => {
    const organization = profile.organizations[CAST[actor].org];
    return { peer: organization.peer, user: { mspId: organization.mspId, ...organization.users[CAST[actor].user] } };
  };
  return Object.fromEntries(ACTOR_NAMES.map((actor) => [actor, actorOf(actor)])) as Record<ActorName, FabricActor>;
}

/** `name` labels the test titles; default fabric-network. */
export function createFabricNetworkTarget(profile: FabricNetworkProfile, name = "fabric-network"): LedgerTarget {
  const clients = new PeerClients();
  let current: FabricActorConnections | undefined;

  return {
    name,
    async deploy(): Promise<ActorLedgers> {
      await current?.close();
      current = await deployForCast(profile, clients);
      return current.ledgers;
    },
    async close() {
      await current?.close();
      clients.close();
    },
  };
}

/**
 * A new chaincode definition on the running channel (an empty world state), initialised by
 * `admin`, and the cast's Gateway connections to it, sharing one commit session.
 */
export async function deployForCast(profile: FabricNetworkProfile, clients: PeerClients): Promise<FabricActorConnections & { chaincode: string }> {
  const chaincode = `tl-${process.pid}-${++deployments}`; // unique on the channel: per process, across targets
  await deployChaincode(chaincode);
  const connections = connectFabricActors(castOf(profile), profile.channel, chaincode, clients);
  await untilReady(() => connections.admin.transport.submit("roles:initLedger", []));
  return { ...connections, chaincode };
}

/** Which organisation's which user each actor is (index into the profile's organizations). */
export const castMember = (actor: ActorName): { org: 0 | 1; user: UserName } => CAST[actor];

/**
 * The network's long-lived `twinledger` chaincode as a SHARED conformance target: no
 * deployment, the same actors every test (the suite namespaces each test's data). It is
 * initialised by `admin` if nobody has done so yet.
 */
export async function createFabricNetworkSharedTarget(profile: FabricNetworkProfile, name = "fabric-shared"): Promise<LedgerTarget> {
  const target = createFabricSharedTarget({ name, channel: profile.channel, chaincode: profile.chaincode.name, actors: castOf(profile) });
  try {
    const { ledger, transport } = target.admin;
    // Either submit waits until discovery sees both orgs' peers (just after the network starts, it may not).
    if (await ledger.hasRole("ADMIN", ledger.party)) {
      await untilReady(() => transport.submit("roles:grantRole", ["ADMIN", ledger.party])); // held already: a no-op
    } else {
      await untilReady(() => transport.submit("roles:initLedger", []));
    }
  } catch (error) {
    await target.close();
    throw error;
  }
  return target;
}

/**
 * Right after a chaincode definition commits, the Gateway's discovery may not yet see the
 * other org's peer advertising it ("no combination of peers…"); gossip catches up within
 * seconds (on a network that has just started, its first cross-org contact too). And on a
 * network that has just started, the Raft orderer may not have a leader yet ("no orderers
 * could successfully process transaction"). Retry those two errors, for at most a minute.
 */
async function untilReady<T>(call: () => Promise<T>, attempts = 240, delayMs = 250): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const notYet = /no combination of peers can be derived|no orderers could successfully process transaction/.test(String((error as Error).message));
      if (!notYet || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
