/**
 * A certificate's subject (CERTIFICATION.md §5), by syntax alone so that every platform
 * agrees without reading state: an asset id (the id rule, and none of the canonical
 * identifier heads it admits), or else a canonical identifier checked in full.
 */
import { parseCanonical } from "../identifiers/index.js";
import { LedgerError } from "./errors.js";
import { isAssetSubject } from "./rules.js";

/** Why `subject` is neither an asset id nor a canonical identifier (its code: IdentifierInvalid), or undefined. */
export function subjectProblem(subject: unknown): string | undefined {
  if (isAssetSubject(subject)) return undefined;
  if (typeof subject !== "string") return "subject is not a string";
  try {
    parseCanonical(subject);
    return undefined;
  } catch (error) {
    if (error instanceof LedgerError) return error.reason;
    throw error;
  }
}
