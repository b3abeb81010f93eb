// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAssetRegistry} from "./interfaces/IAssetRegistry.sol";
import {IIdentifierRegistry} from "./interfaces/IIdentifierRegistry.sol";
import {IRoleRegistry} from "./interfaces/IRoleRegistry.sol";
import {IdentifierSyntax} from "./libraries/IdentifierSyntax.sol";
import {Ids} from "./libraries/Ids.sol";
import {Text} from "./libraries/Text.sol";
import {DidControl} from "./libraries/identifiers/DidControl.sol";

/**
 * @title IdentifierRegistry
 * @author Twinledger
 * @notice Primitive 2 of the specification: namespaces and identifier bindings.
 * @dev Namespaces are stored as `keccak256(schemeByte ‖ prefix) => holder`. The namespace that
 * governs an identifier is the most specific registered one among its candidates (GS1 company
 * prefixes of 12 down to 6 digits; Handle and OID prefixes from the full one up through each
 * dotted parent; a DID's method), as in DNS delegation: at most 32 lookups. Self-certifying DIDs
 * bind by their controller's signature instead ({bindDid}, `core/spec/DID.md`).
 */
contract IdentifierRegistry is IIdentifierRegistry {
    /// @dev The key a self-certifying DID names (`DidControl.controller`), kept in memory to spare the stack.
    struct DidController {
        DidControl.Kind kind;
        address account;
        bytes32 qx;
        bytes32 qy;
    }

    bytes32 private constant _ADMIN_ROLE = keccak256("ADMIN");
    /// @dev The shortest GS1 company prefix; the stem under which longer ones are indexed.
    uint256 private constant _GS1_STEM = 6;
    uint256 private constant _GS1_LONGEST = 12;

    /// @dev The longest DID statement head (`Twinledger DID binding` … `did: `) kept in immutables.
    uint256 private constant _HEAD_CAPACITY = 128;

    IRoleRegistry private immutable _ROLES;
    IAssetRegistry private immutable _ASSETS;
    /// @dev The DID statement head for the chain deployed on, in four words: building it (the
    /// address in hex, the chain id in decimal) would cost each bindDid thousands of gas.
    uint256 private immutable _HEAD_CHAIN_ID;
    uint256 private immutable _HEAD_LENGTH;
    bytes32 private immutable _HEAD_0;
    bytes32 private immutable _HEAD_1;
    bytes32 private immutable _HEAD_2;
    bytes32 private immutable _HEAD_3;

    mapping(bytes32 namespaceKey => address holder) private _namespaces;
    /// @dev GS1 only: under each 6-digit stem, a bitmap of the company-prefix lengths registered
    /// (bit n = a prefix of n digits), so finding the governing prefix reads one slot, not seven.
    mapping(bytes32 stemKey => uint256 lengths) private _gs1PrefixLengths;
    mapping(bytes32 key => Binding binding) private _bindings;

    /**
     * @notice Wires the registry to the consortium's roles and the asset registry.
     * @param roles The RoleRegistry (ADMIN registers namespaces).
     * @param assets The AssetRegistry (owners bind their assets' identifiers).
     */
    constructor(IRoleRegistry roles, IAssetRegistry assets) {
        if (address(roles) == address(0)) revert InvalidArgument("roles");
        if (address(assets) == address(0)) revert InvalidArgument("assets");
        _ROLES = roles;
        _ASSETS = assets;
        bytes memory head = _statementHead();
        uint256 length = head.length;
        bytes32[4] memory words;
        if (length > _HEAD_CAPACITY) length = 0; // a chain id of 40+ digits: built per call instead
        // Word by word, not MCOPY: the contracts run on pre-Cancun EVMs too.
        for (uint256 start = 0; start < length; start += 32) {
            bytes32 word;
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                word := mload(add(add(head, 0x20), start))
            }
            uint256 rest = length - start;
            if (rest < 32) word &= ~bytes32(type(uint256).max >> (rest * 8)); // only the head's own bytes
            words[start / 32] = word;
        }
        _HEAD_CHAIN_ID = block.chainid;
        _HEAD_LENGTH = length;
        _HEAD_0 = words[0];
        _HEAD_1 = words[1];
        _HEAD_2 = words[2];
        _HEAD_3 = words[3];
    }

    /// @inheritdoc IIdentifierRegistry
    function registerNamespace(uint8 scheme, string calldata prefix, address holder) external {
        IdentifierSyntax.Scheme kind = _namespaceScheme(scheme);
        if (!IdentifierSyntax.isValidNamespacePrefix(kind, prefix)) revert InvalidArgument("prefix");
        if (holder == address(0)) revert InvalidArgument("holder");
        if (!_ROLES.hasRole(_ADMIN_ROLE, msg.sender)) revert Unauthorized(msg.sender);
        bytes32 namespaceKey = keccak256(abi.encodePacked(uint8(kind), prefix));
        if (_namespaces[namespaceKey] != address(0)) revert AlreadyExists(prefix);

        _namespaces[namespaceKey] = holder;
        if (kind == IdentifierSyntax.Scheme.Gs1) {
            _gs1PrefixLengths[IdentifierSyntax.namespaceKey(kind, prefix, _GS1_STEM)] |= 1 << bytes(prefix).length;
        }
        emit NamespaceRegistered(namespaceKey, kind, prefix, holder);
    }

    /// @inheritdoc IIdentifierRegistry
    function revokeNamespace(uint8 scheme, string calldata prefix) external {
        IdentifierSyntax.Scheme kind = _namespaceScheme(scheme);
        (bytes32 namespaceKey, address holder) = _registeredNamespace(kind, prefix);

        // The GS1 prefix-length bit stays: another prefix of that length may share the stem,
        // and the walk reads the namespace itself before trusting a bit.
        delete _namespaces[namespaceKey];
        emit NamespaceRevoked(namespaceKey, kind, prefix, holder);
    }

    /// @inheritdoc IIdentifierRegistry
    function transferNamespace(uint8 scheme, string calldata prefix, address newHolder) external {
        IdentifierSyntax.Scheme kind = _namespaceScheme(scheme);
        if (newHolder == address(0)) revert InvalidArgument("newHolder");
        (bytes32 namespaceKey, address holder) = _registeredNamespace(kind, prefix);
        if (newHolder == holder) revert InvalidArgument("newHolder");

        _namespaces[namespaceKey] = newHolder;
        emit NamespaceTransferred(namespaceKey, kind, prefix, holder, newHolder);
    }

    /// @inheritdoc IIdentifierRegistry
    function bindIdentifier(string calldata assetId, string calldata canonicalIdentifier) external {
        (IdentifierSyntax.Scheme scheme, string memory subject) = IdentifierSyntax.parse(canonicalIdentifier);
        bytes32 assetKey = _requireOwnedLiveAsset(assetId);
        if (scheme == IdentifierSyntax.Scheme.Did && _isSelfCertifying(canonicalIdentifier)) {
            revert ProofRequired(canonicalIdentifier);
        }
        if (_governingHolder(scheme, subject) != msg.sender) revert NamespaceNotHeld(msg.sender);
        _bind(scheme, canonicalIdentifier, assetKey, assetId);
    }

    /// @inheritdoc IIdentifierRegistry
    function bindDid(string calldata assetId, string calldata did, uint64 deadline, bytes calldata signature) external {
        if (signature.length != 64 && signature.length != 65) revert InvalidArgument("signature");
        DidController memory didKey = _selfCertifyingDid(did);
        bytes32 assetKey = _requireOwnedLiveAsset(assetId);
        if (block.timestamp > deadline) revert ProofInvalid("deadline passed");
        bytes memory statement = _statement(assetId, did, deadline);
        if (!DidControl.isValidProof(didKey.kind, didKey.account, didKey.qx, didKey.qy, statement, signature)) {
            revert ProofInvalid("not signed by the DID's key");
        }
        _bind(IdentifierSyntax.Scheme.Did, did, assetKey, assetId);
    }

    /// @inheritdoc IIdentifierRegistry
    function unbindIdentifier(string calldata canonicalIdentifier) external {
        (IdentifierSyntax.Scheme scheme, string memory subject) = IdentifierSyntax.parse(canonicalIdentifier);
        bytes32 key = IdentifierSyntax.key(scheme, canonicalIdentifier);
        bytes32 assetKey = _bindings[key].assetKey;
        if (_bindings[key].boundBy == address(0)) revert NotFound(canonicalIdentifier);
        // Only the owner matters: an identifier is unbound whatever the asset's status.
        // slither-disable-next-line unused-return
        (address owner, ) = _ASSETS.assetControl(assetKey);
        if (owner != msg.sender) {
            bool selfCertifying = scheme == IdentifierSyntax.Scheme.Did && _isSelfCertifying(canonicalIdentifier);
            if (selfCertifying || _governingHolder(scheme, subject) != msg.sender) revert Unauthorized(msg.sender);
        }

        delete _bindings[key];
        emit IdentifierUnbound(key, canonicalIdentifier, assetKey, msg.sender);
    }

    /// @inheritdoc IIdentifierRegistry
    function resolveIdentifier(string calldata canonicalIdentifier) external view returns (Binding memory binding) {
        // Validates the identifier and gives its scheme; the subject is not needed.
        // slither-disable-next-line unused-return
        (IdentifierSyntax.Scheme scheme, ) = IdentifierSyntax.parse(canonicalIdentifier);
        binding = _bindings[IdentifierSyntax.key(scheme, canonicalIdentifier)];
        if (binding.boundBy == address(0)) revert NotFound(canonicalIdentifier);
    }

    /// @inheritdoc IIdentifierRegistry
    function didBindingStatement(
        string calldata assetId,
        string calldata did,
        uint64 deadline
    ) external view returns (string memory statement) {
        _selfCertifyingDid(did);
        if (!Ids.isValid(assetId)) revert InvalidArgument("assetId");
        statement = string(_statement(assetId, did, deadline));
    }

    /// @inheritdoc IIdentifierRegistry
    function namespaceHolder(
        IdentifierSyntax.Scheme scheme,
        string calldata prefix
    ) external view returns (address holder) {
        holder = _namespaces[keccak256(abi.encodePacked(uint8(scheme), prefix))];
    }


    /// @dev Records a binding after every check passed (effects only; the asset registry was read, not called).
    function _bind(
        IdentifierSyntax.Scheme scheme,
        string calldata canonicalIdentifier,
        bytes32 assetKey,
        string calldata assetId
    ) internal {
        bytes32 key = IdentifierSyntax.key(scheme, canonicalIdentifier);
        if (_bindings[key].boundBy != address(0)) revert IdentifierTaken(key);

        _bindings[key] = Binding({assetKey: assetKey, boundBy: msg.sender, boundAt: uint48(block.timestamp)});
        emit IdentifierBound(key, scheme, canonicalIdentifier, assetKey, assetId, msg.sender);
    }

    /// @dev The asset's key, once it exists, belongs to the caller and is not decommissioned.
    function _requireOwnedLiveAsset(string calldata assetId) internal view returns (bytes32 assetKey) {
        assetKey = keccak256(bytes(assetId));
        (address owner, IAssetRegistry.AssetStatus status) = _ASSETS.assetControl(assetKey);
        if (owner == address(0)) revert NotFound(assetId);
        if (owner != msg.sender) revert Unauthorized(msg.sender);
        if (status == IAssetRegistry.AssetStatus.Decommissioned) revert InvalidState(assetId);
    }

    /// @dev A canonical DID whose controller is written in it, and that controller.
    function _selfCertifyingDid(string calldata did) private view returns (DidController memory didKey) {
        // Validates the DID and gives its scheme; the subject is not needed.
        // slither-disable-next-line unused-return
        (IdentifierSyntax.Scheme scheme, ) = IdentifierSyntax.parse(did);
        if (scheme != IdentifierSyntax.Scheme.Did) revert InvalidArgument("did");
        (didKey.kind, didKey.account, didKey.qx, didKey.qy) = DidControl.controller(bytes(did));
        if (didKey.kind == DidControl.Kind.None) revert InvalidArgument("did");
    }

    /// @dev Whether a valid canonical DID is self-certifying (its method's namespace does not govern it).
    function _isSelfCertifying(string calldata did) private view returns (bool) {
        // Only whether the DID names its controller; the key itself is not needed.
        // slither-disable-next-line unused-return
        (DidControl.Kind kind, , , ) = DidControl.controller(bytes(did));
        return kind != DidControl.Kind.None;
    }

    /// @dev The DID binding statement of `core/spec/DID.md`; this ledger is `eip155:{chain id}:{this}`.
    function _statement(
        string calldata assetId,
        string calldata did,
        uint64 deadline
    ) private view returns (bytes memory) {
        bool cached = block.chainid == _HEAD_CHAIN_ID && _HEAD_LENGTH != 0;
        bytes memory head = cached ? _cachedHead() : _statementHead();
        bytes memory time = Text.decimal(deadline);
        return bytes.concat(head, bytes(did), "\nasset: ", bytes(assetId), "\ndeadline: ", time);
    }

    /// @dev The statement's lines before the DID's value, for the chain this runs on (after a fork, a new id).
    function _statementHead() private view returns (bytes memory) {
        return
            bytes.concat(
                "Twinledger DID binding\n",
                "ledger: eip155:",
                Text.decimal(block.chainid),
                ":",
                Text.hexAddress(address(this)),
                "\ndid: "
            );
    }

    /// @dev {_statementHead} as the constructor stored it.
    function _cachedHead() private view returns (bytes memory head) {
        head = new bytes(_HEAD_CAPACITY);
        (bytes32 w0, bytes32 w1, bytes32 w2, bytes32 w3) = (_HEAD_0, _HEAD_1, _HEAD_2, _HEAD_3);
        uint256 length = _HEAD_LENGTH;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(add(head, 0x20), w0)
            mstore(add(head, 0x40), w1)
            mstore(add(head, 0x60), w2)
            mstore(add(head, 0x80), w3)
            mstore(head, length)
        }
    }

    /// @dev Checks shared by revoke and transfer: a valid prefix, an ADMIN caller, a registered namespace.
    function _registeredNamespace(
        IdentifierSyntax.Scheme scheme,
        string calldata prefix
    ) private view returns (bytes32 namespaceKey, address holder) {
        if (!IdentifierSyntax.isValidNamespacePrefix(scheme, prefix)) revert InvalidArgument("prefix");
        if (!_ROLES.hasRole(_ADMIN_ROLE, msg.sender)) revert Unauthorized(msg.sender);
        namespaceKey = keccak256(abi.encodePacked(uint8(scheme), prefix));
        holder = _namespaces[namespaceKey];
        if (holder == address(0)) revert NotFound(prefix);
    }

    /// @dev The holder of the most specific registered namespace covering `subject`, or zero.
    function _governingHolder(IdentifierSyntax.Scheme scheme, string memory subject) private view returns (address) {
        if (scheme == IdentifierSyntax.Scheme.Gs1) return _governingGs1Holder(subject);
        for (
            uint256 n = IdentifierSyntax.nextCandidateLength(scheme, subject, IdentifierSyntax.WALK_START);
            n != 0;
            n = IdentifierSyntax.nextCandidateLength(scheme, subject, n)
        ) {
            address holder = _namespaces[IdentifierSyntax.namespaceKey(scheme, subject, n)];
            if (holder != address(0)) return holder;
        }
        return address(0);
    }

    /// @dev As {_governingHolder} for GS1: only the prefix lengths registered under the stem are tried.
    function _governingGs1Holder(string memory subject) private view returns (address) {
        uint256 available = bytes(subject).length;
        if (available < _GS1_STEM) return address(0);
        IdentifierSyntax.Scheme gs1 = IdentifierSyntax.Scheme.Gs1;
        uint256 lengths = _gs1PrefixLengths[IdentifierSyntax.namespaceKey(gs1, subject, _GS1_STEM)];
        uint256 longest = available < _GS1_LONGEST ? available : _GS1_LONGEST;
        for (uint256 n = longest; lengths != 0 && n >= _GS1_STEM; --n) {
            if (lengths & (1 << n) == 0) continue;
            address holder = _namespaces[IdentifierSyntax.namespaceKey(gs1, subject, n)];
            if (holder != address(0)) return holder;
        }
        return address(0);
    }

    /// @dev A scheme, from a raw uint8 that may be anything.
    function _namespaceScheme(uint8 scheme) private pure returns (IdentifierSyntax.Scheme) {
        if (scheme > uint8(IdentifierSyntax.Scheme.Did)) revert InvalidArgument("scheme");
        return IdentifierSyntax.Scheme(scheme);
    }
}
