/**
 * `IndustrialLedger` over a Fabric channel through the Fabric Gateway: the generic
 * Fabric client on a Gateway transport, acting as one user.
 */
import type * as grpc from "@grpc/grpc-js";
import type { IndustrialLedger } from "../ledger.js";
import { createFabricLedger } from "../fabric/ledger.js";
import { fabricPartyOf } from "../fabric/party.js";
import { connectPeer, type GatewayPeer } from "./connection.js";
import { loadUser, type FabricUser } from "./identity.js";
import { gatewayTransport, type CommitSession, type GatewayTransport } from "./transport.js";

export interface FabricGatewayOptions {
  /** The Gateway peer to dial; ignored when `client` is given. */
  peer: GatewayPeer;
  /** An open connection to share (several users on one peer); it is not closed by close(). */
  client?: grpc.Client;
  user: FabricUser;
  channel: string;
  chaincode: string;
  /** Ledgers acting together through several orgs' peers share one, to read their own writes. */
  session?: CommitSession;
}

export interface ConnectedLedger {
  ledger: IndustrialLedger;
  /** The Gateway transport underneath (raw submit/evaluate, e.g. for chaincode init). */
  transport: GatewayTransport;
  close(): Promise<void>;
}

export function connectFabricGateway(options: FabricGatewayOptions): ConnectedLedger {
  const ownClient = options.client === undefined;
  const client = options.client ?? connectPeer(options.peer);
  const user = loadUser(options.user);
  const transport = gatewayTransport({ client, user, channel: options.channel, chaincode: options.chaincode, session: options.session });
  return {
    ledger: createFabricLedger(transport, fabricPartyOf({ mspId: options.user.mspId, certificatePem: user.certificatePem })),
    transport,
    async close() {
      transport.close();
      user.close?.(); // the HSM session of a user loaded here
      if (ownClient) client.close();
    },
  };
}
