/**
 * Identities: cryptogen for one orderer org (1 or 3 orderer nodes) and two peer orgs (NodeOUs, loopback SANs, 3 users),
 * and the TLS material of the chaincode server (ccaas, mutual TLS).
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary } from "./binaries.js";
import { CHAINCODE_SERVER_DOMAIN, CHAINCODE_SERVER_HOSTNAME, HOST } from "./constants.js";
import { CONFIG_DIR, CRYPTO_DIR, ORDERER, PEER_ORGS, ordererNodeDir, orderers, userKey, userCert } from "./layout.js";
import { run } from "./run.js";

const SANS = ["127.0.0.1", "localhost"];

function cryptoConfigYaml(): string {
  const sans = `[${SANS.map((s) => `"${s}"`).join(", ")}]`;
  const peerOrgs = PEER_ORGS.map(
    (org) => `  - Name: ${org.mspId.replace(/MSP$/, "")}
    Domain: ${org.domain}
    EnableNodeOUs: true
    Template:
      Count: 1
      SANS: ${sans}
    Users:
      Count: 3`,
  ).join("\n");
  return `# Written by network/fabric/crypto.ts
OrdererOrgs:
  - Name: Orderer
    Domain: ${ORDERER.domain}
    EnableNodeOUs: true
    Specs:
${orderers().map((node) => `      - Hostname: ${node.name}\n        SANS: ${sans}`).join("\n")}
PeerOrgs:
${peerOrgs}
`;
}

export function cryptoReady(): boolean {
  return orderers().every((node) => existsSync(join(ordererNodeDir(node), "tls", "server.crt"))) &&
    PEER_ORGS.every((org) => existsSync(userCert(org, "User3")) && existsSync(userKey(org, "Admin")));
}

/** Generates the crypto material once; later runs keep it (ledgers depend on it). */
export async function ensureCrypto(): Promise<void> {
  if (cryptoReady()) return;
  mkdirSync(CONFIG_DIR, { recursive: true });
  const configPath = join(CONFIG_DIR, "crypto-config.yaml");
  writeFileSync(configPath, cryptoConfigYaml());
  await run(binary("cryptogen"), ["generate", `--config=${configPath}`, `--output=${CRYPTO_DIR}`]);
}

/**
 * The chaincode server's TLS material (ccaas with mutual TLS), flat in one folder:
 * - ca.crt: the TLS CA. The peers verify the server against it (connection.json `root_cert`),
 *   and the server accepts only client certificates it issued (`--chaincode-tls-client-cacert-file`).
 * - server.crt / server.key: the server's certificate (CN CHAINCODE_SERVER_HOSTNAME; SANs that
 *   name, localhost and 127.0.0.1) and key (`--chaincode-tls-cert-file` / `-key-file`).
 * - client.crt / client.key: what the peers present (connection.json `client_cert` / `client_key`).
 * cryptogen issues them (its full output under cryptogen/, with the CA's key in tlsca/).
 */
export const CHAINCODE_TLS_DIR = join(CRYPTO_DIR, "chaincode-tls");

export interface ChaincodeTlsFiles {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

export function chaincodeTlsFiles(dir: string = CHAINCODE_TLS_DIR): ChaincodeTlsFiles {
  return {
    caCert: join(dir, "ca.crt"),
    serverCert: join(dir, "server.crt"),
    serverKey: join(dir, "server.key"),
    clientCert: join(dir, "client.crt"),
    clientKey: join(dir, "client.key"),
  };
}

export function chaincodeTlsReady(): boolean {
  return Object.values(chaincodeTlsFiles()).every((file) => existsSync(file));
}

function chaincodeTlsConfigYaml(): string {
  const [host, ...domain] = CHAINCODE_SERVER_HOSTNAME.split(".");
  if (domain.join(".") !== CHAINCODE_SERVER_DOMAIN) throw new Error(`${CHAINCODE_SERVER_HOSTNAME} is not a host of ${CHAINCODE_SERVER_DOMAIN}`);
  return `# Written by network/fabric/crypto.ts: the chaincode server's TLS material
PeerOrgs:
  - Name: TwinledgerChaincode
    Domain: ${CHAINCODE_SERVER_DOMAIN}
    EnableNodeOUs: false
    Specs:
      - Hostname: ${host}
        SANS: ["${HOST}", "localhost"]
    Users:
      Count: 0
`;
}

/**
 * Generates the chaincode server's TLS material once per network; later calls keep it, so
 * the ccaas package (which carries the client key and certificates) keeps its package id.
 * `npm run network:clean` deletes it with the rest; written to a staging folder and moved
 * into place whole, so an interrupted run leaves nothing half-made.
 */
export async function ensureChaincodeTls(): Promise<ChaincodeTlsFiles> {
  const files = chaincodeTlsFiles();
  if (chaincodeTlsReady()) return files;
  mkdirSync(CONFIG_DIR, { recursive: true });
  const configPath = join(CONFIG_DIR, "chaincode-tls-config.yaml");
  writeFileSync(configPath, chaincodeTlsConfigYaml());
  const stage = `${CHAINCODE_TLS_DIR}.partial`;
  rmSync(stage, { recursive: true, force: true });
  await run(binary("cryptogen"), ["generate", `--config=${configPath}`, `--output=${join(stage, "cryptogen")}`]);
  const org = join(stage, "cryptogen", "peerOrganizations", CHAINCODE_SERVER_DOMAIN);
  const server = join(org, "peers", CHAINCODE_SERVER_HOSTNAME, "tls");
  const client = join(org, "users", `Admin@${CHAINCODE_SERVER_DOMAIN}`, "tls");
  const staged = chaincodeTlsFiles(stage);
  copyFileSync(join(server, "ca.crt"), staged.caCert);
  copyFileSync(join(server, "server.crt"), staged.serverCert);
  copyFileSync(join(server, "server.key"), staged.serverKey);
  copyFileSync(join(client, "client.crt"), staged.clientCert);
  copyFileSync(join(client, "client.key"), staged.clientKey);
  rmSync(CHAINCODE_TLS_DIR, { recursive: true, force: true });
  mkdirSync(CRYPTO_DIR, { recursive: true });
  renameSync(stage, CHAINCODE_TLS_DIR);
  return files;
}
