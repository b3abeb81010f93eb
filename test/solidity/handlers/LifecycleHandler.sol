// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IAssetRegistry} from "../../../contracts/interfaces/IAssetRegistry.sol";
import {ICertificationRegistry} from "../../../contracts/interfaces/ICertificationRegistry.sol";
import {VM} from "../utils/Vm.sol";

/**
 * @title LifecycleHandler
 * @notice Drives an AssetRegistry and a CertificationRegistry through random sequences of every
 * state-changing call, by the rightful party or by anyone, for the invariant runner.
 * @dev The terminal statuses are learned by observation, not from a model: after every call the
 * handler reads every asset and certificate; the first time one is seen Decommissioned, Revoked or
 * Superseded its whole stored record is kept, and every later reading must be that record
 * again (a status that left it, or any other field that changed, is counted). A certificate seen
 * Revoked must also answer the verdict Revoked now and at the time it was first seen so.
 */
contract LifecycleHandler {
    struct Asset {
        string id;
        bool terminal;
        IAssetRegistry.AssetRecord frozen;
    }

    struct Certificate {
        string id;
        address issuer;
        uint256 asset;
        ICertificationRegistry.CertificateStatus terminalStatus;
        bool terminal;
        uint64 terminalSince;
        bytes32[4] frozen;
    }

    string public constant STANDARD = "ISO9001:2015";
    /// @dev Where `_certificates` sits in CertificationRegistry's storage (CERTIFICATION.md §7).
    uint256 private constant _CERTIFICATES_SLOT = 2;

    IAssetRegistry public immutable assets;
    ICertificationRegistry public immutable certification;

    address[3] private _owners = [address(0xA11CE), address(0xB0B), address(0xCA201)];
    address[2] private _certifiers = [address(0xCB1), address(0xCB2)];
    address[2] private _accreditors;
    address private constant _NOBODY = address(0x0757);

    Asset[] private _assets;
    Certificate[] private _certificates;
    uint256 private _nextId;

    /// @notice Readings of a Decommissioned asset whose status was no longer Decommissioned.
    uint256 public leftDecommissioned;
    /// @notice Readings of a Decommissioned asset whose record had changed in any field.
    uint256 public changedAfterDecommissioned;
    /// @notice Readings of a Revoked certificate whose status was no longer Revoked.
    uint256 public leftRevoked;
    /// @notice Readings of a Superseded certificate whose status was no longer Superseded.
    uint256 public leftSuperseded;
    /// @notice Readings of a Revoked or Superseded certificate whose record had changed in any field.
    uint256 public changedAfterTerminal;
    /// @notice Readings of a Revoked certificate whose verdict (now, or when first seen Revoked) was not Revoked.
    uint256 public revokedVerdictWrong;
    /// @notice Readings of a Superseded certificate whose verdict now was not Superseded.
    uint256 public supersededVerdictWrong;

    /// @notice How many reached each terminal status, and how many calls were made on one since.
    uint256 public decommissioned;
    uint256 public revoked;
    uint256 public superseded;
    uint256 public callsOnTerminal;

    constructor(IAssetRegistry assets_, ICertificationRegistry certification_, address[2] memory accreditors_) {
        assets = assets_;
        certification = certification_;
        _accreditors = accreditors_;
    }

    // ---- assets -------------------------------------------------------------------------------

    /// @notice An owner registers a new asset.
    function registerAsset(uint256 ownerSeed, bytes32 metadataHash) external {
        string memory id = string.concat("A-", Strings.toString(_nextId++));
        VM.prank(_owners[ownerSeed % 3]);
        assets.registerAsset(id, "machine", metadataHash, "ipfs://asset");
        IAssetRegistry.AssetRecord memory none;
        _assets.push(Asset({id: id, terminal: false, frozen: none}));
        _observe();
    }

    /// @notice The owner (or anyone) revises an asset.
    function updateAsset(uint256 which, uint256 callerSeed, bytes32 metadataHash) external {
        if (_assets.length == 0) return;
        Asset storage a = _assets[which % _assets.length];
        _noteTerminal(a.terminal);
        VM.prank(_assetCaller(a.id, callerSeed));
        try assets.updateAsset(a.id, metadataHash, "ipfs://revised") {} catch {}
        _observe();
    }

    /// @notice The owner (or anyone) hands an asset over.
    function transferAsset(uint256 which, uint256 callerSeed, uint256 toSeed) external {
        if (_assets.length == 0) return;
        Asset storage a = _assets[which % _assets.length];
        _noteTerminal(a.terminal);
        VM.prank(_assetCaller(a.id, callerSeed));
        try assets.transferAsset(a.id, _owners[toSeed % 3]) {} catch {}
        _observe();
    }

    /// @notice The owner (or anyone) sets any status 0 to 3 (3 is out of range).
    function setAssetStatus(uint256 which, uint256 callerSeed, uint8 status) external {
        if (_assets.length == 0) return;
        Asset storage a = _assets[which % _assets.length];
        _noteTerminal(a.terminal);
        VM.prank(_assetCaller(a.id, callerSeed));
        try assets.setAssetStatus(a.id, status % 4) {} catch {}
        _observe();
    }

    // ---- certificates -------------------------------------------------------------------------

    /// @notice A certifier issues a certificate about an asset.
    function issueCertificate(uint256 certifierSeed, uint256 assetWhich, uint32 term) external {
        if (_assets.length == 0) return;
        uint256 asset = assetWhich % _assets.length;
        address issuer = _certifiers[certifierSeed % 2];
        string memory id = string.concat("C-", Strings.toString(_nextId++));
        VM.prank(issuer);
        try
            certification.issueCertificate(
                id,
                _assets[asset].id,
                STANDARD,
                keccak256("scope"),
                keccak256("evidence"),
                uint64(block.timestamp),
                uint64(block.timestamp) + 1 days + (term % 730 days)
            )
        {
            _pushCertificate(id, issuer, asset);
        } catch {}
        _observe();
    }

    /// @notice The issuer, an ACCREDITOR or anyone suspends.
    function suspend(uint256 which, uint256 callerSeed) external {
        if (_certificates.length == 0) return;
        Certificate storage c = _certificates[which % _certificates.length];
        _noteTerminal(c.terminal);
        VM.prank(_certificateCaller(c.issuer, callerSeed));
        try certification.suspendCertificate(c.id, keccak256("suspend")) {} catch {}
        _observe();
    }

    /// @notice The issuer, an ACCREDITOR or anyone lifts a suspension.
    function reinstate(uint256 which, uint256 callerSeed) external {
        if (_certificates.length == 0) return;
        Certificate storage c = _certificates[which % _certificates.length];
        _noteTerminal(c.terminal);
        VM.prank(_certificateCaller(c.issuer, callerSeed));
        try certification.reinstateCertificate(c.id, keccak256("reinstate")) {} catch {}
        _observe();
    }

    /// @notice The issuer, an ACCREDITOR or anyone revokes.
    function revoke(uint256 which, uint256 callerSeed) external {
        if (_certificates.length == 0) return;
        Certificate storage c = _certificates[which % _certificates.length];
        _noteTerminal(c.terminal);
        VM.prank(_certificateCaller(c.issuer, callerSeed));
        try certification.revokeCertificate(c.id, keccak256("revoke")) {} catch {}
        _observe();
    }

    /// @notice The issuer (or anyone) supersedes a certificate with a new one about the same asset.
    function supersede(uint256 which, uint256 callerSeed, uint32 term) external {
        if (_certificates.length == 0) return;
        Certificate storage c = _certificates[which % _certificates.length];
        _noteTerminal(c.terminal);
        (address issuer, uint256 asset) = (c.issuer, c.asset);
        address caller = _certificateCaller(issuer, callerSeed);
        string memory newId = string.concat("C-", Strings.toString(_nextId++));
        VM.prank(caller);
        try
            certification.supersedeCertificate(
                c.id,
                newId,
                _assets[asset].id,
                STANDARD,
                keccak256("scope"),
                keccak256("evidence"),
                uint64(block.timestamp),
                uint64(block.timestamp) + 1 days + (term % 730 days)
            )
        {
            _pushCertificate(newId, caller, asset);
        } catch {}
        _observe();
    }

    /// @notice An ACCREDITOR withdraws a certifier's accreditation (its certificates' verdicts change, not their status).
    /// @dev Acts one call in four.
    function withdrawAccreditation(uint256 certifierSeed, uint256 accreditorSeed) external {
        if (accreditorSeed % 4 != 0) return; // one call in four, so that certificates keep being issued
        VM.prank(_accreditors[(accreditorSeed >> 2) % 2]);
        try certification.withdrawAccreditation(_certifiers[certifierSeed % 2], STANDARD) {} catch {}
        _observe();
    }

    /// @notice An ACCREDITOR accredits a certifier (again).
    function accredit(uint256 certifierSeed, uint256 accreditorSeed) external {
        VM.prank(_accreditors[accreditorSeed % 2]);
        try
            certification.accredit(_certifiers[certifierSeed % 2], STANDARD, uint64(block.timestamp) + 3650 days)
        {} catch {}
        _observe();
    }

    /// @notice Time passes: up to 30 days.
    function warp(uint32 seconds_) external {
        VM.warp(block.timestamp + 1 + (seconds_ % 30 days));
        _observe();
    }

    // ---- reads --------------------------------------------------------------------------------

    /// @notice The stored status of certificate `id` (byte 20 of its record's first slot).
    function storedStatus(string memory id) public view returns (ICertificationRegistry.CertificateStatus) {
        return ICertificationRegistry.CertificateStatus(uint8(uint256(_certificateWord(id, 0)) >> 160));
    }

    /// @notice How many assets and certificates the run made.
    function counts() external view returns (uint256 assetCount, uint256 certificateCount) {
        return (_assets.length, _certificates.length);
    }

    // ---- private ------------------------------------------------------------------------------

    function _pushCertificate(string memory id, address issuer, uint256 asset) private {
        bytes32[4] memory none;
        _certificates.push(
            Certificate({
                id: id,
                issuer: issuer,
                asset: asset,
                terminalStatus: ICertificationRegistry.CertificateStatus.Active,
                terminal: false,
                terminalSince: 0,
                frozen: none
            })
        );
    }

    /// @dev Reads everything; keeps what first became terminal; counts every departure from it.
    function _observe() private {
        for (uint256 i = 0; i < _assets.length; ++i) _observeAsset(_assets[i]);
        for (uint256 i = 0; i < _certificates.length; ++i) _observeCertificate(_certificates[i]);
    }

    function _observeAsset(Asset storage a) private {
        IAssetRegistry.AssetRecord memory record = assets.getAsset(a.id);
        if (!a.terminal) {
            if (record.status == IAssetRegistry.AssetStatus.Decommissioned) {
                (a.terminal, a.frozen) = (true, record);
                ++decommissioned;
            }
            return;
        }
        if (record.status != IAssetRegistry.AssetStatus.Decommissioned) ++leftDecommissioned;
        if (keccak256(abi.encode(record)) != keccak256(abi.encode(a.frozen))) ++changedAfterDecommissioned;
    }

    function _observeCertificate(Certificate storage c) private {
        ICertificationRegistry.CertificateStatus status = storedStatus(c.id);
        bytes32[4] memory record = _certificateRecord(c.id);
        if (!c.terminal) {
            if (
                status == ICertificationRegistry.CertificateStatus.Revoked ||
                status == ICertificationRegistry.CertificateStatus.Superseded
            ) {
                (c.terminal, c.terminalStatus, c.terminalSince, c.frozen) = (true, status, uint64(block.timestamp), record);
                if (status == ICertificationRegistry.CertificateStatus.Revoked) ++revoked;
                else ++superseded;
            }
            return;
        }
        if (keccak256(abi.encode(record)) != keccak256(abi.encode(c.frozen))) ++changedAfterTerminal;
        ICertificationRegistry.CertificateVerdict now_ = certification.verifyCertificate(c.id, uint64(block.timestamp));
        if (c.terminalStatus == ICertificationRegistry.CertificateStatus.Revoked) {
            if (status != ICertificationRegistry.CertificateStatus.Revoked) ++leftRevoked;
            ICertificationRegistry.CertificateVerdict then = certification.verifyCertificate(c.id, c.terminalSince);
            if (
                now_ != ICertificationRegistry.CertificateVerdict.Revoked ||
                then != ICertificationRegistry.CertificateVerdict.Revoked
            ) ++revokedVerdictWrong;
        } else {
            if (status != ICertificationRegistry.CertificateStatus.Superseded) ++leftSuperseded;
            if (now_ != ICertificationRegistry.CertificateVerdict.Superseded) ++supersededVerdictWrong;
        }
    }

    function _noteTerminal(bool terminal) private {
        if (terminal) ++callsOnTerminal;
    }

    /// @dev The four slots of certificate `id`'s record.
    function _certificateRecord(string memory id) private view returns (bytes32[4] memory record) {
        for (uint256 i = 0; i < 4; ++i) record[i] = _certificateWord(id, i);
    }

    function _certificateWord(string memory id, uint256 i) private view returns (bytes32) {
        bytes32 base = keccak256(abi.encode(keccak256(bytes(id)), _CERTIFICATES_SLOT));
        return VM.load(address(certification), bytes32(uint256(base) + i));
    }

    /// @dev The owner three times in four, else another party.
    function _assetCaller(string memory id, uint256 seed) private view returns (address) {
        if (seed % 4 != 0) return assets.getAsset(id).owner;
        return seed % 8 == 4 ? _NOBODY : _owners[(seed >> 3) % 3];
    }

    /// @dev The issuer half the time, an ACCREDITOR or the other certifier or nobody otherwise.
    function _certificateCaller(address issuer, uint256 seed) private view returns (address) {
        uint256 pick = seed % 8;
        if (pick < 4) return issuer;
        if (pick < 6) return _accreditors[pick - 4];
        if (pick == 6) return _certifiers[(seed >> 3) % 2];
        return _NOBODY;
    }
}
