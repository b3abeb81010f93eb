// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IFabricFactVerifier} from "../interfaces/IFabricFactVerifier.sol";
import {IFabricIdentifierRegistry} from "../interfaces/IFabricIdentifierRegistry.sol";
import {IRoleRegistry} from "../interfaces/IRoleRegistry.sol";
import {IdentifierRegistry} from "../IdentifierRegistry.sol";
import {IdentifierSyntax} from "../libraries/IdentifierSyntax.sol";

/**
 * @title FabricIdentifierRegistry
 * @author Twinledger
 * @notice The {IdentifierRegistry} with one more way to bind: importing a binding Fabric holds,
 * from a proof of it, so that one identifier key is taken on both ledgers for the same asset.
 * @dev Binds through the base's own checks and effects (`_requireOwnedLiveAsset`, `_bind`): the
 * same record, the same {IdentifierBound} event, the same `IdentifierTaken`. The verifier is this
 * contract's own immutable FabricFactVerifier: it reads the membership and the precompiles only and
 * calls back nothing, so consuming a proof before the effects is a check, not an interaction that
 * could re-enter.
 */
contract FabricIdentifierRegistry is IdentifierRegistry, IFabricIdentifierRegistry {
    /// @dev The fact type of an IdentifierBinding.
    uint8 private constant _IDENTIFIER_BINDING = 1;

    IFabricFactVerifier private immutable _VERIFIER;

    /**
     * @notice Wires the registry as {IdentifierRegistry} does, and to the verifier of Fabric's facts.
     * @param roles The RoleRegistry.
     * @param assets The AssetRegistry.
     * @param verifier The FabricFactVerifier of the channel whose bindings are imported.
     */
    constructor(
        IRoleRegistry roles,
        IAssetRegistry assets,
        IFabricFactVerifier verifier
    ) IdentifierRegistry(roles, assets) {
        if (address(verifier) == address(0)) revert InvalidArgument("verifier");
        _VERIFIER = verifier;
    }

    /// @inheritdoc IFabricIdentifierRegistry
    function importFabricBinding(
        string calldata assetId,
        string calldata canonicalIdentifier,
        bytes calldata proposalResponsePayload,
        IFabricFactVerifier.Endorsement[] calldata endorsements
    ) external {
        // The checks in a function of their own: eight calldata words leave no stack for them here.
        (IdentifierSyntax.Scheme scheme, bytes32 assetKey, bytes32 nonce) = _requireFabricBinding(
            assetId,
            canonicalIdentifier,
            proposalResponsePayload,
            endorsements
        );
        _bind(scheme, canonicalIdentifier, assetKey, assetId);
        emit IdentifierImported(IdentifierSyntax.key(scheme, canonicalIdentifier), assetId, nonce);
    }

    /// @inheritdoc IFabricIdentifierRegistry
    function fabricVerifier() external view returns (IFabricFactVerifier verifier) {
        return _VERIFIER;
    }

    /**
     * @notice The checks of {importFabricBinding} up to `IdentifierTaken`, which `_bind` makes: the
     * identifier, the caller's live asset, then the proof, consumed, that Fabric binds the
     * identifier's key to that asset.
     * @param assetId The asset.
     * @param canonicalIdentifier The identifier in canonical form.
     * @param proposalResponsePayload The ProposalResponsePayload the peers signed.
     * @param endorsements Their endorsements.
     * @return scheme The identifier's scheme.
     * @return assetKey keccak256 of the asset's id.
     * @return nonce The proof's nonce.
     */
    function _requireFabricBinding(
        string calldata assetId,
        string calldata canonicalIdentifier,
        bytes calldata proposalResponsePayload,
        IFabricFactVerifier.Endorsement[] calldata endorsements
    ) private returns (IdentifierSyntax.Scheme scheme, bytes32 assetKey, bytes32 nonce) {
        // Validates the identifier and gives its scheme; the subject is not needed.
        // slither-disable-next-line unused-return
        (scheme, ) = IdentifierSyntax.parse(canonicalIdentifier);
        assetKey = _requireOwnedLiveAsset(assetId);
        bytes32 key = IdentifierSyntax.key(scheme, canonicalIdentifier);
        IFabricFactVerifier.FactStatement memory statement = _VERIFIER.consumeFact(
            proposalResponsePayload,
            endorsements
        );
        if (statement.factType != _IDENTIFIER_BINDING || statement.subject != key) {
            revert FactMismatch(statement.factType, statement.subject);
        }
        if (statement.value != assetKey) revert FabricBindingMismatch(key, statement.value);
        nonce = statement.nonce;
    }
}
