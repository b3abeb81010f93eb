/**
 * What differs between platforms in a model test, and only this: what a party id looks
 * like, and which strings stand for the edge parties (the other platform's id, an
 * unknown party, garbage).
 */
import { getAddress, isAddress } from "ethers";
import type { ActorLedgers } from "../../clients/ledger.js";
import { isFabricParty } from "../../chaincode/src/state/parties.js";
import type { PARTY_EDGES } from "./steps.js";

export interface PartyRules {
  isParty(value: unknown): boolean;
  edges: Record<(typeof PARTY_EDGES)[number], string>;
}

const FABRIC_STRANGER = "Org9MSP::x509::/C=US/CN=stranger::/C=US/CN=ca.org9.example.com";
const EVM_STRANGER = getAddress("0x000000000000000000000000000000000000dead");

export function partyRulesOf(actors: ActorLedgers): PartyRules {
  const evm = isAddress(actors.admin.party);
  return evm
    ? {
        isParty: (value) => typeof value === "string" && isAddress(value) && getAddress(value) === value,
        edges: { otherPlatform: FABRIC_STRANGER, stranger: EVM_STRANGER, malformed: "not-a-party", empty: "" },
      }
    : {
        isParty: isFabricParty,
        edges: { otherPlatform: EVM_STRANGER, stranger: FABRIC_STRANGER, malformed: "not-a-party", empty: "" },
      };
}
