// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAssetRegistry} from "./interfaces/IAssetRegistry.sol";
import {IIdentifierRegistry} from "./interfaces/IIdentifierRegistry.sol";
import {IRoleRegistry} from "./interfaces/IRoleRegistry.sol";
import {IdentifierSyntax} from "./libraries/IdentifierSyntax.sol";

/**
 * @title IdentifierRegistry
 * @author Twinledger
 * @notice Primitive 2 of the specification: namespaces and identifier bindings.
 * @dev Namespaces are stored as `keccak256(schemeByte ‖ prefix) => holder`. The namespace that
 * governs an identifier is the most specific registered one among its candidates (GS1 company
 * prefixes of 12 down to 6 digits; Handle and OID prefixes from the full one up through each
 * dotted parent), as in DNS delegation: the walk is bounded by the identifier's length (≤ 256 bytes).
 */
contract IdentifierRegistry is IIdentifierRegistry {
    bytes32 private constant _ADMIN_ROLE = keccak256("ADMIN");
    /// @dev The shortest GS1 company prefix; the stem under which longer ones are indexed.
    uint256 private constant _GS1_STEM = 6;
    uint256 private constant _GS1_LONGEST = 12;

    IRoleRegistry private immutable _ROLES;
    IAssetRegistry private immutable _ASSETS;

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
        bytes32 assetKey = keccak256(bytes(assetId));
        (address owner, IAssetRegistry.AssetStatus status) = _ASSETS.assetControl(assetKey);
        if (owner == address(0)) revert NotFound(assetId);
        if (owner != msg.sender) revert Unauthorized(msg.sender);
        if (status == IAssetRegistry.AssetStatus.Decommissioned) revert InvalidState(assetId);
        if (scheme != IdentifierSyntax.Scheme.Did && _governingHolder(scheme, subject) != msg.sender) {
            revert NamespaceNotHeld(msg.sender);
        }
        bytes32 key = IdentifierSyntax.key(scheme, canonicalIdentifier);
        if (_bindings[key].boundBy != address(0)) revert IdentifierTaken(key);

        _bindings[key] = Binding({assetKey: assetKey, boundBy: msg.sender, boundAt: uint48(block.timestamp)});
        emit IdentifierBound(key, scheme, canonicalIdentifier, assetKey, assetId, msg.sender);
    }

    /// @inheritdoc IIdentifierRegistry
    function unbindIdentifier(string calldata canonicalIdentifier) external {
        (IdentifierSyntax.Scheme scheme, string memory subject) = IdentifierSyntax.parse(canonicalIdentifier);
        bytes32 key = IdentifierSyntax.key(scheme, canonicalIdentifier);
        bytes32 assetKey = _bindings[key].assetKey;
        if (_bindings[key].boundBy == address(0)) revert NotFound(canonicalIdentifier);
        (address owner, ) = _ASSETS.assetControl(assetKey);
        if (owner != msg.sender) {
            bool holdsNamespace = scheme != IdentifierSyntax.Scheme.Did &&
                _governingHolder(scheme, subject) == msg.sender;
            if (!holdsNamespace) revert Unauthorized(msg.sender);
        }

        delete _bindings[key];
        emit IdentifierUnbound(key, canonicalIdentifier, assetKey, msg.sender);
    }

    /// @inheritdoc IIdentifierRegistry
    function resolveIdentifier(string calldata canonicalIdentifier) external view returns (Binding memory binding) {
        (IdentifierSyntax.Scheme scheme, ) = IdentifierSyntax.parse(canonicalIdentifier);
        binding = _bindings[IdentifierSyntax.key(scheme, canonicalIdentifier)];
        if (binding.boundBy == address(0)) revert NotFound(canonicalIdentifier);
    }

    /// @inheritdoc IIdentifierRegistry
    function namespaceHolder(
        IdentifierSyntax.Scheme scheme,
        string calldata prefix
    ) external view returns (address holder) {
        holder = _namespaces[keccak256(abi.encodePacked(uint8(scheme), prefix))];
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

    /// @dev A scheme that has namespaces (not `did`), from a raw uint8 that may be anything.
    function _namespaceScheme(uint8 scheme) private pure returns (IdentifierSyntax.Scheme) {
        if (scheme >= uint8(IdentifierSyntax.Scheme.Did)) revert InvalidArgument("scheme");
        return IdentifierSyntax.Scheme(scheme);
    }
}
