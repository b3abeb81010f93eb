/**
 * Error codes of the specification. Every rejection on every platform carries exactly
 * one of these: a Solidity custom error of the same name, a chaincode error whose message
 * starts with `CODE:`, and a `LedgerError { code }` in every TypeScript client.
 */
export const ERROR_CODES = [
  "Unauthorized",
  "NotFound",
  "AlreadyExists",
  "InvalidArgument",
  "InvalidState",
  "IdentifierInvalid",
  "IdentifierTaken",
  "NamespaceNotHeld",
  "ProofRequired",
  "ProofInvalid",
  "NotAccredited",
  "FingerprintTaken",
  "AmountExceedsOutstanding",
  "Conflict",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Codes a client reports for a transaction that did not commit, rather than codes a
 * contract raises: `Conflict` — it lost a race with a concurrent transaction that changed
 * what it read (Fabric's MVCC_READ_CONFLICT or PHANTOM_READ_CONFLICT); nothing was written
 * and sending it again is safe. An EVM chain orders transactions before running them, so
 * it never reports one.
 */
export const COMMIT_CODES = ["Conflict"] as const satisfies readonly ErrorCode[];

/**
 * What a Solidity custom error carries besides its name, per raised code: the parity check
 * holds every contract's error declarations to this table.
 */
export const ERROR_ARGUMENTS: Record<Exclude<ErrorCode, (typeof COMMIT_CODES)[number]>, readonly [name: string, abiType: string]> = {
  Unauthorized: ["account", "address"],
  NotFound: ["id", "string"],
  AlreadyExists: ["id", "string"],
  InvalidArgument: ["argument", "string"],
  InvalidState: ["id", "string"],
  IdentifierInvalid: ["reason", "string"],
  IdentifierTaken: ["key", "bytes32"],
  NamespaceNotHeld: ["account", "address"],
  ProofRequired: ["did", "string"],
  ProofInvalid: ["reason", "string"],
  NotAccredited: ["account", "address"],
  FingerprintTaken: ["fingerprint", "bytes32"],
  AmountExceedsOutstanding: ["outstanding", "uint256"],
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

/** A rejection by the ledger (or by a client's own check of the same rule). */
export class LedgerError extends Error {
  override readonly name = "LedgerError";
  constructor(
    readonly code: ErrorCode,
    /** What is wrong, without the code (`message` is `Code: reason`). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${reason}`, options);
  }
}

/** The wire form used by the chaincode: `Code: human readable message`. */
export function formatRejection(code: ErrorCode, message: string): string {
  return `${code}: ${message}`;
}

/**
 * Finds `Code: message` in a text that may wrap it in a transport's own words (the
 * Fabric Gateway reports "ABORTED: failed to endorse… chaincode response 500, Code: …").
 */
export function parseRejection(text: string): { code: ErrorCode; message: string } | undefined {
  for (const match of text.matchAll(/(?:^|[\s:,])([A-Z][A-Za-z]+): ([^\n]*)/g)) {
    if (isErrorCode(match[1])) return { code: match[1], message: match[2] };
  }
  return undefined;
}
