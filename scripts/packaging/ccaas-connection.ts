/**
 * connection.json of a chaincode-as-a-service package: where the peer dials the chaincode
 * server and, with TLS, the PEM texts the ccaas builder reads — `root_cert` (the CA that
 * issued the server's certificate) and, when the server checks clients,
 * `client_cert`/`client_key` (the peer's client certificate). The keys travel inside the
 * package, so whoever installs it holds them: give each consortium member its own.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";

export interface CcaasTls {
  rootCertPem: string;
  /** Both or neither: the server then requires and verifies a client certificate. */
  clientCertPem?: string;
  clientKeyPem?: string;
}

export interface CcaasConnection {
  address: string;
  dial_timeout: string;
  tls_required: boolean;
  client_auth_required?: boolean;
  root_cert?: string;
  client_cert?: string;
  client_key?: string;
}

export function ccaasConnection(address: string, tls?: CcaasTls): CcaasConnection {
  if (!/^[^\s:/]+:\d{1,5}$/.test(address)) throw new Error(`the ccaas address must be host:port, got ${address}`);
  if (!tls) return { address, dial_timeout: "10s", tls_required: false };
  pemCertificate(tls.rootCertPem, "the TLS root certificate");
  if ((tls.clientCertPem === undefined) !== (tls.clientKeyPem === undefined)) throw new Error("a TLS client certificate needs its key, and a key its certificate");
  if (tls.clientCertPem === undefined) return { address, dial_timeout: "10s", tls_required: true, client_auth_required: false, root_cert: tls.rootCertPem };
  const certificate = pemCertificate(tls.clientCertPem, "the TLS client certificate");
  let key;
  try {
    key = createPrivateKey(tls.clientKeyPem!);
  } catch {
    throw new Error("the TLS client key is not a PEM private key");
  }
  if (!certificate.checkPrivateKey(key)) throw new Error("the TLS client key does not belong to the TLS client certificate");
  return {
    address,
    dial_timeout: "10s",
    tls_required: true,
    client_auth_required: true,
    root_cert: tls.rootCertPem,
    client_cert: tls.clientCertPem,
    client_key: tls.clientKeyPem!,
  };
}

function pemCertificate(pem: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new Error(`${what} is not a PEM certificate`);
  }
}
