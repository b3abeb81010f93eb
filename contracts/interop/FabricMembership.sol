// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";
import {IFabricMembership} from "../interfaces/IFabricMembership.sol";
import {IRoleRegistry} from "../interfaces/IRoleRegistry.sol";
import {CanonicalProtobuf} from "../libraries/interop/CanonicalProtobuf.sol";
import {CodeStore} from "../libraries/interop/CodeStore.sol";
import {Pem} from "../libraries/interop/Pem.sol";
import {PeerCertificate} from "../libraries/interop/PeerCertificate.sol";
import {Utf8} from "../libraries/interop/Utf8.sol";

/**
 * @title FabricMembership
 * @author Twinledger
 * @notice The organisations (MSP id, CA key, CA subject), the endorsement policy and the endorsing
 * peers of one Fabric channel and chaincode, for {FabricFactVerifier} (`core/spec/INTEROP.md` §3).
 * @dev The reference model is `core/interop/membership.ts`; the certificate checks are
 * {PeerCertificate}'s. Storage:
 *
 * - organisations by keccak-256 of the MSP id: CA key, the CA subject and its hash, an index
 *   (0 to 15, never reused) whose bit `1 << index` stands for the organisation in policies;
 * - one slot of governance: how many organisations were ever registered, the bits of the active
 *   ones, the bits the policy requires (read together by a verifier);
 * - peers by id (keccak-256 of the SerializedIdentity): one slot, the address of the code that
 *   holds `keyX ‖ keyY ‖ serializedIdentity` ({CodeStore}), the organisation's index, whether it
 *   was removed; and the peer id of each key ever registered, so that a removed peer's key stays
 *   out under any other spelling of its certificate (a CA signature and its high-S twin both verify).
 *
 * Certificate expiry is not checked: Fabric's MSP does not check it either (FAB-3678), and the EVM
 * has no trustworthy Fabric time. Revocation is {removePeer}.
 */
contract FabricMembership is IFabricMembership {
    /// @dev An organisation as registered.
    struct Organization {
        bool registered;
        bool active;
        uint8 index;
        bytes32 caKeyX;
        bytes32 caKeyY;
        bytes32 caSubjectHash;
        bytes caSubject;
    }

    /// @dev A registered peer: one slot.
    struct Peer {
        address pointer;
        uint8 index;
        bool removed;
    }

    bytes32 private constant _ADMIN_ROLE = keccak256("ADMIN");
    /// @dev The most organisations a 16-bit policy holds.
    uint256 private constant _MAX_ORGANIZATIONS = 16;
    /// @dev SerializedIdentity { 1 mspid, 2 id_bytes }.
    uint256 private constant _IDENTITY = (CanonicalProtobuf.BYTES << 2) | (CanonicalProtobuf.BYTES << 4);
    /// @dev Where the SerializedIdentity starts in a peer's code data (after its key).
    uint256 private constant _IDENTITY_OFFSET = 64;

    IRoleRegistry private immutable _ROLES;
    bytes32 private immutable _CHANNEL_HASH;

    string private _chaincodeName;
    mapping(bytes32 mspIdHash => Organization organization) private _organizations;
    /// @dev The governance slot: organisations ever registered, the active ones' bits, the policy's bits.
    uint8 private _organizationCount;
    uint16 private _activeOrganizations;
    uint16 private _requiredOrganizations;
    mapping(bytes32 peer => Peer record) private _peers;
    mapping(bytes32 keyHash => bytes32 peer) private _peerOfKey;

    /**
     * @notice Creates the membership of one channel and chaincode.
     * @param roles The RoleRegistry: its ADMIN governs.
     * @param channelId The channel id (not empty).
     * @param chaincodeName_ The chaincode whose facts count (not empty, UTF-8).
     */
    constructor(IRoleRegistry roles, string memory channelId, string memory chaincodeName_) {
        if (address(roles) == address(0)) revert InvalidArgument("roles");
        if (bytes(channelId).length == 0) revert InvalidArgument("channelId");
        if (bytes(chaincodeName_).length == 0 || !Utf8.isValid(bytes(chaincodeName_))) {
            revert InvalidArgument("chaincodeName");
        }
        _ROLES = roles;
        _CHANNEL_HASH = keccak256(bytes(channelId));
        _chaincodeName = chaincodeName_;
    }

    /// @inheritdoc IFabricMembership
    function registerOrganization(
        string calldata mspId,
        bytes32 caKeyX,
        bytes32 caKeyY,
        bytes calldata caSubject
    ) external override {
        _onlyAdmin();
        bytes calldata id = bytes(mspId);
        uint256 idStart = _offset(id);
        if (id.length == 0 || !Utf8.isValidCalldata(idStart, idStart + id.length)) revert InvalidArgument("mspId");
        if (!P256.isValidPublicKey(caKeyX, caKeyY)) revert InvalidArgument("caKey");
        if (caSubject.length == 0) revert InvalidArgument("caSubject");
        Organization storage organization_ = _organizations[keccak256(id)];
        if (organization_.registered) revert OrganizationAlreadyRegistered(mspId);
        uint256 index = _organizationCount;
        if (index >= _MAX_ORGANIZATIONS) revert TooManyOrganizations();
        organization_.registered = true;
        organization_.active = true;
        organization_.index = uint8(index);
        organization_.caKeyX = caKeyX;
        organization_.caKeyY = caKeyY;
        organization_.caSubjectHash = keccak256(caSubject);
        organization_.caSubject = caSubject;
        _organizationCount = uint8(index + 1);
        _activeOrganizations |= uint16(1 << index);
        emit OrganizationRegistered(mspId, 1 << index, caKeyX, caKeyY, caSubject);
    }

    /// @inheritdoc IFabricMembership
    function removeOrganization(string calldata mspId) external override {
        _onlyAdmin();
        Organization storage organization_ = _activeOrganization(bytes(mspId));
        organization_.active = false;
        uint16 bit = uint16(1 << organization_.index);
        _activeOrganizations &= ~bit;
        _requiredOrganizations &= ~bit;
        emit OrganizationRemoved(mspId, bit);
    }

    /// @inheritdoc IFabricMembership
    function setEndorsementPolicy(string[] calldata requiredMspIds) external override {
        _onlyAdmin();
        // No organisation until the loop adds them (Solidity zeroes locals): that start is meant.
        // slither-disable-next-line uninitialized-local
        uint256 required;
        uint256 count = requiredMspIds.length;
        for (uint256 i = 0; i < count; ++i) {
            required |= 1 << _activeOrganization(bytes(requiredMspIds[i])).index;
        }
        _requiredOrganizations = uint16(required);
        emit EndorsementPolicySet(requiredMspIds, required);
    }

    /// @inheritdoc IFabricMembership
    function registerPeer(bytes calldata serializedIdentity) external override returns (bytes32 peer) {
        (bytes calldata mspId, bytes32 keyX, bytes32 keyY, uint8 index) = _checkIdentity(serializedIdentity);
        peer = keccak256(serializedIdentity);
        _store(peer, keyX, keyY, index, serializedIdentity);
        emit PeerRegistered(peer, string(mspId), keyX, keyY);
    }

    /// @inheritdoc IFabricMembership
    function removePeer(bytes32 peer) external override {
        _onlyAdmin();
        Peer storage record = _peers[peer];
        if (record.pointer == address(0) || record.removed) revert UnknownEndorser(peer);
        record.removed = true;
        emit PeerRemoved(peer);
    }

    /// @inheritdoc IFabricMembership
    function channelHash() external view override returns (bytes32 hash) {
        return _CHANNEL_HASH;
    }

    /// @inheritdoc IFabricMembership
    function chaincodeName() external view override returns (string memory name) {
        return _chaincodeName;
    }

    /// @inheritdoc IFabricMembership
    function endorsementPolicy() external view override returns (uint256 requiredOrganizations) {
        return _requiredOrganizations;
    }

    /// @inheritdoc IFabricMembership
    function organization(
        string calldata mspId
    )
        external
        view
        override
        returns (
            bool registered,
            bool active,
            uint256 organizationBit,
            bytes32 caKeyX,
            bytes32 caKeyY,
            bytes memory caSubject
        )
    {
        Organization storage organization_ = _organizations[keccak256(bytes(mspId))];
        if (!organization_.registered) return (false, false, 0, 0, 0, "");
        return (
            true,
            organization_.active,
            1 << organization_.index,
            organization_.caKeyX,
            organization_.caKeyY,
            organization_.caSubject
        );
    }

    /// @inheritdoc IFabricMembership
    function endorser(
        bytes32 peer
    ) external view override returns (bytes32 keyX, bytes32 keyY, uint256 organizationBit, address bytesPointer) {
        Peer memory record = _peers[peer];
        if (record.pointer == address(0) || record.removed) return (0, 0, 0, address(0));
        organizationBit = 1 << record.index;
        if (_activeOrganizations & organizationBit == 0) return (0, 0, 0, address(0));
        bytesPointer = record.pointer;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            extcodecopy(bytesPointer, 0x00, 1, 0x40)
            keyX := mload(0x00)
            keyY := mload(0x20)
        }
    }

    /// @inheritdoc IFabricMembership
    function endorserIdentity(bytes32 peer) external view override returns (bytes memory serializedIdentity) {
        address pointer = _peers[peer].pointer;
        if (pointer == address(0)) return "";
        return CodeStore.read(pointer, _IDENTITY_OFFSET, CodeStore.size(pointer) - _IDENTITY_OFFSET);
    }

    /**
     * @notice Keeps a checked peer: its key and identity as code, its record, its key's holder.
     * @param peer The peer's id.
     * @param keyX Its public key, x.
     * @param keyY Its public key, y.
     * @param index Its organisation's index.
     * @param identity Its SerializedIdentity.
     */
    function _store(bytes32 peer, bytes32 keyX, bytes32 keyY, uint8 index, bytes calldata identity) private {
        if (_peers[peer].pointer != address(0)) revert PeerAlreadyRegistered(peer);
        bytes32 keyHash = keccak256(abi.encode(keyX, keyY));
        bytes32 holder = _peerOfKey[keyHash];
        if (holder != 0) revert PeerAlreadyRegistered(holder);
        address pointer = CodeStore.write(abi.encodePacked(keyX, keyY, identity));
        if (pointer == address(0)) revert InvalidArgument("serializedIdentity");
        _peers[peer] = Peer({pointer: pointer, index: index, removed: false});
        _peerOfKey[keyHash] = peer;
    }

    /**
     * @notice Checks a SerializedIdentity as a peer's of an active organisation; reverts with the first problem.
     * @param identity The identity.
     * @return mspId Its MSP id.
     * @return keyX The peer's public key, x.
     * @return keyY The peer's public key, y.
     * @return index Its organisation's index.
     */
    function _checkIdentity(
        bytes calldata identity
    ) private view returns (bytes calldata mspId, bytes32 keyX, bytes32 keyY, uint8 index) {
        uint256 pemStart;
        uint256 pemEnd;
        (mspId, pemStart, pemEnd) = _readIdentity(identity);
        Organization storage organization_ = _activeOrganization(mspId);
        (bool isPem, bytes memory der) = Pem.decodeCertificate(pemStart, pemEnd);
        if (!isPem) revert CertificateMalformed();
        (keyX, keyY) = _checkCertificate(der, organization_);
        index = organization_.index;
    }

    /**
     * @notice Checks a peer's certificate against its organisation's CA; reverts with the first problem.
     * @param der The certificate's DER.
     * @param organization_ The organisation the identity names.
     * @return keyX The peer's public key, x.
     * @return keyY The peer's public key, y.
     */
    function _checkCertificate(
        bytes memory der,
        Organization storage organization_
    ) private view returns (bytes32 keyX, bytes32 keyY) {
        PeerCertificate.Problem problem;
        (problem, keyX, keyY) = PeerCertificate.check(
            der,
            organization_.caSubjectHash,
            organization_.caKeyX,
            organization_.caKeyY
        );
        if (problem == PeerCertificate.Problem.Malformed) revert CertificateMalformed();
        if (problem == PeerCertificate.Problem.NotIssued) revert NotIssuedByOrganization();
        if (problem == PeerCertificate.Problem.NotAPeer) revert NotAPeer();
        if (problem == PeerCertificate.Problem.UnsupportedKey) revert UnsupportedKey();
        if (problem == PeerCertificate.Problem.SignatureInvalid) revert CertificateSignatureInvalid();
    }

    /**
     * @notice The active organisation with MSP id `mspId`; reverts with {UnknownOrganization} otherwise.
     * @param mspId The MSP id.
     * @return organization_ Its record.
     */
    function _activeOrganization(bytes calldata mspId) private view returns (Organization storage organization_) {
        organization_ = _organizations[keccak256(mspId)];
        if (!organization_.active) revert UnknownOrganization(string(mspId));
    }

    /// @notice Reverts with {Unauthorized} unless the caller holds ADMIN.
    function _onlyAdmin() private view {
        if (!_ROLES.hasRole(_ADMIN_ROLE, msg.sender)) revert Unauthorized(msg.sender);
    }

    /**
     * @notice Reads a SerializedIdentity: canonical protobuf, both fields present, both UTF-8.
     * @param identity The identity.
     * @return mspId The MSP id.
     * @return pemStart Where the PEM certificate starts (absolute calldata offset).
     * @return pemEnd Where it ends.
     */
    function _readIdentity(
        bytes calldata identity
    ) private pure returns (bytes calldata mspId, uint256 pemStart, uint256 pemEnd) {
        uint256 base = _offset(identity);
        uint256 ptr = base;
        uint256 end = ptr + identity.length;
        // These start at zero (Solidity zeroes locals) as the loop below means them to: no field
        // read before the first, none seen, no MSP id unless field 1 is read.
        // slither-disable-next-line uninitialized-local
        uint256 last;
        // slither-disable-next-line uninitialized-local
        uint256 seen;
        // slither-disable-next-line uninitialized-local
        uint256 mspIdStart;
        uint256 mspIdEnd;
        while (ptr < end) {
            bool ok;
            uint256 number;
            uint256 start;
            (ok, number, start, ptr) = CanonicalProtobuf.readField(ptr, end, last, _IDENTITY);
            if (!ok) revert IdentityMalformed();
            last = number;
            seen |= 1 << number;
            if (number == 1) (mspIdStart, mspIdEnd) = (start, ptr);
            else (pemStart, pemEnd) = (start, ptr);
        }
        if (seen != 6 || !Utf8.isValidCalldata(mspIdStart, mspIdEnd) || !Utf8.isValidCalldata(pemStart, pemEnd)) {
            revert IdentityMalformed();
        }
        mspId = identity[mspIdStart - base:mspIdEnd - base];
    }

    /**
     * @notice Where calldata bytes start.
     * @param data Calldata bytes.
     * @return offset Their absolute offset.
     */
    function _offset(bytes calldata data) private pure returns (uint256 offset) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            offset := data.offset
        }
    }
}
