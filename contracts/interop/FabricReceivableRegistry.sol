// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {ICertificationRegistry} from "../interfaces/ICertificationRegistry.sol";
import {IFabricFactVerifier} from "../interfaces/IFabricFactVerifier.sol";
import {IFabricReceivableRegistry} from "../interfaces/IFabricReceivableRegistry.sol";
import {IRoleRegistry} from "../interfaces/IRoleRegistry.sol";
import {ReceivableRegistry} from "../ReceivableRegistry.sol";

/**
 * @title FabricReceivableRegistry
 * @author Twinledger
 * @notice The {ReceivableRegistry} with one more rule: an invoice is financed here only while the
 * Fabric ledger, its fingerprint's default home, has it reserved for this registry
 * (`core/spec/INTEROP.md` §4). Everything else is the base registry's, call for call.
 * @dev Storage of its own, at a fixed ERC-7201 location (so that no change of the base's layout
 * moves it): `locks`, one word per fingerprint, `expiry` (uint64) in bits 0–63 and `financed` in
 * bit 64, the slot Fabric's `releaseFromEvm` proves by `eth_getProof`
 * (`keccak256(fingerprint ‖ FABRIC_LOCKS_SLOT)`, `core/interop/evm-registry-layout.ts`); and the
 * fingerprint of each receivable issued here, which the base keeps in its events only.
 *
 * The verifier is this contract's own immutable FabricFactVerifier: it reads the membership and the
 * precompiles only and calls back nothing, so consuming a proof before the effects is a check, not
 * an interaction that could re-enter.
 */
contract FabricReceivableRegistry is ReceivableRegistry, IFabricReceivableRegistry {
    /// @custom:storage-location erc7201:twinledger.storage.FabricReceivableRegistry
    struct FabricLocks {
        /// @dev Slot FABRIC_LOCKS_SLOT (offset 0): the lock word of each fingerprint.
        mapping(bytes32 fingerprint => uint256 lock) locks;
        /// @dev Offset 1: the fingerprint of each receivable issued here.
        mapping(bytes32 receivableKey => bytes32 fingerprint) fingerprintOf;
    }

    /// @dev keccak256(abi.encode(uint256(keccak256("twinledger.storage.FabricReceivableRegistry")) - 1)) & ~0xff.
    /// Part of the interface with Fabric: never change it.
    bytes32 private constant _FABRIC_LOCKS_SLOT = 0x332d991947491ac8157517b6a42bb72aff4bda2278ee5c8a651238c78bdce400;
    /// @dev Bit 64 of a lock word: a receivable of the fingerprint was financed here.
    uint256 private constant _FINANCED = 1 << 64;
    /// @dev The fact type of a ReceivableReservation.
    uint8 private constant _RECEIVABLE_RESERVATION = 4;

    IFabricFactVerifier private immutable _VERIFIER;

    /**
     * @notice Wires the registry as {ReceivableRegistry} does, and to the verifier of Fabric's facts.
     * @param roles The RoleRegistry.
     * @param assets The AssetRegistry.
     * @param certification The CertificationRegistry.
     * @param verifier The FabricFactVerifier of the channel that is the fingerprints' home.
     */
    constructor(
        IRoleRegistry roles,
        IAssetRegistry assets,
        ICertificationRegistry certification,
        IFabricFactVerifier verifier
    ) ReceivableRegistry(roles, assets, certification) {
        if (address(verifier) == address(0)) revert InvalidArgument("verifier");
        _VERIFIER = verifier;
    }

    /// @inheritdoc IFabricReceivableRegistry
    function claimFabricReservation(
        bytes32 fingerprint,
        bytes calldata proposalResponsePayload,
        IFabricFactVerifier.Endorsement[] calldata endorsements
    ) external {
        if (fingerprint == bytes32(0)) revert InvalidArgument("fingerprint");
        IFabricFactVerifier.FactStatement memory statement = _VERIFIER.consumeFact(
            proposalResponsePayload,
            endorsements
        );
        uint256 value = uint256(statement.value);
        if (
            statement.factType != _RECEIVABLE_RESERVATION ||
            statement.subject != fingerprint ||
            value > type(uint64).max
        ) revert FactMismatch(statement.factType, statement.subject);
        if (value <= block.timestamp) revert FabricReservationMissing(fingerprint);

        FabricLocks storage fabric = _fabricLocks();
        fabric.locks[fingerprint] = (fabric.locks[fingerprint] & _FINANCED) | value;
        emit FabricReservationClaimed(fingerprint, uint64(value), statement.nonce);
    }

    /// @inheritdoc IFabricReceivableRegistry
    function fabricVerifier() external view returns (IFabricFactVerifier verifier) {
        return _VERIFIER;
    }

    /// @inheritdoc IFabricReceivableRegistry
    function fabricLock(bytes32 fingerprint) external view returns (uint64 expiry, bool financed) {
        uint256 lock = _fabricLocks().locks[fingerprint];
        return (uint64(lock), lock & _FINANCED != 0);
    }

    /**
     * @notice Records the fingerprint of a receivable issued here.
     * @param receivableKey keccak256 of its id.
     * @param fingerprint Its invoice fingerprint.
     */
    function _afterIssue(bytes32 receivableKey, bytes32 fingerprint) internal override {
        _fabricLocks().fingerprintOf[receivableKey] = fingerprint;
    }

    /**
     * @notice Refuses a financing unless the fingerprint's claimed reservation runs after the block
     * (`InvalidState(id)`, the code Fabric gives a reserved invoice); else marks it financed, for good.
     * @param id The receivable's id.
     * @param receivableKey keccak256 of `id`.
     */
    function _beforeFinanced(string calldata id, bytes32 receivableKey) internal override {
        FabricLocks storage fabric = _fabricLocks();
        bytes32 fingerprint = fabric.fingerprintOf[receivableKey];
        uint256 lock = fabric.locks[fingerprint];
        if (uint64(lock) <= block.timestamp) revert InvalidState(id);
        fabric.locks[fingerprint] = lock | _FINANCED;
    }

    /**
     * @notice The contract's own storage, at its ERC-7201 location.
     * @return fabricStorage The storage struct.
     */
    function _fabricLocks() private pure returns (FabricLocks storage fabricStorage) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            fabricStorage.slot := _FABRIC_LOCKS_SLOT
        }
    }
}
