/**
 * The cross-ledger lock of an invoice fingerprint (core/spec/INTEROP.md §4): Fabric is its
 * default home; `reserveForEvm` hands it, exclusively and for a while, to one EVM registry;
 * `releaseFromEvm` takes it back once an EVM state proof shows the registry did not finance it
 * before the reservation ran out. These are the records, the events and the bounds both the
 * chaincode and its clients use; the EVM side is FabricReceivableRegistry.
 */

/** A fingerprint reserved for an EVM registry, as Fabric stores it (sorted-key JSON). */
export interface EvmReservation {
  fingerprint: string;
  /** Decimal uint256. */
  chainId: string;
  /** The FabricReceivableRegistry that may finance it: 0x and 40 lowercase hex digits. */
  registry: string;
  /** EVM time (seconds) after which the registry refuses to finance it; judged by EVM blocks only. */
  expiry: number;
  /** The party that reserved it: the receivable's seller, or anyone for a fingerprint Fabric has not seen. */
  reservedBy: string;
  /** The receivable holding the fingerprint on Fabric, "" if none does. */
  receivableId: string;
}

/**
 * The chaincode events of the lock. They are the `interop` contract's own, outside the four
 * primitives' parity table (core/spec/events.ts): the EVM side answers with its own events
 * (FabricReservationClaimed), since a lock is one ledger's half of a protocol.
 */
export const LOCK_EVENTS = {
  reserved: "ReservedForEvm",
  released: "ReleasedFromEvm",
  committeeSet: "EvmCommitteeSet",
} as const;

/** A reservation lasts at most a year: a lock nobody can release sooner is a lock on the seller. */
export const MAX_RESERVATION_SECONDS = 365 * 86_400;

/** The Fabric states a fingerprint may be reserved from: registered and never financed, not withdrawn. */
export const RESERVABLE_STATES = ["Issued", "Acknowledged"] as const;
