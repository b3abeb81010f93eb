/**
 * What an EVM FabricMembership needs to know of the local network (core/spec/INTEROP.md §3):
 * each organisation's MSP id and CA certificate, and its peer's signing identity — read from
 * the cryptogen material, as a consortium would read its members' MSP folders. The peer's
 * key is there for tests only (re-signing crafted payloads); a real deployment never has it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PEER_ORGS, peerNodeDir, peerOrgDir } from "./layout.js";

export interface OrganizationMaterial {
  mspId: string;
  /** The organisation's CA certificate (its MSP's cacerts). */
  caCertificatePem: string;
  /** The peer's signing identity, as it serializes into endorsements. */
  peer: { mspId: string; certificatePem: string };
  peerPrivateKeyPem: string;
}

export function organizationMaterial(): OrganizationMaterial[] {
  return PEER_ORGS.map((org) => {
    const msp = join(peerNodeDir(org), "msp");
    return {
      mspId: org.mspId,
      caCertificatePem: readFileSync(join(peerOrgDir(org), "ca", `ca.${org.domain}-cert.pem`), "utf8"),
      peer: { mspId: org.mspId, certificatePem: readFileSync(join(msp, "signcerts", `${org.peerHost}-cert.pem`), "utf8") },
      peerPrivateKeyPem: readFileSync(join(msp, "keystore", "priv_sk"), "utf8"),
    };
  });
}
