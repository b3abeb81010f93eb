/**
 * Channel configuration: configtx.yaml written here, the `twinledger` genesis block made by
 * configtxgen. No system channel; etcdraft with every orderer a consenter (1 or 3); anchor peers in the config;
 * lifecycle and default endorsement MAJORITY; short batch timeout for quick tests.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary } from "./binaries.js";
import { CHANNEL, HOST, PORTS } from "./constants.js";
import { CONFIG_DIR, GENESIS_BLOCK, ORDERER, PEER_ORGS, ordererNodeDir, ordererOrgDir, orderers, peerOrgDir } from "./layout.js";
import { run } from "./run.js";
import { TEST_BATCHING } from "./batch-settings.js";

const sig = (rule: string) => `{ Type: Signature, Rule: "${rule}" }`;
const meta = (rule: string) => `{ Type: ImplicitMeta, Rule: "${rule}" }`;

function configtxYaml(): string {
  const peerOrgs = PEER_ORGS.map((org) => {
    const m = org.mspId;
    const port = org.name === "org1" ? PORTS.org1Peer : PORTS.org2Peer;
    return `  - &${org.name}
    Name: ${m}
    ID: ${m}
    MSPDir: ${join(peerOrgDir(org), "msp")}
    Policies:
      Readers: ${sig(`OR('${m}.admin', '${m}.peer', '${m}.client')`)}
      Writers: ${sig(`OR('${m}.admin', '${m}.client')`)}
      Admins: ${sig(`OR('${m}.admin')`)}
      Endorsement: ${sig(`OR('${m}.peer')`)}
    AnchorPeers:
      - Host: ${HOST}
        Port: ${port}`;
  }).join("\n");
  // Each consenter is dialled on its own listener (cluster traffic shares it), with its TLS certificate.
  const consenters = orderers().map((node) => {
    const tlsCert = join(ordererNodeDir(node), "tls", "server.crt");
    return `          - Host: ${HOST}
            Port: ${node.endpoint.split(":")[1]}
            ClientTLSCert: ${tlsCert}
            ServerTLSCert: ${tlsCert}`;
  }).join("\n");
  return `# Written by network/fabric/configtx.ts
Organizations:
  - &orderer
    Name: ${ORDERER.mspId}
    ID: ${ORDERER.mspId}
    MSPDir: ${join(ordererOrgDir(), "msp")}
    Policies:
      Readers: ${sig(`OR('${ORDERER.mspId}.member')`)}
      Writers: ${sig(`OR('${ORDERER.mspId}.member')`)}
      Admins: ${sig(`OR('${ORDERER.mspId}.admin')`)}
    OrdererEndpoints:
${orderers().map((node) => `      - ${node.endpoint}`).join("\n")}
${peerOrgs}

Profiles:
  TwinledgerChannel:
    Capabilities: { V2_0: true }
    Policies:
      Readers: ${meta("ANY Readers")}
      Writers: ${meta("ANY Writers")}
      Admins: ${meta("MAJORITY Admins")}
    Orderer:
      OrdererType: etcdraft
      BatchTimeout: ${TEST_BATCHING.timeout}
      BatchSize: { MaxMessageCount: ${TEST_BATCHING.maxMessageCount}, AbsoluteMaxBytes: ${TEST_BATCHING.absoluteMaxBytes / 1024} KB, PreferredMaxBytes: ${TEST_BATCHING.preferredMaxBytes / 1024} KB }
      EtcdRaft:
        Consenters:
${consenters}
      Organizations: [ *orderer ]
      Capabilities: { V2_0: true }
      Policies:
        Readers: ${meta("ANY Readers")}
        Writers: ${meta("ANY Writers")}
        Admins: ${meta("MAJORITY Admins")}
        BlockValidation: ${meta("ANY Writers")}
    Application:
      Organizations: [ ${PEER_ORGS.map((o) => `*${o.name}`).join(", ")} ]
      Capabilities: { V2_5: true }
      Policies:
        Readers: ${meta("ANY Readers")}
        Writers: ${meta("ANY Writers")}
        Admins: ${meta("MAJORITY Admins")}
        LifecycleEndorsement: ${meta("MAJORITY Endorsement")}
        Endorsement: ${meta("MAJORITY Endorsement")}
`;
}

export async function ensureGenesisBlock(): Promise<void> {
  if (existsSync(GENESIS_BLOCK)) return;
  mkdirSync(CONFIG_DIR, { recursive: true });
  writeFileSync(join(CONFIG_DIR, "configtx.yaml"), configtxYaml());
  await run(binary("configtxgen"), [
    "-configPath", CONFIG_DIR, "-profile", "TwinledgerChannel", "-channelID", CHANNEL, "-outputBlock", GENESIS_BLOCK,
  ]);
}
