/** Identities: cryptogen for one orderer org and two peer orgs (NodeOUs, loopback SANs, 3 users). */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary } from "./binaries.js";
import { CONFIG_DIR, CRYPTO_DIR, ORDERER, PEER_ORGS, ordererNodeDir, userKey, userCert } from "./layout.js";
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
      - Hostname: ${ORDERER.name}
        SANS: ${sans}
PeerOrgs:
${peerOrgs}
`;
}

export function cryptoReady(): boolean {
  return existsSync(join(ordererNodeDir(), "tls", "server.crt")) &&
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
