// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAssetRegistry} from "./interfaces/IAssetRegistry.sol";
import {ICertificationRegistry} from "./interfaces/ICertificationRegistry.sol";
import {IIdentifierRegistry} from "./interfaces/IIdentifierRegistry.sol";
import {IRoleRegistry} from "./interfaces/IRoleRegistry.sol";
import {IdentifierSyntax} from "./libraries/IdentifierSyntax.sol";
import {Ids} from "./libraries/Ids.sol";

/**
 * @title CertificationRegistry
 * @author Twinledger
 * @notice Primitive 3 of the specification: accreditations, certificates and their verdicts
 * (`core/spec/CERTIFICATION.md`).
 * @dev Storage, as CERTIFICATION.md §7 lays it out:
 * - an accreditation: `accreditedAt | withdrawnAt | validUntil | withdrawal count` (what an issue
 *   reads, one slot) and `accreditedBy`; its withdrawal times, append-only, four to a slot;
 * - a certificate: `issuer | status | hold | log length | issuedAt`, `validFrom | validUntil |
 *   epoch`, its standard's key and its asset's key (four slots, written once at issue; the
 *   accreditation's key is `keccak256(abi.encode(issuer, standardKey))`);
 * - its status log: `(48-bit time << 8) | status` entries, four to a slot, at most 63 (at most 31
 *   suspensions, each lifted, and one terminal change), searched by bisection.
 *
 * The `hold` bit is set while the certificate is under an accreditor's hold (suspended by someone
 * other than its issuer). A certificate's `epoch` is its accreditation's withdrawal count at issue,
 * so {verifyCertificate} reads exactly one withdrawal time: the first after the issue, if any.
 * Every loop is bounded (ids ≤ 64 bytes, identifiers ≤ 256, bisection ≤ 6 probes). The asset and
 * identifier registries are only read (static calls), before any effect.
 */
contract CertificationRegistry is ICertificationRegistry {
    /**
     * @dev The part of an accreditation an issue reads (slot 0), and who accredited (slot 1).
     * `accreditedAt` is 0 for a record that never existed; `withdrawals` counts the entries of
     * its withdrawal list.
     */
    struct AccreditationRecord {
        uint48 accreditedAt;
        uint48 withdrawnAt;
        uint64 validUntil;
        uint64 withdrawals;
        address accreditedBy;
    }

    // 20 + 1 + 1 + 1 + 6 bytes, then 24, then two words: already the minimum of four slots
    // (the linter counts the enum as 32 bytes).
    // solhint-disable gas-struct-packing
    /**
     * @dev A certificate as stored (four slots). The issuer is never the zero address, so a zero
     * issuer means no certificate. `logLength` counts the entries of its status log.
     */
    struct CertificateRecord {
        address issuer;
        CertificateStatus status;
        bool hold;
        uint8 logLength;
        uint48 issuedAt;
        uint64 validFrom;
        uint64 validUntil;
        uint64 epoch;
        bytes32 standardKey;
        bytes32 assetKey;
    }
    // solhint-enable gas-struct-packing

    /**
     * @dev What the checks of a supersede found and its effects need, in memory to spare the stack:
     * the old and new certificates' keys, the asset, the standard and its accreditation's withdrawal count.
     */
    struct Successor {
        bytes32 oldKey;
        bytes32 key;
        bytes32 assetKey;
        bytes32 standardKey;
        uint64 epoch;
        bool decommissioned;
    }

    bytes32 private constant _ACCREDITOR_ROLE = keccak256("ACCREDITOR");

    /// @dev A certificate may be suspended at most this many times (`MAX_SUSPENSIONS`, `core/spec/rules.ts`).
    uint256 private constant _MAX_SUSPENSIONS = 31;
    /// @dev The longest status log: every suspension lifted, then one terminal change.
    uint256 private constant _MAX_LOG = 2 * _MAX_SUSPENSIONS + 1;

    IRoleRegistry private immutable _ROLES;
    IAssetRegistry private immutable _ASSETS;
    IIdentifierRegistry private immutable _IDENTIFIERS;

    mapping(bytes32 accreditationKey => AccreditationRecord record) private _accreditations;
    /// @dev Withdrawal number `n` of an accreditation is `_withdrawals[key][n / 4][n % 4]`.
    mapping(bytes32 accreditationKey => mapping(uint256 word => uint64[4] times)) private _withdrawals;
    mapping(bytes32 certificateKey => CertificateRecord record) private _certificates;
    mapping(bytes32 certificateKey => uint64[_MAX_LOG] entries) private _statusLogs;

    /**
     * @notice Wires the registry to the consortium's roles, assets and identifiers.
     * @param roles The RoleRegistry (who is an ACCREDITOR).
     * @param assets The AssetRegistry (a subject's asset and its status).
     * @param identifiers The IdentifierRegistry (the asset an identifier subject is bound to).
     */
    constructor(IRoleRegistry roles, IAssetRegistry assets, IIdentifierRegistry identifiers) {
        if (address(roles) == address(0)) revert InvalidArgument("roles");
        if (address(assets) == address(0)) revert InvalidArgument("assets");
        if (address(identifiers) == address(0)) revert InvalidArgument("identifiers");
        _ROLES = roles;
        _ASSETS = assets;
        _IDENTIFIERS = identifiers;
    }

    // ---- accreditation ------------------------------------------------------------------------

    /// @inheritdoc ICertificationRegistry
    function accredit(address certifier, string calldata standard, uint64 validUntil) external {
        if (!Ids.isValid(standard)) revert InvalidArgument("standard");
        if (validUntil <= block.timestamp) revert InvalidArgument("validUntil");
        _requireAccreditor();
        if (certifier == msg.sender) revert Unauthorized(msg.sender);
        bytes32 key = _accreditationKey(certifier, standard);
        AccreditationRecord storage accreditation = _accreditations[key];
        uint256 last = accreditation.accreditedAt;
        if (accreditation.withdrawnAt > last) last = accreditation.withdrawnAt;
        if (block.timestamp < last) revert InvalidState(standard);

        accreditation.accreditedAt = uint48(block.timestamp);
        accreditation.withdrawnAt = 0;
        accreditation.validUntil = validUntil;
        accreditation.accreditedBy = msg.sender;
        emit AccreditationChanged(key, certifier, standard, validUntil, true, msg.sender);
    }

    /// @inheritdoc ICertificationRegistry
    function withdrawAccreditation(address certifier, string calldata standard) external {
        if (!Ids.isValid(standard)) revert InvalidArgument("standard");
        _requireAccreditor();
        bytes32 key = _accreditationKey(certifier, standard);
        AccreditationRecord storage accreditation = _accreditations[key];
        uint48 accreditedAt = accreditation.accreditedAt;
        if (accreditedAt == 0) revert NotFound(standard);
        if (accreditation.withdrawnAt != 0 || block.timestamp < accreditedAt) revert InvalidState(standard);

        uint64 n = accreditation.withdrawals;
        accreditation.withdrawnAt = uint48(block.timestamp);
        accreditation.withdrawals = n + 1;
        _withdrawals[key][n >> 2][n & 3] = uint64(block.timestamp);
        emit AccreditationChanged(key, certifier, standard, accreditation.validUntil, false, msg.sender);
    }

    // ---- certificates -------------------------------------------------------------------------

    /// @inheritdoc ICertificationRegistry
    function issueCertificate(
        string calldata id,
        string calldata subject,
        string calldata standard,
        bytes32 scopeHash,
        bytes32 evidenceHash,
        uint64 validFrom,
        uint64 validUntil
    ) external {
        if (!Ids.isValid(id)) revert InvalidArgument("id");
        bool assetSubject = _requireFields(subject, standard, validFrom, validUntil);
        bytes32 certificateKey = _requireFree(id);
        bytes32 assetKey = _issue(certificateKey, subject, assetSubject, standard, validFrom, validUntil);
        // `emit CertificateIssued(...)` would need more stack words than the legacy code generator
        // reaches: the same log, its data ABI-encoded (the non-indexed fields, in order) and its
        // topics (the event's signature hash, then the indexed fields in order) given explicitly.
        bytes memory data = abi.encode(id, subject, standard, scopeHash, evidenceHash, validFrom, validUntil);
        bytes32 topic = CertificateIssued.selector;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            log4(add(data, 0x20), mload(data), topic, certificateKey, caller(), assetKey)
        }
    }

    /// @inheritdoc ICertificationRegistry
    function suspendCertificate(string calldata id, bytes32 reasonHash) external {
        (bytes32 key, CertificateRecord storage certificate) = _load(id);
        address issuer = certificate.issuer;
        if (issuer != msg.sender && !_isAccreditor(msg.sender)) revert Unauthorized(msg.sender);
        // While Active, the log is (Suspended, Active) pairs: its length is twice the suspensions.
        if (certificate.status != CertificateStatus.Active || certificate.logLength >= 2 * _MAX_SUSPENSIONS) {
            revert InvalidState(id);
        }

        _changeStatus(id, key, certificate, CertificateStatus.Suspended, issuer != msg.sender, reasonHash);
    }

    /// @inheritdoc ICertificationRegistry
    function reinstateCertificate(string calldata id, bytes32 reasonHash) external {
        (bytes32 key, CertificateRecord storage certificate) = _load(id);
        if (!_mayLift(certificate)) revert Unauthorized(msg.sender);
        if (certificate.status != CertificateStatus.Suspended) revert InvalidState(id);

        _changeStatus(id, key, certificate, CertificateStatus.Active, false, reasonHash);
    }

    /// @inheritdoc ICertificationRegistry
    function revokeCertificate(string calldata id, bytes32 reasonHash) external {
        (bytes32 key, CertificateRecord storage certificate) = _load(id);
        if (certificate.issuer != msg.sender && !_isAccreditor(msg.sender)) revert Unauthorized(msg.sender);
        CertificateStatus status = certificate.status;
        if (status != CertificateStatus.Active && status != CertificateStatus.Suspended) revert InvalidState(id);

        _changeStatus(id, key, certificate, CertificateStatus.Revoked, false, reasonHash);
    }

    /// @inheritdoc ICertificationRegistry
    function supersedeCertificate(
        string calldata oldId,
        string calldata newId,
        string calldata subject,
        string calldata standard,
        bytes32 scopeHash,
        bytes32 evidenceHash,
        uint64 validFrom,
        uint64 validUntil
    ) external {
        if (!Ids.isValid(newId)) revert InvalidArgument("newId");
        Successor memory successor = _admitSuccessor(oldId, newId, subject, standard, validFrom, validUntil);

        _appendLog(successor.oldKey, _certificates[successor.oldKey], CertificateStatus.Superseded, false);
        _store(successor.key, successor.assetKey, successor.standardKey, successor.epoch, validFrom, validUntil);
        _emitSuperseded(successor, oldId, newId, subject, standard, scopeHash, evidenceHash, validFrom, validUntil);
    }

    // ---- queries ----------------------------------------------------------------------------

    /// @inheritdoc ICertificationRegistry
    function getAccreditation(
        address certifier,
        string calldata standard
    ) external view returns (Accreditation memory accreditation) {
        if (!Ids.isValid(standard)) revert InvalidArgument("standard");
        AccreditationRecord storage stored = _accreditations[_accreditationKey(certifier, standard)];
        if (stored.accreditedAt == 0) revert NotFound(standard);
        accreditation = Accreditation({
            certifier: certifier,
            standard: standard,
            accreditedBy: stored.accreditedBy,
            accreditedAt: stored.accreditedAt,
            validUntil: stored.validUntil,
            withdrawnAt: stored.withdrawnAt
        });
    }

    /// @inheritdoc ICertificationRegistry
    function verifyCertificate(string calldata id, uint64 atTime) external view returns (CertificateVerdict verdict) {
        bytes32 key = keccak256(bytes(id));
        CertificateRecord storage certificate = _certificates[key];
        address issuer = certificate.issuer;
        if (issuer == address(0)) revert NotFound(id);
        if (atTime < certificate.issuedAt) return CertificateVerdict.NotYetValid;
        CertificateStatus status = _statusAt(key, certificate.logLength, atTime);
        if (status == CertificateStatus.Revoked) return CertificateVerdict.Revoked;
        if (status == CertificateStatus.Superseded) return CertificateVerdict.Superseded;
        uint64 epoch = certificate.epoch;
        bytes32 accreditationKey = _accreditationKeyOf(issuer, certificate.standardKey);
        uint64 withdrawnAt = _withdrawals[accreditationKey][epoch >> 2][epoch & 3];
        if (withdrawnAt != 0 && withdrawnAt <= atTime) return CertificateVerdict.IssuerNotAccredited;
        if (atTime >= certificate.validUntil) return CertificateVerdict.Expired;
        if (status == CertificateStatus.Suspended) return CertificateVerdict.Suspended;
        if (atTime < certificate.validFrom) return CertificateVerdict.NotYetValid;
        return CertificateVerdict.Valid;
    }

    /// @inheritdoc ICertificationRegistry
    function certificateSubject(bytes32 certificateKey) external view returns (bytes32 assetKey, bytes32 standardKey) {
        CertificateRecord storage certificate = _certificates[certificateKey];
        (assetKey, standardKey) = (certificate.assetKey, certificate.standardKey);
    }

    // ---- private ------------------------------------------------------------------------------

    /**
     * @dev Issue's checks after the id is known to be free (resolution, accreditation, the asset's
     * status) and the new Active record; returns the asset's key.
     */
    function _issue(
        bytes32 certificateKey,
        string calldata subject,
        bool assetSubject,
        string calldata standard,
        uint64 validFrom,
        uint64 validUntil
    ) private returns (bytes32 assetKey) {
        IAssetRegistry.AssetStatus assetStatus;
        (assetKey, assetStatus) = _resolve(subject, assetSubject);
        (bytes32 standardKey, uint64 epoch) = _requireAccredited(standard);
        if (assetStatus == IAssetRegistry.AssetStatus.Decommissioned) revert InvalidState(subject);
        _store(certificateKey, assetKey, standardKey, epoch, validFrom, validUntil);
    }

    /**
     * @dev Writes a new Active certificate of the caller into four fresh slots. Field by field:
     * `status` (Active), `hold` and `logLength` are already zero, and a struct literal would
     * cost a memory copy and a read-modify-write per field.
     */
    function _store(
        bytes32 certificateKey,
        bytes32 assetKey,
        bytes32 standardKey,
        uint64 epoch,
        uint64 validFrom,
        uint64 validUntil
    ) private {
        CertificateRecord storage certificate = _certificates[certificateKey];
        certificate.issuer = msg.sender;
        certificate.issuedAt = uint48(block.timestamp);
        certificate.validFrom = validFrom;
        certificate.validUntil = validUntil;
        certificate.epoch = epoch;
        certificate.standardKey = standardKey;
        certificate.assetKey = assetKey;
    }

    /// @dev A status change of suspend, reinstate or revoke: the time guard, the log, the event.
    function _changeStatus(
        string calldata id,
        bytes32 key,
        CertificateRecord storage certificate,
        CertificateStatus to,
        bool hold,
        bytes32 reasonHash
    ) private {
        _requireNotBefore(id, key, certificate);
        CertificateStatus from = certificate.status;
        _appendLog(key, certificate, to, hold);
        emit CertificateStatusChanged(key, id, from, to, reasonHash, msg.sender);
    }

    /// @dev The change itself: `status`, `hold`, and the entry `(now, status)` at the end of the log.
    function _appendLog(bytes32 key, CertificateRecord storage certificate, CertificateStatus to, bool hold) private {
        uint256 length = certificate.logLength;
        _statusLogs[key][length] = (uint64(block.timestamp) << 8) | uint64(uint8(to));
        certificate.status = to;
        certificate.hold = hold;
        certificate.logLength = uint8(length + 1);
    }

    /// @dev Emits {CertificateSuperseded} from memory copies of the strings: as calldata they
    /// would take more stack words than the legacy code generator reaches.
    function _emitSuperseded(
        Successor memory successor,
        string memory oldId,
        string memory newId,
        string memory subject,
        string memory standard,
        bytes32 scopeHash,
        bytes32 evidenceHash,
        uint64 validFrom,
        uint64 validUntil
    ) private {
        emit CertificateSuperseded(
            successor.oldKey,
            oldId,
            successor.key,
            newId,
            msg.sender,
            subject,
            successor.assetKey,
            standard,
            scopeHash,
            evidenceHash,
            validFrom,
            validUntil
        );
    }

    /**
     * @dev Every check of supersede (CERTIFICATION.md §3), in order, and what its effects need.
     */
    function _admitSuccessor(
        string calldata oldId,
        string calldata newId,
        string calldata subject,
        string calldata standard,
        uint64 validFrom,
        uint64 validUntil
    ) private view returns (Successor memory successor) {
        bool assetSubject = _requireFields(subject, standard, validFrom, validUntil);
        CertificateRecord storage old;
        (successor.oldKey, old) = _load(oldId);
        successor.key = _requireFree(newId);
        IAssetRegistry.AssetStatus assetStatus;
        (successor.assetKey, assetStatus) = _resolve(subject, assetSubject);
        successor.decommissioned = assetStatus == IAssetRegistry.AssetStatus.Decommissioned;
        if (old.issuer != msg.sender) revert Unauthorized(msg.sender);
        (successor.standardKey, successor.epoch) = _requireAccredited(standard);
        _requireSupersedable(oldId, old, successor, subject);
    }

    /**
     * @dev Step 4 and 5 of supersede: `old` is Active or under its issuer's own suspension, the
     * asset is not Decommissioned, the subject stands for `old`'s asset, and the time guard.
     */
    function _requireSupersedable(
        string calldata oldId,
        CertificateRecord storage old,
        Successor memory successor,
        string calldata subject
    ) private view {
        CertificateStatus status = old.status;
        bool underHold = status == CertificateStatus.Suspended && old.hold;
        if ((status != CertificateStatus.Active && status != CertificateStatus.Suspended) || underHold) {
            revert InvalidState(oldId);
        }
        if (successor.decommissioned) revert InvalidState(subject);
        if (successor.assetKey != old.assetKey) revert InvalidArgument("subject");
        _requireNotBefore(oldId, successor.oldKey, old);
    }

    /// @dev The time guard (CERTIFICATION.md §0): no change before the certificate's latest recorded time.
    function _requireNotBefore(string calldata id, bytes32 key, CertificateRecord storage certificate) private view {
        uint256 length = certificate.logLength;
        uint256 last = length == 0 ? certificate.issuedAt : _statusLogs[key][length - 1] >> 8;
        if (block.timestamp < last) revert InvalidState(id);
    }

    /**
     * @dev The status in the last log entry whose time is at most `atTime`, or Active if none:
     * a bisection over at most 63 entries, so at most 6 probes.
     */
    function _statusAt(bytes32 key, uint256 length, uint64 atTime) private view returns (CertificateStatus status) {
        uint64[_MAX_LOG] storage log = _statusLogs[key];
        uint256 low = 0;
        uint256 high = length;
        while (low < high) {
            uint256 mid = (low + high) >> 1;
            uint64 entry = log[mid];
            if (entry >> 8 <= atTime) {
                status = CertificateStatus(uint8(entry));
                low = mid + 1;
            } else {
                high = mid;
            }
        }
    }

    /**
     * @dev Step 1 of issue and supersede after the id: the subject's form (`IdentifierInvalid`),
     * the standard, and the window. Returns whether the subject is an asset id (CERTIFICATION.md §5).
     */
    function _requireFields(
        string calldata subject,
        string calldata standard,
        uint64 validFrom,
        uint64 validUntil
    ) private view returns (bool assetSubject) {
        assetSubject = _isAssetSubject(subject);
        // Called for its revert (IdentifierInvalid): the parsed scheme and subject are not needed here.
        // slither-disable-next-line unused-return
        if (!assetSubject) IdentifierSyntax.parse(subject);
        if (!Ids.isValid(standard)) revert InvalidArgument("standard");
        if (validFrom >= validUntil) revert InvalidArgument("validFrom");
        if (validUntil <= block.timestamp) revert InvalidArgument("validUntil");
    }

    /// @dev The key of a certificate id that is not taken yet (`AlreadyExists`).
    function _requireFree(string calldata id) private view returns (bytes32 key) {
        key = keccak256(bytes(id));
        if (_certificates[key].issuer != address(0)) revert AlreadyExists(id);
    }

    /// @dev The record of an existing certificate (`NotFound`; a malformed id is never stored).
    function _load(string calldata id) private view returns (bytes32 key, CertificateRecord storage certificate) {
        key = keccak256(bytes(id));
        certificate = _certificates[key];
        if (certificate.issuer == address(0)) revert NotFound(id);
    }

    /**
     * @dev The asset a well-formed subject stands for now, and its status: `NotFound` for an
     * unregistered asset id; for an unbound identifier the identifier registry's `NotFound` bubbles up.
     */
    function _resolve(
        string calldata subject,
        bool assetSubject
    ) private view returns (bytes32 assetKey, IAssetRegistry.AssetStatus status) {
        assetKey = assetSubject ? keccak256(bytes(subject)) : _IDENTIFIERS.resolveIdentifier(subject).assetKey;
        address owner;
        (owner, status) = _ASSETS.assetControl(assetKey);
        if (owner == address(0)) revert NotFound(subject);
    }

    /**
     * @dev The caller's accreditation for `standard`, which must be in force now (`NotAccredited`):
     * the standard's key and the accreditation's withdrawal count, the new certificate's epoch.
     */
    function _requireAccredited(string calldata standard) private view returns (bytes32 standardKey, uint64 epoch) {
        standardKey = keccak256(bytes(standard));
        AccreditationRecord storage accreditation = _accreditations[_accreditationKeyOf(msg.sender, standardKey)];
        // Copied out first, so that the optimizer reads the packed slot once, not once per field.
        uint256 accreditedAt = accreditation.accreditedAt;
        uint256 withdrawnAt = accreditation.withdrawnAt;
        uint256 validUntil = accreditation.validUntil;
        epoch = accreditation.withdrawals;
        bool inForce = withdrawnAt == 0 &&
            accreditedAt != 0 &&
            accreditedAt <= block.timestamp &&
            block.timestamp < validUntil;
        if (!inForce) revert NotAccredited(msg.sender);
    }

    /**
     * @dev Who may lift (CERTIFICATION.md §3): the issuer its own suspension, an ACCREDITOR other
     * than the issuer an accreditor's hold; when not Suspended, the issuer or any ACCREDITOR.
     */
    function _mayLift(CertificateRecord storage certificate) private view returns (bool) {
        address issuer = certificate.issuer;
        if (certificate.status != CertificateStatus.Suspended) return issuer == msg.sender || _isAccreditor(msg.sender);
        if (!certificate.hold) return issuer == msg.sender;
        return issuer != msg.sender && _isAccreditor(msg.sender);
    }

    /// @dev Reverts `Unauthorized(caller)` unless the caller is an ACCREDITOR.
    function _requireAccreditor() private view {
        if (!_isAccreditor(msg.sender)) revert Unauthorized(msg.sender);
    }

    /// @dev Whether `account` holds ACCREDITOR now.
    function _isAccreditor(address account) private view returns (bool) {
        return _ROLES.hasRole(_ACCREDITOR_ROLE, account);
    }

    /// @dev keccak256(abi.encode(certifier, keccak256(bytes(standard)))).
    function _accreditationKey(address certifier, string calldata standard) private pure returns (bytes32) {
        return _accreditationKeyOf(certifier, keccak256(bytes(standard)));
    }

    /// @dev keccak256(abi.encode(certifier, standardKey)): an accreditation's key from its standard's.
    function _accreditationKeyOf(address certifier, bytes32 standardKey) private pure returns (bytes32) {
        return keccak256(abi.encode(certifier, standardKey));
    }

    /**
     * @dev An asset id, not a canonical identifier: the id rule, and neither `did:` nor `urn:oid:`
     * at the start (the only identifier heads the id rule admits), as `isAssetSubject` in `core/spec/rules.ts`.
     */
    function _isAssetSubject(string calldata subject) private pure returns (bool) {
        if (!Ids.isValid(subject)) return false;
        bytes calldata s = bytes(subject);
        if (s.length >= 4 && bytes4(s[:4]) == "did:") return false;
        return s.length < 8 || bytes8(s[:8]) != "urn:oid:";
    }
}
