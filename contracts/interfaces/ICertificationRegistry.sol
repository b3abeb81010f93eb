// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITwinledgerErrors} from "./ITwinledgerErrors.sol";

/**
 * @title ICertificationRegistry
 * @author Twinledger
 * @notice Primitive 3 of the specification: accreditation of certifiers by the consortium's
 * ACCREDITORs, certificates about assets, and one query, {verifyCertificate}, that answers the
 * verdict that held at the time asked about (`core/spec/CERTIFICATION.md`).
 * @dev A certificate is keyed by `certificateKey = keccak256(bytes(id))`, an accreditation by
 * `accreditationKey = keccak256(abi.encode(certifier, keccak256(bytes(standard))))`. Only what a
 * later check or {verifyCertificate} reads is stored; the subject, the hashes, the standard's
 * text, who suspended, and what superseded what travel in the events, and the clients fold
 * {getCertificate}, the listings and the histories from them (by the indexed `…Key` topics).
 * Every operation checks in the order of CERTIFICATION.md §0, so the same bad call fails with
 * the same code on every platform.
 */
interface ICertificationRegistry is ITwinledgerErrors {
    /// @notice Lifecycle of a certificate; the order is part of the specification. Revoked and Superseded are terminal.
    enum CertificateStatus {
        Active,
        Suspended,
        Revoked,
        Superseded
    }

    /// @notice What {verifyCertificate} answers; the order is part of the specification.
    enum CertificateVerdict {
        Valid,
        NotYetValid,
        Expired,
        Suspended,
        Revoked,
        Superseded,
        IssuerNotAccredited
    }

    /**
     * @notice An accreditation as {getAccreditation} answers it: the specification's `Accreditation`.
     * @param certifier The accredited party.
     * @param standard The standard it is accredited for.
     * @param accreditedBy The ACCREDITOR that last accredited it.
     * @param accreditedAt The block timestamp of the last accreditation: it is in force from then.
     * @param validUntil The first second at which it is no longer in force.
     * @param withdrawnAt The block timestamp of its withdrawal, or 0 while it is not withdrawn.
     */
    struct Accreditation {
        address certifier;
        string standard;
        address accreditedBy;
        uint64 accreditedAt;
        uint64 validUntil;
        uint64 withdrawnAt;
    }

    /**
     * @notice An ACCREDITOR accredited `certifier` for `standard` (`accredited`), or withdrew the
     * accreditation (`!accredited`, `validUntil` unchanged).
     * @param accreditationKey keccak256(abi.encode(certifier, keccak256(bytes(standard)))).
     * @param certifier The certifier.
     * @param standard The standard.
     * @param validUntil The accreditation's end.
     * @param accredited True for an accreditation, false for a withdrawal.
     * @param accreditor The ACCREDITOR that made the change.
     */
    event AccreditationChanged(
        bytes32 indexed accreditationKey,
        address indexed certifier,
        string standard,
        uint64 validUntil,
        bool accredited,
        address indexed accreditor
    );

    /**
     * @notice A certificate was issued, Active.
     * @param certificateKey keccak256 of `certificateId`.
     * @param certificateId The certificate id.
     * @param issuer The accredited certifier that issued it.
     * @param subject The subject as the issuer wrote it: an asset id or a canonical identifier.
     * @param assetKey keccak256 of the id of the asset `subject` resolved to at issue.
     * @param standard The standard certified against.
     * @param scopeHash The hash of the scope document.
     * @param evidenceHash The hash of the audit evidence.
     * @param validFrom The first second of the certificate's window.
     * @param validUntil The first second after it.
     */
    event CertificateIssued(
        bytes32 indexed certificateKey,
        string certificateId,
        address indexed issuer,
        string subject,
        bytes32 indexed assetKey,
        string standard,
        bytes32 scopeHash,
        bytes32 evidenceHash,
        uint64 validFrom,
        uint64 validUntil
    );

    /**
     * @notice A certificate was suspended, reinstated or revoked.
     * @param certificateKey keccak256 of `certificateId`.
     * @param certificateId The certificate id.
     * @param from The previous status.
     * @param to The new status.
     * @param reasonHash The hash of the reason document.
     * @param changedBy The issuer or ACCREDITOR that made the change (who suspended, for a suspension).
     */
    event CertificateStatusChanged(
        bytes32 indexed certificateKey,
        string certificateId,
        CertificateStatus from,
        CertificateStatus to,
        bytes32 reasonHash,
        address changedBy
    );

    /**
     * @notice The issuer replaced `oldId` by the new certificate `newId` about the same asset. One
     * event for both halves: the old one is Superseded, the new one is issued with these fields.
     * @param oldCertificateKey keccak256 of `oldId`.
     * @param oldId The superseded certificate.
     * @param newCertificateKey keccak256 of `newId`.
     * @param newId The new certificate, Active.
     * @param issuer The issuer of both.
     * @param subject The new certificate's subject as written.
     * @param assetKey keccak256 of the id of the asset both are about.
     * @param standard The new certificate's standard.
     * @param scopeHash The hash of its scope document.
     * @param evidenceHash The hash of its audit evidence.
     * @param validFrom The first second of its window.
     * @param validUntil The first second after it.
     */
    event CertificateSuperseded(
        bytes32 indexed oldCertificateKey,
        string oldId,
        bytes32 indexed newCertificateKey,
        string newId,
        address issuer,
        string subject,
        bytes32 indexed assetKey,
        string standard,
        bytes32 scopeHash,
        bytes32 evidenceHash,
        uint64 validFrom,
        uint64 validUntil
    );

    /**
     * @notice Accredits, re-accredits, extends or shortens `certifier`'s accreditation for
     * `standard`, in force from now until `validUntil`. ACCREDITOR only.
     * @dev Reverts, in this order: `InvalidArgument("standard")` if it breaks the id rule;
     * `InvalidArgument("validUntil")` unless it is after the block timestamp; `Unauthorized`
     * unless the caller is an ACCREDITOR, and for `certifier` = caller; `InvalidState(standard)`
     * if the block timestamp is before the record's last change (the time guard). Earlier
     * withdrawals keep counting against the certificates issued before them. Emits {AccreditationChanged}.
     * @param certifier The party to accredit (any address, as the reference model's parties).
     * @param standard The standard, `^[A-Za-z0-9._:-]{1,64}$`.
     * @param validUntil The first second at which the accreditation is no longer in force.
     */
    function accredit(address certifier, string calldata standard, uint64 validUntil) external;

    /**
     * @notice Withdraws `certifier`'s accreditation for `standard` from now on. ACCREDITOR only.
     * A lapsed accreditation may still be withdrawn.
     * @dev Reverts, in this order: `InvalidArgument("standard")`; `Unauthorized` unless the caller
     * is an ACCREDITOR; `NotFound(standard)` if never accredited; `InvalidState(standard)` if
     * already withdrawn, or for the time guard. From now, every certificate of `(certifier,
     * standard)` issued before this withdrawal verifies IssuerNotAccredited. Emits {AccreditationChanged}.
     * @param certifier The accredited party.
     * @param standard The standard.
     */
    function withdrawAccreditation(address certifier, string calldata standard) external;

    /**
     * @notice Issues certificate `id` about the asset `subject` stands for, as the caller.
     * @dev Reverts, in this order: `InvalidArgument("id")`; `IdentifierInvalid` for a subject that
     * is neither an asset id (the id rule, not starting with `did:` or `urn:oid:`) nor a canonical
     * identifier; `InvalidArgument("standard")`; `InvalidArgument("validFrom")` unless
     * `validFrom < validUntil`; `InvalidArgument("validUntil")` unless it is after the block
     * timestamp; `AlreadyExists(id)`; `NotFound` for an unregistered asset or an unbound
     * identifier; `NotAccredited(caller)` unless the caller's accreditation for `standard` is in
     * force; `InvalidState` if the asset is Decommissioned. Emits {CertificateIssued}.
     * @param id The certificate id, `^[A-Za-z0-9._:-]{1,64}$` (issuers should prefix theirs).
     * @param subject An asset id, or a canonical identifier bound to the asset.
     * @param standard The standard, which the caller must be accredited for.
     * @param scopeHash The hash of the scope document.
     * @param evidenceHash The hash of the audit evidence.
     * @param validFrom The first second of the window (may be in the past).
     * @param validUntil The first second after the window, after the block timestamp.
     */
    function issueCertificate(
        string calldata id,
        string calldata subject,
        string calldata standard,
        bytes32 scopeHash,
        bytes32 evidenceHash,
        uint64 validFrom,
        uint64 validUntil
    ) external;

    /**
     * @notice Suspends an Active certificate. The issuer suspends it; any other ACCREDITOR puts it
     * under an accreditor's hold, which only another ACCREDITOR than the issuer can lift.
     * @dev Reverts, in this order: `NotFound(id)`; `Unauthorized` unless the caller is the issuer
     * or an ACCREDITOR; `InvalidState(id)` unless it is Active and was suspended fewer than 31
     * times, or for the time guard. Emits {CertificateStatusChanged}.
     * @param id The certificate id.
     * @param reasonHash The hash of the reason document.
     */
    function suspendCertificate(string calldata id, bytes32 reasonHash) external;

    /**
     * @notice Lifts a suspension: the issuer its own, an ACCREDITOR other than the issuer a hold.
     * @dev Reverts, in this order: `NotFound(id)`; `Unauthorized` unless the caller may lift
     * (for a certificate that is not Suspended: the issuer or an ACCREDITOR); `InvalidState(id)`
     * unless it is Suspended, or for the time guard. Emits {CertificateStatusChanged}.
     * @param id The certificate id.
     * @param reasonHash The hash of the reason document.
     */
    function reinstateCertificate(string calldata id, bytes32 reasonHash) external;

    /**
     * @notice Revokes an Active or Suspended certificate for good, whatever its window or its
     * issuer's standing. The issuer or any ACCREDITOR.
     * @dev Reverts, in this order: `NotFound(id)`; `Unauthorized`; `InvalidState(id)` if it is
     * Revoked or Superseded, or for the time guard. Emits {CertificateStatusChanged}.
     * @param id The certificate id.
     * @param reasonHash The hash of the reason document.
     */
    function revokeCertificate(string calldata id, bytes32 reasonHash) external;

    /**
     * @notice Replaces the caller's certificate `oldId` by a new certificate `newId` about the same
     * asset, issued under the issue rules (the standard may change).
     * @dev Reverts, in this order: `InvalidArgument("newId")`, then the argument checks of
     * {issueCertificate}; `NotFound(oldId)`; `AlreadyExists(newId)`; `NotFound` for the subject;
     * `Unauthorized` unless the caller issued `oldId`; `NotAccredited`; `InvalidState` if `oldId`
     * is terminal or under an accreditor's hold, or the asset is Decommissioned;
     * `InvalidArgument("subject")` if the subject stands for another asset than `oldId`'s;
     * `InvalidState(oldId)` for the time guard. Emits {CertificateSuperseded}.
     * @param oldId The certificate to supersede.
     * @param newId The new certificate's id.
     * @param subject An asset id or a canonical identifier standing for `oldId`'s asset.
     * @param standard The new certificate's standard.
     * @param scopeHash The hash of its scope document.
     * @param evidenceHash The hash of its audit evidence.
     * @param validFrom The first second of its window.
     * @param validUntil The first second after its window, after the block timestamp.
     */
    function supersedeCertificate(
        string calldata oldId,
        string calldata newId,
        string calldata subject,
        string calldata standard,
        bytes32 scopeHash,
        bytes32 evidenceHash,
        uint64 validFrom,
        uint64 validUntil
    ) external;

    /**
     * @notice `certifier`'s accreditation for `standard`, withdrawn or not, lapsed or not.
     * @dev Reverts `InvalidArgument("standard")`, then `NotFound(standard)` if never accredited.
     * @param certifier The certifier.
     * @param standard The standard.
     * @return accreditation The record.
     */
    function getAccreditation(
        address certifier,
        string calldata standard
    ) external view returns (Accreditation memory accreditation);

    /**
     * @notice The verdict on certificate `id` as it stood at `atTime` (end of that second), taking
     * revocation, supersession, its issuer's withdrawal, expiry, suspension and its window into
     * account, first match in that order. A time after the latest block is a forecast.
     * @dev Reverts `NotFound(id)`. Never reads the clock; at most about 11 storage reads (the
     * record, at most 6 status-log probes, one withdrawal). Contracts ask with `block.timestamp`.
     * @param id The certificate id.
     * @param atTime The time asked about, Unix seconds.
     * @return verdict The verdict.
     */
    function verifyCertificate(string calldata id, uint64 atTime) external view returns (CertificateVerdict verdict);

    /**
     * @notice What other contracts check a certificate against: the asset it is about and its
     * standard, by key (RECEIVABLES.md §8). Both are fixed at issue.
     * @dev Two storage reads. Both keys are zero when there is no such certificate; an existing
     * certificate's `assetKey` is never zero.
     * @param certificateKey keccak256 of the certificate id.
     * @return assetKey keccak256 of the id of the asset its subject resolved to at issue, or zero.
     * @return standardKey keccak256 of its standard, or zero.
     */
    function certificateSubject(bytes32 certificateKey) external view returns (bytes32 assetKey, bytes32 standardKey);
}
