/**
 * `invoice fingerprint --seller <taxId> --debtor <taxId> --number <n> --date <date>
 * (--amount <major> | --amount-minor <minor>) --currency <CUR>`: the canonical invoice and
 * its fingerprint (core/spec/RECEIVABLES.md §1.1) as one JSON document
 * {"canonical":{…},"fingerprint":"0x…"}. An invoice the rules reject prints
 * {"error":{"code","message"}} and exits 1; wrong options exit 2.
 */
import { canonicalInvoice, invoiceFingerprint, type InvoiceInput } from "../../core/receivables/index.js";
import { LedgerError } from "../../core/spec/errors.js";
import { EXIT, UsageError } from "./common.js";

export const INVOICE_USAGE = `usage: twinledger invoice fingerprint --seller <taxId> --debtor <taxId> --number <invoice number>
         --date <issue date> (--amount <major units> | --amount-minor <minor units>) --currency <ISO 4217>

  --seller, --debtor  tax ids with their country code, e.g. "DE 123 456 789"
  --number            the invoice number as printed, e.g. INV-2026-0042
  --date              YYYY-MM-DD, YYYYMMDD or an ISO 8601 date-time (its date as written)
  --amount            the total in major units, e.g. 12500.00 (no thousands separators)
  --amount-minor      or the total in minor units, e.g. 1250000
  --currency          ISO 4217 alpha-3, e.g. EUR

prints {"canonical":{…},"fingerprint":"0x…"}; rules: core/spec/RECEIVABLES.md §1.1`;

const OPTIONS = {
  "--seller": "sellerTaxId",
  "--debtor": "debtorTaxId",
  "--number": "invoiceNumber",
  "--date": "issueDate",
  "--amount": "amount",
  "--amount-minor": "amountMinor",
  "--currency": "currency",
} as const satisfies Record<string, keyof InvoiceInput>;

type Option = keyof typeof OPTIONS;
const isOption = (name: string): name is Option => Object.hasOwn(OPTIONS, name);

function usage(problem: string): never {
  throw new UsageError(`invoice fingerprint: ${problem}\n${INVOICE_USAGE}`);
}

/** `--name value` or `--name=value`; a value is taken as given (it may begin with "-"). */
function parseInvoiceArgs(args: readonly string[]): InvoiceInput {
  const fields: Partial<Record<keyof InvoiceInput, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const equals = arg.indexOf("=");
    const name = arg.startsWith("--") && equals > 0 ? arg.slice(0, equals) : arg;
    if (!isOption(name)) usage(arg.startsWith("-") ? `unknown option ${name}` : `unexpected argument ${JSON.stringify(arg)}`);
    const value = name === arg ? args[++i] : arg.slice(equals + 1);
    if (value === undefined) usage(`${name} needs a value`);
    const field = OPTIONS[name];
    if (fields[field] !== undefined) usage(`${name} given twice`);
    fields[field] = value;
  }
  const missing = (Object.keys(OPTIONS) as Option[]).filter((option) => !option.startsWith("--amount") && fields[OPTIONS[option]] === undefined);
  if (missing.length > 0) usage(`missing ${missing.join(", ")}`);
  if ((fields.amount === undefined) === (fields.amountMinor === undefined)) usage("give exactly one of --amount and --amount-minor");
  return fields as InvoiceInput;
}

export function runInvoice(args: string[], out: (line: string) => void = console.log): number {
  const [subcommand, ...rest] = args;
  if (subcommand === "--help" || subcommand === "-h" || (subcommand === "fingerprint" && rest.some((arg) => arg === "--help" || arg === "-h"))) {
    out(INVOICE_USAGE);
    return EXIT.ok;
  }
  if (subcommand !== "fingerprint") usage(subcommand === undefined ? "missing subcommand" : `unknown subcommand ${JSON.stringify(subcommand)}`);
  const input = parseInvoiceArgs(rest);
  try {
    out(JSON.stringify({ canonical: canonicalInvoice(input), fingerprint: invoiceFingerprint(input) }));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    out(JSON.stringify({ error: { code: error.code, message: error.reason } }));
    return EXIT.rejected;
  }
}
