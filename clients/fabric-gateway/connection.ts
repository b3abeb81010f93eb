/** One TLS gRPC connection to a Gateway peer, shared by every identity that uses it. */
import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";

export type GatewayPeer = {
  /** host:port, e.g. 127.0.0.1:7051 */
  endpoint: string;
  /** The TLS server name when it differs from the host, e.g. peer0.org1.example.com. */
  hostOverride?: string;
  /**
   * Mutual TLS, for peers that require client certificates (`peer.tls.clientAuthRequired`):
   * the client's TLS certificate and key, as files (cryptogen: users/<user>/tls/client.crt,
   * client.key) or PEM text.
   */
  tlsClient?: { certPath: string; keyPath: string } | { certificatePem: string; privateKeyPem: string };
} & (
  | { /** PEM file of the peer's TLS root CA. */ tlsCACertPath: string; tlsCACertPem?: undefined }
  | { /** The peer's TLS root CA as PEM text. */ tlsCACertPem: string; tlsCACertPath?: undefined }
);

export function connectPeer(peer: GatewayPeer): grpc.Client {
  const rootCert = peer.tlsCACertPem !== undefined ? Buffer.from(peer.tlsCACertPem, "utf8") : readFileSync(peer.tlsCACertPath);
  const client = peer.tlsClient && ("certPath" in peer.tlsClient ? { cert: readFileSync(peer.tlsClient.certPath), key: readFileSync(peer.tlsClient.keyPath) } : {
    cert: Buffer.from(peer.tlsClient.certificatePem, "utf8"),
    key: Buffer.from(peer.tlsClient.privateKeyPem, "utf8"),
  });
  const credentials = grpc.credentials.createSsl(rootCert, client?.key ?? null, client?.cert ?? null);
  const options: grpc.ClientOptions = peer.hostOverride ? { "grpc.ssl_target_name_override": peer.hostOverride } : {};
  return new grpc.Client(peer.endpoint, credentials, options);
}
