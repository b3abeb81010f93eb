// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAssetRegistry} from "./interfaces/IAssetRegistry.sol";
import {Ids} from "./libraries/Ids.sol";

/**
 * @title AssetRegistry
 * @author Twinledger
 * @notice Primitive 1 of the specification: register, revise, hand over and retire digital twins.
 * @dev One record of two storage slots per asset, `owner | status | version | updatedAt` and
 * `metadataHash`, keyed by keccak256 of the id. Everything a reader only needs to see (asset
 * class, metadata URI, creation time, history, listings by owner) is in the events. Checks run
 * in the order of the specification (the chaincode uses the same order), so the same bad call
 * fails with the same code on both platforms. No external calls are made.
 */
contract AssetRegistry is IAssetRegistry {
    /// @dev The longest metadata URI, in bytes (`MAX_URI_BYTES` in `core/spec/rules.ts`).
    uint256 private constant _MAX_URI_BYTES = 512;

    /// @dev keccak256(bytes(id)) => record. An unregistered record has the zero owner.
    mapping(bytes32 assetKey => AssetRecord record) private _assets;

    /// @inheritdoc IAssetRegistry
    function registerAsset(
        string calldata id,
        string calldata assetClass,
        bytes32 metadataHash,
        string calldata metadataUri
    ) external {
        if (!Ids.isValid(id)) revert InvalidArgument("id");
        if (!Ids.isValid(assetClass)) revert InvalidArgument("assetClass");
        _checkUri(metadataUri);
        bytes32 key = keccak256(bytes(id));
        if (_assets[key].owner != address(0)) revert AlreadyExists(id);

        _assets[key] = AssetRecord({
            owner: msg.sender,
            status: AssetStatus.Active,
            version: 1,
            updatedAt: uint48(block.timestamp),
            metadataHash: metadataHash
        });
        emit AssetRegistered(key, id, assetClass, msg.sender, metadataHash, metadataUri);
    }

    /// @inheritdoc IAssetRegistry
    function updateAsset(string calldata id, bytes32 metadataHash, string calldata metadataUri) external {
        _checkUri(metadataUri);
        (bytes32 key, AssetRecord storage asset) = _ownedLive(id);

        uint32 version = asset.version + 1;
        asset.version = version;
        asset.updatedAt = uint48(block.timestamp);
        asset.metadataHash = metadataHash;
        emit AssetUpdated(key, id, version, metadataHash, metadataUri);
    }

    /// @inheritdoc IAssetRegistry
    function transferAsset(string calldata id, address newOwner) external {
        if (newOwner == address(0)) revert InvalidArgument("newOwner");
        (bytes32 key, AssetRecord storage asset) = _ownedLive(id);
        if (newOwner == msg.sender) revert InvalidArgument("newOwner");

        asset.owner = newOwner;
        asset.updatedAt = uint48(block.timestamp);
        emit AssetTransferred(key, id, msg.sender, newOwner);
    }

    /// @inheritdoc IAssetRegistry
    function setAssetStatus(string calldata id, uint8 status) external {
        // A raw call may carry any uint8: out of range is the spec's InvalidArgument, not a Panic.
        if (status > uint8(type(AssetStatus).max)) revert InvalidArgument("status");
        (bytes32 key, AssetRecord storage asset) = _owned(id);
        AssetStatus from = asset.status;
        AssetStatus to = AssetStatus(status);
        if (from == AssetStatus.Decommissioned || to == from) revert InvalidState(id);

        asset.status = to;
        asset.updatedAt = uint48(block.timestamp);
        emit AssetStatusChanged(key, id, from, to);
    }

    /// @inheritdoc IAssetRegistry
    function getAsset(string calldata id) external view returns (AssetRecord memory asset) {
        asset = _assets[keccak256(bytes(id))];
        if (asset.owner == address(0)) revert NotFound(id);
    }

    /// @inheritdoc IAssetRegistry
    function assetControl(bytes32 assetKey) external view returns (address owner, AssetStatus status) {
        AssetRecord storage asset = _assets[assetKey];
        (owner, status) = (asset.owner, asset.status);
    }

    /**
     * @dev The record of `id`, which must exist (`NotFound`) and be owned by the caller
     * (`Unauthorized`).
     */
    function _owned(string calldata id) private view returns (bytes32 key, AssetRecord storage asset) {
        key = keccak256(bytes(id));
        asset = _assets[key];
        address owner = asset.owner;
        if (owner == address(0)) revert NotFound(id);
        if (owner != msg.sender) revert Unauthorized(msg.sender);
    }

    /// @dev As {_owned}, and the asset must not be Decommissioned (`InvalidState`).
    function _ownedLive(string calldata id) private view returns (bytes32 key, AssetRecord storage asset) {
        (key, asset) = _owned(id);
        if (asset.status == AssetStatus.Decommissioned) revert InvalidState(id);
    }

    /// @dev Rejects a metadata URI longer than the specification allows.
    function _checkUri(string calldata metadataUri) private pure {
        if (bytes(metadataUri).length > _MAX_URI_BYTES) revert InvalidArgument("metadataUri");
    }
}
