// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITwinledgerErrors} from "./ITwinledgerErrors.sol";

/**
 * @title IAssetRegistry
 * @author Twinledger
 * @notice Primitive 1 of the specification: the digital twin of a physical asset.
 * @dev A record is keyed by `assetKey = keccak256(bytes(id))`. Only what a contract must check
 * later is stored; the asset class, the metadata URI, the creation time and the history are
 * carried by the events, which the clients index.
 */
interface IAssetRegistry is ITwinledgerErrors {
    /// @notice Lifecycle of an asset; the order is part of the specification. Decommissioned is terminal.
    enum AssetStatus {
        Active,
        Suspended,
        Decommissioned
    }

    // 20 + 1 + 4 + 6 bytes, then 32: already the minimum of two slots (the linter counts the enum as 32 bytes).
    // solhint-disable gas-struct-packing
    /**
     * @notice The stored part of an asset (two storage slots).
     * @param owner The party that controls the asset.
     * @param status The lifecycle status.
     * @param version The metadata revision: 1 at registration, +1 per {updateAsset}.
     * @param updatedAt The block timestamp of the last change.
     * @param metadataHash The hash of the current off-chain metadata document.
     */
    struct AssetRecord {
        address owner;
        AssetStatus status;
        uint32 version;
        uint48 updatedAt;
        bytes32 metadataHash;
    }
    // solhint-enable gas-struct-packing

    /**
     * @notice An asset was registered by `owner`.
     * @param assetKey keccak256 of `assetId`.
     * @param assetId The asset id.
     * @param assetClass The asset class.
     * @param owner The registering party, now the owner.
     * @param metadataHash The hash of the metadata document.
     * @param metadataUri Where the metadata document lives (may be empty).
     */
    event AssetRegistered(
        bytes32 indexed assetKey,
        string assetId,
        string assetClass,
        address indexed owner,
        bytes32 metadataHash,
        string metadataUri
    );

    /**
     * @notice An asset's metadata was revised.
     * @param assetKey keccak256 of `assetId`.
     * @param assetId The asset id.
     * @param version The new version.
     * @param metadataHash The hash of the new metadata document.
     * @param metadataUri Where the new metadata document lives (may be empty).
     */
    event AssetUpdated(
        bytes32 indexed assetKey,
        string assetId,
        uint32 version,
        bytes32 metadataHash,
        string metadataUri
    );

    /**
     * @notice An asset changed hands.
     * @param assetKey keccak256 of `assetId`.
     * @param assetId The asset id.
     * @param from The previous owner.
     * @param to The new owner.
     */
    event AssetTransferred(bytes32 indexed assetKey, string assetId, address indexed from, address indexed to);

    /**
     * @notice An asset's status changed.
     * @param assetKey keccak256 of `assetId`.
     * @param assetId The asset id.
     * @param from The previous status.
     * @param to The new status.
     */
    event AssetStatusChanged(bytes32 indexed assetKey, string assetId, AssetStatus from, AssetStatus to);

    /**
     * @notice Registers a new asset owned by the caller, Active, version 1.
     * @dev Reverts, in this order: `InvalidArgument("id")` or `InvalidArgument("assetClass")` if either
     * breaks the id rule; `InvalidArgument("metadataUri")` if the URI is longer than 512 bytes;
     * `AlreadyExists(id)`. Emits {AssetRegistered}.
     * @param id The asset id, `^[A-Za-z0-9._:-]{1,64}$`.
     * @param assetClass The asset class, same rule as ids.
     * @param metadataHash The hash of the metadata document.
     * @param metadataUri Where the metadata document lives, at most 512 bytes (may be empty).
     */
    function registerAsset(
        string calldata id,
        string calldata assetClass,
        bytes32 metadataHash,
        string calldata metadataUri
    ) external;

    /**
     * @notice Revises an asset's metadata; its version goes up by one.
     * @dev Reverts, in this order: `InvalidArgument("metadataUri")`; `NotFound(id)`;
     * `Unauthorized(caller)` unless the caller owns the asset; `InvalidState(id)` if Decommissioned.
     * Emits {AssetUpdated}.
     * @param id The asset id.
     * @param metadataHash The hash of the new metadata document.
     * @param metadataUri Where the new metadata document lives, at most 512 bytes (may be empty).
     */
    function updateAsset(string calldata id, bytes32 metadataHash, string calldata metadataUri) external;

    /**
     * @notice Hands an asset over to `newOwner`.
     * @dev Reverts, in this order: `InvalidArgument("newOwner")` for the zero address; `NotFound(id)`;
     * `Unauthorized(caller)` unless the caller owns the asset; `InvalidState(id)` if Decommissioned;
     * `InvalidArgument("newOwner")` if `newOwner` already owns it. Emits {AssetTransferred}.
     * @param id The asset id.
     * @param newOwner The new owner.
     */
    function transferAsset(string calldata id, address newOwner) external;

    /**
     * @notice Moves an asset between Active and Suspended, or to the terminal Decommissioned.
     * @dev Reverts, in this order: `InvalidArgument("status")` if `status` is no {AssetStatus};
     * `NotFound(id)`; `Unauthorized(caller)` unless the caller owns the asset; `InvalidState(id)`
     * if it is Decommissioned or already has `status`. Emits {AssetStatusChanged}.
     * @param id The asset id.
     * @param status The new status, as its {AssetStatus} index (a uint8, so any value can be refused).
     */
    function setAssetStatus(string calldata id, uint8 status) external;

    /**
     * @notice The stored record of an asset.
     * @dev Reverts with `NotFound(id)` if no asset is registered under `id`.
     * @param id The asset id.
     * @return asset The record.
     */
    function getAsset(string calldata id) external view returns (AssetRecord memory asset);

    /**
     * @notice What other contracts check before acting on an asset: its owner and status, by key.
     * @dev One storage read. The owner is the zero address when there is no such asset.
     * @param assetKey keccak256 of the asset id.
     * @return owner The owner, or the zero address.
     * @return status The lifecycle status.
     */
    function assetControl(bytes32 assetKey) external view returns (address owner, AssetStatus status);
}
