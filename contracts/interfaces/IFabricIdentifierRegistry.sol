// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IFabricFactVerifier} from "./IFabricFactVerifier.sol";
import {IIdentifierRegistry} from "./IIdentifierRegistry.sol";

/**
 * @title IFabricIdentifierRegistry
 * @author Twinledger
 * @notice The identifier registry of an EVM chain beside a Fabric channel: besides binding as
 * {IIdentifierRegistry} does, an asset's owner imports a binding Fabric already holds, so that the
 * same identifier key is taken on both ledgers, for the same asset (`core/spec/INTEROP.md`).
 */
interface IFabricIdentifierRegistry is IIdentifierRegistry {
    /**
     * @notice A Fabric binding was imported (after its {IIdentifierRegistry-IdentifierBound} event).
     * @param key The identifier's key.
     * @param assetId The asset it is bound to on both ledgers.
     * @param nonce The nonce of the proof.
     */
    event IdentifierImported(bytes32 indexed key, string assetId, bytes32 nonce);

    /**
     * @notice The proof is not of the fact asked for: another fact type, or another subject.
     * @param factType The statement's fact type.
     * @param subject The statement's subject.
     */
    error FactMismatch(uint8 factType, bytes32 subject);

    /**
     * @notice Fabric does not bind the identifier to this asset.
     * @param key The identifier's key.
     * @param value What the proof states: keccak-256 of the asset id Fabric binds it to, 0 if unbound.
     */
    error FabricBindingMismatch(bytes32 key, bytes32 value);

    /**
     * @notice Binds `canonicalIdentifier` to `assetId` as Fabric binds it, from a proof of
     * Fabric's binding (fact type 1, IdentifierBinding).
     * @dev Fabric already governed the binding (its namespace holder bound it, or a self-certifying
     * DID's controller signed for it), so the proof replaces the namespace-holder check of
     * {IIdentifierRegistry-bindIdentifier} and the DID proof of {IIdentifierRegistry-bindDid}; the
     * caller must still own the live asset here. The nonce is asked beforehand from the verifier by
     * anyone, as `requestNonce(address(this), 1, key)`. Checks in order: `IdentifierInvalid` (not
     * canonical), `NotFound` (no such asset), `Unauthorized` (not its owner), `InvalidState`
     * (decommissioned); every check of {IFabricFactVerifier-consumeFact} with its errors (a proof
     * is consumed once); {FactMismatch} (not fact type 1, or another key than the identifier's);
     * {FabricBindingMismatch} (Fabric binds it to another asset, or to none); `IdentifierTaken`
     * (already bound here). Emits {IIdentifierRegistry-IdentifierBound}, then {IdentifierImported}.
     * @param assetId The asset.
     * @param canonicalIdentifier The identifier in canonical form.
     * @param proposalResponsePayload The ProposalResponsePayload the peers signed.
     * @param endorsements Their endorsements.
     */
    function importFabricBinding(
        string calldata assetId,
        string calldata canonicalIdentifier,
        bytes calldata proposalResponsePayload,
        IFabricFactVerifier.Endorsement[] calldata endorsements
    ) external;

    /**
     * @notice The verifier whose proofs this registry consumes.
     * @return verifier The FabricFactVerifier.
     */
    function fabricVerifier() external view returns (IFabricFactVerifier verifier);
}
