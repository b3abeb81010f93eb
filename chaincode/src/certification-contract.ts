import { Context, Contract, Info, Returns, Transaction } from "fabric-contract-api";
import { parseCanonical } from "../../core/identifiers/index.js";
import type { CertificateStatus } from "../../core/spec/lifecycles.js";
import { subjectProblem } from "../../core/spec/subjects.js";
import { isAssetSubject, isHash, isId, isLabel, isTimestamp, MAX_SUSPENSIONS } from "../../core/spec/rules.js";
import type { Certificate, CertificateFields, IdentifierBinding, Page } from "../../core/spec/types.js";
import { loadAsset } from "./state/assets.js";
import {
  inForce,
  lastChange,
  loadCertificate,
  publicAccreditation,
  publicCertificate,
  readAccreditation,
  verdictAt,
  type StoredAccreditation,
  type StoredCertificate,
  writeAccreditation,
  writeCertificate,
  writeWithdrawal,
} from "./state/certificates.js";
import { drain, keyAttribute, readHistory } from "./state/iterators.js";
import {
  accreditationKey,
  certificateAssetIndexKey,
  certificateIssuerIndexKey,
  certificateKey,
  identifierKeyOf,
  KEY_TYPES,
} from "./state/keys.js";
import { callerParty, emit, exists, readJson, toJsonResult, txTime, writeIndex } from "./state/ledger-context.js";
import { requireParty } from "./state/parties.js";
import { requirePaging } from "./state/paging.js";
import { reject } from "./state/reject.js";
import { hasRole, requireRole } from "./roles-contract.js";

/**
 * §3 Certification (core/spec/CERTIFICATION.md). Accreditations live under
 * `accreditation/<certifier>/<standard>`, each withdrawal under its own write-once
 * `accreditation~withdrawal/<certifier>/<standard>/<n>`. A certificate lives under
 * `certificate/<id>` with its status log in the record itself (§7: the key history is
 * neither always enabled nor validated at commit); `certificate~asset` and
 * `certificate~issuer` indexes serve the paged listings. Verification reads the record
 * and at most one withdrawal, and never the clock: the time asked about is an argument.
 */
@Info({ title: "CertificationContract", description: "Twinledger accreditation, certificates and their verification" })
export class CertificationContract extends Contract {
  constructor() {
    super("certification");
  }

  /** An ACCREDITOR accredits (or renews, extends, shortens, re-accredits) a certifier for a standard, from now. */
  @Transaction()
  public async accredit(ctx: Context, certifier: string, standard: string, validUntil: number): Promise<void> {
    requireAccreditationArgs(certifier, standard);
    const now = txTime(ctx);
    if (!isTimestamp(validUntil) || validUntil <= now) reject("InvalidArgument", `validUntil must be a unix time after the transaction time ${now}`);
    const caller = callerParty(ctx);
    await requireRole(ctx, "ACCREDITOR", caller);
    if (certifier === caller) reject("Unauthorized", `${caller} may not accredit itself`);
    const existing = await readAccreditation(ctx, certifier, standard);
    if (existing && now < Math.max(existing.accreditedAt, existing.withdrawnAt)) {
      reject("InvalidState", `the accreditation of ${certifier} for ${standard} last changed after ${now}`);
    }

    await writeAccreditation(ctx, {
      certifier,
      standard,
      accreditedBy: caller,
      accreditedAt: now,
      validUntil,
      withdrawnAt: 0,
      withdrawalCount: existing?.withdrawalCount ?? 0,
    });
    emit(ctx, "AccreditationChanged", { certifier, standard, validUntil, accredited: true, accreditor: caller });
  }

  /** An ACCREDITOR withdraws an accreditation, lapsed or not: from now, older certificates lose their issuer's standing. */
  @Transaction()
  public async withdrawAccreditation(ctx: Context, certifier: string, standard: string): Promise<void> {
    requireAccreditationArgs(certifier, standard);
    const caller = callerParty(ctx);
    await requireRole(ctx, "ACCREDITOR", caller);
    const accreditation = await readAccreditation(ctx, certifier, standard);
    if (!accreditation) reject("NotFound", `${certifier} was never accredited for ${standard}`);
    if (accreditation.withdrawnAt !== 0) reject("InvalidState", `the accreditation of ${certifier} for ${standard} is already withdrawn`);
    const now = txTime(ctx);
    if (now < accreditation.accreditedAt) reject("InvalidState", `the accreditation of ${certifier} for ${standard} last changed after ${now}`);

    await writeWithdrawal(ctx, certifier, standard, accreditation.withdrawalCount, now);
    await writeAccreditation(ctx, { ...accreditation, withdrawnAt: now, withdrawalCount: accreditation.withdrawalCount + 1 });
    emit(ctx, "AccreditationChanged", { certifier, standard, validUntil: accreditation.validUntil, accredited: false, accreditor: caller });
  }

  @Transaction(false)
  @Returns("string")
  public async getAccreditation(ctx: Context, certifier: string, standard: string): Promise<string> {
    requireAccreditationArgs(certifier, standard);
    const accreditation = await readAccreditation(ctx, certifier, standard);
    if (!accreditation) reject("NotFound", `${certifier} was never accredited for ${standard}`);
    return toJsonResult(publicAccreditation(accreditation));
  }

  /** Every state of the accreditation, oldest first: one entry per accredit or withdraw. */
  @Transaction(false)
  @Returns("string")
  public async getAccreditationHistory(ctx: Context, certifier: string, standard: string): Promise<string> {
    requireAccreditationArgs(certifier, standard);
    if (!(await exists(ctx, accreditationKey(ctx, certifier, standard)))) reject("NotFound", `${certifier} was never accredited for ${standard}`);
    // An accreditation is never deleted, so every entry has a value.
    const history = await readHistory<StoredAccreditation>(ctx, accreditationKey(ctx, certifier, standard));
    return toJsonResult(history.map((entry) => ({ ...entry, value: publicAccreditation(entry.value!) })));
  }

  /** An accredited certifier certifies the asset a subject stands for now. */
  @Transaction()
  public async issueCertificate(
    ctx: Context,
    id: string,
    subject: string,
    standard: string,
    scopeHash: string,
    evidenceHash: string,
    validFrom: number,
    validUntil: number,
  ): Promise<void> {
    if (!isId(id)) reject("InvalidArgument", `id '${id}' must match ^[A-Za-z0-9._:-]{1,64}$`);
    const fields = requireFields(ctx, subject, standard, scopeHash, evidenceHash, validFrom, validUntil);
    if (await exists(ctx, certificateKey(ctx, id))) reject("AlreadyExists", `certificate '${id}' is already issued`);
    const certificate = await newCertificate(ctx, id, fields, "");

    await writeNewCertificate(ctx, certificate);
    emit(ctx, "CertificateIssued", { certificateId: id, issuer: certificate.issuer, ...fields });
  }

  /** The issuer or any ACCREDITOR suspends an Active certificate (an ACCREDITOR's is a hold the issuer cannot lift). */
  @Transaction()
  public async suspendCertificate(ctx: Context, id: string, reasonHash: string): Promise<void> {
    const certificate = await loadForChange(ctx, id, reasonHash);
    const caller = await requireIssuerOrAccreditor(ctx, certificate);
    if (certificate.status !== "Active") reject("InvalidState", `certificate '${id}' is ${certificate.status}`);
    if (certificate.suspensions >= MAX_SUSPENSIONS) reject("InvalidState", `certificate '${id}' was suspended ${MAX_SUSPENSIONS} times`);
    await changeStatus(ctx, certificate, "Suspended", reasonHash, caller, { suspendedBy: caller, suspensions: certificate.suspensions + 1 });
  }

  /** The issuer lifts its own suspension; an ACCREDITOR other than the issuer lifts an accreditor's hold. */
  @Transaction()
  public async reinstateCertificate(ctx: Context, id: string, reasonHash: string): Promise<void> {
    const certificate = await loadForChange(ctx, id, reasonHash);
    const caller = callerParty(ctx);
    if (!(await mayLift(ctx, certificate, caller))) reject("Unauthorized", `${caller} may not lift the suspension of certificate '${id}'`);
    if (certificate.status !== "Suspended") reject("InvalidState", `certificate '${id}' is ${certificate.status}`);
    await changeStatus(ctx, certificate, "Active", reasonHash, caller, { suspendedBy: "" });
  }

  /** The issuer or any ACCREDITOR revokes an Active or Suspended certificate, for good. */
  @Transaction()
  public async revokeCertificate(ctx: Context, id: string, reasonHash: string): Promise<void> {
    const certificate = await loadForChange(ctx, id, reasonHash);
    const caller = await requireIssuerOrAccreditor(ctx, certificate);
    if (certificate.status !== "Active" && certificate.status !== "Suspended") reject("InvalidState", `certificate '${id}' is ${certificate.status}`);
    await changeStatus(ctx, certificate, "Revoked", reasonHash, caller, { suspendedBy: "" });
  }

  /** The issuer replaces its certificate by a new one about the same asset, under the issue rules. */
  @Transaction()
  public async supersedeCertificate(
    ctx: Context,
    oldId: string,
    newId: string,
    subject: string,
    standard: string,
    scopeHash: string,
    evidenceHash: string,
    validFrom: number,
    validUntil: number,
  ): Promise<void> {
    if (!isId(newId)) reject("InvalidArgument", `newId '${newId}' must match ^[A-Za-z0-9._:-]{1,64}$`);
    const fields = requireFields(ctx, subject, standard, scopeHash, evidenceHash, validFrom, validUntil);
    const old = await loadCertificate(ctx, oldId);
    if (await exists(ctx, certificateKey(ctx, newId))) reject("AlreadyExists", `certificate '${newId}' is already issued`);
    const assetId = await resolveSubject(ctx, subject);
    const caller = callerParty(ctx);
    if (old.issuer !== caller) reject("Unauthorized", `${caller} did not issue certificate '${oldId}'`);
    const now = txTime(ctx);
    if (!inForce(await readAccreditation(ctx, caller, standard), now)) reject("NotAccredited", `${caller} is not accredited for ${standard}`);
    const underHold = old.status === "Suspended" && old.suspendedBy !== old.issuer;
    if ((old.status !== "Active" && old.status !== "Suspended") || underHold) {
      reject("InvalidState", `certificate '${oldId}' is ${old.status}${underHold ? " under an accreditor's hold" : ""}`);
    }
    if ((await loadAsset(ctx, assetId)).status === "Decommissioned") reject("InvalidState", `asset '${assetId}' is decommissioned`);
    if (assetId !== old.assetId) reject("InvalidArgument", `the new certificate must be about asset '${old.assetId}', as '${oldId}' is`);
    requireNotBefore(old, now);
    const successor = await newCertificate(ctx, newId, fields, old.id);

    await writeCertificate(ctx, {
      ...old,
      status: "Superseded",
      supersededBy: newId,
      suspendedBy: "",
      log: [...old.log, { time: now, status: "Superseded" }],
    });
    await writeNewCertificate(ctx, successor);
    emit(ctx, "CertificateSuperseded", { oldId: old.id, newId, issuer: caller, ...fields });
  }

  @Transaction(false)
  @Returns("string")
  public async getCertificate(ctx: Context, id: string): Promise<string> {
    return toJsonResult(publicCertificate(await loadCertificate(ctx, id)));
  }

  /** The verdict that held at `atTime` (§4): the first matching rule of the precedence list wins. */
  @Transaction(false)
  @Returns("string")
  public async verifyCertificate(ctx: Context, id: string, atTime: number): Promise<string> {
    if (!isTimestamp(atTime)) reject("InvalidArgument", "atTime must be a unix time in seconds");
    const certificate = await loadCertificate(ctx, id);
    return toJsonResult(await verdictAt(ctx, certificate, atTime));
  }

  /** The certificates (every status) of the asset the subject stands for now, in ascending id order. */
  @Transaction(false)
  @Returns("string")
  public async listCertificates(ctx: Context, subject: string, pageSize: number, bookmark: string): Promise<string> {
    requireSubjectForm(subject);
    requirePaging(pageSize, bookmark);
    const assetId = await resolveSubject(ctx, subject);
    return toJsonResult(await page(ctx, KEY_TYPES.certificatesByAsset, assetId, certificateAssetIndexKey, pageSize, bookmark));
  }

  /** The issuer's certificates in ascending id order; an issuer with none gets an empty page. */
  @Transaction(false)
  @Returns("string")
  public async listCertificatesByIssuer(ctx: Context, issuer: string, pageSize: number, bookmark: string): Promise<string> {
    requireParty("issuer", issuer);
    requirePaging(pageSize, bookmark);
    return toJsonResult(await page(ctx, KEY_TYPES.certificatesByIssuer, issuer, certificateIssuerIndexKey, pageSize, bookmark));
  }

  /** Every state of the certificate, oldest first: its issue, each status change, the supersede that ended it. */
  @Transaction(false)
  @Returns("string")
  public async getCertificateHistory(ctx: Context, id: string): Promise<string> {
    await loadCertificate(ctx, id);
    // A certificate is never deleted, so every entry has a value.
    const history = await readHistory<StoredCertificate>(ctx, certificateKey(ctx, id));
    return toJsonResult(history.map((entry) => ({ ...entry, value: publicCertificate(entry.value!) })));
  }
}

// ---- arguments ----------------------------------------------------------------------------

function requireStandard(standard: string): void {
  if (!isLabel(standard)) reject("InvalidArgument", `standard '${standard}' must match ^[A-Za-z0-9._:-]{1,64}$`);
}

function requireAccreditationArgs(certifier: string, standard: string): void {
  requireParty("certifier", certifier);
  requireStandard(standard);
}

/** A subject's form, by syntax alone (§5): an asset id, or else a canonical identifier checked in full. */
function requireSubjectForm(subject: string): void {
  const problem = subjectProblem(subject);
  if (problem) reject("IdentifierInvalid", problem);
}

/** Issue's and supersede's arguments after the id: the fields' forms and the window. */
function requireFields(
  ctx: Context,
  subject: string,
  standard: string,
  scopeHash: string,
  evidenceHash: string,
  validFrom: number,
  validUntil: number,
): CertificateFields {
  // Fixed-width values first: a client refuses a malformed one before it sends anything (§0).
  if (!isHash(scopeHash)) reject("InvalidArgument", "scopeHash must be 0x followed by 64 lowercase hex digits");
  if (!isHash(evidenceHash)) reject("InvalidArgument", "evidenceHash must be 0x followed by 64 lowercase hex digits");
  if (!isTimestamp(validFrom)) reject("InvalidArgument", "validFrom must be a unix time in seconds");
  if (!isTimestamp(validUntil)) reject("InvalidArgument", "validUntil must be a unix time in seconds");
  requireSubjectForm(subject);
  requireStandard(standard);
  if (validFrom >= validUntil) reject("InvalidArgument", `validFrom ${validFrom} must be before validUntil ${validUntil}`);
  const now = txTime(ctx);
  if (validUntil <= now) reject("InvalidArgument", `validUntil ${validUntil} is not after the transaction time ${now}`);
  return { subject, standard, scopeHash, evidenceHash, validFrom, validUntil };
}

// ---- records ------------------------------------------------------------------------------

/** The asset a well-formed subject stands for now: NotFound if it is unregistered or unbound. */
async function resolveSubject(ctx: Context, subject: string): Promise<string> {
  if (isAssetSubject(subject)) return (await loadAsset(ctx, subject)).id;
  const identifier = parseCanonical(subject);
  const binding = await readJson<IdentifierBinding>(ctx, identifierKeyOf(ctx, identifier.key));
  if (!binding) reject("NotFound", `${subject} is not bound`);
  return binding.assetId;
}

/** Issue's checks after the arguments and existence of the id (§3 steps 3–5), and the new record. */
async function newCertificate(ctx: Context, id: string, fields: CertificateFields, supersedes: string): Promise<StoredCertificate> {
  const assetId = await resolveSubject(ctx, fields.subject);
  const issuer = callerParty(ctx);
  const now = txTime(ctx);
  const accreditation = await readAccreditation(ctx, issuer, fields.standard);
  if (!inForce(accreditation, now)) reject("NotAccredited", `${issuer} is not accredited for ${fields.standard}`);
  if ((await loadAsset(ctx, assetId)).status === "Decommissioned") reject("InvalidState", `asset '${assetId}' is decommissioned`);
  return {
    id,
    issuer,
    ...fields,
    assetId,
    issuedAt: now,
    status: "Active",
    suspendedBy: "",
    supersedes,
    supersededBy: "",
    log: [],
    epoch: accreditation.withdrawalCount,
    suspensions: 0,
  };
}

/** The record and its listing entries. */
async function writeNewCertificate(ctx: Context, certificate: StoredCertificate): Promise<void> {
  await writeCertificate(ctx, certificate);
  await writeIndex(ctx, certificateAssetIndexKey(ctx, certificate.assetId, certificate.id));
  await writeIndex(ctx, certificateIssuerIndexKey(ctx, certificate.issuer, certificate.id));
}

async function loadForChange(ctx: Context, id: string, reasonHash: string): Promise<StoredCertificate> {
  if (!isHash(reasonHash)) reject("InvalidArgument", "reasonHash must be 0x followed by 64 lowercase hex digits");
  return loadCertificate(ctx, id);
}

/** Who may suspend or revoke: the issuer, or any ACCREDITOR. Returns the caller. */
async function requireIssuerOrAccreditor(ctx: Context, certificate: StoredCertificate): Promise<string> {
  const caller = callerParty(ctx);
  if (certificate.issuer !== caller && !(await hasRole(ctx, "ACCREDITOR", caller))) {
    reject("Unauthorized", `${caller} neither issued certificate '${certificate.id}' nor is an ACCREDITOR`);
  }
  return caller;
}

/** §3 mayLift: the issuer its own suspension, an ACCREDITOR other than the issuer an accreditor's hold. */
async function mayLift(ctx: Context, certificate: StoredCertificate, caller: string): Promise<boolean> {
  const accreditor = await hasRole(ctx, "ACCREDITOR", caller);
  if (certificate.status !== "Suspended") return certificate.issuer === caller || accreditor;
  return certificate.suspendedBy === certificate.issuer ? caller === certificate.issuer : accreditor && caller !== certificate.issuer;
}

/** The time guard (§0): no change earlier than the certificate's latest recorded time. */
function requireNotBefore(certificate: StoredCertificate, now: number): void {
  if (now < lastChange(certificate)) reject("InvalidState", `certificate '${certificate.id}' last changed after ${now}`);
}

async function changeStatus(
  ctx: Context,
  certificate: StoredCertificate,
  to: CertificateStatus,
  reasonHash: string,
  caller: string,
  changes: Partial<StoredCertificate>,
): Promise<void> {
  const now = txTime(ctx);
  requireNotBefore(certificate, now);
  await writeCertificate(ctx, { ...certificate, ...changes, status: to, log: [...certificate.log, { time: now, status: to }] });
  emit(ctx, "CertificateStatusChanged", { certificateId: certificate.id, from: certificate.status, to, reasonHash, changedBy: caller });
}

/**
 * One page of an index `type/<owner>/<id>` in ascending id order, as listAssetsByOwner: one
 * extra entry is read to learn the bookmark, the id of the first certificate of the next page.
 */
async function page(
  ctx: Context,
  indexType: string,
  owner: string,
  indexKey: (ctx: Context, owner: string, id: string) => string,
  pageSize: number,
  bookmark: string,
): Promise<Page<Certificate>> {
  const start = bookmark === "" ? "" : indexKey(ctx, owner, bookmark);
  const { iterator } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(indexType, [owner], pageSize + 1, start);
  const ids = await drain(iterator, keyAttribute(ctx, 1));
  const items = await Promise.all(ids.slice(0, pageSize).map(async (id) => publicCertificate(await loadCertificate(ctx, id))));
  return { items, bookmark: ids.length > pageSize ? ids[pageSize] : "" };
}
