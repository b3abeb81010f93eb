/**
 * Hash rules of the spec that every platform must compute identically: the key of an
 * industrial identifier, `0x` + hex(sha256(utf8(text))), so the same bytes on Fabric, EVM
 * and in clients. The invoice fingerprint has its own length-prefixed encoding:
 * core/receivables/fingerprint.ts (RECEIVABLES.md §1.1).
 */
import { createHash } from "node:crypto";
import type { IdentifierScheme } from "./types.js";

export function sha256Hex(text: string): string {
  return `0x${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

/**
 * The text an identifier's key is computed over: the canonical form itself, except
 * Handles, whose resolution is ASCII-case-insensitive — so ASCII letters are lower-cased
 * and two handles differing only by case get the same key.
 */
export function foldIdentifier(scheme: IdentifierScheme, canonical: string): string {
  return scheme === "handle" ? canonical.replace(/[A-Z]/g, (letter) => letter.toLowerCase()) : canonical;
}

/** The global uniqueness key of a canonical identifier. */
export function identifierKey(scheme: IdentifierScheme, canonical: string): string {
  return sha256Hex(foldIdentifier(scheme, canonical));
}
