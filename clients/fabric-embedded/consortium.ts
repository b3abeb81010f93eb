/**
 * The embedded consortium: two organisations with their own test CAs, and one X.509
 * identity per named actor (the first ADMIN is Org1's MSP admin, OU=admin).
 */
import type { ActorName } from "../ledger.js";
import { TestCA, type ChannelOrganization, type Identity } from "./sim/index.js";

export interface TestConsortium {
  org1: TestCA;
  org2: TestCA;
  identities: Record<ActorName, Identity>;
  organizations: ChannelOrganization[];
}

export function createTestConsortium(): TestConsortium {
  const org1 = new TestCA("Org1MSP", "org1.example.com");
  const org2 = new TestCA("Org2MSP", "org2.example.com");
  return {
    org1,
    org2,
    identities: {
      admin: org1.issue("Admin", "admin"),
      alice: org1.issue("Alice"),
      bob: org2.issue("Bob"),
      carol: org1.issue("Carol"),
      accreditor: org2.issue("Accreditor"),
      financier: org2.issue("Financier"),
    },
    organizations: [org1, org2].map((ca) => ({ mspId: ca.mspId, caCertificatePem: ca.caCertificatePem })),
  };
}
