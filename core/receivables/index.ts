/** Receivables financing (PRIMITIVES.md §4): the invoice fingerprint (RECEIVABLES.md §1.1). */
export type { CanonicalInvoice, InvoiceInput } from "./fingerprint.js";
export {
  CANONICAL_INVOICE_FIELDS,
  CURRENCY_MINOR_UNITS,
  INVOICE_FINGERPRINT_DOMAIN,
  MAX_INVOICE_NUMBER_LENGTH,
  MAX_TAX_ID_LENGTH,
  MIN_ISSUE_YEAR,
  TAX_ID_COUNTRY_CODES,
  TAX_ID_PREFIX_ALIASES,
  canonicalInvoice,
  decodeInvoice,
  encodeInvoice,
  invoiceFingerprint,
} from "./fingerprint.js";
