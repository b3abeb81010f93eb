/** The `peer` and `osnadmin` CLIs, acting as an organisation's Admin over TLS. */
import { join } from "node:path";
import { binary } from "./binaries.js";
import { ORDERER, type OrdererNode, type PeerOrg, ordererAdminDir, ordererTlsCa, peerTlsCa, userMspDir } from "./layout.js";
import { run } from "./run.js";

export function ordererArgs(): string[] {
  return ["-o", ORDERER.endpoint, "--ordererTLSHostnameOverride", ORDERER.host, "--tls", "--cafile", ordererTlsCa()];
}

/** The `peer` CLI signing as the Admin whose MSP folder is `mspDir`; `extra` names a peer to talk to. */
function peerCli(cfg: string, mspId: string, mspDir: string, extra: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FABRIC_CFG_PATH: cfg,
    FABRIC_LOGGING_SPEC: "WARNING",
    CORE_PEER_LOCALMSPID: mspId,
    CORE_PEER_MSPCONFIGPATH: mspDir,
    ...extra,
  };
  return (...args: string[]) => run(binary("peer"), args, { env });
}

export function peerAdmin(cfg: string, org: PeerOrg) {
  return peerCli(cfg, org.mspId, userMspDir(org, "Admin"), {
    CORE_PEER_ADDRESS: org.endpoint,
    CORE_PEER_TLS_ENABLED: "true",
    CORE_PEER_TLS_ROOTCERT_FILE: peerTlsCa(org),
  });
}

/** The `peer` CLI as the orderer organisation's Admin: it signs what the orderer group's Admins policy guards. */
export function ordererAdmin(cfg: string) {
  return peerCli(cfg, ORDERER.mspId, join(ordererAdminDir(), "msp"));
}

/** osnadmin against one orderer's admin endpoint. */
export function osnadmin(orderer: OrdererNode, ...args: string[]): Promise<string> {
  const tls = join(ordererAdminDir(), "tls");
  return run(binary("osnadmin"), [
    ...args, "-o", orderer.adminEndpoint, "--ca-file", ordererTlsCa(),
    "--client-cert", join(tls, "client.crt"), "--client-key", join(tls, "client.key"),
  ]);
}
