/**
 * Hash rules of the spec that every platform must compute identically: the key of an
 * industrial identifier and the fingerprint of an invoice. Both are
 * `0x` + hex(sha256(utf8(text))), so the same bytes on Fabric, EVM and in clients.
 */
import { createHash } from "node:crypto";
import { isAmount, isCurrency } from "./rules.js";
import type { IdentifierScheme, InvoiceFields } from "./types.js";
import { canonicalJson } from "../canonical-json.js";

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

const ISSUE_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * The invoice fields in canonical form: tax ids and invoice number trimmed, with inner
 * whitespace removed and letters upper-cased (so "de 123 456" and "DE123456" are one
 * invoice); issue date as YYYY-MM-DD; amount in minor units; currency ISO 4217.
 */
export function canonicalInvoiceFields(fields: InvoiceFields): InvoiceFields {
  const compactUpper = (value: string) => value.replace(/\s+/g, "").toUpperCase();
  const canonical: InvoiceFields = {
    sellerTaxId: compactUpper(fields.sellerTaxId),
    debtorTaxId: compactUpper(fields.debtorTaxId),
    invoiceNumber: compactUpper(fields.invoiceNumber),
    issueDate: fields.issueDate.trim(),
    amount: fields.amount.trim(),
    currency: fields.currency.trim().toUpperCase(),
  };
  for (const name of ["sellerTaxId", "debtorTaxId", "invoiceNumber"] as const) {
    if (canonical[name] === "") throw new RangeError(`${name} must not be empty`);
  }
  if (!ISSUE_DATE.test(canonical.issueDate)) throw new RangeError(`issueDate '${fields.issueDate}' is not YYYY-MM-DD`);
  if (!isAmount(canonical.amount)) throw new RangeError(`amount '${fields.amount}' is not an integer in minor units`);
  if (!isCurrency(canonical.currency)) throw new RangeError(`currency '${fields.currency}' is not ISO 4217 alpha-3`);
  return canonical;
}

/** The fingerprint of an invoice: sha256 of the canonical JSON of its canonical fields. */
export function invoiceFingerprint(fields: InvoiceFields): string {
  return sha256Hex(canonicalJson(canonicalInvoiceFields(fields)));
}
