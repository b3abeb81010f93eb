/**
 * The reference model against the worked examples of core/spec/CERTIFICATION.md §9, each
 * at its stated times: the file's timelines and verdicts are what the model answers.
 */
import { expect } from "chai";
import { ReferenceModel } from "../../core/model/index.js";

const [ADMIN, ACC, ACC2, CB, ALICE] = ["admin", "acc", "acc2", "cb", "alice"];
const H = `0x${"ab".repeat(32)}`;
const SGTIN = "https://id.gs1.org/01/09506000134352/21/ABC";

/** A model at t=100 after the common set-up: acc (and acc2) ACCREDITOR, cb accredited for ISO9001:2015 until 10000, alice owns M-1 and M-2. */
function setUp() {
  const model = new ReferenceModel({ firstAdmin: ADMIN, isParty: (v) => typeof v === "string" && v !== "", ledgerDomain: "test" });
  const submit = (caller: string, time: number, operation: string, ...args: unknown[]) => {
    const outcome = model.submit(operation, args, caller, time);
    if (!outcome.ok) throw new Error(`${operation} at ${time}: ${outcome.code}`);
    return outcome.event;
  };
  const reject = (caller: string, time: number, operation: string, ...args: unknown[]) => {
    const outcome = model.submit(operation, args, caller, time);
    return outcome.ok ? "accepted" : outcome.code;
  };
  const verdict = (id: string, t: number) => {
    const outcome = model.query("verifyCertificate", [id, t], ALICE, 0);
    return outcome.ok ? outcome.value : outcome.code;
  };
  const query = (operation: string, ...args: unknown[]) => {
    const outcome = model.query(operation, args, ALICE, 0);
    if (!outcome.ok) throw new Error(`${operation}: ${outcome.code}`);
    return outcome.value as never;
  };
  submit(ADMIN, 50, "grantRole", "ACCREDITOR", ACC);
  submit(ADMIN, 50, "grantRole", "ACCREDITOR", ACC2);
  submit(ACC, 100, "accredit", CB, "ISO9001:2015", 10_000);
  submit(ALICE, 100, "registerAsset", "M-1", "machine", H, "");
  submit(ALICE, 100, "registerAsset", "M-2", "machine", H, "");
  const issue = (time: number, id: string, validFrom: number, validUntil: number, subject = "M-1", standard = "ISO9001:2015") =>
    submit(CB, time, "issueCertificate", id, subject, standard, H, H, validFrom, validUntil);
  return { model, submit, reject, verdict, query, issue };
}

const verdicts = (verdict: (id: string, t: number) => unknown, id: string, times: number[]) => times.map((t) => verdict(id, t));

describe("reference model: CERTIFICATION.md worked examples", () => {
  it("1. window: NotYetValid before issue and before validFrom, Valid inside, Expired from validUntil", () => {
    const { issue, verdict } = setUp();
    issue(200, "C1", 300, 1000);
    expect(verdicts(verdict, "C1", [150, 250, 300, 999, 1000])).to.deep.equal(["NotYetValid", "NotYetValid", "Valid", "Valid", "Expired"]);
  });

  it("2. a backdated validFrom does not make the ledger vouch before the issue", () => {
    const { issue, verdict } = setUp();
    issue(500, "C2", 100, 2000);
    expect(verdicts(verdict, "C2", [400, 500])).to.deep.equal(["NotYetValid", "Valid"]);
  });

  it("3. history-aware: suspended at 400, reinstated at 600; changes in one second resolve to its end", () => {
    const { issue, submit, verdict } = setUp();
    issue(200, "C3", 200, 5000);
    submit(CB, 400, "suspendCertificate", "C3", H);
    submit(CB, 600, "reinstateCertificate", "C3", H);
    expect(verdicts(verdict, "C3", [399, 400, 599, 600])).to.deep.equal(["Valid", "Suspended", "Suspended", "Valid"]);
    submit(CB, 700, "suspendCertificate", "C3", H);
    submit(CB, 700, "reinstateCertificate", "C3", H);
    expect(verdicts(verdict, "C3", [699, 700])).to.deep.equal(["Valid", "Valid"]);
  });

  it("4. an accreditor's hold: the issuer can neither lift nor supersede it, may revoke; another ACCREDITOR lifts it", () => {
    const { issue, submit, reject, verdict } = setUp();
    issue(200, "C3", 200, 5000);
    submit(ACC, 800, "suspendCertificate", "C3", H);
    expect(reject(CB, 810, "reinstateCertificate", "C3", H)).to.equal("Unauthorized");
    expect(reject(CB, 810, "supersedeCertificate", "C3", "C3b", "M-1", "ISO9001:2015", H, H, 810, 5000)).to.equal("InvalidState");
    submit(ACC2, 900, "reinstateCertificate", "C3", H);
    expect(verdicts(verdict, "C3", [850, 900])).to.deep.equal(["Suspended", "Valid"]);
  });

  it("5. a withdrawal counts from its own time; re-accreditation does not clear it; a supersede does", () => {
    const { issue, submit, reject, verdict } = setUp();
    issue(300, "C4", 300, 5000);
    submit(ACC, 1000, "withdrawAccreditation", CB, "ISO9001:2015");
    expect(verdicts(verdict, "C4", [999, 1000, 1100])).to.deep.equal(["Valid", "IssuerNotAccredited", "IssuerNotAccredited"]);
    expect(reject(CB, 1100, "issueCertificate", "CX", "M-1", "ISO9001:2015", H, H, 1100, 5000)).to.equal("NotAccredited");
    submit(ACC, 1200, "accredit", CB, "ISO9001:2015", 10_000);
    expect(verdict("C4", 1250)).to.equal("IssuerNotAccredited");
    submit(CB, 1300, "supersedeCertificate", "C4", "C5", "M-1", "ISO9001:2015", H, H, 1300, 5000);
    expect([verdict("C4", 1300), verdict("C4", 1100), verdict("C5", 1300)]).to.deep.equal(["Superseded", "IssuerNotAccredited", "Valid"]);
  });

  it("6. a lapsed accreditation stops new issues only", () => {
    const { submit, reject, verdict } = setUp();
    submit(ACC, 1400, "accredit", CB, "IEC61508-SIL2", 2000);
    submit(CB, 1500, "issueCertificate", "C6", "M-1", "IEC61508-SIL2", H, H, 1500, 4000);
    expect(verdict("C6", 3000)).to.equal("Valid");
    expect(reject(CB, 2100, "issueCertificate", "C6b", "M-1", "IEC61508-SIL2", H, H, 2100, 4000)).to.equal("NotAccredited");
  });

  it("7. precedence: Expired over Suspended, Revoked from its own time only", () => {
    const { issue, submit, verdict } = setUp();
    issue(200, "C7", 200, 1000);
    submit(CB, 500, "suspendCertificate", "C7", H);
    expect(verdicts(verdict, "C7", [600, 1000])).to.deep.equal(["Suspended", "Expired"]);
    submit(CB, 1200, "revokeCertificate", "C7", H);
    expect(verdicts(verdict, "C7", [1100, 1200, 600])).to.deep.equal(["Expired", "Revoked", "Suspended"]);
  });

  it("8. superseded before a withdrawal: the old one stays Superseded, the new one loses its issuer's standing", () => {
    const { issue, submit, verdict } = setUp();
    issue(200, "C8", 200, 5000);
    submit(CB, 500, "supersedeCertificate", "C8", "C9", "M-1", "ISO9001:2015", H, H, 500, 5000);
    submit(ACC, 700, "withdrawAccreditation", CB, "ISO9001:2015");
    expect([verdict("C8", 800), verdict("C9", 800)]).to.deep.equal(["Superseded", "IssuerNotAccredited"]);
  });

  it("9. a certificate follows its asset: rebinding the identifier moves the listing, not the certificate", () => {
    const { issue, submit, verdict, query } = setUp();
    submit(ADMIN, 150, "registerNamespace", "gs1", "9506000", ALICE);
    submit(ALICE, 150, "bindIdentifier", "M-1", SGTIN);
    issue(200, "C10", 200, 5000, SGTIN);
    submit(ALICE, 300, "unbindIdentifier", SGTIN);
    submit(ALICE, 300, "bindIdentifier", "M-2", SGTIN);
    const ids = (page: { items: { id: string }[] }) => page.items.map((c) => c.id);
    expect(ids(query("listCertificates", SGTIN, 10, ""))).to.deep.equal([]);
    expect(ids(query("listCertificates", "M-1", 10, ""))).to.deep.equal(["C10"]);
    expect(verdict("C10", 400)).to.equal("Valid");
  });

  it("10. a future time is a forecast from today's status", () => {
    const { issue, verdict } = setUp();
    issue(200, "C1", 300, 1000);
    expect(verdicts(verdict, "C1", [900, 1500])).to.deep.equal(["Valid", "Expired"]);
  });

  it("the time guard: no change earlier than the certificate's last one, and at most 31 suspensions", () => {
    const { issue, submit, reject } = setUp();
    issue(200, "C11", 200, 90_000);
    submit(CB, 500, "suspendCertificate", "C11", H);
    expect(reject(CB, 400, "reinstateCertificate", "C11", H)).to.equal("InvalidState");
    submit(CB, 500, "reinstateCertificate", "C11", H);
    for (let n = 2; n <= 31; n++) {
      submit(CB, 500 + n, "suspendCertificate", "C11", H);
      submit(CB, 500 + n, "reinstateCertificate", "C11", H);
    }
    expect(reject(CB, 600, "suspendCertificate", "C11", H)).to.equal("InvalidState");
  });

  it("an ACCREDITOR may not accredit itself; only an ACCREDITOR accredits", () => {
    const { reject } = setUp();
    expect(reject(ACC, 200, "accredit", ACC, "ISO9001:2015", 5000)).to.equal("Unauthorized");
    expect(reject(ALICE, 200, "accredit", CB, "ISO14001:2015", 5000)).to.equal("Unauthorized");
  });
});
