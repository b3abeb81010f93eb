// Starts the embedded peer's TLS gRPC server on 127.0.0.1 and registers the Gateway
// and Deliver services over a swappable EmbeddedFabric.
import * as grpc from "@grpc/grpc-js";
import { protos } from "../sim/fabric-runtime.js";
import type { EmbeddedFabric, TestCA } from "../sim/index.js";
import { deliverService } from "./deliver-service.js";
import { errorDetail } from "./errors.js";
import { gatewayService } from "./gateway-service.js";

export interface EmbeddedGatewayOptions {
  /** The ledger served (swap it later with setFabric). */
  fabric: EmbeddedFabric;
  /** The organisation that runs this peer: it issues the TLS server certificate and labels error details. */
  organization: TestCA;
  /** The peer's host name (TLS name the client must ask for); default peer0.<organization domain>. */
  hostname?: string;
  /** Mutual TLS: only clients with a TLS certificate from the organization's CA connect (a peer's clientAuthRequired). */
  clientAuthRequired?: boolean;
}

export interface EmbeddedGateway {
  /** host:port to dial, on 127.0.0.1. */
  endpoint: string;
  /** PEM of the CA that issued the server certificate (the client's TLS root). */
  tlsCACertPem: string;
  /** The TLS server name to use (grpc.ssl_target_name_override), e.g. peer0.org1.example.com. */
  hostOverride: string;
  /** Serves another ledger from now on; streams already open stay on the one they started with. */
  setFabric(fabric: EmbeddedFabric): void;
  close(): Promise<void>;
}

export async function startEmbeddedGateway(options: EmbeddedGatewayOptions): Promise<EmbeddedGateway> {
  const hostname = options.hostname ?? `peer0.${options.organization.domain}`;
  const tls = options.organization.issueTlsServer(hostname, { dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"] });
  let fabric = options.fabric;
  let address = hostname;
  const context = {
    fabric: () => fabric,
    detail: (message: string) => errorDetail(address, options.organization.mspId, message),
  };

  const server = new grpc.Server();
  server.addService(serviceDefinition(protos.gateway.GatewayService), gatewayService(context));
  server.addService(serviceDefinition(protos.peer.DeliverService), deliverService(context));
  const credentials = grpc.ServerCredentials.createSsl(
    options.clientAuthRequired ? Buffer.from(options.organization.caCertificatePem) : null,
    [{ private_key: Buffer.from(tls.privateKeyPem), cert_chain: Buffer.from(tls.certificatePem) }],
    options.clientAuthRequired === true,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", credentials, (error, boundPort) => (error ? reject(error) : resolve(boundPort))),
  );
  address = `${hostname}:${port}`;

  return {
    endpoint: `127.0.0.1:${port}`,
    tlsCACertPem: options.organization.caCertificatePem,
    hostOverride: hostname,
    setFabric(next) {
      fabric = next;
    },
    async close() {
      server.forceShutdown();
    },
  };
}

/**
 * The generated service definition with a duck-typed response serializer. The generated
 * one checks `instanceof` against its own module's class, but google-protobuf's generated
 * code registers every class in one global `proto` namespace, so with a second copy of
 * the Fabric protos loaded (fabric-gateway ships 0.3.x, fabric-shim uses 0.2.x) and
 * module loaders that may instantiate a CommonJS file twice, "the" class is not unique.
 * The wire format is.
 */
function serviceDefinition(generated: object): grpc.ServiceDefinition {
  const methods = generated as Record<string, grpc.MethodDefinition<unknown, unknown>>;
  return Object.fromEntries(
    Object.entries(methods).map(([name, method]) => [
      name,
      { ...method, responseSerialize: (message: { serializeBinary(): Uint8Array }) => Buffer.from(message.serializeBinary()) },
    ]),
  ) as grpc.ServiceDefinition;
}
