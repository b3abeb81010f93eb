import { Context, Contract, Info, Param, Returns, Transaction } from "fabric-contract-api";
import type { CertificateVerdict, ReceivableState } from "../../core/spec/lifecycles.js";
import {
  isAmount,
  isCurrency,
  isDuration,
  isHash,
  isId,
  isIdList,
  isOptionalLabel,
  isPositiveAmount,
  isTimestamp,
  MAX_GRACE_PERIOD,
  MAX_LINKED_ASSETS,
  ZERO_HASH,
} from "../../core/spec/rules.js";
import type { Receivable } from "../../core/spec/types.js";
import { CertificationContract } from "./certification-contract.js";
import { loadAsset } from "./state/assets.js";
import { loadCertificate, type StoredCertificate } from "./state/certificates.js";
import { readHistory } from "./state/iterators.js";
import {
  KEY_TYPES,
  receivableBeneficiaryIndexKey,
  receivableDebtorIndexKey,
  receivableKey,
  receivableSellerIndexKey,
} from "./state/keys.js";
import { callerParty, emit, exists, toJsonResult, txTime } from "./state/ledger-context.js";
import { requireParty } from "./state/parties.js";
import {
  decodeWireList,
  loadReceivable,
  moveBeneficiary,
  readFingerprint,
  readGracePeriod,
  receivablePage,
  writeGracePeriod,
  writeNewReceivable,
  writeReceivable,
} from "./state/receivables.js";
import { requirePaging } from "./state/paging.js";
import { reject } from "./state/reject.js";
import { hasRole, requireRole } from "./roles-contract.js";
import { readReservation, requireNotReserved } from "./state/evm-locks.js";

/**
 * The certification contract's own verdict code (CERTIFICATION.md §4), called in-process:
 * the financing policy asks exactly what `verifyCertificate(id, now)` answers, from the
 * same point reads (the certificate record and its issuer's withdrawal key).
 */
const certification = new CertificationContract();

/**
 * §4 Receivables financing (core/spec/RECEIVABLES.md). A receivable lives under
 * `receivable/<id>`; its fingerprint under the write-once point key `fingerprint/<hash>`,
 * which nothing ever clears; `receivable~seller`, `receivable~debtor` and
 * `receivable~beneficiary` (rewritten at acceptance) serve the paged listings; the key
 * history serves `getReceivableHistory`. The grace period is the `gracePeriod` key, the
 * default while absent. Every operation checks in the order of §0: arguments, role gates,
 * existence, authority over the record, state, and last the time guard.
 */
@Info({ title: "ReceivableContract", description: "Twinledger receivables financing: one invoice, one registration, one financing" })
export class ReceivableContract extends Contract {
  constructor() {
    super("receivable");
  }

  /** The seller registers an invoice by its fingerprint, for good. */
  @Transaction()
  @Param("assetIds", "string[]")
  public async issueReceivable(
    ctx: Context,
    id: string,
    debtor: string,
    amount: string,
    currency: string,
    dueDate: number,
    fingerprint: string,
    assetIds: string[],
    requiredStandard: string,
  ): Promise<void> {
    // 1. Fixed-width values first: a client refuses a malformed one before it sends anything.
    requireParty("debtor", debtor);
    requireAmountForm("amount", amount);
    if (!isTimestamp(dueDate)) reject("InvalidArgument", "dueDate must be a unix time in seconds");
    requireHash("fingerprint", fingerprint);
    if (fingerprint === ZERO_HASH) reject("InvalidArgument", "fingerprint must not be the zero hash");
    // Then the others, in parameter order.
    if (!isId(id)) reject("InvalidArgument", `id '${id}' must match ^[A-Za-z0-9._:-]{1,64}$`);
    if (!isCurrency(currency)) reject("InvalidArgument", `currency '${currency}' must be ISO 4217 alpha-3 (^[A-Z]{3}$)`);
    const assets = requireIdList("assetIds", assetIds);
    if (!isOptionalLabel(requiredStandard)) reject("InvalidArgument", `requiredStandard '${requiredStandard}' must be "" or match ^[A-Za-z0-9._:-]{1,64}$`);
    // Then the rules that relate them to each other, to now and to the caller.
    requirePositive("amount", amount);
    const now = txTime(ctx);
    if (dueDate <= now) reject("InvalidArgument", `dueDate ${dueDate} is not after the transaction time ${now}`);
    const seller = callerParty(ctx);
    if (debtor === seller) reject("InvalidArgument", "the debtor must not be the seller");
    if (requiredStandard !== "" && assets.length === 0) reject("InvalidArgument", "a financing policy needs at least one linked asset");

    // 3. Existence: the id, the fingerprint (never registered, by anyone, ever), the assets in list order.
    if (await exists(ctx, receivableKey(ctx, id))) reject("AlreadyExists", `receivable '${id}' is already issued`);
    if ((await readFingerprint(ctx, fingerprint)) !== undefined) reject("FingerprintTaken", `fingerprint ${fingerprint} is already registered`);
    // A fingerprint Fabric had not seen, reserved for an EVM registry (INTEROP.md §4), is taken there until released.
    if (await readReservation(ctx, fingerprint)) reject("FingerprintTaken", `fingerprint ${fingerprint} is reserved for an EVM registry`);
    for (const assetId of assets) await loadAsset(ctx, assetId);

    const gracePeriod = await readGracePeriod(ctx);
    const receivable: Receivable = {
      id,
      seller,
      debtor,
      amount,
      currency,
      dueDate,
      fingerprint,
      beneficiary: seller,
      financier: "",
      advanceAmount: "0",
      outstanding: amount,
      state: "Issued",
      assetIds: assets,
      gracePeriod,
      requiredStandard,
      issuedAt: now,
      updatedAt: now,
    };
    await writeNewReceivable(ctx, receivable);
    emit(ctx, "ReceivableIssued", {
      receivableId: id,
      seller,
      debtor,
      amount,
      currency,
      dueDate,
      fingerprint,
      assetIds: assets,
      requiredStandard,
      gracePeriod,
    });
  }

  /** The debtor confirms the debt, or ends its own dispute. */
  @Transaction()
  public async acknowledgeReceivable(ctx: Context, id: string): Promise<void> {
    const receivable = await loadReceivable(ctx, id);
    requireActor(ctx, receivable, "debtor");
    requireState(receivable, ["Issued", "Disputed"]);
    const now = requireNotBefore(ctx, receivable);

    await writeReceivable(ctx, { ...receivable, state: "Acknowledged", updatedAt: now });
    emit(ctx, "ReceivableAcknowledged", { receivableId: id, debtor: receivable.debtor });
  }

  /** The debtor disputes before financing; a pending request is dropped. */
  @Transaction()
  public async disputeReceivable(ctx: Context, id: string, reasonHash: string): Promise<void> {
    requireHash("reasonHash", reasonHash);
    const receivable = await loadReceivable(ctx, id);
    requireActor(ctx, receivable, "debtor");
    requireState(receivable, ["Issued", "Acknowledged"]);
    const now = requireNotBefore(ctx, receivable);

    await writeReceivable(ctx, { ...receivable, ...NO_REQUEST, state: "Disputed", updatedAt: now });
    emit(ctx, "ReceivableDisputed", { receivableId: id, debtor: receivable.debtor, reasonHash });
  }

  /** The seller asks a FINANCIER to buy the acknowledged receivable; a new request replaces a pending one. */
  @Transaction()
  public async financeReceivable(ctx: Context, id: string, financier: string, advanceAmount: string): Promise<void> {
    requireParty("financier", financier);
    requireAmountForm("advanceAmount", advanceAmount);
    requirePositive("advanceAmount", advanceAmount);
    const receivable = await loadReceivable(ctx, id);
    requireActor(ctx, receivable, "seller");
    requireFinanceable(ctx, receivable);
    await requireNotReserved(ctx, id, receivable.fingerprint);
    if (financier === receivable.seller) reject("InvalidArgument", "the seller may not name itself as financier");
    if (!(await hasRole(ctx, "FINANCIER", financier))) reject("InvalidArgument", `financier ${financier} lacks role FINANCIER`);
    if (BigInt(advanceAmount) > BigInt(receivable.amount)) {
      reject("AmountExceedsOutstanding", `advanceAmount ${advanceAmount} exceeds the amount ${receivable.amount}`);
    }
    const now = requireNotBefore(ctx, receivable);

    await writeReceivable(ctx, { ...receivable, financier, advanceAmount, updatedAt: now });
    emit(ctx, "FinancingRequested", { receivableId: id, financier, advanceAmount });
  }

  /** The named FINANCIER accepts the request at its price, showing the policy's certificates; it becomes the beneficiary. */
  @Transaction()
  @Param("certificateIds", "string[]")
  public async acceptFinancing(ctx: Context, id: string, advanceAmount: string, certificateIds: string[]): Promise<void> {
    // 1. Arguments. 2. The role gate.
    requireAmountForm("advanceAmount", advanceAmount);
    const certificateList = requireIdList("certificateIds", certificateIds);
    const caller = callerParty(ctx);
    await requireRole(ctx, "FINANCIER", caller);
    // 3. Existence: the receivable, then every certificate in list order.
    const receivable = await loadReceivable(ctx, id);
    const certificates: StoredCertificate[] = [];
    for (const certificateId of certificateList) certificates.push(await loadCertificate(ctx, certificateId));
    // 4. Authority: the request names the caller.
    if (receivable.financier !== caller) reject("Unauthorized", `${caller} is not the financier requested for receivable '${id}'`);
    // 5. State, the confirmed terms, the policy's evidence, then its validity.
    requireFinanceable(ctx, receivable);
    await requireNotReserved(ctx, id, receivable.fingerprint);
    if (advanceAmount !== receivable.advanceAmount) {
      reject("InvalidArgument", `advanceAmount ${advanceAmount} is not the requested advance ${receivable.advanceAmount}`);
    }
    await requirePolicy(ctx, receivable, certificates);
    // 6. The time guard.
    const now = requireNotBefore(ctx, receivable);

    await writeReceivable(ctx, { ...receivable, state: "Financed", beneficiary: caller, updatedAt: now });
    await moveBeneficiary(ctx, id, receivable.beneficiary, caller);
    emit(ctx, "ReceivableFinanced", { receivableId: id, financier: caller, advanceAmount, certificateIds: certificateList });
  }

  /** The beneficiary records a repayment, partial or whole; the one that reaches 0 settles. */
  @Transaction()
  public async recordRepayment(ctx: Context, id: string, amount: string, paymentRef: string): Promise<void> {
    requireAmountForm("amount", amount);
    requireHash("paymentRef", paymentRef);
    requirePositive("amount", amount);
    const receivable = await loadReceivable(ctx, id);
    requireActor(ctx, receivable, "beneficiary");
    requireState(receivable, ["Financed", "PartiallyRepaid"]);
    const outstanding = BigInt(receivable.outstanding);
    if (BigInt(amount) > outstanding) reject("AmountExceedsOutstanding", `amount ${amount} exceeds the outstanding ${receivable.outstanding}`);
    const now = requireNotBefore(ctx, receivable);

    const left = (outstanding - BigInt(amount)).toString();
    const state: ReceivableState = left === "0" ? "Settled" : "PartiallyRepaid";
    await writeReceivable(ctx, { ...receivable, outstanding: left, state, updatedAt: now });
    if (state === "Settled") emit(ctx, "ReceivableSettled", { receivableId: id, amount, paymentRef });
    else emit(ctx, "RepaymentRecorded", { receivableId: id, amount, outstanding: left, paymentRef });
  }

  /** The beneficiary states a default, once the grace period has run out after the due date. */
  @Transaction()
  public async markDefaulted(ctx: Context, id: string): Promise<void> {
    const receivable = await loadReceivable(ctx, id);
    requireActor(ctx, receivable, "beneficiary");
    requireState(receivable, ["Financed", "PartiallyRepaid"]);
    const now = txTime(ctx);
    // A subtraction, never dueDate + gracePeriod (§0).
    if (now < receivable.dueDate || now - receivable.dueDate < receivable.gracePeriod) {
      reject("InvalidState", `receivable '${id}' can be marked defaulted from ${receivable.gracePeriod} s after its due date ${receivable.dueDate}`);
    }
    requireNotBefore(ctx, receivable);

    await writeReceivable(ctx, { ...receivable, state: "Defaulted", updatedAt: now });
    emit(ctx, "ReceivableDefaulted", { receivableId: id, outstanding: receivable.outstanding });
  }

  /** The seller withdraws an unfinanced receivable; its fingerprint stays taken. */
  @Transaction()
  public async cancelReceivable(ctx: Context, id: string): Promise<void> {
    const receivable = await loadReceivable(ctx, id);
    requireActor(ctx, receivable, "seller");
    requireState(receivable, ["Issued", "Acknowledged", "Disputed"]);
    const now = requireNotBefore(ctx, receivable);

    await writeReceivable(ctx, { ...receivable, ...NO_REQUEST, state: "Cancelled", updatedAt: now });
    emit(ctx, "ReceivableCancelled", { receivableId: id, seller: receivable.seller });
  }

  /** ADMIN sets the grace period for future issues; setting the current value still writes it. */
  @Transaction()
  public async setGracePeriod(ctx: Context, gracePeriod: number): Promise<void> {
    if (!isDuration(gracePeriod) || gracePeriod > MAX_GRACE_PERIOD) {
      reject("InvalidArgument", `gracePeriod must be a whole number of seconds from 0 to ${MAX_GRACE_PERIOD}`);
    }
    const caller = callerParty(ctx);
    await requireRole(ctx, "ADMIN", caller);

    const from = await readGracePeriod(ctx);
    await writeGracePeriod(ctx, gracePeriod);
    emit(ctx, "GracePeriodChanged", { from, to: gracePeriod, changedBy: caller });
  }

  @Transaction(false)
  @Returns("string")
  public async getGracePeriod(ctx: Context): Promise<string> {
    return toJsonResult(await readGracePeriod(ctx));
  }

  @Transaction(false)
  @Returns("string")
  public async getReceivable(ctx: Context, id: string): Promise<string> {
    return toJsonResult(await loadReceivable(ctx, id));
  }

  /** The financier's pre-purchase check (§9): the receivable that registered the fingerprint. */
  @Transaction(false)
  @Returns("string")
  public async getReceivableByFingerprint(ctx: Context, fingerprint: string): Promise<string> {
    requireHash("fingerprint", fingerprint);
    const id = await readFingerprint(ctx, fingerprint);
    if (id === undefined) reject("NotFound", `fingerprint ${fingerprint} is not registered`);
    return toJsonResult(await loadReceivable(ctx, id));
  }

  /** The seller's receivables (every state) in ascending id order; a party with none gets an empty page. */
  @Transaction(false)
  @Returns("string")
  public async listReceivablesBySeller(ctx: Context, seller: string, pageSize: number, bookmark: string): Promise<string> {
    requireParty("seller", seller);
    requirePaging(pageSize, bookmark);
    return toJsonResult(await receivablePage(ctx, KEY_TYPES.receivablesBySeller, seller, receivableSellerIndexKey, pageSize, bookmark));
  }

  /** The debtor's receivables (every state) in ascending id order. */
  @Transaction(false)
  @Returns("string")
  public async listReceivablesByDebtor(ctx: Context, debtor: string, pageSize: number, bookmark: string): Promise<string> {
    requireParty("debtor", debtor);
    requirePaging(pageSize, bookmark);
    return toJsonResult(await receivablePage(ctx, KEY_TYPES.receivablesByDebtor, debtor, receivableDebtorIndexKey, pageSize, bookmark));
  }

  /** The receivables whose repayments go to the party (the seller's until acceptance, then the financier's). */
  @Transaction(false)
  @Returns("string")
  public async listReceivablesByBeneficiary(ctx: Context, beneficiary: string, pageSize: number, bookmark: string): Promise<string> {
    requireParty("beneficiary", beneficiary);
    requirePaging(pageSize, bookmark);
    return toJsonResult(
      await receivablePage(ctx, KEY_TYPES.receivablesByBeneficiary, beneficiary, receivableBeneficiaryIndexKey, pageSize, bookmark),
    );
  }

  /** Every state of the receivable, oldest first: one entry per transaction that wrote it. */
  @Transaction(false)
  @Returns("string")
  public async getReceivableHistory(ctx: Context, id: string): Promise<string> {
    await loadReceivable(ctx, id);
    // A receivable is never deleted, so every entry has a value.
    return toJsonResult(await readHistory<Receivable>(ctx, receivableKey(ctx, id)));
  }
}

// ---- arguments ----------------------------------------------------------------------------

/** What a dispute or a cancellation leaves of a pending request: none (§3). */
const NO_REQUEST = { financier: "", advanceAmount: "0" } as const;

function requireHash(name: string, value: string): void {
  if (!isHash(value)) reject("InvalidArgument", `${name} must be 0x followed by 64 lowercase hex digits`);
}

/** The amount form (§0): `0` or 1–78 digits without a leading zero, at most 2^256 − 1. */
function requireAmountForm(name: string, value: string): void {
  if (!isAmount(value)) reject("InvalidArgument", `${name} '${value}' must be a decimal amount of minor units, at most 2^256 - 1`);
}

/** An amount that records something: zero is refused (checked with the value rules). */
function requirePositive(name: string, value: string): void {
  if (!isPositiveAmount(value)) reject("InvalidArgument", `${name} must be greater than 0`);
}

/** 0–MAX_LINKED_ASSETS pairwise distinct ids, decoded from the contract API's form of an array. */
function requireIdList(name: string, value: string[]): string[] {
  const list = decodeWireList(value);
  if (!isIdList(list)) reject("InvalidArgument", `${name} must be a list of at most ${MAX_LINKED_ASSETS} pairwise distinct ids`);
  return list;
}

// ---- records ------------------------------------------------------------------------------

/** Authority over the record (§2): the caller is the party the record names in that role. */
function requireActor(ctx: Context, receivable: Receivable, actor: "seller" | "debtor" | "beneficiary"): void {
  const caller = callerParty(ctx);
  if (receivable[actor] !== caller) reject("Unauthorized", `${caller} is not the ${actor} of receivable '${receivable.id}'`);
}

function requireState(receivable: Receivable, from: readonly ReceivableState[]): void {
  if (!from.includes(receivable.state)) reject("InvalidState", `receivable '${receivable.id}' is ${receivable.state}`);
}

/** Only an acknowledged receivable that is not yet due can be financed (§6). */
function requireFinanceable(ctx: Context, receivable: Receivable): void {
  requireState(receivable, ["Acknowledged"]);
  const now = txTime(ctx);
  if (now >= receivable.dueDate) reject("InvalidState", `receivable '${receivable.id}' fell due at ${receivable.dueDate}`);
}

/**
 * The financing policy (§8): without one, no certificates; with one, certificate i is about
 * assetIds[i] and of exactly the required standard (InvalidArgument), and then each is Valid
 * now, in list order (InvalidState).
 */
async function requirePolicy(ctx: Context, receivable: Receivable, certificates: readonly StoredCertificate[]): Promise<void> {
  const { assetIds, requiredStandard } = receivable;
  const expected = requiredStandard === "" ? 0 : assetIds.length;
  if (certificates.length !== expected) {
    reject("InvalidArgument", `receivable '${receivable.id}' needs ${expected} certificates, one per linked asset in order, not ${certificates.length}`);
  }
  for (const [index, certificate] of certificates.entries()) {
    if (certificate.assetId !== assetIds[index]) reject("InvalidArgument", `certificate '${certificate.id}' is not about asset '${assetIds[index]}'`);
    if (certificate.standard !== requiredStandard) reject("InvalidArgument", `certificate '${certificate.id}' is not of standard ${requiredStandard}`);
  }
  const now = txTime(ctx);
  for (const certificate of certificates) {
    const verdict = JSON.parse(await certification.verifyCertificate(ctx, certificate.id, now)) as CertificateVerdict;
    if (verdict !== "Valid") reject("InvalidState", `certificate '${certificate.id}' is ${verdict} at ${now}`);
  }
}

/** The time guard (§0): no change earlier than the receivable's last one. Returns now. */
function requireNotBefore(ctx: Context, receivable: Receivable): number {
  const now = txTime(ctx);
  if (now < receivable.updatedAt) reject("InvalidState", `receivable '${receivable.id}' last changed after ${now}`);
  return now;
}
