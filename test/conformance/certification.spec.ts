/** Conformance: §3 certification — accreditation, the certificate lifecycle, verification at any time (core/spec/CERTIFICATION.md). */
import { expect } from "chai";
import type { ActorLedgers, IndustrialLedger } from "../../clients/ledger.js";
import type { Conformance } from "./harness.js";
import { eventOf, expectRejected, hashOf } from "./harness.js";

export const STANDARD = "ISO9001:2015";
const SGTIN = "https://id.gs1.org/01/09506000134352/21/ABC";
const SCOPE = hashOf("scope: CNC machining");
const EVIDENCE = hashOf("audit report 2026-11");
const REASON = hashOf("surveillance audit failed");
const YEAR = 365 * 24 * 3600;

/**
 * The cast: `accreditor` holds ACCREDITOR and accredits `carol` (the certifier) for
 * ISO9001:2015; alice owns the machines M-1 and M-2.
 */
export async function certificationSetUp(all: ActorLedgers, now: number) {
  const { admin, alice, accreditor, carol } = all;
  await admin.grantRole("ACCREDITOR", accreditor.party);
  await accreditor.accredit(carol.party, STANDARD, now + 10 * YEAR);
  for (const id of ["M-1", "M-2"]) await alice.registerAsset(id, "machine", hashOf(id), "");
}

/**
 * M-1 carries an SGTIN (alice holds GS1 company prefix 9506000): only for the cases that
 * name a certificate's subject by identifier, since a shared ledger cannot take the prefix.
 */
export async function bindSgtin(all: ActorLedgers) {
  await all.admin.registerNamespace("gs1", "9506000", all.alice.party);
  await all.alice.bindIdentifier("M-1", SGTIN);
}

/** carol certifies `subject` for a year from `from`. */
export function issue(carol: IndustrialLedger, id: string, from: number, subject = "M-1", until = from + YEAR) {
  return carol.issueCertificate(id, subject, STANDARD, SCOPE, EVIDENCE, from, until);
}

async function observeCertification(all: ActorLedgers, ids: string[]) {
  const { bob, carol } = all;
  const out: Record<string, unknown> = {};
  for (const id of ids) out[id] = await bob.getCertificate(id).catch((error: Error) => error.message);
  out.byIssuer = await bob.listCertificatesByIssuer(carol.party, 100, "");
  out.accreditation = await bob.getAccreditation(carol.party, STANDARD);
  return out;
}

export function certificationSpec({ it, itWithClock, actors, now }: Conformance): void {
  describe("accreditation", () => {
    it("accredit by an ACCREDITOR emits AccreditationChanged and getAccreditation answers the record", async () => {
      const { admin, accreditor, carol, bob } = actors();
      await admin.grantRole("ACCREDITOR", accreditor.party);
      const until = (await now()) + YEAR;
      const receipt = await accreditor.accredit(carol.party, STANDARD, until);
      expect(eventOf(receipt)).to.deep.include({ name: "AccreditationChanged" });
      expect(eventOf(receipt).payload).to.deep.equal({ certifier: carol.party, standard: STANDARD, validUntil: until, accredited: true, accreditor: accreditor.party });
      const record = await bob.getAccreditation(carol.party, STANDARD);
      expect({ ...record, accreditedAt: 0 }).to.deep.equal({ certifier: carol.party, standard: STANDARD, accreditedBy: accreditor.party, accreditedAt: 0, validUntil: until, withdrawnAt: 0 });
      expect(record.accreditedAt).to.be.greaterThan(0);
    });

    it("accredit is Unauthorized without ACCREDITOR (member, ADMIN, FINANCIER) and for an ACCREDITOR itself", async () => {
      const { admin, accreditor, carol, financier, alice } = actors();
      await admin.grantRole("ACCREDITOR", accreditor.party);
      await admin.grantRole("FINANCIER", financier.party);
      const until = (await now()) + YEAR;
      for (const caller of [alice, admin, financier]) await expectRejected(caller.accredit(carol.party, STANDARD, until), "Unauthorized");
      await expectRejected(accreditor.accredit(accreditor.party, STANDARD, until), "Unauthorized");
    });

    it("accredit with a validUntil not after now, a malformed standard or a malformed party is InvalidArgument", async () => {
      const { admin, accreditor, carol } = actors();
      await admin.grantRole("ACCREDITOR", accreditor.party);
      await expectRejected(accreditor.accredit(carol.party, STANDARD, 1000), "InvalidArgument");
      await expectRejected(accreditor.accredit(carol.party, "ISO 9001", (await now()) + YEAR), "InvalidArgument");
      await expectRejected(accreditor.accredit("not-a-party", STANDARD, (await now()) + YEAR), "InvalidArgument");
    });

    it("withdrawAccreditation emits AccreditationChanged (accredited: false) and records withdrawnAt; a second one is InvalidState", async () => {
      const { admin, accreditor, carol, bob } = actors();
      await admin.grantRole("ACCREDITOR", accreditor.party);
      const until = (await now()) + YEAR;
      await accreditor.accredit(carol.party, STANDARD, until);
      const event = eventOf(await accreditor.withdrawAccreditation(carol.party, STANDARD));
      expect(event.payload).to.deep.equal({ certifier: carol.party, standard: STANDARD, validUntil: until, accredited: false, accreditor: accreditor.party });
      expect((await bob.getAccreditation(carol.party, STANDARD)).withdrawnAt).to.be.greaterThan(0);
      await expectRejected(accreditor.withdrawAccreditation(carol.party, STANDARD), "InvalidState");
    });

    it("withdrawAccreditation of an accreditation that never was is NotFound; without ACCREDITOR Unauthorized", async () => {
      const { admin, accreditor, carol, alice } = actors();
      await admin.grantRole("ACCREDITOR", accreditor.party);
      await expectRejected(accreditor.withdrawAccreditation(carol.party, STANDARD), "NotFound");
      await accreditor.accredit(carol.party, STANDARD, (await now()) + YEAR);
      await expectRejected(alice.withdrawAccreditation(carol.party, STANDARD), "Unauthorized");
    });

    it("getAccreditationHistory lists each accredit and withdrawal oldest first; of none NotFound", async () => {
      const { admin, accreditor, carol, bob } = actors();
      await admin.grantRole("ACCREDITOR", accreditor.party);
      await expectRejected(bob.getAccreditationHistory(carol.party, STANDARD), "NotFound");
      await accreditor.accredit(carol.party, STANDARD, (await now()) + YEAR);
      await accreditor.withdrawAccreditation(carol.party, STANDARD);
      await accreditor.accredit(carol.party, STANDARD, (await now()) + 2 * YEAR);
      const history = await bob.getAccreditationHistory(carol.party, STANDARD);
      expect(history.map((entry) => entry.value.withdrawnAt === 0)).to.deep.equal([true, false, true]);
      expect(history.at(-1)!.value).to.deep.equal(await bob.getAccreditation(carol.party, STANDARD));
    });
  });

  describe("issueCertificate", () => {
    it("issueCertificate by an accredited certifier emits CertificateIssued and getCertificate answers an Active certificate", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      const receipt = await issue(all.carol, "C-1", t);
      expect(eventOf(receipt).name).to.equal("CertificateIssued");
      expect(eventOf(receipt).payload).to.deep.equal({
        certificateId: "C-1", issuer: all.carol.party, subject: "M-1", standard: STANDARD, scopeHash: SCOPE, evidenceHash: EVIDENCE, validFrom: t, validUntil: t + YEAR,
      });
      const certificate = await all.bob.getCertificate("C-1");
      expect({ ...certificate, issuedAt: 0 }).to.deep.equal({
        id: "C-1", issuer: all.carol.party, subject: "M-1", assetId: "M-1", standard: STANDARD, scopeHash: SCOPE, evidenceHash: EVIDENCE,
        validFrom: t, validUntil: t + YEAR, issuedAt: 0, status: "Active", suspendedBy: "", supersedes: "", supersededBy: "",
      });
    });

    it("a certificate for a bound identifier keeps the subject as written and records the asset it resolved to", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await bindSgtin(all);
      await issue(all.carol, "C-1", t, SGTIN);
      expect(await all.bob.getCertificate("C-1")).to.deep.include({ subject: SGTIN, assetId: "M-1" });
    });

    it("issueCertificate without an accreditation in force is NotAccredited: never accredited, withdrawn, or for another standard", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await expectRejected(all.bob.issueCertificate("C-1", "M-1", STANDARD, SCOPE, EVIDENCE, t, t + YEAR), "NotAccredited");
      await expectRejected(all.carol.issueCertificate("C-1", "M-1", "IEC61508-SIL2", SCOPE, EVIDENCE, t, t + YEAR), "NotAccredited");
      await all.accreditor.withdrawAccreditation(all.carol.party, STANDARD);
      await expectRejected(issue(all.carol, "C-1", t), "NotAccredited");
    });

    it("issueCertificate to an unknown asset or an unbound identifier is NotFound; to a non-canonical identifier IdentifierInvalid", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await expectRejected(issue(all.carol, "C-1", t, "M-404"), "NotFound");
      await expectRejected(issue(all.carol, "C-1", t, "https://id.gs1.org/01/09506000134352/21/OTHER"), "NotFound");
      await expectRejected(issue(all.carol, "C-1", t, "(01)09506000134352(21)ABC"), "IdentifierInvalid");
    });

    it("issueCertificate to a Decommissioned asset is InvalidState; with an id taken AlreadyExists", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await issue(all.carol, "C-1", t);
      await expectRejected(issue(all.carol, "C-1", t, "M-2"), "AlreadyExists");
      await all.alice.setAssetStatus("M-2", "Decommissioned");
      await expectRejected(issue(all.carol, "C-2", t, "M-2"), "InvalidState");
    });

    it("issueCertificate with validFrom not before validUntil, validUntil already passed, or a malformed hash is InvalidArgument", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await expectRejected(all.carol.issueCertificate("C-1", "M-1", STANDARD, SCOPE, EVIDENCE, t + 10, t + 10), "InvalidArgument");
      await expectRejected(all.carol.issueCertificate("C-1", "M-1", STANDARD, SCOPE, EVIDENCE, 100, 1000), "InvalidArgument");
      await expectRejected(all.carol.issueCertificate("C-1", "M-1", STANDARD, "0x1234", EVIDENCE, t, t + YEAR), "InvalidArgument");
    });
  });

  describe("suspend, reinstate, revoke, supersede", () => {
    it("the issuer suspends and reinstates its certificate: CertificateStatusChanged Active → Suspended → Active", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await issue(all.carol, "C-1", t);
      const suspended = eventOf(await all.carol.suspendCertificate("C-1", REASON));
      expect(suspended.payload).to.deep.equal({ certificateId: "C-1", from: "Active", to: "Suspended", reasonHash: REASON, changedBy: all.carol.party });
      expect(await all.bob.getCertificate("C-1")).to.deep.include({ status: "Suspended", suspendedBy: all.carol.party });
      const reinstated = eventOf(await all.carol.reinstateCertificate("C-1", REASON));
      expect(reinstated.payload).to.deep.include({ from: "Suspended", to: "Active" });
      expect(await all.bob.getCertificate("C-1")).to.deep.include({ status: "Active", suspendedBy: "" });
    });

    it("an ACCREDITOR's hold: the issuer may neither lift it (Unauthorized) nor supersede it (InvalidState); the ACCREDITOR lifts it", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await issue(all.carol, "C-1", t);
      await all.accreditor.suspendCertificate("C-1", REASON);
      await expectRejected(all.carol.reinstateCertificate("C-1", REASON), "Unauthorized");
      await expectRejected(all.carol.supersedeCertificate("C-1", "C-2", "M-1", STANDARD, SCOPE, EVIDENCE, t, t + YEAR), "InvalidState");
      await all.accreditor.reinstateCertificate("C-1", REASON);
      expect((await all.bob.getCertificate("C-1")).status).to.equal("Active");
    });

    it("an ACCREDITOR may not lift the issuer's own suspension", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await issue(all.carol, "C-1", t);
      await all.carol.suspendCertificate("C-1", REASON);
      await expectRejected(all.accreditor.reinstateCertificate("C-1", REASON), "Unauthorized");
    });

    it("revokeCertificate is terminal: every later status change or supersede is InvalidState", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await issue(all.carol, "C-1", t);
      expect(eventOf(await all.carol.revokeCertificate("C-1", REASON)).payload).to.deep.include({ from: "Active", to: "Revoked" });
      // One after another: each call is made only when the one before has been refused.
      for (const call of [
        () => all.carol.suspendCertificate("C-1", REASON),
        () => all.carol.reinstateCertificate("C-1", REASON),
        () => all.accreditor.revokeCertificate("C-1", REASON),
        () => all.carol.supersedeCertificate("C-1", "C-2", "M-1", STANDARD, SCOPE, EVIDENCE, t, t + YEAR),
      ]) {
        await expectRejected(call(), "InvalidState");
      }
    });

    it("a status change by a party that is neither the issuer nor an ACCREDITOR is Unauthorized; of an unknown certificate NotFound", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await issue(all.carol, "C-1", t);
      for (const caller of [all.alice, all.admin, all.bob]) {
        await expectRejected(caller.suspendCertificate("C-1", REASON), "Unauthorized");
        await expectRejected(caller.revokeCertificate("C-1", REASON), "Unauthorized");
      }
      await expectRejected(all.carol.suspendCertificate("C-404", REASON), "NotFound");
      await expectRejected(all.carol.suspendCertificate("C-1", "0x12"), "InvalidArgument");
    });

    it("supersedeCertificate issues the new certificate and marks the old Superseded, pointing each to the other", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await bindSgtin(all);
      await issue(all.carol, "C-1", t);
      const event = eventOf(await all.carol.supersedeCertificate("C-1", "C-2", SGTIN, STANDARD, SCOPE, EVIDENCE, t, t + 2 * YEAR));
      expect(event.payload).to.deep.equal({
        oldId: "C-1", newId: "C-2", issuer: all.carol.party, subject: SGTIN, standard: STANDARD, scopeHash: SCOPE, evidenceHash: EVIDENCE, validFrom: t, validUntil: t + 2 * YEAR,
      });
      expect(await all.bob.getCertificate("C-1")).to.deep.include({ status: "Superseded", supersededBy: "C-2" });
      expect(await all.bob.getCertificate("C-2")).to.deep.include({ status: "Active", supersedes: "C-1", assetId: "M-1" });
    });

    it("supersedeCertificate by another party is Unauthorized, to another asset InvalidArgument, to a taken id AlreadyExists", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await issue(all.carol, "C-1", t);
      await issue(all.carol, "C-9", t, "M-2");
      await expectRejected(all.accreditor.supersedeCertificate("C-1", "C-2", "M-1", STANDARD, SCOPE, EVIDENCE, t, t + YEAR), "Unauthorized");
      await expectRejected(all.carol.supersedeCertificate("C-1", "C-2", "M-2", STANDARD, SCOPE, EVIDENCE, t, t + YEAR), "InvalidArgument");
      await expectRejected(all.carol.supersedeCertificate("C-1", "C-9", "M-1", STANDARD, SCOPE, EVIDENCE, t, t + YEAR), "AlreadyExists");
    });

    it("a rejected certification call leaves everything observable unchanged", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await issue(all.carol, "C-1", t);
      const before = await observeCertification(all, ["C-1", "C-2"]);
      await expectRejected(all.bob.suspendCertificate("C-1", REASON), "Unauthorized");
      await expectRejected(issue(all.carol, "C-1", t), "AlreadyExists");
      await expectRejected(all.carol.supersedeCertificate("C-1", "C-2", "M-2", STANDARD, SCOPE, EVIDENCE, t, t + YEAR), "InvalidArgument");
      await expectRejected(all.alice.accredit(all.bob.party, STANDARD, t + YEAR), "Unauthorized");
      expect(await observeCertification(all, ["C-1", "C-2"])).to.deep.equal(before);
    });
  });

  describe("verifyCertificate", () => {
    itWithClock("verifyCertificate answers NotYetValid before validFrom, Valid inside the window and Expired from validUntil", async (clock) => {
      const all = actors();
      const t = await clock.now();
      await certificationSetUp(all, t);
      await clock.setNextTime(t + 100);
      await issue(all.carol, "C-1", t + 200, "M-1", t + 1000);
      const at = (times: number[]) => Promise.all(times.map((time) => all.bob.verifyCertificate("C-1", time)));
      expect(await at([t + 150, t + 199, t + 200, t + 999, t + 1000])).to.deep.equal(["NotYetValid", "NotYetValid", "Valid", "Valid", "Expired"]);
    });

    itWithClock("a suspension counts from its own time: verified in the past the certificate is as it was then", async (clock) => {
      const all = actors();
      const t = await clock.now();
      await certificationSetUp(all, t);
      await clock.setNextTime(t + 100);
      await issue(all.carol, "C-1", t, "M-1", t + YEAR);
      await clock.setNextTime(t + 400);
      await all.carol.suspendCertificate("C-1", REASON);
      await clock.setNextTime(t + 600);
      await all.carol.reinstateCertificate("C-1", REASON);
      const at = (times: number[]) => Promise.all(times.map((time) => all.bob.verifyCertificate("C-1", time)));
      expect(await at([t + 99, t + 399, t + 400, t + 599, t + 600])).to.deep.equal(["NotYetValid", "Valid", "Suspended", "Suspended", "Valid"]);
    });

    itWithClock("a withdrawn accreditation makes the issuer's earlier certificates IssuerNotAccredited from the withdrawal on", async (clock) => {
      const all = actors();
      const t = await clock.now();
      await certificationSetUp(all, t);
      await clock.setNextTime(t + 100);
      await issue(all.carol, "C-1", t, "M-1", t + YEAR);
      await clock.setNextTime(t + 500);
      await all.accreditor.withdrawAccreditation(all.carol.party, STANDARD);
      const at = (times: number[]) => Promise.all(times.map((time) => all.bob.verifyCertificate("C-1", time)));
      expect(await at([t + 499, t + 500, t + 5000])).to.deep.equal(["Valid", "IssuerNotAccredited", "IssuerNotAccredited"]);
    });

    itWithClock("an accreditation that lapsed stops new certificates (NotAccredited) but leaves earlier ones Valid", async (clock) => {
      const all = actors();
      const t = await clock.now();
      await certificationSetUp(all, t);
      await all.accreditor.accredit(all.carol.party, "IEC61508-SIL2", t + 1000);
      await clock.setNextTime(t + 100);
      await all.carol.issueCertificate("C-1", "M-1", "IEC61508-SIL2", SCOPE, EVIDENCE, t, t + YEAR);
      await clock.setNextTime(t + 1000);
      await expectRejected(all.carol.issueCertificate("C-2", "M-1", "IEC61508-SIL2", SCOPE, EVIDENCE, t, t + YEAR), "NotAccredited");
      expect(await all.bob.verifyCertificate("C-1", t + 5000)).to.equal("Valid");
    });

    it("verifyCertificate of an unknown certificate is NotFound; with a malformed time InvalidArgument", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await issue(all.carol, "C-1", t);
      await expectRejected(all.bob.verifyCertificate("C-404", t), "NotFound");
      await expectRejected(all.bob.verifyCertificate("C-1", -1), "InvalidArgument");
    });
  });

  describe("listings and history", () => {
    it("listCertificates pages the certificates of a subject's asset by id, whatever the subject's form and status", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await bindSgtin(all);
      for (const id of ["C-3", "C-1", "C-2"]) await issue(all.carol, id, t, id === "C-2" ? SGTIN : "M-1");
      await issue(all.carol, "C-9", t, "M-2");
      await all.carol.revokeCertificate("C-3", REASON);
      const first = await all.bob.listCertificates(SGTIN, 2, "");
      expect(first.items.map((c) => c.id)).to.deep.equal(["C-1", "C-2"]);
      const second = await all.bob.listCertificates("M-1", 2, first.bookmark);
      expect(second.items.map((c) => [c.id, c.status])).to.deep.equal([["C-3", "Revoked"]]);
      expect(second.bookmark).to.equal("");
      expect(second.items[0]).to.deep.equal(await all.bob.getCertificate("C-3"));
    });

    it("listCertificates of an unknown asset or an unbound identifier is NotFound; of a non-canonical one IdentifierInvalid", async () => {
      const all = actors();
      await certificationSetUp(all, await now());
      await expectRejected(all.bob.listCertificates("M-404", 10, ""), "NotFound");
      await expectRejected(all.bob.listCertificates("hdl:88.1/none", 10, ""), "NotFound");
      await expectRejected(all.bob.listCertificates("urn:oid:1.03", 10, ""), "IdentifierInvalid");
    });

    it("listCertificatesByIssuer pages an issuer's certificates by id; an issuer of none has an empty page", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      for (const id of ["C-2", "C-1", "C-3"]) await issue(all.carol, id, t);
      const first = await all.bob.listCertificatesByIssuer(all.carol.party, 2, "");
      expect([first.items.map((c) => c.id), first.bookmark]).to.deep.equal([["C-1", "C-2"], "C-3"]);
      expect(await all.bob.listCertificatesByIssuer(all.bob.party, 10, "")).to.deep.equal({ items: [], bookmark: "" });
    });

    it("getCertificateHistory lists every state the certificate had, oldest first; of an unknown one NotFound", async () => {
      const all = actors();
      const t = await now();
      await certificationSetUp(all, t);
      await issue(all.carol, "C-1", t);
      await all.carol.suspendCertificate("C-1", REASON);
      await all.carol.supersedeCertificate("C-1", "C-2", "M-1", STANDARD, SCOPE, EVIDENCE, t, t + YEAR);
      const history = await all.bob.getCertificateHistory("C-1");
      expect(history.map((entry) => entry.value.status)).to.deep.equal(["Active", "Suspended", "Superseded"]);
      expect(history.at(-1)!.value).to.deep.equal(await all.bob.getCertificate("C-1"));
      await expectRejected(all.bob.getCertificateHistory("C-404"), "NotFound");
    });
  });
}
