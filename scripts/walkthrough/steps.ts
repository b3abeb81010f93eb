/**
 * The walkthrough's story, written once against IndustrialLedger: a machine's twin is
 * registered, updated, given its GS1 serial number, sold, found again from an RFID read,
 * listed and audited; an accredited body certifies it, suspends the certificate, and it is
 * verified as it stood at issue and as it stands now, then superseded; alice invoices the
 * sale, a bank finances the certified machine's invoice and is repaid, and the same invoice
 * written another way cannot be registered again; a forbidden update and a second binding
 * of the serial are refused.
 */
import { createHash } from "node:crypto";
import { canonicalize, invoiceFingerprint } from "../../core/index.js";
import type { ActorLedgers } from "../../clients/ledger.js";

export interface Step {
  title: string;
  run(actors: ActorLedgers): Promise<unknown>;
}

const hash = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}`;
const SERIAL = canonicalize("(01)09506000134352(21)ABC").canonical;
const YEAR = 365 * 24 * 3600;
const now = () => Math.floor(Date.now() / 1000);
const INVOICE = { sellerTaxId: "DE 123 456 789", debtorTaxId: "FR40303265045", invoiceNumber: "INV-2026-0042", issueDate: "2026-12-01", amount: "125000.00", currency: "EUR" };
/** The same invoice as the seller's second system writes it: tax id in lower case without spaces, compact date, minor units. */
const INVOICE_RETYPED = { sellerTaxId: "de123456789", debtorTaxId: "FR 40 303 265 045", invoiceNumber: "INV-2026-0042", issueDate: "20261201", amountMinor: "12500000", currency: "EUR" };

export const WALKTHROUGH: Step[] = [
  {
    title: "alice registers CNC mill M-1001",
    run: ({ alice }) => alice.registerAsset("M-1001", "machine.cnc-mill", hash("M-1001 datasheet v1"), "https://twins.example.com/M-1001/v1.json"),
  },
  {
    title: "alice updates its metadata",
    run: ({ alice }) => alice.updateAsset("M-1001", hash("M-1001 datasheet v2"), "https://twins.example.com/M-1001/v2.json"),
  },
  { title: "ADMIN delegates GS1 prefix 9506000 to alice", run: ({ admin, alice }) => admin.registerNamespace("gs1", "9506000", alice.party) },
  {
    title: "alice binds its serial: (01)09506000134352(21)ABC",
    run: ({ alice }) => alice.bindIdentifier("M-1001", SERIAL),
  },
  { title: "alice sells it to bob", run: ({ alice, bob }) => alice.transferAsset("M-1001", bob.party) },
  {
    title: "bob resolves an RFID read of it (EPC URI)",
    run: ({ bob }) => bob.resolveIdentifier(canonicalize("urn:epc:id:sgtin:9506000.013435.ABC").canonical),
  },
  { title: "bob reads the asset", run: ({ bob }) => bob.getAsset("M-1001") },
  { title: "bob lists his assets", run: ({ bob }) => bob.listAssetsByOwner(bob.party, 10, "") },
  { title: "anyone reads its history", run: ({ carol }) => carol.getAssetHistory("M-1001") },
  { title: "ADMIN appoints an accreditation body", run: ({ admin, accreditor }) => admin.grantRole("ACCREDITOR", accreditor.party) },
  { title: "it accredits carol for ISO9001:2015", run: ({ accreditor, carol }) => accreditor.accredit(carol.party, "ISO9001:2015", now() + 3 * YEAR) },
  {
    title: "carol certifies the machine by its serial",
    run: ({ carol }) => carol.issueCertificate("QMS-2026-17", SERIAL, "ISO9001:2015", hash("scope"), hash("audit report"), now(), now() + YEAR),
  },
  { title: "carol suspends it after an audit", run: ({ carol }) => carol.suspendCertificate("QMS-2026-17", hash("nonconformity 4.2")) },
  {
    title: "bob verifies it: at issue, and now",
    run: async ({ bob }) => {
      const history = await bob.getCertificateHistory("QMS-2026-17");
      const [issued, latest] = [history[0].timestamp, history.at(-1)!.timestamp];
      return `${await bob.verifyCertificate("QMS-2026-17", issued)}, then ${await bob.verifyCertificate("QMS-2026-17", latest)}`;
    },
  },
  {
    title: "carol supersedes it after the fix",
    run: ({ carol }) => carol.supersedeCertificate("QMS-2026-17", "QMS-2026-18", "M-1001", "ISO9001:2015", hash("scope"), hash("re-audit"), now(), now() + YEAR),
  },
  { title: "bob lists the machine's certificates", run: ({ bob }) => bob.listCertificates(SERIAL, 10, "") },
  {
    title: "alice invoices bob for it, certified goods only",
    run: ({ alice, bob }) => alice.issueReceivable("INV-2026-0042", bob.party, "12500000", "EUR", now() + 60 * 86_400, invoiceFingerprint(INVOICE), ["M-1001"], "ISO9001:2015"),
  },
  { title: "bob acknowledges the debt", run: ({ bob }) => bob.acknowledgeReceivable("INV-2026-0042") },
  { title: "ADMIN admits a bank as FINANCIER", run: ({ admin, financier }) => admin.grantRole("FINANCIER", financier.party) },
  { title: "alice asks it for a 95% advance", run: ({ alice, financier }) => alice.financeReceivable("INV-2026-0042", financier.party, "11875000") },
  {
    title: "the bank checks the invoice, then buys it",
    run: async ({ financier }) => {
      const offered = await financier.getReceivableByFingerprint(invoiceFingerprint(INVOICE));
      if (offered.id !== "INV-2026-0042" || offered.state !== "Acknowledged") throw new Error(`unexpected offer ${offered.id} ${offered.state}`);
      return financier.acceptFinancing("INV-2026-0042", "11875000", ["QMS-2026-18"]);
    },
  },
  {
    title: "alice registers the invoice again, retyped",
    run: ({ alice, bob }) => alice.issueReceivable("INV-2026-0042b", bob.party, "12500000", "EUR", now() + 60 * 86_400, invoiceFingerprint(INVOICE_RETYPED), [], ""),
  },
  { title: "bob pays half; the bank records it", run: ({ financier }) => financier.recordRepayment("INV-2026-0042", "6250000", hash("SEPA E2E 7781")) },
  { title: "bob pays the rest", run: ({ financier }) => financier.recordRepayment("INV-2026-0042", "6250000", hash("SEPA E2E 7790")) },
  { title: "the bank lists what it is owed", run: ({ financier }) => financier.listReceivablesByBeneficiary(financier.party, 10, "") },
  {
    title: "alice tries to update it again",
    run: ({ alice }) => alice.updateAsset("M-1001", hash("forged"), "https://evil.example.com/"),
  },
  {
    title: "alice binds the serial to another machine",
    run: async ({ alice }) => {
      await alice.registerAsset("M-1002", "machine.cnc-mill", hash("M-1002"), "");
      return alice.bindIdentifier("M-1002", canonicalize("https://example.com/01/9506000134352/21/ABC").canonical);
    },
  },
];
