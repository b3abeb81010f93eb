/**
 * §3 Certification, exactly as core/spec/CERTIFICATION.md: accreditations with their
 * withdrawals, certificates with a status log, and `verifyCertificate` answering the
 * verdict that held at the time asked about.
 */
import { parseCanonical } from "../identifiers/index.js";
import type { CertificateStatus, CertificateVerdict } from "../spec/lifecycles.js";
import { subjectProblem } from "../spec/subjects.js";
import { isAssetSubject, isHash, isId, isLabel, isPageSize, isTimestamp, MAX_SUSPENSIONS } from "../spec/rules.js";
import type { Accreditation, Certificate, CertificateFields, Page } from "../spec/types.js";
import { byUtf8, loadAsset } from "./assets.js";
import { type ModelContext, requireParty } from "./context.js";
import { fail, type ModelEvent } from "./outcome.js";
import { hasRole, requireRole } from "./roles.js";
import { type ModelAccreditation, type ModelCertificate, record } from "./state.js";

const accreditationId = (certifier: string, standard: string) => `${certifier} ${standard}`;

/** The public record: what getAccreditation answers. */
function publicAccreditation({ withdrawals: _, ...accreditation }: ModelAccreditation): Accreditation {
  return accreditation;
}

function publicCertificate({ log: _log, epoch: _epoch, suspensions: _suspensions, ...certificate }: ModelCertificate): Certificate {
  return certificate;
}

function inForce(accreditation: ModelAccreditation | undefined, at: number): boolean {
  return !!accreditation && accreditation.withdrawnAt === 0 && accreditation.accreditedAt <= at && at < accreditation.validUntil;
}

// ---- arguments ----------------------------------------------------------------------------

function requireStandard(standard: unknown): asserts standard is string {
  if (!isLabel(standard)) fail("InvalidArgument", "standard");
}

/** A subject's form, by syntax alone (§5): an asset id, or else a canonical identifier. */
function requireSubjectForm(subject: unknown): asserts subject is string {
  const problem = subjectProblem(subject);
  if (problem) fail("IdentifierInvalid", problem);
}

/** The asset a well-formed subject stands for now: NotFound if unregistered or unbound. */
function resolveSubject(ctx: ModelContext, subject: string): string {
  if (isAssetSubject(subject)) return loadAsset(ctx, subject).id;
  const binding = ctx.state.bindings.get(parseCanonical(subject).key);
  if (!binding) fail("NotFound", `${subject} is not bound`);
  return binding.assetId;
}

/** Step 1 of issue and supersede after the id: the fields' forms and the window. */
function requireFields(ctx: ModelContext, ...[subject, standard, scopeHash, evidenceHash, validFrom, validUntil]: unknown[]): CertificateFields {
  // Fixed-width values first (CERTIFICATION.md §0): a client refuses a malformed one before sending.
  if (!isHash(scopeHash)) fail("InvalidArgument", "scopeHash");
  if (!isHash(evidenceHash)) fail("InvalidArgument", "evidenceHash");
  if (!isTimestamp(validFrom)) fail("InvalidArgument", "validFrom");
  if (!isTimestamp(validUntil)) fail("InvalidArgument", "validUntil");
  requireSubjectForm(subject);
  requireStandard(standard);
  if (validFrom >= validUntil) fail("InvalidArgument", "validFrom must be before validUntil");
  if (validUntil <= ctx.now) fail("InvalidArgument", "validUntil has passed");
  return { subject, standard, scopeHash, evidenceHash, validFrom, validUntil };
}

// ---- accreditation ------------------------------------------------------------------------

function requireAccreditationArgs(ctx: ModelContext, certifier: unknown, standard: unknown): asserts certifier is string {
  requireParty(ctx, "certifier", certifier);
  requireStandard(standard);
}

function writeAccreditation(ctx: ModelContext, accreditation: ModelAccreditation): void {
  const id = accreditationId(accreditation.certifier, accreditation.standard);
  ctx.state.accreditations.set(id, accreditation);
  record(ctx.state.accreditationHistory, id, publicAccreditation(accreditation));
}

export function accredit(ctx: ModelContext, certifier: unknown, standard: unknown, validUntil: unknown): ModelEvent {
  requireAccreditationArgs(ctx, certifier, standard);
  if (!isTimestamp(validUntil) || validUntil <= ctx.now) fail("InvalidArgument", "validUntil must be a time after now");
  requireRole(ctx, "ACCREDITOR");
  if (certifier === ctx.caller) fail("Unauthorized", "an ACCREDITOR may not accredit itself");
  const existing = ctx.state.accreditations.get(accreditationId(certifier, standard as string));
  if (existing && ctx.now < Math.max(existing.accreditedAt, existing.withdrawnAt)) fail("InvalidState", "earlier than the accreditation's last change");
  writeAccreditation(ctx, {
    certifier,
    standard: standard as string,
    accreditedBy: ctx.caller,
    accreditedAt: ctx.now,
    validUntil,
    withdrawnAt: 0,
    withdrawals: existing?.withdrawals ?? [],
  });
  return { name: "AccreditationChanged", payload: { certifier, standard, validUntil, accredited: true, accreditor: ctx.caller } };
}

export function withdrawAccreditation(ctx: ModelContext, certifier: unknown, standard: unknown): ModelEvent {
  requireAccreditationArgs(ctx, certifier, standard);
  requireRole(ctx, "ACCREDITOR");
  const accreditation = ctx.state.accreditations.get(accreditationId(certifier, standard as string));
  if (!accreditation) fail("NotFound", `${certifier} was never accredited for ${String(standard)}`);
  if (accreditation.withdrawnAt !== 0) fail("InvalidState", "already withdrawn");
  if (ctx.now < accreditation.accreditedAt) fail("InvalidState", "earlier than the accreditation's last change");
  writeAccreditation(ctx, { ...accreditation, withdrawnAt: ctx.now, withdrawals: [...accreditation.withdrawals, ctx.now] });
  const { validUntil } = accreditation;
  return { name: "AccreditationChanged", payload: { certifier, standard, validUntil, accredited: false, accreditor: ctx.caller } };
}

export function getAccreditation(ctx: ModelContext, certifier: unknown, standard: unknown): Accreditation {
  requireAccreditationArgs(ctx, certifier, standard);
  const accreditation = ctx.state.accreditations.get(accreditationId(certifier, standard as string));
  if (!accreditation) fail("NotFound", `${certifier} was never accredited for ${String(standard)}`);
  return publicAccreditation(accreditation);
}

export function accreditationHistory(ctx: ModelContext, certifier: unknown, standard: unknown): Accreditation[] {
  getAccreditation(ctx, certifier, standard);
  return ctx.state.accreditationHistory.get(accreditationId(certifier as string, standard as string))!;
}

// ---- certificates -------------------------------------------------------------------------

/** A malformed id cannot exist, so looking one up is NotFound. */
function loadCertificate(ctx: ModelContext, id: unknown): ModelCertificate {
  const certificate = isId(id) ? ctx.state.certificates.get(id) : undefined;
  if (!certificate) fail("NotFound", `certificate ${String(id)} does not exist`);
  return certificate;
}

function writeCertificate(ctx: ModelContext, certificate: ModelCertificate): void {
  ctx.state.certificates.set(certificate.id, certificate);
  record(ctx.state.certificateHistory, certificate.id, publicCertificate(certificate));
}

/** The time guard (§0): no change earlier than the record's latest recorded time. */
function requireNotBefore(ctx: ModelContext, certificate: ModelCertificate): void {
  const last = certificate.log.at(-1)?.time ?? certificate.issuedAt;
  if (ctx.now < last) fail("InvalidState", "earlier than the certificate's last change");
}

function changeStatus(ctx: ModelContext, certificate: ModelCertificate, to: CertificateStatus, reasonHash: string, changes: Partial<ModelCertificate> = {}): ModelEvent {
  requireNotBefore(ctx, certificate);
  writeCertificate(ctx, { ...certificate, ...changes, status: to, log: [...certificate.log, { time: ctx.now, status: to }] });
  return { name: "CertificateStatusChanged", payload: { certificateId: certificate.id, from: certificate.status, to, reasonHash, changedBy: ctx.caller } };
}

/** Issue's checks after the arguments (steps 3–5) and the new record. */
function newCertificate(ctx: ModelContext, id: string, fields: CertificateFields, supersedes: string): ModelCertificate {
  const assetId = resolveSubject(ctx, fields.subject);
  const accreditation = ctx.state.accreditations.get(accreditationId(ctx.caller, fields.standard));
  if (!inForce(accreditation, ctx.now)) fail("NotAccredited", `${ctx.caller} is not accredited for ${fields.standard}`);
  if (loadAsset(ctx, assetId).status === "Decommissioned") fail("InvalidState", `${assetId} is decommissioned`);
  return {
    id,
    issuer: ctx.caller,
    ...fields,
    assetId,
    issuedAt: ctx.now,
    status: "Active",
    suspendedBy: "",
    supersedes,
    supersededBy: "",
    log: [],
    epoch: accreditation!.withdrawals.length,
    suspensions: 0,
  };
}

const issuedPayload = (certificate: ModelCertificate) => ({
  subject: certificate.subject,
  standard: certificate.standard,
  scopeHash: certificate.scopeHash,
  evidenceHash: certificate.evidenceHash,
  validFrom: certificate.validFrom,
  validUntil: certificate.validUntil,
});

export function issueCertificate(ctx: ModelContext, id: unknown, ...fieldArgs: unknown[]): ModelEvent {
  if (!isId(id)) fail("InvalidArgument", "id");
  const fields = requireFields(ctx, ...fieldArgs);
  if (ctx.state.certificates.has(id)) fail("AlreadyExists", id);
  const certificate = newCertificate(ctx, id, fields, "");
  writeCertificate(ctx, certificate);
  return { name: "CertificateIssued", payload: { certificateId: id, issuer: ctx.caller, ...issuedPayload(certificate) } };
}

/** The issuer, or any ACCREDITOR: who may suspend or revoke (§3). */
function requireIssuerOrAccreditor(ctx: ModelContext, certificate: ModelCertificate): void {
  if (certificate.issuer !== ctx.caller && !hasRole(ctx, "ACCREDITOR", ctx.caller)) fail("Unauthorized", `${ctx.caller} may not change ${certificate.id}`);
}

function loadForChange(ctx: ModelContext, id: unknown, reasonHash: unknown): ModelCertificate {
  if (!isHash(reasonHash)) fail("InvalidArgument", "reasonHash");
  return loadCertificate(ctx, id);
}

export function suspendCertificate(ctx: ModelContext, id: unknown, reasonHash: unknown): ModelEvent {
  const certificate = loadForChange(ctx, id, reasonHash);
  requireIssuerOrAccreditor(ctx, certificate);
  if (certificate.status !== "Active") fail("InvalidState", `${certificate.id} is ${certificate.status}`);
  if (certificate.suspensions >= MAX_SUSPENSIONS) fail("InvalidState", `${certificate.id} was suspended ${MAX_SUSPENSIONS} times`);
  return changeStatus(ctx, certificate, "Suspended", reasonHash as string, { suspendedBy: ctx.caller, suspensions: certificate.suspensions + 1 });
}

/** Who may lift: the issuer its own suspension, another ACCREDITOR an accreditor's hold (§3). */
function mayLift(ctx: ModelContext, certificate: ModelCertificate): boolean {
  const accreditor = hasRole(ctx, "ACCREDITOR", ctx.caller) && ctx.caller !== certificate.issuer;
  if (certificate.status !== "Suspended") return certificate.issuer === ctx.caller || hasRole(ctx, "ACCREDITOR", ctx.caller);
  return certificate.suspendedBy === certificate.issuer ? ctx.caller === certificate.issuer : accreditor;
}

export function reinstateCertificate(ctx: ModelContext, id: unknown, reasonHash: unknown): ModelEvent {
  const certificate = loadForChange(ctx, id, reasonHash);
  if (!mayLift(ctx, certificate)) fail("Unauthorized", `${ctx.caller} may not lift the suspension of ${certificate.id}`);
  if (certificate.status !== "Suspended") fail("InvalidState", `${certificate.id} is ${certificate.status}`);
  return changeStatus(ctx, certificate, "Active", reasonHash as string, { suspendedBy: "" });
}

export function revokeCertificate(ctx: ModelContext, id: unknown, reasonHash: unknown): ModelEvent {
  const certificate = loadForChange(ctx, id, reasonHash);
  requireIssuerOrAccreditor(ctx, certificate);
  if (certificate.status !== "Active" && certificate.status !== "Suspended") fail("InvalidState", `${certificate.id} is ${certificate.status}`);
  return changeStatus(ctx, certificate, "Revoked", reasonHash as string, { suspendedBy: "" });
}

export function supersedeCertificate(ctx: ModelContext, oldId: unknown, newId: unknown, ...fieldArgs: unknown[]): ModelEvent {
  if (!isId(newId)) fail("InvalidArgument", "newId");
  const fields = requireFields(ctx, ...fieldArgs);
  const old = loadCertificate(ctx, oldId);
  if (ctx.state.certificates.has(newId)) fail("AlreadyExists", newId);
  const assetId = resolveSubject(ctx, fields.subject);
  if (old.issuer !== ctx.caller) fail("Unauthorized", `${ctx.caller} did not issue ${old.id}`);
  if (!inForce(ctx.state.accreditations.get(accreditationId(ctx.caller, fields.standard)), ctx.now)) {
    fail("NotAccredited", `${ctx.caller} is not accredited for ${fields.standard}`);
  }
  const underHold = old.status === "Suspended" && old.suspendedBy !== old.issuer;
  if ((old.status !== "Active" && old.status !== "Suspended") || underHold) fail("InvalidState", `${old.id} is ${old.status}${underHold ? " under an accreditor's hold" : ""}`);
  if (loadAsset(ctx, assetId).status === "Decommissioned") fail("InvalidState", `${assetId} is decommissioned`);
  if (assetId !== old.assetId) fail("InvalidArgument", "the new certificate must be about the same asset");
  requireNotBefore(ctx, old);
  const successor = newCertificate(ctx, newId, fields, old.id);
  writeCertificate(ctx, { ...old, status: "Superseded", supersededBy: newId, suspendedBy: "", log: [...old.log, { time: ctx.now, status: "Superseded" }] });
  writeCertificate(ctx, successor);
  return { name: "CertificateSuperseded", payload: { oldId: old.id, newId, issuer: ctx.caller, ...issuedPayload(successor) } };
}

export function getCertificate(ctx: ModelContext, id: unknown): Certificate {
  return publicCertificate(loadCertificate(ctx, id));
}

/** The status in the last log entry at or before `t` (ledger order within a second), Active before any. */
function statusAt(certificate: ModelCertificate, t: number): CertificateStatus {
  let status: CertificateStatus = "Active";
  for (const entry of certificate.log) if (entry.time <= t) status = entry.status;
  return status;
}

/** §4: the first matching rule of the precedence list. */
export function verifyCertificate(ctx: ModelContext, id: unknown, atTime: unknown): CertificateVerdict {
  if (!isTimestamp(atTime)) fail("InvalidArgument", "atTime");
  const certificate = loadCertificate(ctx, id);
  const t = atTime;
  if (t < certificate.issuedAt) return "NotYetValid";
  const status = statusAt(certificate, t);
  if (status === "Revoked" || status === "Superseded") return status;
  const withdrawal = ctx.state.accreditations.get(accreditationId(certificate.issuer, certificate.standard))?.withdrawals[certificate.epoch];
  if (withdrawal !== undefined && withdrawal <= t) return "IssuerNotAccredited";
  if (t >= certificate.validUntil) return "Expired";
  if (status === "Suspended") return "Suspended";
  if (t < certificate.validFrom) return "NotYetValid";
  return "Valid";
}

function page(certificates: ModelCertificate[], pageSize: number, bookmark: string): Page<Certificate> {
  const sorted = certificates.sort((a, b) => byUtf8(a.id, b.id)).filter((c) => bookmark === "" || byUtf8(c.id, bookmark) >= 0);
  return { items: sorted.slice(0, pageSize).map(publicCertificate), bookmark: sorted[pageSize]?.id ?? "" };
}

function requirePaging(pageSize: unknown, bookmark: unknown): asserts pageSize is number {
  if (!isPageSize(pageSize)) fail("InvalidArgument", "pageSize");
  if (bookmark !== "" && !isId(bookmark)) fail("InvalidArgument", "bookmark");
}

/** The certificates of the asset the subject stands for now, every status, by id. */
export function listCertificates(ctx: ModelContext, subject: unknown, pageSize: unknown, bookmark: unknown): Page<Certificate> {
  requireSubjectForm(subject);
  requirePaging(pageSize, bookmark);
  const assetId = resolveSubject(ctx, subject);
  return page([...ctx.state.certificates.values()].filter((c) => c.assetId === assetId), pageSize, bookmark as string);
}

export function listCertificatesByIssuer(ctx: ModelContext, issuer: unknown, pageSize: unknown, bookmark: unknown): Page<Certificate> {
  requireParty(ctx, "issuer", issuer);
  requirePaging(pageSize, bookmark);
  return page([...ctx.state.certificates.values()].filter((c) => c.issuer === issuer), pageSize, bookmark as string);
}

export function certificateHistory(ctx: ModelContext, id: unknown): Certificate[] {
  return ctx.state.certificateHistory.get(loadCertificate(ctx, id).id)!;
}
