/** The one way this library rejects: `IdentifierInvalid` with a message saying what is wrong. */
import { LedgerError } from "../spec/errors.js";

export function invalid(message: string): LedgerError {
  return new LedgerError("IdentifierInvalid", message);
}

/** Maximum length of a canonical identifier in bytes (a gas bound on EVM). */
export const MAX_CANONICAL_BYTES = 256;

/** Shows a character in a message: printable ASCII as itself, anything else as U+XXXX. */
export function showChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code >= 0x21 && code <= 0x7e ? `"${char}"` : `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Rejects a canonical form longer than MAX_CANONICAL_BYTES (UTF-8 bytes). */
export function assertCanonicalLength(canonical: string): void {
  const bytes = new TextEncoder().encode(canonical).length;
  if (bytes > MAX_CANONICAL_BYTES) {
    throw invalid(`identifier has ${bytes} bytes, at most ${MAX_CANONICAL_BYTES}`);
  }
}
