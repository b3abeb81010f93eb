/**
 * The bad-input corpus, generated from the spec's parameter table: for every implemented
 * operation, a call that is valid on a seeded ledger, then that call with each parameter
 * replaced by every invalid value of its type (and by a value of the wrong JavaScript
 * type), and with one argument too few and one too many. The reference model says which
 * code each must get; every entry must be rejected.
 */
import { OPERATIONS, type ParamType } from "../../core/index.js";
import { IMPLEMENTED_OPERATIONS, type ActorName } from "../../clients/ledger.js";
import * as pool from "./pools.js";
import type { Arg, Step } from "./steps.js";

const HASH = pool.HASHES[0];
const STANDARD = "ISO9001:2015";
export const SEED_SGTIN = pool.IDENTIFIERS[0];
const v = (value: unknown): Arg => ({ value });
const a = (actor: ActorName): Arg => ({ actor });

const [FP1, FP2] = pool.FINGERPRINTS;
const FP3 = `0x${"3".repeat(64)}`;
const issueTo = (id: string, fingerprint: string): Step => ({
  actor: "alice",
  operation: "issueReceivable",
  args: [v(id), a("bob"), v("100000"), v("EUR"), v(pool.FAR_DEADLINE), v(fingerprint), v(["M-1"]), v("")],
});

/**
 * The seeded ledger: alice holds GS1 9506000, owns M-1 and has bound an SGTIN to it; carol's
 * certificates C-1 (Active) and C-2 (Suspended); alice's invoices to bob: R-1 acknowledged
 * with a request to the FINANCIER pending, R-2 financed, R-3 just issued.
 */
export const SEED: Step[] = [
  { actor: "admin", operation: "registerNamespace", args: [v("gs1"), v("9506000"), a("alice")] },
  { actor: "alice", operation: "registerAsset", args: [v("M-1"), v("pump"), v(HASH), v("")] },
  { actor: "alice", operation: "bindIdentifier", args: [v("M-1"), v(SEED_SGTIN)] },
  { actor: "admin", operation: "registerNamespace", args: [v("did"), v("web"), a("alice")] },
  { actor: "admin", operation: "grantRole", args: [v("ACCREDITOR"), a("accreditor")] },
  { actor: "accreditor", operation: "accredit", args: [a("carol"), v(STANDARD), v(pool.FAR_DEADLINE)] },
  { actor: "carol", operation: "issueCertificate", args: [v("C-1"), v("M-1"), v(STANDARD), v(HASH), v(HASH), v(0), v(pool.FAR_DEADLINE)] },
  { actor: "carol", operation: "issueCertificate", args: [v("C-2"), v(SEED_SGTIN), v(STANDARD), v(HASH), v(HASH), v(0), v(pool.FAR_DEADLINE)] },
  { actor: "carol", operation: "suspendCertificate", args: [v("C-2"), v(HASH)] },
  { actor: "admin", operation: "grantRole", args: [v("FINANCIER"), a("financier")] },
  issueTo("R-1", FP1),
  { actor: "bob", operation: "acknowledgeReceivable", args: [v("R-1")] },
  { actor: "alice", operation: "financeReceivable", args: [v("R-1"), a("financier"), v("90000")] },
  issueTo("R-2", FP2),
  { actor: "bob", operation: "acknowledgeReceivable", args: [v("R-2")] },
  { actor: "alice", operation: "financeReceivable", args: [v("R-2"), a("financier"), v("90000")] },
  { actor: "financier", operation: "acceptFinancing", args: [v("R-2"), v("90000"), v([])] },
  issueTo("R-3", FP3),
];

/** A call of each operation that the seeded ledger accepts (queries answer, submits succeed or change nothing). */
const VALID: Record<string, { actor: ActorName; args: Arg[] }> = {
  grantRole: { actor: "admin", args: [v("FINANCIER"), a("bob")] },
  revokeRole: { actor: "admin", args: [v("FINANCIER"), a("bob")] },
  renounceRole: { actor: "alice", args: [v("FINANCIER"), a("alice")] },
  hasRole: { actor: "bob", args: [v("ADMIN"), a("admin")] },
  registerAsset: { actor: "alice", args: [v("M-9"), v("pump"), v(HASH), v("")] },
  updateAsset: { actor: "alice", args: [v("M-1"), v(HASH), v("https://example.com/m.json")] },
  transferAsset: { actor: "alice", args: [v("M-1"), a("bob")] },
  setAssetStatus: { actor: "alice", args: [v("M-1"), v("Suspended")] },
  getAsset: { actor: "bob", args: [v("M-1")] },
  listAssetsByOwner: { actor: "bob", args: [a("alice"), v(10), v("")] },
  getAssetHistory: { actor: "bob", args: [v("M-1")] },
  registerNamespace: { actor: "admin", args: [v("handle"), v("88.118"), a("alice")] },
  revokeNamespace: { actor: "admin", args: [v("gs1"), v("9506000")] },
  transferNamespace: { actor: "admin", args: [v("gs1"), v("9506000"), a("bob")] },
  bindIdentifier: { actor: "alice", args: [v("M-1"), v("did:web:example.com")] },
  bindDid: { actor: "alice", args: [v("M-1"), v(pool.DIDS[0]), v(pool.FAR_DEADLINE), { proof: { key: "controller" } }] },
  didBindingStatement: { actor: "bob", args: [v("M-9"), v(pool.DIDS[2]), v(pool.FAR_DEADLINE)] },
  unbindIdentifier: { actor: "alice", args: [v(SEED_SGTIN)] },
  resolveIdentifier: { actor: "bob", args: [v(SEED_SGTIN)] },
  listIdentifiers: { actor: "bob", args: [v("M-1")] },
  getIdentifierHistory: { actor: "bob", args: [v(SEED_SGTIN)] },
  accredit: { actor: "accreditor", args: [a("carol"), v("IEC61508-SIL2"), v(pool.FAR_DEADLINE)] },
  withdrawAccreditation: { actor: "accreditor", args: [a("carol"), v(STANDARD)] },
  getAccreditation: { actor: "bob", args: [a("carol"), v(STANDARD)] },
  getAccreditationHistory: { actor: "bob", args: [a("carol"), v(STANDARD)] },
  issueCertificate: { actor: "carol", args: [v("C-9"), v("M-1"), v(STANDARD), v(HASH), v(HASH), v(0), v(pool.FAR_DEADLINE)] },
  suspendCertificate: { actor: "carol", args: [v("C-1"), v(HASH)] },
  reinstateCertificate: { actor: "carol", args: [v("C-2"), v(HASH)] },
  revokeCertificate: { actor: "carol", args: [v("C-1"), v(HASH)] },
  supersedeCertificate: { actor: "carol", args: [v("C-1"), v("C-9"), v("M-1"), v(STANDARD), v(HASH), v(HASH), v(0), v(pool.FAR_DEADLINE)] },
  getCertificate: { actor: "bob", args: [v("C-1")] },
  verifyCertificate: { actor: "bob", args: [v("C-1"), v(100)] },
  listCertificates: { actor: "bob", args: [v("M-1"), v(10), v("")] },
  listCertificatesByIssuer: { actor: "bob", args: [a("carol"), v(10), v("")] },
  getCertificateHistory: { actor: "bob", args: [v("C-1")] },
  issueReceivable: { actor: "alice", args: [v("R-9"), a("bob"), v("100000"), v("EUR"), v(pool.FAR_DEADLINE), v(`0x${"9".repeat(64)}`), v(["M-1"]), v(STANDARD)] },
  acknowledgeReceivable: { actor: "bob", args: [v("R-3")] },
  disputeReceivable: { actor: "bob", args: [v("R-3"), v(HASH)] },
  financeReceivable: { actor: "alice", args: [v("R-1"), a("financier"), v("95000")] },
  acceptFinancing: { actor: "financier", args: [v("R-1"), v("90000"), v([])] },
  recordRepayment: { actor: "financier", args: [v("R-2"), v("1000"), v(HASH)] },
  // Not due yet, so this one is refused too (InvalidState): the corpus has no clock to move past the grace period.
  markDefaulted: { actor: "financier", args: [v("R-2")] },
  cancelReceivable: { actor: "alice", args: [v("R-3")] },
  setGracePeriod: { actor: "admin", args: [v(600)] },
  getGracePeriod: { actor: "bob", args: [] },
  getReceivable: { actor: "bob", args: [v("R-1")] },
  getReceivableByFingerprint: { actor: "bob", args: [v(FP1)] },
  listReceivablesBySeller: { actor: "bob", args: [a("alice"), v(10), v("")] },
  listReceivablesByDebtor: { actor: "bob", args: [a("bob"), v(10), v("")] },
  listReceivablesByBeneficiary: { actor: "bob", args: [a("financier"), v(10), v("")] },
  getReceivableHistory: { actor: "bob", args: [v("R-1")] },
};

/** Every invalid class of each parameter type, the wrong JavaScript type last. */
const INVALID: Partial<Record<ParamType, Arg[]>> = {
  id: [...pool.BAD_IDS, 42, null].map(v),
  label: [...pool.BAD_LABELS, 42].map(v),
  hash: [...pool.BAD_HASHES, 42].map(v),
  uri: [...pool.BAD_URIS, null].map(v),
  party: [...(["otherPlatform", "malformed", "empty"] as const).map((edge) => v({ edge })), v(42)],
  role: [...pool.BAD_ROLES, 0].map(v),
  assetStatus: [...pool.BAD_STATUSES, 1].map(v),
  pageSize: [...pool.BAD_PAGE_SIZES, "10", null].map(v),
  bookmark: [...pool.BAD_BOOKMARKS, 42].map(v),
  identifier: [...pool.BAD_IDENTIFIERS, 42].map(v),
  scheme: ["isbn", "", "GS1", 0].map(v),
  prefix: ["88..1", "", "88.ABC", `88.${"1".repeat(70)}`, 42].map(v),
  timestamp: [...pool.BAD_DEADLINES.filter((d) => d !== 1), "10", null].map(v),
  signature: [...pool.BAD_SIGNATURES.slice(0, 3), 42, null].map(v),
  subject: ["", "has space", "(01)09506000134352(21)ABC", "did:Example:1", "urn:oid:1.03", 42].map(v),
  amount: [...pool.BAD_AMOUNTS, 42, null].map(v),
  currency: [...pool.BAD_CURRENCIES, 42].map(v),
  idList: [...pool.BAD_ASSET_LISTS, ...pool.BAD_CERTIFICATE_LISTS, "M-1", [42], null].map(v),
  optionalLabel: [...pool.BAD_POLICIES, 42].map(v),
  duration: [...pool.BAD_GRACE_PERIODS, Number.NaN, "600", null].map(v),
};

export interface CorpusEntry {
  /** e.g. "updateAsset metadataUri #2" */
  title: string;
  step: Step;
}

export function corpus(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  for (const operation of IMPLEMENTED_OPERATIONS) {
    const valid = VALID[operation];
    if (!valid) throw new Error(`the corpus has no valid call of ${operation}`);
    OPERATIONS[operation].params.forEach((param, index) => {
      const values = INVALID[param.type];
      if (!values) throw new Error(`the corpus has no invalid values of type ${param.type}`);
      values.forEach((bad, n) => {
        const args = valid.args.map((arg, i) => (i === index ? bad : arg));
        entries.push({ title: `${operation} ${param.name} #${n + 1}`, step: { actor: valid.actor, operation, args } });
      });
    });
    if (valid.args.length > 0) entries.push({ title: `${operation} one argument too few`, step: { actor: valid.actor, operation, args: valid.args.slice(0, -1) } });
    entries.push({ title: `${operation} one argument too many`, step: { actor: valid.actor, operation, args: [...valid.args, v("extra")] } });
  }
  return entries;
}
