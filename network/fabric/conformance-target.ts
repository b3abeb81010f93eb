/**
 * The conformance target on the local 2-org Fabric network (network/fabric): every
 * deployment is a new chaincode definition on the running channel — the package the
 * profile's `twinledger` definition runs (node or ccaas), AND(Org1, Org2) endorsement —
 * so each test starts from empty world state, and
 * every transaction is endorsed by both peers, which must agree byte for byte.
 */
import * as grpc from "@grpc/grpc-js";
import { connectPeer } from "../../clients/fabric-gateway/connection.js";
import { connectFabricGateway, type ConnectedLedger } from "../../clients/fabric-gateway/ledger.js";
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

/** `name` labels the test titles; default fabric-network. */
export function createFabricNetworkTarget(profile: FabricNetworkProfile, name = "fabric-network"): LedgerTarget {
  const clients: grpc.Client[] = profile.organizations.map((org) => connectPeer(org.peer));
  let connections: ConnectedLedger[] = [];

  const closeConnections = async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    connections = [];
  };

  return {
    name,
    async deploy(): Promise<ActorLedgers> {
      await closeConnections();
      const chaincode = `tl-${process.pid}-${++deployments}`; // unique on the channel: per process, across targets
      await deployChaincode(chaincode);
      // The actors are one application acting through both orgs' peers: each reads the others' writes.
      const session = { block: 0 };
      const ledgers = ACTOR_NAMES.map((actor) => {
        const { org, user } = CAST[actor];
        const organization = profile.organizations[org];
        const connection = connectFabricGateway({
          peer: organization.peer,
          client: clients[org],
          user: { mspId: organization.mspId, ...organization.users[user] },
          channel: profile.channel,
          chaincode,
          session,
        });
        connections.push(connection);
        return [actor, connection] as const;
      });
      const admin = ledgers.find(([actor]) => actor === "admin")![1];
      await untilDiscovered(() => admin.transport.submit("roles:initLedger", []));
      return Object.fromEntries(ledgers.map(([actor, connection]) => [actor, connection.ledger])) as unknown as ActorLedgers;
    },
    async close() {
      await closeConnections();
      for (const client of clients) client.close();
    },
  };
}

/**
 * Right after a chaincode definition commits, the Gateway's discovery may not yet see the
 * other org's peer advertising it ("no combination of peers…"); gossip catches up within
 * seconds (on a network that has just started, its first cross-org contact too). Retry
 * that one error, for at most a minute.
 */
async function untilDiscovered<T>(call: () => Promise<T>, attempts = 240, delayMs = 250): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const undiscovered = /no combination of peers can be derived/.test(String((error as Error).message));
      if (!undiscovered || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
