import type { Context } from "fabric-contract-api";
import type { EvmReservation } from "../../../core/interop/lock.js";
import type { EvmCommittee } from "../../../core/interop/evm-checkpoint.js";
import { evmCommitteeKey, evmReservationKey } from "./keys.js";
import { readJson, writeJson } from "./ledger-context.js";
import { reject } from "./reject.js";

/**
 * The cross-ledger lock in world state (INTEROP.md §4): `interop~reservation/<fingerprint>`
 * holds the one live reservation of a fingerprint, deleted on release; `interop~committee/<chainId>`
 * holds the committee whose checkpoints of that EVM chain Fabric believes. Point reads only,
 * so two reservations of one fingerprint conflict under MVCC and one of them fails.
 */

export function readReservation(ctx: Context, fingerprint: string): Promise<EvmReservation | undefined> {
  return readJson<EvmReservation>(ctx, evmReservationKey(ctx, fingerprint));
}

export async function writeReservation(ctx: Context, reservation: EvmReservation): Promise<void> {
  await writeJson(ctx, evmReservationKey(ctx, reservation.fingerprint), reservation);
}

export async function deleteReservation(ctx: Context, fingerprint: string): Promise<void> {
  await ctx.stub.deleteState(evmReservationKey(ctx, fingerprint));
}

/** Financing on Fabric stops while an EVM registry holds the fingerprint (InvalidState, as an unfinanceable state). */
export async function requireNotReserved(ctx: Context, id: string, fingerprint: string): Promise<void> {
  const reservation = await readReservation(ctx, fingerprint);
  if (reservation) {
    reject("InvalidState", `receivable '${id}' is reserved for EVM chain ${reservation.chainId} registry ${reservation.registry} until released`);
  }
}

export function readCommittee(ctx: Context, chainId: string): Promise<EvmCommittee | undefined> {
  return readJson<EvmCommittee>(ctx, evmCommitteeKey(ctx, chainId));
}

export async function writeCommittee(ctx: Context, chainId: string, committee: EvmCommittee): Promise<void> {
  await writeJson(ctx, evmCommitteeKey(ctx, chainId), committee);
}
