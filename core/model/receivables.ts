/**
 * §4 Receivables financing, exactly as core/spec/RECEIVABLES.md: one invoice, one
 * registration (a global fingerprint index that never forgets), one financing. Every
 * operation checks in the order of §0: arguments, role gates, existence, record authority,
 * state, and last the time guard. Amounts are decimal strings at the interface and bigint
 * inside; the only arithmetic is `outstanding − amount`, after `amount ≤ outstanding`.
 */
import type { ReceivableState } from "../spec/lifecycles.js";
import {
  isAmount,
  isCurrency,
  isDuration,
  isHash,
  isId,
  isIdList,
  isOptionalLabel,
  isPageSize,
  isPositiveAmount,
  isTimestamp,
  MAX_GRACE_PERIOD,
  ZERO_HASH,
} from "../spec/rules.js";
import type { Page, Receivable } from "../spec/types.js";
import { byUtf8, loadAsset } from "./assets.js";
import { getCertificate, verifyCertificate } from "./certification.js";
import { type ModelContext, requireParty } from "./context.js";
import { fail, type ModelEvent } from "./outcome.js";
import { hasRole, requireRole } from "./roles.js";
import { type ModelReceivable, record } from "./state.js";

/** The public record, amounts as decimal strings, fields in the order of types.ts. */
function publicReceivable(r: ModelReceivable): Receivable {
  return {
    id: r.id,
    seller: r.seller,
    debtor: r.debtor,
    amount: r.amount.toString(),
    currency: r.currency,
    dueDate: r.dueDate,
    fingerprint: r.fingerprint,
    beneficiary: r.beneficiary,
    financier: r.financier,
    advanceAmount: r.advanceAmount.toString(),
    outstanding: r.outstanding.toString(),
    state: r.state,
    assetIds: [...r.assetIds],
    gracePeriod: r.gracePeriod,
    requiredStandard: r.requiredStandard,
    issuedAt: r.issuedAt,
    updatedAt: r.updatedAt,
  };
}

/** A malformed id cannot exist, so looking one up is NotFound like any absent id. */
function loadReceivable(ctx: ModelContext, id: unknown): ModelReceivable {
  const receivable = isId(id) ? ctx.state.receivables.get(id) : undefined;
  if (!receivable) fail("NotFound", `receivable ${String(id)} does not exist`);
  return receivable;
}

/** Every change but setGracePeriod: the record, one history entry, `updatedAt = now`. */
function write(ctx: ModelContext, receivable: ModelReceivable): void {
  const written = { ...receivable, updatedAt: ctx.now };
  ctx.state.receivables.set(written.id, written);
  record(ctx.state.receivableHistory, written.id, publicReceivable(written));
}

// ---- the steps of §0 after the arguments ------------------------------------------------

/** Step 4: the caller is the party the record names for this operation. */
function requireActor(ctx: ModelContext, receivable: ModelReceivable, actor: "seller" | "debtor" | "financier" | "beneficiary"): void {
  if (receivable[actor] !== ctx.caller) fail("Unauthorized", `${ctx.caller} is not the ${actor} of ${receivable.id}`);
}

/** Step 5: the receivable is in one of the states the operation moves from (RECEIVABLE_MOVES). */
function requireState(receivable: ModelReceivable, from: readonly ReceivableState[]): void {
  if (!from.includes(receivable.state)) fail("InvalidState", `${receivable.id} is ${receivable.state}`);
}

/** Step 6, the time guard: no change earlier than the record's last one. */
function requireNotBefore(ctx: ModelContext, receivable: ModelReceivable): void {
  if (ctx.now < receivable.updatedAt) fail("InvalidState", `earlier than ${receivable.id}'s last change`);
}

/** Acknowledged and not yet due: the only receivable that can be financed (§6). */
function requireFinanceable(ctx: ModelContext, receivable: ModelReceivable): void {
  requireState(receivable, ["Acknowledged"]);
  if (ctx.now >= receivable.dueDate) fail("InvalidState", `${receivable.id} is due`);
}

/** Dispute and cancellation drop a pending request (§3, §6). */
const noRequest = { financier: "", advanceAmount: 0n } as const;

// ---- submits ------------------------------------------------------------------------------

export function issueReceivable(
  ctx: ModelContext,
  ...[id, debtor, amount, currency, dueDate, fingerprint, assetIds, requiredStandard]: unknown[]
): ModelEvent {
  // 1. The fixed-width arguments, then the others in parameter order, then the value rules.
  requireParty(ctx, "debtor", debtor);
  if (!isAmount(amount)) fail("InvalidArgument", "amount");
  if (!isTimestamp(dueDate)) fail("InvalidArgument", "dueDate");
  if (!isHash(fingerprint) || fingerprint === ZERO_HASH) fail("InvalidArgument", "fingerprint");
  if (!isId(id)) fail("InvalidArgument", "id");
  if (!isCurrency(currency)) fail("InvalidArgument", "currency");
  if (!isIdList(assetIds)) fail("InvalidArgument", "assetIds");
  if (!isOptionalLabel(requiredStandard)) fail("InvalidArgument", "requiredStandard");
  if (amount === "0") fail("InvalidArgument", "amount must be > 0");
  if (dueDate <= ctx.now) fail("InvalidArgument", "dueDate must be after now");
  if (debtor === ctx.caller) fail("InvalidArgument", "the seller cannot be its own debtor");
  if (requiredStandard !== "" && assetIds.length === 0) fail("InvalidArgument", "a financing policy needs at least one linked asset");
  // 3. Existence.
  if (ctx.state.receivables.has(id)) fail("AlreadyExists", id);
  if (ctx.state.fingerprints.has(fingerprint)) fail("FingerprintTaken", fingerprint);
  for (const assetId of assetIds) loadAsset(ctx, assetId);
  const receivable: ModelReceivable = {
    id,
    seller: ctx.caller,
    debtor,
    amount: BigInt(amount),
    currency,
    dueDate,
    fingerprint,
    beneficiary: ctx.caller,
    financier: "",
    advanceAmount: 0n,
    outstanding: BigInt(amount),
    state: "Issued",
    assetIds: [...assetIds],
    gracePeriod: ctx.state.gracePeriod,
    requiredStandard,
    issuedAt: ctx.now,
    updatedAt: ctx.now,
  };
  ctx.state.fingerprints.set(fingerprint, id);
  write(ctx, receivable);
  return {
    name: "ReceivableIssued",
    payload: {
      receivableId: id,
      seller: ctx.caller,
      debtor,
      amount,
      currency,
      dueDate,
      fingerprint,
      assetIds: [...assetIds],
      requiredStandard,
      gracePeriod: receivable.gracePeriod,
    },
  };
}

export function acknowledgeReceivable(ctx: ModelContext, id: unknown): ModelEvent {
  const receivable = loadReceivable(ctx, id);
  requireActor(ctx, receivable, "debtor");
  requireState(receivable, ["Issued", "Disputed"]);
  requireNotBefore(ctx, receivable);
  write(ctx, { ...receivable, state: "Acknowledged" });
  return { name: "ReceivableAcknowledged", payload: { receivableId: receivable.id, debtor: receivable.debtor } };
}

export function disputeReceivable(ctx: ModelContext, id: unknown, reasonHash: unknown): ModelEvent {
  if (!isHash(reasonHash)) fail("InvalidArgument", "reasonHash");
  const receivable = loadReceivable(ctx, id);
  requireActor(ctx, receivable, "debtor");
  requireState(receivable, ["Issued", "Acknowledged"]);
  requireNotBefore(ctx, receivable);
  write(ctx, { ...receivable, ...noRequest, state: "Disputed" });
  return { name: "ReceivableDisputed", payload: { receivableId: receivable.id, debtor: receivable.debtor, reasonHash } };
}

export function financeReceivable(ctx: ModelContext, id: unknown, financier: unknown, advanceAmount: unknown): ModelEvent {
  requireParty(ctx, "financier", financier);
  if (!isPositiveAmount(advanceAmount)) fail("InvalidArgument", "advanceAmount must be an amount > 0");
  const receivable = loadReceivable(ctx, id);
  requireActor(ctx, receivable, "seller");
  requireFinanceable(ctx, receivable);
  if (financier === receivable.seller) fail("InvalidArgument", "the seller cannot finance its own receivable");
  if (!hasRole(ctx, "FINANCIER", financier)) fail("InvalidArgument", `${financier} is not a FINANCIER`);
  const advance = BigInt(advanceAmount);
  if (advance > receivable.amount) fail("AmountExceedsOutstanding", receivable.amount.toString());
  requireNotBefore(ctx, receivable);
  write(ctx, { ...receivable, financier, advanceAmount: advance });
  return { name: "FinancingRequested", payload: { receivableId: receivable.id, financier, advanceAmount } };
}

/** §8: one certificate per linked asset, in `assetIds` order, of the required standard, each Valid at `now`. */
function requirePolicy(ctx: ModelContext, receivable: ModelReceivable, certificateIds: string[]): void {
  const expected = receivable.requiredStandard === "" ? 0 : receivable.assetIds.length;
  if (certificateIds.length !== expected) fail("InvalidArgument", `certificateIds must name ${expected} certificates`);
  const certificates = certificateIds.map((certificateId) => getCertificate(ctx, certificateId));
  certificates.forEach((certificate, i) => {
    if (certificate.assetId !== receivable.assetIds[i]) fail("InvalidArgument", `${certificate.id} is not about ${receivable.assetIds[i]}`);
    if (certificate.standard !== receivable.requiredStandard) fail("InvalidArgument", `${certificate.id} is not of ${receivable.requiredStandard}`);
  });
  for (const certificate of certificates) {
    const verdict = verifyCertificate(ctx, certificate.id, ctx.now);
    if (verdict !== "Valid") fail("InvalidState", `${certificate.id} is ${verdict}`);
  }
}

export function acceptFinancing(ctx: ModelContext, id: unknown, advanceAmount: unknown, certificateIds: unknown): ModelEvent {
  // 1. Arguments: the advance may be any amount here (it is compared with the record's).
  if (!isAmount(advanceAmount)) fail("InvalidArgument", "advanceAmount");
  if (!isIdList(certificateIds)) fail("InvalidArgument", "certificateIds");
  // 2. The role gate.
  requireRole(ctx, "FINANCIER");
  // 3. Existence: the receivable, then each certificate in list order.
  const receivable = loadReceivable(ctx, id);
  for (const certificateId of certificateIds) getCertificate(ctx, certificateId);
  // 4. Authority: the FINANCIER the request names.
  requireActor(ctx, receivable, "financier");
  // 5. State, the confirmed terms, the policy.
  requireFinanceable(ctx, receivable);
  if (BigInt(advanceAmount) !== receivable.advanceAmount) fail("InvalidArgument", `advanceAmount must be the requested ${receivable.advanceAmount}`);
  requirePolicy(ctx, receivable, certificateIds);
  // 6. The time guard.
  requireNotBefore(ctx, receivable);
  write(ctx, { ...receivable, state: "Financed", beneficiary: ctx.caller });
  return {
    name: "ReceivableFinanced",
    payload: { receivableId: receivable.id, financier: ctx.caller, advanceAmount: receivable.advanceAmount.toString(), certificateIds: [...certificateIds] },
  };
}

export function recordRepayment(ctx: ModelContext, id: unknown, amount: unknown, paymentRef: unknown): ModelEvent {
  if (!isPositiveAmount(amount)) fail("InvalidArgument", "amount must be an amount > 0");
  if (!isHash(paymentRef)) fail("InvalidArgument", "paymentRef");
  const receivable = loadReceivable(ctx, id);
  requireActor(ctx, receivable, "beneficiary");
  requireState(receivable, ["Financed", "PartiallyRepaid"]);
  const repaid = BigInt(amount);
  if (repaid > receivable.outstanding) fail("AmountExceedsOutstanding", receivable.outstanding.toString());
  requireNotBefore(ctx, receivable);
  const outstanding = receivable.outstanding - repaid;
  write(ctx, { ...receivable, outstanding, state: outstanding === 0n ? "Settled" : "PartiallyRepaid" });
  if (outstanding === 0n) return { name: "ReceivableSettled", payload: { receivableId: receivable.id, amount, paymentRef } };
  return { name: "RepaymentRecorded", payload: { receivableId: receivable.id, amount, outstanding: outstanding.toString(), paymentRef } };
}

export function markDefaulted(ctx: ModelContext, id: unknown): ModelEvent {
  const receivable = loadReceivable(ctx, id);
  requireActor(ctx, receivable, "beneficiary");
  requireState(receivable, ["Financed", "PartiallyRepaid"]);
  // A subtraction, never dueDate + gracePeriod (§0).
  if (ctx.now < receivable.dueDate || ctx.now - receivable.dueDate < receivable.gracePeriod) {
    fail("InvalidState", `${receivable.id} cannot be marked defaulted before its due date plus its grace period`);
  }
  requireNotBefore(ctx, receivable);
  write(ctx, { ...receivable, state: "Defaulted" });
  return { name: "ReceivableDefaulted", payload: { receivableId: receivable.id, outstanding: receivable.outstanding.toString() } };
}

export function cancelReceivable(ctx: ModelContext, id: unknown): ModelEvent {
  const receivable = loadReceivable(ctx, id);
  requireActor(ctx, receivable, "seller");
  requireState(receivable, ["Issued", "Acknowledged", "Disputed"]);
  requireNotBefore(ctx, receivable);
  // The fingerprint stays registered (§9).
  write(ctx, { ...receivable, ...noRequest, state: "Cancelled" });
  return { name: "ReceivableCancelled", payload: { receivableId: receivable.id, seller: receivable.seller } };
}

/** §7: for future issues only; setting the current value still writes it and emits. */
export function setGracePeriod(ctx: ModelContext, gracePeriod: unknown): ModelEvent {
  if (!isDuration(gracePeriod) || gracePeriod > MAX_GRACE_PERIOD) fail("InvalidArgument", `gracePeriod must be 0 … ${MAX_GRACE_PERIOD} seconds`);
  requireRole(ctx, "ADMIN");
  const from = ctx.state.gracePeriod;
  ctx.state.gracePeriod = gracePeriod;
  return { name: "GracePeriodChanged", payload: { from, to: gracePeriod, changedBy: ctx.caller } };
}

// ---- queries ------------------------------------------------------------------------------

/** DEFAULT_GRACE_PERIOD (the initial state) until ADMIN sets one. */
export function getGracePeriod(ctx: ModelContext): number {
  return ctx.state.gracePeriod;
}

export function getReceivable(ctx: ModelContext, id: unknown): Receivable {
  return publicReceivable(loadReceivable(ctx, id));
}

/** The financier's pre-purchase check (§9). A malformed hash is InvalidArgument; a well-formed one never registered (ZERO_HASH included) is NotFound. */
export function getReceivableByFingerprint(ctx: ModelContext, fingerprint: unknown): Receivable {
  if (!isHash(fingerprint)) fail("InvalidArgument", "fingerprint");
  const id = ctx.state.fingerprints.get(fingerprint);
  if (id === undefined) fail("NotFound", `no receivable has fingerprint ${fingerprint}`);
  return getReceivable(ctx, id);
}

/** A page in ascending UTF-8 byte order of the id, every state; paging as listAssetsByOwner. */
function listBy(ctx: ModelContext, field: "seller" | "debtor" | "beneficiary", party: unknown, pageSize: unknown, bookmark: unknown): Page<Receivable> {
  requireParty(ctx, field, party);
  if (!isPageSize(pageSize)) fail("InvalidArgument", "pageSize");
  if (bookmark !== "" && !isId(bookmark)) fail("InvalidArgument", "bookmark");
  const listed = [...ctx.state.receivables.values()].filter((r) => r[field] === party).sort((a, b) => byUtf8(a.id, b.id));
  const rest = listed.filter((r) => bookmark === "" || byUtf8(r.id, bookmark as string) >= 0);
  return { items: rest.slice(0, pageSize).map(publicReceivable), bookmark: rest[pageSize]?.id ?? "" };
}

export const listReceivablesBySeller = (ctx: ModelContext, seller: unknown, pageSize: unknown, bookmark: unknown) =>
  listBy(ctx, "seller", seller, pageSize, bookmark);
export const listReceivablesByDebtor = (ctx: ModelContext, debtor: unknown, pageSize: unknown, bookmark: unknown) =>
  listBy(ctx, "debtor", debtor, pageSize, bookmark);
export const listReceivablesByBeneficiary = (ctx: ModelContext, beneficiary: unknown, pageSize: unknown, bookmark: unknown) =>
  listBy(ctx, "beneficiary", beneficiary, pageSize, bookmark);

/** Oldest first, one value per transaction that wrote the receivable (the model keeps values, not tx ids). */
export function receivableHistory(ctx: ModelContext, id: unknown): Receivable[] {
  return ctx.state.receivableHistory.get(loadReceivable(ctx, id).id)!;
}
