import type { Context } from "fabric-contract-api";

/**
 * Every world-state key is a composite key, one object type per record kind, so that
 * records never show up in each other's range queries. Index keys use Fabric's
 * `type~attribute` naming and carry no data.
 */
export const KEY_TYPES = {
  asset: "asset",
  assetsByOwner: "asset~owner",
  role: "role",
  roleCount: "role~count",
  namespace: "namespace",
  identifier: "identifier",
  identifiersByAsset: "identifier~asset",
  initialised: "initialised",
  accreditation: "accreditation",
  accreditationWithdrawal: "accreditation~withdrawal",
  certificate: "certificate",
  certificatesByAsset: "certificate~asset",
  certificatesByIssuer: "certificate~issuer",
  receivable: "receivable",
  receivablesBySeller: "receivable~seller",
  receivablesByDebtor: "receivable~debtor",
  receivablesByBeneficiary: "receivable~beneficiary",
  fingerprint: "fingerprint",
  gracePeriod: "gracePeriod",
  evmReservation: "interop~reservation",
  evmCommittee: "interop~committee",
} as const;

export const assetKey = (ctx: Context, id: string) => ctx.stub.createCompositeKey(KEY_TYPES.asset, [id]);

export const assetOwnerIndexKey = (ctx: Context, owner: string, id: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.assetsByOwner, [owner, id]);

export const roleKey = (ctx: Context, role: string, account: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.role, [role, account]);

/** How many parties hold a role (kept for ADMIN, so the last one cannot leave). */
export const roleCountKey = (ctx: Context, role: string) => ctx.stub.createCompositeKey(KEY_TYPES.roleCount, [role]);

export const initialisedKey = (ctx: Context) => ctx.stub.createCompositeKey(KEY_TYPES.initialised, []);

export const namespaceKey = (ctx: Context, scheme: string, prefix: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.namespace, [scheme, prefix]);

/** Bindings are keyed by the identifier's key (sha256 of its folded canonical form). */
export const identifierKeyOf = (ctx: Context, key: string) => ctx.stub.createCompositeKey(KEY_TYPES.identifier, [key]);

export const identifierAssetIndexKey = (ctx: Context, assetId: string, key: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.identifiersByAsset, [assetId, key]);

/** One accreditation per (certifier, standard). */
export const accreditationKey = (ctx: Context, certifier: string, standard: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.accreditation, [certifier, standard]);

/** Withdrawal number `n` (from 0) of an accreditation: its time, written once, never changed. */
export const accreditationWithdrawalKey = (ctx: Context, certifier: string, standard: string, n: number) =>
  ctx.stub.createCompositeKey(KEY_TYPES.accreditationWithdrawal, [certifier, standard, String(n)]);

/** Certificate ids are one global space, apart from asset ids. */
export const certificateKey = (ctx: Context, id: string) => ctx.stub.createCompositeKey(KEY_TYPES.certificate, [id]);

export const certificateAssetIndexKey = (ctx: Context, assetId: string, id: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.certificatesByAsset, [assetId, id]);

export const certificateIssuerIndexKey = (ctx: Context, issuer: string, id: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.certificatesByIssuer, [issuer, id]);

/** Receivable ids are one global space, apart from asset and certificate ids. */
export const receivableKey = (ctx: Context, id: string) => ctx.stub.createCompositeKey(KEY_TYPES.receivable, [id]);

export const receivableSellerIndexKey = (ctx: Context, seller: string, id: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.receivablesBySeller, [seller, id]);

export const receivableDebtorIndexKey = (ctx: Context, debtor: string, id: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.receivablesByDebtor, [debtor, id]);

/** Rewritten at acceptance, when the financier becomes the beneficiary. */
export const receivableBeneficiaryIndexKey = (ctx: Context, beneficiary: string, id: string) =>
  ctx.stub.createCompositeKey(KEY_TYPES.receivablesByBeneficiary, [beneficiary, id]);

/** The global fingerprint index (RECEIVABLES.md §9): the id of the receivable that registered it, for good. */
export const fingerprintKey = (ctx: Context, fingerprint: string) => ctx.stub.createCompositeKey(KEY_TYPES.fingerprint, [fingerprint]);

/** The ledger's grace period (RECEIVABLES.md §7); absent until ADMIN first sets it. */
export const gracePeriodKey = (ctx: Context) => ctx.stub.createCompositeKey(KEY_TYPES.gracePeriod, []);

/** A fingerprint's exclusive lock for an EVM registry (INTEROP.md §4): at most one at a time. */
export const evmReservationKey = (ctx: Context, fingerprint: string) => ctx.stub.createCompositeKey(KEY_TYPES.evmReservation, [fingerprint]);

/** The committee whose checkpoints of an EVM chain Fabric believes, by chain id. */
export const evmCommitteeKey = (ctx: Context, chainId: string) => ctx.stub.createCompositeKey(KEY_TYPES.evmCommittee, [chainId]);
