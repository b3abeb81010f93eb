/** The common input rules of PRIMITIVES.md, shared by the chaincode and every client. */

/** Asset, certificate and receivable ids. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
/** Asset classes and standards follow the id rule (short, printable, no spaces). */
export const LABEL_PATTERN = ID_PATTERN;
/** bytes32 as `0x` + 64 lowercase hex digits. */
export const HASH_PATTERN = /^0x[0-9a-f]{64}$/;
export const ZERO_HASH = `0x${"0".repeat(64)}`;
/** URIs are free text of at most this many UTF-8 bytes (empty means "none"). */
export const MAX_URI_BYTES = 512;
/** ISO 4217 alpha-3. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** Amounts in minor units, as decimal strings without sign, leading zeros or exponent. */
export const AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,77})$/;
export const MAX_AMOUNT = 2n ** 256n - 1n;
/** Signatures: P-256 r ‖ s (64 bytes) or secp256k1 r ‖ s ‖ v (65 bytes), lowercase hex. */
export const SIGNATURE_PATTERN = /^0x(?:[0-9a-f]{128}|[0-9a-f]{130})$/;
/** A certificate may be suspended at most this many times (its status log stays ≤ 63 entries). */
export const MAX_SUSPENSIONS = 31;
/** Paged queries return at most this many items per page. */
export const MAX_PAGE_SIZE = 100;
/** A receivable links at most this many assets, and an acceptance names as many certificates. */
export const MAX_LINKED_ASSETS = 10;
/** RECEIVABLES.md §7: 90 days past due, the bank default definition a financier expects. */
export const DEFAULT_GRACE_PERIOD = 7_776_000;
/** 365 days. */
export const MAX_GRACE_PERIOD = 31_536_000;
export const MAX_DURATION = 2 ** 32 - 1;

/**
 * Every string argument must be well-formed Unicode: UTF-8, the wire form of both
 * platforms, cannot carry a lone UTF-16 surrogate (Fabric's encoder would silently turn
 * it into U+FFFD, ethers refuses it). Checked first, before any other rule.
 */
export function isWellFormedText(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

export const isId = (v: unknown): v is string => typeof v === "string" && ID_PATTERN.test(v);
export const isLabel = (v: unknown): v is string => typeof v === "string" && LABEL_PATTERN.test(v);
export const isHash = (v: unknown): v is string => typeof v === "string" && HASH_PATTERN.test(v);
export const isUri = (v: unknown): v is string => typeof v === "string" && isWellFormedText(v) && utf8Length(v) <= MAX_URI_BYTES;
export const isSignature = (v: unknown): v is string => typeof v === "string" && SIGNATURE_PATTERN.test(v);
/**
 * A certificate subject is an asset id when it has the id form and none of the canonical
 * identifier heads the id form admits (`did:`, `urn:oid:`); otherwise it is an identifier.
 */
export const isAssetSubject = (v: unknown): v is string => isId(v) && !v.startsWith("did:") && !v.startsWith("urn:oid:");
export const isCurrency = (v: unknown): v is string => typeof v === "string" && CURRENCY_PATTERN.test(v);
export const isAmount = (v: unknown): v is string =>
  typeof v === "string" && AMOUNT_PATTERN.test(v) && BigInt(v) <= MAX_AMOUNT;
export const isTimestamp = (v: unknown): v is number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
export const isPageSize = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= MAX_PAGE_SIZE;
export const isOptionalLabel = (v: unknown): v is string => v === "" || isLabel(v);
/** An amount that records something: a zero invoice, advance or repayment is refused. */
export const isPositiveAmount = (v: unknown): v is string => isAmount(v) && v !== "0";
export const isDuration = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= MAX_DURATION;
/** Linked assets and named certificates: at most MAX_LINKED_ASSETS pairwise distinct ids. */
export const isIdList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= MAX_LINKED_ASSETS && v.every(isId) && new Set(v).size === v.length;
