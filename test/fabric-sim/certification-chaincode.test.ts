/**
 * The certification chaincode (chaincode/src/certification-contract.ts) on the embedded
 * peer, each transaction at a time the test chooses (the proposal timestamp): the worked
 * examples of core/spec/CERTIFICATION.md §9, and random call sequences run side by side on
 * the chaincode and on the reference model, which must agree on every answer, every event
 * and everything a query can see.
 */
import { expect } from "chai";
import fc from "fast-check";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { OPERATIONS, operationsOf, parseRejection, type OperationName } from "../../core/index.js";
import { FABRIC_SCHEMA_TYPES } from "../../clients/fabric/metadata-types.js";
import { ReferenceModel } from "../../core/model/index.js";
import { isFabricParty } from "../../chaincode/src/state/parties.js";
import { loadChaincode } from "../../clients/fabric-embedded/chaincode.js";
import { createTestConsortium } from "../../clients/fabric-embedded/consortium.js";
import { EmbeddedFabric, EndorsementError } from "../../clients/fabric-embedded/sim/index.js";
import { fabricPartyOf } from "../../clients/fabric/party.js";
import { answerProblems } from "../parity/answers.js";

// Compiled by `npm run build:chaincode` (tsc, so decorator metadata exists); not yet in index.ts's contracts.
const CERTIFICATION_MAIN = fileURLToPath(new URL("../../chaincode/dist/chaincode/src/certification-contract.js", import.meta.url));
const { CertificationContract } = createRequire(import.meta.url)(CERTIFICATION_MAIN) as { CertificationContract: Function };

const { identities, organizations } = createTestConsortium();
type Actor = "admin" | "alice" | "bob" | "carol" | "accreditor";
const PARTY = Object.fromEntries(Object.entries(identities).map(([name, identity]) => [name, fabricPartyOf(identity)])) as Record<Actor, string>;

const H = `0x${"ab".repeat(32)}`;
const H2 = `0x${"cd".repeat(32)}`;
const SGTIN = "https://id.gs1.org/01/09506000134352/21/ABC";

type Event = { name: string; payload: Record<string, unknown> };
type Answer = { ok: true; value?: unknown; event?: Event | null } | { ok: false; code: string };

/** JSON with sorted keys: key order is no part of the specification. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v,
  );
}

/** Numbers travel as their JSON text, as the Fabric client sends them. */
const wire = (args: readonly unknown[]) => args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg)));
const transactionOf = (operation: string) => `${OPERATIONS[operation as OperationName].primitive}:${operation}`;

/** A rejection at endorsement carries `Code: message`; anything else is the test's own trouble. */
function rejection(error: unknown): Answer {
  if (!(error instanceof EndorsementError)) throw error;
  return { ok: false, code: parseRejection(error.message)?.code ?? `uncoded: ${error.message}` };
}

/** A fresh channel with the chaincode's contracts plus certification, initialised by admin. */
async function newPeer(): Promise<EmbeddedFabric> {
  const chaincode = loadChaincode();
  const fabric = new EmbeddedFabric({ ...chaincode, contracts: [...chaincode.contracts, CertificationContract], organizations });
  await fabric.submit(identities.admin, "roles:initLedger", []);
  return fabric;
}

async function submitTo(fabric: EmbeddedFabric, actor: Actor, operation: string, args: readonly unknown[], time: number): Promise<Answer> {
  try {
    const result = await fabric.submit(identities[actor], transactionOf(operation), wire(args), { timestamp: time });
    const event = result.event ? { name: result.event.name, payload: JSON.parse(result.event.payload.toString("utf8")) } : null;
    return { ok: true, event };
  } catch (error) {
    return rejection(error);
  }
}

async function queryOf(fabric: EmbeddedFabric, operation: string, args: readonly unknown[]): Promise<Answer> {
  try {
    return { ok: true, value: JSON.parse((await fabric.evaluate(identities.alice, transactionOf(operation), wire(args))).toString("utf8")) };
  } catch (error) {
    return rejection(error);
  }
}

// ---- the worked examples ------------------------------------------------------------------

/**
 * A channel after the common set-up of §9: at t=100 `acc` (accreditor) accredits `cb`
 * (bob) for ISO9001:2015 until 10000; alice owns M-1 and M-2. carol is a second ACCREDITOR.
 */
async function workedExample() {
  const fabric = await newPeer();
  const submit = async (actor: Actor, time: number, operation: string, ...args: unknown[]) => {
    const answer = await submitTo(fabric, actor, operation, args, time);
    if (!answer.ok) throw new Error(`${operation} at ${time}: ${answer.code}`);
    return answer.event;
  };
  const attempt = async (actor: Actor, time: number, operation: string, ...args: unknown[]) => {
    const answer = await submitTo(fabric, actor, operation, args, time);
    return answer.ok ? "accepted" : answer.code;
  };
  const query = async (operation: string, ...args: unknown[]) => {
    const answer = await queryOf(fabric, operation, args);
    if (!answer.ok) throw new Error(`${operation}: ${answer.code}`);
    return answer.value as never;
  };
  const verdicts = (id: string, times: number[]) => Promise.all(times.map((t) => query("verifyCertificate", id, t)));
  await submit("admin", 50, "grantRole", "ACCREDITOR", PARTY.accreditor);
  await submit("admin", 50, "grantRole", "ACCREDITOR", PARTY.carol);
  await submit("accreditor", 100, "accredit", PARTY.bob, "ISO9001:2015", 10_000);
  await submit("alice", 100, "registerAsset", "M-1", "machine", H, "");
  await submit("alice", 100, "registerAsset", "M-2", "machine", H, "");
  const issue = (time: number, id: string, validFrom: number, validUntil: number, subject = "M-1", standard = "ISO9001:2015") =>
    submit("bob", time, "issueCertificate", id, subject, standard, H, H, validFrom, validUntil);
  return { fabric, submit, attempt, query, verdicts, issue };
}

const ids = (page: { items: { id: string }[] }) => page.items.map((certificate) => certificate.id);

describe("certification chaincode: the worked examples of CERTIFICATION.md §9", function () {
  it("1. NotYetValid before the issue and before validFrom, Valid inside the window, Expired from validUntil", async function () {
    const { issue, verdicts } = await workedExample();
    await issue(200, "C1", 300, 1000);
    expect(await verdicts("C1", [150, 250, 300, 999, 1000])).to.deep.equal(["NotYetValid", "NotYetValid", "Valid", "Valid", "Expired"]);
  });

  it("2. a backdated validFrom does not make the ledger vouch for a time before the issue", async function () {
    const { issue, verdicts } = await workedExample();
    await issue(500, "C2", 100, 2000);
    expect(await verdicts("C2", [400, 500])).to.deep.equal(["NotYetValid", "Valid"]);
  });

  it("3. a suspension counts from its own time to the reinstatement's", async function () {
    const { issue, submit, verdicts } = await workedExample();
    await issue(200, "C3", 200, 5000);
    await submit("bob", 400, "suspendCertificate", "C3", H);
    await submit("bob", 600, "reinstateCertificate", "C3", H);
    expect(await verdicts("C3", [399, 400, 599, 600])).to.deep.equal(["Valid", "Suspended", "Suspended", "Valid"]);
  });

  it("3. changes within one second resolve to the state at the end of that second", async function () {
    const { issue, submit, verdicts } = await workedExample();
    await issue(200, "C3", 200, 5000);
    await submit("bob", 700, "suspendCertificate", "C3", H);
    await submit("bob", 700, "reinstateCertificate", "C3", H);
    expect(await verdicts("C3", [699, 700])).to.deep.equal(["Valid", "Valid"]);
  });

  it("4. under an accreditor's hold the issuer can neither reinstate nor supersede; an ACCREDITOR lifts it", async function () {
    const { issue, submit, attempt, verdicts } = await workedExample();
    await issue(200, "C3", 200, 5000);
    await submit("accreditor", 800, "suspendCertificate", "C3", H);
    expect(await attempt("bob", 810, "reinstateCertificate", "C3", H)).to.equal("Unauthorized");
    expect(await attempt("bob", 810, "supersedeCertificate", "C3", "C3b", "M-1", "ISO9001:2015", H, H, 810, 5000)).to.equal("InvalidState");
    await submit("accreditor", 900, "reinstateCertificate", "C3", H);
    expect(await verdicts("C3", [850, 900])).to.deep.equal(["Suspended", "Valid"]);
  });

  it("4. the issuer may revoke a certificate under an accreditor's hold", async function () {
    const { issue, submit, attempt, verdicts } = await workedExample();
    await issue(200, "C3", 200, 5000);
    await submit("accreditor", 800, "suspendCertificate", "C3", H);
    expect(await attempt("bob", 820, "revokeCertificate", "C3", H)).to.equal("accepted");
    expect(await verdicts("C3", [810, 820])).to.deep.equal(["Suspended", "Revoked"]);
  });

  it("5. a withdrawal counts from its own time, survives re-accreditation, and a supersede recovers", async function () {
    const { issue, submit, attempt, verdicts } = await workedExample();
    await issue(300, "C4", 300, 5000);
    await submit("accreditor", 1000, "withdrawAccreditation", PARTY.bob, "ISO9001:2015");
    expect(await verdicts("C4", [999, 1000, 1100])).to.deep.equal(["Valid", "IssuerNotAccredited", "IssuerNotAccredited"]);
    expect(await attempt("bob", 1100, "issueCertificate", "CX", "M-1", "ISO9001:2015", H, H, 1100, 5000)).to.equal("NotAccredited");
    await submit("accreditor", 1200, "accredit", PARTY.bob, "ISO9001:2015", 10_000);
    expect(await verdicts("C4", [1250])).to.deep.equal(["IssuerNotAccredited"]);
    await submit("bob", 1300, "supersedeCertificate", "C4", "C5", "M-1", "ISO9001:2015", H, H, 1300, 5000);
    expect(await verdicts("C4", [1300, 1100])).to.deep.equal(["Superseded", "IssuerNotAccredited"]);
    expect(await verdicts("C5", [1300])).to.deep.equal(["Valid"]);
  });

  it("6. a lapsed accreditation stops new issues but not the certificates issued while it was in force", async function () {
    const { submit, attempt, verdicts } = await workedExample();
    await submit("accreditor", 100, "accredit", PARTY.bob, "IEC61508-SIL2", 2000);
    await submit("bob", 1500, "issueCertificate", "C6", "M-1", "IEC61508-SIL2", H, H, 1500, 4000);
    expect(await verdicts("C6", [3000])).to.deep.equal(["Valid"]);
    expect(await attempt("bob", 2100, "issueCertificate", "C6b", "M-1", "IEC61508-SIL2", H, H, 2100, 4000)).to.equal("NotAccredited");
  });

  it("7. Expired takes precedence over Suspended; Revoked counts from its own time only", async function () {
    const { issue, submit, verdicts } = await workedExample();
    await issue(200, "C7", 200, 1000);
    await submit("bob", 500, "suspendCertificate", "C7", H);
    expect(await verdicts("C7", [600, 1000])).to.deep.equal(["Suspended", "Expired"]);
    await submit("bob", 1200, "revokeCertificate", "C7", H);
    expect(await verdicts("C7", [1100, 1200, 600])).to.deep.equal(["Expired", "Revoked", "Suspended"]);
  });

  it("8. a certificate superseded before a withdrawal stays Superseded; its successor loses its issuer's standing", async function () {
    const { issue, submit, verdicts } = await workedExample();
    await issue(200, "C8", 200, 5000);
    await submit("bob", 500, "supersedeCertificate", "C8", "C9", "M-1", "ISO9001:2015", H, H, 500, 5000);
    await submit("accreditor", 700, "withdrawAccreditation", PARTY.bob, "ISO9001:2015");
    expect([...(await verdicts("C8", [800])), ...(await verdicts("C9", [800]))]).to.deep.equal(["Superseded", "IssuerNotAccredited"]);
  });

  it("9. rebinding an identifier moves its listing to the new asset; the certificate and its verdicts stay with the old one", async function () {
    const { issue, submit, query, verdicts } = await workedExample();
    await submit("admin", 150, "registerNamespace", "gs1", "9506000", PARTY.alice);
    await submit("alice", 150, "bindIdentifier", "M-1", SGTIN);
    await issue(200, "C10", 200, 5000, SGTIN);
    await issue(200, "C11", 200, 5000, "M-2");
    const before = await verdicts("C10", [199, 200, 300, 400, 5000]);
    await submit("alice", 300, "unbindIdentifier", SGTIN);
    await submit("alice", 300, "bindIdentifier", "M-2", SGTIN);
    expect(ids(await query("listCertificates", SGTIN, 10, ""))).to.deep.equal(["C11"]);
    expect(ids(await query("listCertificates", "M-1", 10, ""))).to.deep.equal(["C10"]);
    expect(await verdicts("C10", [199, 200, 300, 400, 5000])).to.deep.equal(before);
    expect(await query("getCertificate", "C10")).to.include({ subject: SGTIN, assetId: "M-1" });
  });

  it("10. a verdict for a future time is a forecast from today's status and the window at that time", async function () {
    const { issue, verdicts } = await workedExample();
    await issue(200, "C1", 300, 1000);
    expect(await verdicts("C1", [900, 1500])).to.deep.equal(["Valid", "Expired"]);
  });

  it("10. a later transaction changes a forecast: a suspension at 800 makes 900 Suspended", async function () {
    const { issue, submit, verdicts } = await workedExample();
    await issue(200, "C1", 300, 1000);
    expect(await verdicts("C1", [900])).to.deep.equal(["Valid"]);
    await submit("bob", 800, "suspendCertificate", "C1", H);
    expect(await verdicts("C1", [799, 900])).to.deep.equal(["Valid", "Suspended"]);
  });
});

describe("certification chaincode: its interface", function () {
  it("its metadata has every certification operation of the spec, with the spec's parameters and kind, and nothing else", async function () {
    const fabric = await newPeer();
    type Metadata = { contracts: Record<string, { transactions: { name: string; tag?: string[]; parameters?: { name: string; schema: { type?: string } }[] }[] }> };
    const metadata = JSON.parse((await fabric.evaluate(identities.alice, "org.hyperledger.fabric:GetMetadata", [])).toString("utf8")) as Metadata;
    const signature = (name: string, tag: string | undefined, params: string[]) => `${tag} ${name}(${params.join(", ")})`;
    const actual = metadata.contracts.certification.transactions
      .map((t) => signature(t.name, t.tag?.find((x) => x === "SUBMIT" || x === "EVALUATE"), (t.parameters ?? []).map((p) => `${p.schema.type} ${p.name}`)))
      .sort();
    const expected = operationsOf("certification")
      .map((name) => {
        const operation = OPERATIONS[name];
        return signature(name, operation.kind === "submit" ? "SUBMIT" : "EVALUATE", operation.params.map((p) => `${FABRIC_SCHEMA_TYPES[p.type]} ${p.name}`));
      })
      .sort();
    expect(actual).to.deep.equal(expected);
  });
});

describe("certification chaincode: rules the examples do not show", function () {
  it("a status change earlier than the certificate's last one is InvalidState (the time guard)", async function () {
    const { issue, submit, attempt } = await workedExample();
    await issue(200, "C1", 200, 90_000);
    await submit("bob", 500, "suspendCertificate", "C1", H);
    expect(await attempt("bob", 499, "reinstateCertificate", "C1", H)).to.equal("InvalidState");
    expect(await attempt("bob", 500, "reinstateCertificate", "C1", H)).to.equal("accepted");
  });

  it("an accreditation cannot be changed at a time before its last change (the time guard)", async function () {
    const { attempt } = await workedExample();
    expect(await attempt("accreditor", 99, "accredit", PARTY.bob, "ISO9001:2015", 20_000)).to.equal("InvalidState");
    expect(await attempt("accreditor", 99, "withdrawAccreditation", PARTY.bob, "ISO9001:2015")).to.equal("InvalidState");
    expect(await attempt("accreditor", 100, "withdrawAccreditation", PARTY.bob, "ISO9001:2015")).to.equal("accepted");
  });

  it("a certificate may be suspended 31 times; the 32nd suspension is InvalidState", async function () {
    this.timeout(120_000);
    const { issue, submit, attempt } = await workedExample();
    await issue(200, "C1", 200, 90_000);
    for (let n = 1; n <= 31; n++) {
      await submit("bob", 500 + n, "suspendCertificate", "C1", H);
      await submit("bob", 500 + n, "reinstateCertificate", "C1", H);
    }
    expect(await attempt("bob", 600, "suspendCertificate", "C1", H)).to.equal("InvalidState");
    expect(await attempt("bob", 600, "revokeCertificate", "C1", H)).to.equal("accepted");
  });

  it("only an ACCREDITOR accredits, and never itself", async function () {
    const { attempt } = await workedExample();
    expect(await attempt("alice", 200, "accredit", PARTY.bob, "ISO14001:2015", 5000)).to.equal("Unauthorized");
    expect(await attempt("accreditor", 200, "accredit", PARTY.accreditor, "ISO14001:2015", 5000)).to.equal("Unauthorized");
  });

  it("an ACCREDITOR cannot lift a suspension the issuer imposed", async function () {
    const { issue, submit, attempt } = await workedExample();
    await issue(200, "C1", 200, 5000);
    await submit("bob", 300, "suspendCertificate", "C1", H);
    expect(await attempt("accreditor", 400, "reinstateCertificate", "C1", H)).to.equal("Unauthorized");
    expect(await attempt("bob", 400, "reinstateCertificate", "C1", H)).to.equal("accepted");
  });

  it("an issuer that is itself an ACCREDITOR cannot lift another ACCREDITOR's hold on its own certificate", async function () {
    const { submit, attempt } = await workedExample();
    await submit("accreditor", 100, "accredit", PARTY.carol, "ISO9001:2015", 10_000);
    await submit("carol", 200, "issueCertificate", "K1", "M-1", "ISO9001:2015", H, H, 200, 5000);
    await submit("accreditor", 300, "suspendCertificate", "K1", H);
    expect(await attempt("carol", 400, "reinstateCertificate", "K1", H)).to.equal("Unauthorized");
    expect(await attempt("accreditor", 400, "reinstateCertificate", "K1", H)).to.equal("accepted");
  });

  it("a supersede must certify the same asset anew: another asset is InvalidArgument", async function () {
    const { issue, attempt } = await workedExample();
    await issue(200, "C1", 200, 5000);
    expect(await attempt("bob", 300, "supersedeCertificate", "C1", "C2", "M-2", "ISO9001:2015", H, H, 300, 5000)).to.equal("InvalidArgument");
  });

  it("a decommissioned asset takes no new certificate, and its certificates' verdicts stand", async function () {
    const { issue, submit, attempt, verdicts } = await workedExample();
    await issue(200, "C1", 200, 5000);
    await submit("alice", 300, "setAssetStatus", "M-1", "Decommissioned");
    expect(await attempt("bob", 400, "issueCertificate", "C2", "M-1", "ISO9001:2015", H, H, 400, 5000)).to.equal("InvalidState");
    expect(await attempt("bob", 400, "supersedeCertificate", "C1", "C2", "M-1", "ISO9001:2015", H, H, 400, 5000)).to.equal("InvalidState");
    expect(await verdicts("C1", [400])).to.deep.equal(["Valid"]);
  });

  it("a subject shaped like an asset id but starting with did: is a DID: the asset registered under that id does not capture it", async function () {
    const { submit, attempt, query } = await workedExample();
    await submit("alice", 100, "registerAsset", "did:web:acme.com", "machine", H, "");
    expect(await attempt("bob", 200, "issueCertificate", "C1", "did:web:acme.com", "ISO9001:2015", H, H, 200, 5000)).to.equal("NotFound");
    await submit("admin", 200, "registerNamespace", "did", "web", PARTY.alice);
    await submit("alice", 200, "bindIdentifier", "M-2", "did:web:acme.com");
    await submit("bob", 200, "issueCertificate", "C1", "did:web:acme.com", "ISO9001:2015", H, H, 200, 5000);
    expect(await query("getCertificate", "C1")).to.include({ subject: "did:web:acme.com", assetId: "M-2" });
  });

  it("a Handle written with another suffix case resolves to the same asset, and is stored as written", async function () {
    const { submit, query } = await workedExample();
    await submit("admin", 150, "registerNamespace", "handle", "88.118.8", PARTY.alice);
    await submit("alice", 150, "bindIdentifier", "M-2", "hdl:88.118.8/ABC-001");
    await submit("bob", 200, "issueCertificate", "C1", "hdl:88.118.8/abc-001", "ISO9001:2015", H, H, 200, 5000);
    expect(await query("getCertificate", "C1")).to.include({ subject: "hdl:88.118.8/abc-001", assetId: "M-2" });
    expect(ids(await query("listCertificates", "hdl:88.118.8/ABC-001", 10, ""))).to.deep.equal(["C1"]);
  });

  it("queries show a certificate's and an accreditation's public fields only, never the status log, epoch or withdrawals", async function () {
    const { issue, submit, query } = await workedExample();
    await issue(200, "C1", 200, 5000);
    await submit("bob", 300, "suspendCertificate", "C1", H);
    await submit("accreditor", 400, "withdrawAccreditation", PARTY.bob, "ISO9001:2015");
    const certificateFields = ["assetId", "evidenceHash", "id", "issuedAt", "issuer", "scopeHash", "standard", "status", "subject", "supersededBy", "supersedes", "suspendedBy", "validFrom", "validUntil"];
    const accreditationFields = ["accreditedAt", "accreditedBy", "certifier", "standard", "validUntil", "withdrawnAt"];
    const certificate: Record<string, unknown> = await query("getCertificate", "C1");
    expect(Object.keys(certificate).sort()).to.deep.equal(certificateFields);
    const history: { value: object }[] = await query("getCertificateHistory", "C1");
    for (const entry of history) expect(Object.keys(entry.value).sort()).to.deep.equal(certificateFields);
    expect(Object.keys(await query("getAccreditation", PARTY.bob, "ISO9001:2015")).sort()).to.deep.equal(accreditationFields);
    const accreditations: { value: object }[] = await query("getAccreditationHistory", PARTY.bob, "ISO9001:2015");
    for (const entry of accreditations) expect(Object.keys(entry.value).sort()).to.deep.equal(accreditationFields);
  });

  it("a certificate's history has one entry per transaction that wrote it, oldest first, at that transaction's time", async function () {
    const { issue, submit, query } = await workedExample();
    await issue(200, "C1", 200, 5000);
    await submit("bob", 300, "suspendCertificate", "C1", H);
    await submit("bob", 300, "reinstateCertificate", "C1", H);
    await submit("bob", 450, "supersedeCertificate", "C1", "C2", "M-1", "ISO9001:2015", H2, H2, 450, 6000);
    const history: { timestamp: number; value: { status: string; suspendedBy: string; supersededBy: string } }[] = await query("getCertificateHistory", "C1");
    expect(history.map((entry) => [entry.timestamp, entry.value.status, entry.value.suspendedBy !== "", entry.value.supersededBy])).to.deep.equal([
      [200, "Active", false, ""],
      [300, "Suspended", true, ""],
      [300, "Active", false, ""],
      [450, "Superseded", false, "C2"],
    ]);
    const successor: { timestamp: number; value: { supersedes: string } }[] = await query("getCertificateHistory", "C2");
    expect(successor.map((entry) => [entry.timestamp, entry.value.supersedes])).to.deep.equal([[450, "C1"]]);
  });

  it("an accreditation's history has one entry per accredit or withdraw, oldest first", async function () {
    const { submit, query } = await workedExample();
    await submit("accreditor", 400, "withdrawAccreditation", PARTY.bob, "ISO9001:2015");
    await submit("carol", 500, "accredit", PARTY.bob, "ISO9001:2015", 8000);
    const history: { timestamp: number; value: { accreditedBy: string; withdrawnAt: number; validUntil: number } }[] = await query("getAccreditationHistory", PARTY.bob, "ISO9001:2015");
    expect(history.map(({ timestamp, value }) => [timestamp, value.accreditedBy, value.withdrawnAt, value.validUntil])).to.deep.equal([
      [100, PARTY.accreditor, 0, 10_000],
      [400, PARTY.accreditor, 400, 10_000],
      [500, PARTY.carol, 0, 8000],
    ]);
  });

  it("listings page in ascending id order, the bookmark being the first id of the next page", async function () {
    const { issue, query } = await workedExample();
    for (const id of ["C3", "C10", "A1", "C2"]) await issue(200, id, 200, 5000);
    const first: { items: { id: string }[]; bookmark: string } = await query("listCertificates", "M-1", 3, "");
    expect([ids(first), first.bookmark]).to.deep.equal([["A1", "C10", "C2"], "C3"]);
    const second: { items: { id: string }[]; bookmark: string } = await query("listCertificatesByIssuer", PARTY.bob, 3, first.bookmark);
    expect([ids(second), second.bookmark]).to.deep.equal([["C3"], ""]);
  });

  it("an issuer with no certificates lists an empty page, not NotFound", async function () {
    const { query } = await workedExample();
    expect(await query("listCertificatesByIssuer", PARTY.carol, 10, "")).to.deep.equal({ items: [], bookmark: "" });
  });
});

// ---- differential: the chaincode against the reference model --------------------------------

/** An argument: an actor's party, a literal, or a time relative to the step's own time. */
type ArgSpec = { actor: Actor } | { value: unknown } | { rel: number };
interface Step {
  actor: Actor;
  operation: string;
  args: ArgSpec[];
  /** Seconds from the previous step's time: mostly forward, sometimes 0, sometimes back (the time guard). */
  dt: number;
}

const T0 = 1000;
const STANDARDS = ["ISO9001", "IEC61508"];
const CERTIFICATE_IDS = ["C1", "C2", "C3"];
/** Subjects that resolve (asset ids, a GS1 key, a Handle in the case it was not bound in, a DID also registered as an asset id). */
const SUBJECTS = ["M-1", "M-2", SGTIN, "hdl:88.118.8/abc-001", "did:web:acme.com"];
const LISTED_SUBJECTS = ["M-1", "M-2", SGTIN, "did:web:acme.com"];
const FABRIC_STRANGER = "Org9MSP::x509::/C=US/CN=stranger::/C=US/CN=ca.org9.example.com";
const CERTIFIERS: Actor[] = ["bob", "carol", "alice"];
const ISSUERS: Actor[] = ["bob", "carol", "accreditor"];

const constant = <T>(...values: T[]) => fc.constantFrom(...values).map((value): ArgSpec => ({ value }));
const relative = (min: number, max: number) => fc.integer({ min, max }).map((rel): ArgSpec => ({ rel }));
/** Not timestamps, but JSON numbers (NaN would travel as `null`, which contract-api refuses before the contract runs). */
const BAD_NUMBERS = constant(-1, 2.5, 2 ** 53);

/** Each parameter as [valid, edges]. */
type Domain = [fc.Arbitrary<ArgSpec>, fc.Arbitrary<ArgSpec>];
const D: Record<string, Domain> = {
  id: [fc.oneof({ arbitrary: constant("C1"), weight: 2 }, { arbitrary: constant(...CERTIFICATE_IDS), weight: 2 }), constant("", "has space", "x".repeat(65))],
  /** Supersede mostly the certificate the set-up issued, by one not issued yet. */
  oldId: [fc.oneof({ arbitrary: constant("C1"), weight: 3 }, { arbitrary: constant("C2", "C3"), weight: 2 }), constant("", "has space")],
  newId: [fc.oneof({ arbitrary: constant("C2", "C3"), weight: 4 }, { arbitrary: constant("C1"), weight: 1 }), constant("", "has space")],
  subject: [constant(...SUBJECTS), constant("M-9", "urn:oid:1.3.6.1.4.1.343.5", "(01)09506000134352(21)ABC", "", "urn:oid:1.3.06")],
  /** C1 is about M-1, which SGTIN stands for while it is bound there. */
  successorSubject: [fc.oneof({ arbitrary: constant("M-1", SGTIN), weight: 3 }, { arbitrary: constant(...SUBJECTS), weight: 1 }), constant("M-9", "")],
  standard: [constant(...STANDARDS), constant("", "a b")],
  hash: [constant(H, H2), constant("0x12", `0x${"AB".repeat(32)}`, "")],
  validFrom: [relative(-500, 500), BAD_NUMBERS],
  validUntil: [fc.oneof({ arbitrary: relative(500, 4000), weight: 4 }, { arbitrary: relative(1, 500), weight: 1 }), fc.oneof(relative(-300, 0), BAD_NUMBERS)],
  accreditUntil: [relative(1, 6000), fc.oneof(relative(-100, 0), BAD_NUMBERS)],
  atTime: [relative(-2000, 3000), BAD_NUMBERS],
  party: [
    fc.constantFrom<Actor>("bob", "bob", "bob", "carol", "carol", "alice", "accreditor").map((actor): ArgSpec => ({ actor })),
    constant(FABRIC_STRANGER, "not-a-party", "", "0x000000000000000000000000000000000000dEaD"),
  ],
  pageSize: [constant(1, 2, 100), constant(0, 101, 2.5, -1)],
  bookmark: [constant("", "C2"), constant("not a bookmark")],
  role: [constant("ACCREDITOR"), constant("OWNER")],
  assetId: [constant("M-1", "M-2"), constant("M-9")],
  assetStatus: [constant("Active", "Suspended", "Decommissioned"), constant("Retired")],
  identifier: [constant(SGTIN), constant("(01)09506000134352(21)ABC")],
};

/** The certifiers, the ACCREDITORs, and everyone else, weighted so that state builds up. */
const certificationActor = fc.oneof(
  { arbitrary: fc.constant<Actor>("bob"), weight: 4 },
  { arbitrary: fc.constant<Actor>("accreditor"), weight: 3 },
  { arbitrary: fc.constant<Actor>("carol"), weight: 2 },
  { arbitrary: fc.constantFrom<Actor>("alice", "admin"), weight: 1 },
);
/** Accreditations are mostly the ACCREDITORs' (accreditor; carol, also a certifier). */
const accreditingActor = fc.oneof(
  { arbitrary: fc.constant<Actor>("accreditor"), weight: 4 },
  { arbitrary: fc.constant<Actor>("carol"), weight: 2 },
  { arbitrary: fc.constantFrom<Actor>("bob", "alice", "admin"), weight: 1 },
);
/** Issues and supersedes come mostly from the accredited certifiers (bob; carol, also an ACCREDITOR). */
const issuingActor = fc.oneof(
  { arbitrary: fc.constant<Actor>("bob"), weight: 5 },
  { arbitrary: fc.constant<Actor>("carol"), weight: 3 },
  { arbitrary: fc.constantFrom<Actor>("accreditor", "alice"), weight: 1 },
);

const CERTIFICATE_FIELDS = ["subject", "standard", "hash", "hash", "validFrom", "validUntil"];
const OPERATION_ARGS: Record<string, { params: string[]; weight: number; actors?: fc.Arbitrary<Actor> }> = {
  accredit: { params: ["party", "standard", "accreditUntil"], weight: 3, actors: accreditingActor },
  withdrawAccreditation: { params: ["party", "standard"], weight: 2, actors: accreditingActor },
  issueCertificate: { params: ["id", ...CERTIFICATE_FIELDS], weight: 6, actors: issuingActor },
  suspendCertificate: { params: ["id", "hash"], weight: 4 },
  reinstateCertificate: { params: ["id", "hash"], weight: 5 },
  revokeCertificate: { params: ["id", "hash"], weight: 2 },
  supersedeCertificate: { params: ["oldId", "newId", "successorSubject", ...CERTIFICATE_FIELDS.slice(1)], weight: 4, actors: issuingActor },
  grantRole: { params: ["role", "party"], weight: 1, actors: fc.constantFrom<Actor>("admin", "admin", "bob") },
  revokeRole: { params: ["role", "party"], weight: 1, actors: fc.constantFrom<Actor>("admin", "admin", "carol") },
  setAssetStatus: { params: ["assetId", "assetStatus"], weight: 1, actors: fc.constant<Actor>("alice") },
  unbindIdentifier: { params: ["identifier"], weight: 1, actors: fc.constant<Actor>("alice") },
  bindIdentifier: { params: ["assetId", "identifier"], weight: 1, actors: fc.constant<Actor>("alice") },
  getAccreditation: { params: ["party", "standard"], weight: 1 },
  getAccreditationHistory: { params: ["party", "standard"], weight: 1 },
  getCertificate: { params: ["id"], weight: 1 },
  getCertificateHistory: { params: ["id"], weight: 1 },
  verifyCertificate: { params: ["id", "atTime"], weight: 1 },
  listCertificates: { params: ["subject", "pageSize", "bookmark"], weight: 1 },
  listCertificatesByIssuer: { params: ["party", "pageSize", "bookmark"], weight: 1 },
};

const timeStep = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.integer({ min: 1, max: 60 }), weight: 5 },
  { arbitrary: fc.integer({ min: 61, max: 600 }), weight: 1 },
  { arbitrary: fc.integer({ min: -200, max: -1 }), weight: 1 },
);

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  ...Object.entries(OPERATION_ARGS).map(([operation, { params, weight, actors }]) => ({
    weight,
    arbitrary: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }).chain((edges) =>
      fc.record({
        actor: actors ?? certificationActor,
        operation: fc.constant(operation),
        // Mostly every argument valid (state builds up); a fifth of the time each may be an edge (every check is reached).
        args: fc.tuple(...params.map((param) => (edges ? fc.oneof(D[param][0], D[param][1]) : D[param][0]))),
        dt: timeStep,
      }),
    ),
  })),
);
/** A suspension and an attempt to lift it: by the issuer, the same or another ACCREDITOR, at once, later or earlier. */
const suspendThenLift: fc.Arbitrary<Step[]> = fc
  .tuple(D.id[0], fc.constantFrom<Actor>("bob", "carol", "accreditor"), fc.constantFrom<Actor>("bob", "carol", "accreditor"), timeStep, timeStep)
  .map(([id, suspender, lifter, dt, later]) => [
    { actor: suspender, operation: "suspendCertificate", args: [id, { value: H }], dt },
    { actor: lifter, operation: "reinstateCertificate", args: [id, { value: H2 }], dt: later },
  ]);
const sequences = fc
  .array(fc.oneof({ arbitrary: stepArbitrary.map((step) => [step]), weight: 6 }, { arbitrary: suspendThenLift, weight: 1 }), { minLength: 1, maxLength: 25, size: "max" })
  .map((chunks) => chunks.flat().slice(0, 25));

/** The same set-up on both sides: two ACCREDITORs, alice's assets and bindings, bob and carol accredited, bob's C1 and carol's C3. */
const SETUP: [Actor, string, unknown[]][] = [
  ["admin", "grantRole", ["ACCREDITOR", PARTY.accreditor]],
  ["admin", "grantRole", ["ACCREDITOR", PARTY.carol]],
  ["alice", "registerAsset", ["M-1", "machine", H, ""]],
  ["alice", "registerAsset", ["M-2", "machine", H, ""]],
  ["alice", "registerAsset", ["did:web:acme.com", "machine", H, ""]],
  ["admin", "registerNamespace", ["gs1", "9506000", PARTY.alice]],
  ["admin", "registerNamespace", ["handle", "88.118.8", PARTY.alice]],
  ["admin", "registerNamespace", ["did", "web", PARTY.alice]],
  ["alice", "bindIdentifier", ["M-1", SGTIN]],
  ["alice", "bindIdentifier", ["M-2", "hdl:88.118.8/ABC-001"]],
  ["alice", "bindIdentifier", ["M-2", "did:web:acme.com"]],
  ["accreditor", "accredit", [PARTY.bob, "ISO9001", T0 + 6000]],
  ["accreditor", "accredit", [PARTY.bob, "IEC61508", T0 + 3000]],
  ["accreditor", "accredit", [PARTY.carol, "ISO9001", T0 + 6000]],
  ["bob", "issueCertificate", ["C1", "M-1", "ISO9001", H, H, T0, T0 + 3000]],
  ["carol", "issueCertificate", ["C3", "M-2", "ISO9001", H2, H, T0 + 100, T0 + 4000]],
];

/** How often each operation got each answer (printed with CERTIFICATION_OUTCOMES=1): what the generator reaches. */
const OUTCOMES = new Map<string, number>();
const tally = (key: string) => OUTCOMES.set(key, (OUTCOMES.get(key) ?? 0) + 1);

class Divergence extends Error {}
/** Parties print in a replay as the actor's name. */
const ACTOR_OF = new Map(Object.entries(PARTY).map(([actor, party]) => [party, `PARTY.${actor}`]));

/** One run: the chaincode and the model, step by step, with the replay of what was sent. */
class Twin {
  readonly model = new ReferenceModel({ firstAdmin: PARTY.admin, isParty: isFabricParty, ledgerDomain: "fabric:mychannel" });
  readonly script: string[] = [];
  readonly times: number[] = [];
  private constructor(readonly fabric: EmbeddedFabric) {}

  static async create(): Promise<Twin> {
    return new Twin(await newPeer());
  }

  async submit(actor: Actor, operation: string, args: unknown[], time: number): Promise<void> {
    this.script.push(`${actor} ${operation}(${args.map((a) => ACTOR_OF.get(a as string) ?? JSON.stringify(a)).join(", ")}) at ${time}`);
    const back = time < Math.max(0, ...this.times) ? " (back in time)" : "";
    this.times.push(time);
    const kind = OPERATIONS[operation as OperationName].kind;
    const expected = kind === "submit" ? this.modelSubmit(actor, operation, args, time) : this.modelQuery(operation, args);
    const actual = kind === "submit" ? await submitTo(this.fabric, actor, operation, args, time) : await this.chaincodeQuery(operation, args);
    tally(`${operation}${back} → ${actual.ok ? "ok" : actual.code}`);
    this.same(actual, expected, "answer");
    const problems = answerProblems(operation as OperationName, actual.ok ? { event: actual.event ?? undefined } : { code: actual.code });
    this.same(problems, [], "answer against the spec");
  }

  /** Everything a query can see, asked of both: certificates, verdicts at `times`, listings page by page, accreditations. */
  async observe(times: number[]): Promise<void> {
    const queries: [string, unknown[]][] = [];
    for (const id of CERTIFICATE_IDS) {
      queries.push(["getCertificate", [id]], ["getCertificateHistory", [id]]);
      for (const t of times) queries.push(["verifyCertificate", [id, t]]);
    }
    for (const [certifier, standard] of CERTIFIERS.flatMap((c) => STANDARDS.map((s) => [PARTY[c], s]))) {
      queries.push(["getAccreditation", [certifier, standard]], ["getAccreditationHistory", [certifier, standard]]);
    }
    for (const [operation, args] of queries) {
      const actual = await this.chaincodeQuery(operation, args);
      if (operation === "verifyCertificate" && actual.ok) tally(`verdict ${String(actual.value)}`);
      this.same(actual, this.modelQuery(operation, args), `${operation}(${args.join(", ")})`);
    }
    const listings: [string, string][] = [
      ...LISTED_SUBJECTS.map((subject): [string, string] => ["listCertificates", subject]),
      ...ISSUERS.map((issuer): [string, string] => ["listCertificatesByIssuer", PARTY[issuer]]),
    ];
    for (const [operation, owner] of listings) {
      // Page by page with the answer's own bookmark: the bookmarks must agree too.
      let bookmark = "";
      for (let page = 0; page <= CERTIFICATE_IDS.length; page++) {
        const args = [owner, 2, bookmark];
        const actual = await this.chaincodeQuery(operation, args);
        this.same(actual, this.modelQuery(operation, args), `${operation}(${args.join(", ")})`);
        bookmark = actual.ok ? (actual.value as { bookmark: string }).bookmark : "";
        if (bookmark === "") break;
      }
    }
  }

  /** Every boundary a verdict can change at: each step's time and the second before, each certificate's window. */
  boundaries(): number[] {
    const windows = CERTIFICATE_IDS.flatMap((id) => {
      const answer = this.modelQuery("getCertificate", [id]);
      const certificate = answer.ok ? (answer.value as { validFrom: number; validUntil: number }) : undefined;
      return certificate ? [certificate.validFrom - 1, certificate.validFrom, certificate.validUntil - 1, certificate.validUntil] : [];
    });
    return [...new Set([0, ...this.times.flatMap((t) => [t - 1, t]), ...windows])].filter((t) => t >= 0).sort((a, b) => a - b);
  }

  private modelSubmit(actor: Actor, operation: string, args: unknown[], time: number): Answer {
    const outcome = this.model.submit(operation, args, PARTY[actor], time);
    return outcome.ok ? { ok: true, event: outcome.event ? { name: outcome.event.name, payload: outcome.event.payload } : null } : outcome;
  }

  private modelQuery(operation: string, args: unknown[]): Answer {
    const outcome = this.model.query(operation, args, PARTY.alice);
    return outcome.ok ? { ok: true, value: outcome.value } : outcome;
  }

  /** A history compares by its values: transaction ids and times are the platform's, not the model's. */
  private async chaincodeQuery(operation: string, args: unknown[]): Promise<Answer> {
    const answer = await queryOf(this.fabric, operation, args);
    if (!answer.ok || !operation.endsWith("History")) return answer;
    return { ok: true, value: (answer.value as { value: unknown }[]).map((entry) => entry.value) };
  }

  private same(actual: unknown, expected: unknown, what: string): void {
    if (stable(actual) === stable(expected)) return;
    throw new Divergence(`${what} differs from the model\n  model:     ${stable(expected)}\n  chaincode: ${stable(actual)}\nreplay:\n  ${this.script.join("\n  ")}`);
  }
}

function resolve(arg: ArgSpec, time: number): unknown {
  if ("actor" in arg) return PARTY[arg.actor];
  if ("rel" in arg) return time + arg.rel;
  return arg.value;
}

describe("certification chaincode: differential against the reference model", function () {
  after(function () {
    if (!process.env.CERTIFICATION_OUTCOMES) return;
    console.log([...OUTCOMES].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => `  ${key}: ${n}`).join("\n"));
  });

  it("random certification sequences give the model's answers, events, verdicts, listings and histories", async function () {
    this.timeout(900_000);
    await fc.assert(
      fc.asyncProperty(sequences, async (steps) => {
        const twin = await Twin.create();
        for (const [actor, operation, args] of SETUP) await twin.submit(actor, operation, args, T0);
        let time = T0;
        for (const step of steps) {
          const previous = time;
          time = Math.max(0, time + step.dt);
          await twin.submit(step.actor, step.operation, step.args.map((arg) => resolve(arg, time)), time);
          const recent = twin.times.slice(-4);
          await twin.observe([...new Set([0, previous, time - 1, time, time + 1, time + 10_000, ...recent])].filter((t) => t >= 0));
        }
        await twin.observe(twin.boundaries());
      }),
      { numRuns: Number(process.env.CERTIFICATION_RUNS ?? 50) },
    );
  });
});
