import type { Context } from "fabric-contract-api";
import { canonicalJson } from "../../core/canonical-json.js";
import { LOCK_EVENTS, MAX_RESERVATION_SECONDS, RESERVABLE_STATES, type EvmReservation } from "../../core/interop/lock.js";
import { parseEvmCommittee } from "../../core/interop/evm-checkpoint.js";
import { checkRelease, parseReleaseEvidence } from "../../core/interop/release.js";
import { isHash, ZERO_HASH } from "../../core/spec/rules.js";
import type { Receivable } from "../../core/spec/types.js";
import { receivableKey } from "./state/keys.js";
import { callerParty, readJson, txTime } from "./state/ledger-context.js";
import { deleteReservation, readCommittee, readReservation, writeCommittee, writeReservation } from "./state/evm-locks.js";
import { readFingerprint } from "./state/receivables.js";
import { reject } from "./state/reject.js";
import { requireRole } from "./roles-contract.js";

/**
 * The transactions of the cross-ledger lock (INTEROP.md §4), behind the `interop` contract:
 * the committee an ADMIN names per EVM chain, the seller's reservation of a fingerprint for one
 * EVM registry, and its release by anyone holding an EVM state proof that the registry did not
 * finance it in time. The proof is the release's authority, as the peers' signatures are a
 * fact's on EVM.
 */

const UINT256_DECIMAL = /^(0|[1-9][0-9]{0,77})$/;
const ADDRESS = /^0x[0-9a-f]{40}$/;
const MAX_UINT64 = (1n << 64n) - 1n;

export function requireChainId(chainId: string): void {
  if (typeof chainId !== "string" || !UINT256_DECIMAL.test(chainId) || BigInt(chainId) >= 1n << 256n) {
    reject("InvalidArgument", "chainId must be a decimal uint256");
  }
}

export function requireAddress(name: string, address: string): void {
  if (typeof address !== "string" || !ADDRESS.test(address)) reject("InvalidArgument", `${name} must be 0x and 40 lowercase hex digits`);
}

export function isUint64(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && BigInt(value) <= MAX_UINT64;
}

function requireFingerprint(fingerprint: string): void {
  if (!isHash(fingerprint) || fingerprint === ZERO_HASH) reject("InvalidArgument", "fingerprint must be 0x and 64 lowercase hex digits, not the zero hash");
}

/** ADMIN names the committee whose checkpoints of `chainId` release reservations (committee trust, README). */
export async function setEvmCommittee(ctx: Context, chainId: string, committeeJson: string): Promise<void> {
  requireChainId(chainId);
  let committee;
  try {
    committee = parseEvmCommittee(committeeJson);
  } catch (error) {
    reject("InvalidArgument", `committee: ${(error as Error).message}`);
  }
  const caller = callerParty(ctx);
  await requireRole(ctx, "ADMIN", caller);

  await writeCommittee(ctx, chainId, committee);
  emitLock(ctx, LOCK_EVENTS.committeeSet, { chainId, members: committee.members.map(({ mspId }) => mspId), quorum: committee.quorum, setBy: caller });
}

/** The seller (or anyone, for a fingerprint Fabric has not seen) hands the fingerprint to one EVM registry until `expiry`. */
export async function reserveForEvm(ctx: Context, fingerprint: string, chainId: string, registry: string, expiry: number): Promise<void> {
  // 1. Arguments, then how they relate to now.
  requireFingerprint(fingerprint);
  requireChainId(chainId);
  requireAddress("registry", registry);
  if (!isUint64(expiry)) reject("InvalidArgument", "expiry must be a unix time in seconds");
  const now = txTime(ctx);
  if (expiry <= now || expiry > now + MAX_RESERVATION_SECONDS) {
    reject("InvalidArgument", `expiry must be after the transaction time ${now} and at most ${MAX_RESERVATION_SECONDS} seconds later`);
  }
  // 3. Existence: the receivable holding the fingerprint, if any. 4. Authority: its seller.
  const caller = callerParty(ctx);
  const receivableId = (await readFingerprint(ctx, fingerprint)) ?? "";
  if (receivableId !== "") {
    const receivable = (await readJson<Receivable>(ctx, receivableKey(ctx, receivableId)))!;
    if (receivable.seller !== caller) reject("Unauthorized", `${caller} is not the seller of receivable '${receivableId}'`);
    // 5. State: never financed, not withdrawn.
    if (!(RESERVABLE_STATES as readonly string[]).includes(receivable.state)) {
      reject("InvalidState", `receivable '${receivableId}' is ${receivable.state}: only ${RESERVABLE_STATES.join(" or ")} can be reserved`);
    }
  }
  const held = await readReservation(ctx, fingerprint);
  if (held) reject("InvalidState", `fingerprint ${fingerprint} is already reserved for EVM chain ${held.chainId} registry ${held.registry}`);
  if (!(await readCommittee(ctx, chainId))) reject("InvalidState", `no committee is set for EVM chain ${chainId}: the reservation could never be released`);

  const reservation: EvmReservation = { fingerprint, chainId, registry, expiry, reservedBy: caller, receivableId };
  await writeReservation(ctx, reservation);
  emitLock(ctx, LOCK_EVENTS.reserved, { ...reservation });
}

/** Anyone with the evidence returns the fingerprint to Fabric: the registry did not finance it before the reservation ran out. */
export async function releaseFromEvm(ctx: Context, fingerprint: string, evidenceJson: string): Promise<void> {
  requireFingerprint(fingerprint);
  let evidence;
  try {
    evidence = parseReleaseEvidence(evidenceJson);
  } catch (error) {
    reject("InvalidArgument", `evidence: ${(error as Error).message}`);
  }
  const reservation = await readReservation(ctx, fingerprint);
  if (!reservation) reject("NotFound", `fingerprint ${fingerprint} is not reserved`);
  const committee = (await readCommittee(ctx, reservation.chainId))!;
  const verdict = checkRelease(committee, reservation, evidence);
  if (!verdict.ok) reject(verdict.code, verdict.reason);

  await deleteReservation(ctx, fingerprint);
  emitLock(ctx, LOCK_EVENTS.released, {
    fingerprint,
    chainId: reservation.chainId,
    registry: reservation.registry,
    blockNumber: verdict.blockNumber.toString(),
    blockTimestamp: Number(verdict.blockTimestamp),
  });
}

/** The lock's events are the interop contract's own (core/interop/lock.ts), written as every event is: sorted-key JSON. */
function emitLock(ctx: Context, name: string, payload: Record<string, unknown>): void {
  ctx.stub.setEvent(name, Buffer.from(canonicalJson(payload), "utf8"));
}
