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
  "NotAccredited",
  "FingerprintTaken",
  "AmountExceedsOutstanding",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

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
