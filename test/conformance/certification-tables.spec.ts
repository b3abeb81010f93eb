/**
 * Conformance, generated from tables: every (certificate state, status operation, caller)
 * against the lifecycle of core/spec/lifecycles.ts and the authority rules of
 * CERTIFICATION.md §3; and every cell of the verdict table of CERTIFICATION.md §4.
 */
import { expect } from "chai";
import { CERTIFICATE_STATUS_TRANSITIONS, type CertificateStatus, type CertificateVerdict, type ErrorCode } from "../../core/index.js";
import type { ActorLedgers, IndustrialLedger, LedgerClock } from "../../clients/ledger.js";
import type { Conformance } from "./harness.js";
import { eventOf, expectRejected, hashOf } from "./harness.js";
import { certificationSetUp, issue, STANDARD } from "./certification.spec.js";

const REASON = hashOf("reason");
const YEAR = 365 * 24 * 3600;

/** The states a certificate can be in, an accreditor's hold told apart from the issuer's suspension. */
const STATES = ["Active", "Suspended by its issuer", "Suspended by an ACCREDITOR", "Revoked", "Superseded"] as const;
type State = (typeof STATES)[number];
const CALLERS = ["issuer", "ACCREDITOR", "another ACCREDITOR", "member", "ADMIN"] as const;
type Caller = (typeof CALLERS)[number];
const OPERATIONS = ["suspendCertificate", "reinstateCertificate", "revokeCertificate", "supersedeCertificate"] as const;
type Operation = (typeof OPERATIONS)[number];

const statusOf = (state: State): CertificateStatus => (state.startsWith("Suspended") ? "Suspended" : (state as CertificateStatus));
const TARGET: Record<Operation, CertificateStatus> = {
  suspendCertificate: "Suspended",
  reinstateCertificate: "Active",
  revokeCertificate: "Revoked",
  supersedeCertificate: "Superseded",
};
const BY: Record<Caller, string> = { issuer: "its issuer", ACCREDITOR: "the ACCREDITOR", "another ACCREDITOR": "another ACCREDITOR", member: "a member", ADMIN: "an ADMIN" };
const isAccreditor = (caller: Caller) => caller === "ACCREDITOR" || caller === "another ACCREDITOR";

/** Who may attempt the operation on a certificate in `state` (CERTIFICATION.md §3). */
function authorised(operation: Operation, state: State, caller: Caller): boolean {
  if (operation === "supersedeCertificate") return caller === "issuer";
  if (operation !== "reinstateCertificate" || statusOf(state) !== "Suspended") return caller === "issuer" || isAccreditor(caller);
  return state === "Suspended by its issuer" ? caller === "issuer" : isAccreditor(caller);
}

/** The lifecycle allows the move, and an accreditor's hold keeps the issuer from superseding it away. */
function allowedFrom(operation: Operation, state: State): boolean {
  if (operation === "supersedeCertificate" && state === "Suspended by an ACCREDITOR") return false;
  if (operation === "suspendCertificate" && statusOf(state) !== "Active") return false;
  if (operation === "reinstateCertificate" && statusOf(state) !== "Suspended") return false;
  return CERTIFICATE_STATUS_TRANSITIONS[statusOf(state)].includes(TARGET[operation]);
}

function expectedOutcome(operation: Operation, state: State, caller: Caller): "ok" | ErrorCode {
  if (!authorised(operation, state, caller)) return "Unauthorized"; // authority is checked before the state
  return allowedFrom(operation, state) ? "ok" : "InvalidState";
}

function ledgerOf(all: ActorLedgers, caller: Caller): IndustrialLedger {
  return { issuer: all.carol, ACCREDITOR: all.accreditor, "another ACCREDITOR": all.financier, member: all.bob, ADMIN: all.admin }[caller];
}

/** Brings C-1 (carol's, on M-1) into `state`. */
async function certificateIn(all: ActorLedgers, state: State, t: number): Promise<void> {
  await all.admin.grantRole("ACCREDITOR", all.financier.party);
  await issue(all.carol, "C-1", t);
  if (state === "Suspended by its issuer") await all.carol.suspendCertificate("C-1", REASON);
  if (state === "Suspended by an ACCREDITOR") await all.accreditor.suspendCertificate("C-1", REASON);
  if (state === "Revoked") await all.carol.revokeCertificate("C-1", REASON);
  if (state === "Superseded") await all.carol.supersedeCertificate("C-1", "C-0", "M-1", STANDARD, REASON, REASON, t, t + YEAR);
}

function call(ledger: IndustrialLedger, operation: Operation, t: number) {
  if (operation === "supersedeCertificate") return ledger.supersedeCertificate("C-1", "C-2", "M-1", STANDARD, REASON, REASON, t, t + YEAR);
  return ledger[operation]("C-1", REASON);
}

/** The verdict table of CERTIFICATION.md §4: status at t × withdrawn by t → [before validFrom, inside, from validUntil]. */
const VERDICTS: [CertificateStatus, boolean, [CertificateVerdict, CertificateVerdict, CertificateVerdict]][] = [
  ["Active", false, ["NotYetValid", "Valid", "Expired"]],
  ["Active", true, ["IssuerNotAccredited", "IssuerNotAccredited", "IssuerNotAccredited"]],
  ["Suspended", false, ["Suspended", "Suspended", "Expired"]],
  ["Suspended", true, ["IssuerNotAccredited", "IssuerNotAccredited", "IssuerNotAccredited"]],
  ["Revoked", false, ["Revoked", "Revoked", "Revoked"]],
  ["Revoked", true, ["Revoked", "Revoked", "Revoked"]],
  ["Superseded", false, ["Superseded", "Superseded", "Superseded"]],
  ["Superseded", true, ["Superseded", "Superseded", "Superseded"]],
];

/** Issued at t+10 for [t+100, t+200); the status change at t+20; the withdrawal at t+30. Verified at t+50, t+150, t+250. */
async function verdictCell(all: ActorLedgers, clock: LedgerClock, status: CertificateStatus, withdrawn: boolean): Promise<CertificateVerdict[]> {
  const t = await clock.now();
  await certificationSetUp(all, t);
  await clock.setNextTime(t + 10);
  await all.carol.issueCertificate("C-1", "M-1", STANDARD, REASON, REASON, t + 100, t + 200);
  await clock.setNextTime(t + 20);
  if (status === "Suspended") await all.carol.suspendCertificate("C-1", REASON);
  if (status === "Revoked") await all.carol.revokeCertificate("C-1", REASON);
  if (status === "Superseded") await all.carol.supersedeCertificate("C-1", "C-2", "M-1", STANDARD, REASON, REASON, t + 100, t + 200);
  if (withdrawn) {
    await clock.setNextTime(t + 30);
    await all.accreditor.withdrawAccreditation(all.carol.party, STANDARD);
  }
  return Promise.all([t + 50, t + 150, t + 250].map((time) => all.bob.verifyCertificate("C-1", time)));
}

export function certificationTablesSpec({ it, itWithClock, actors, now }: Conformance): void {
  describe("transition table", () => {
    for (const state of STATES) {
      for (const operation of OPERATIONS) {
        for (const caller of CALLERS) {
          const expected = expectedOutcome(operation, state, caller);
          it(`${operation} of a certificate ${state}, by ${BY[caller]}: ${expected === "ok" ? `→ ${TARGET[operation]}` : expected}`, async () => {
            const all = actors();
            const t = await now();
            await certificationSetUp(all, t);
            await certificateIn(all, state, t);
            const before = await all.bob.getCertificate("C-1");
            const attempt = call(ledgerOf(all, caller), operation, t);
            if (expected !== "ok") {
              await expectRejected(attempt, expected);
              expect(await all.bob.getCertificate("C-1")).to.deep.equal(before);
              return;
            }
            const event = eventOf(await attempt);
            expect(event.name).to.equal(operation === "supersedeCertificate" ? "CertificateSuperseded" : "CertificateStatusChanged");
            expect((await all.bob.getCertificate("C-1")).status).to.equal(TARGET[operation]);
          });
        }
      }
    }
  });

  describe("verdict table", () => {
    for (const [status, withdrawn, expected] of VERDICTS) {
      itWithClock(`a certificate ${status}${withdrawn ? ", its issuer withdrawn" : ""}: ${expected.join(" / ")} before / inside / after its window`, async (clock) => {
        expect(await verdictCell(actors(), clock, status, withdrawn)).to.deep.equal(expected);
      });
    }
  });
}
