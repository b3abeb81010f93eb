// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IFabricFactVerifier} from "./IFabricFactVerifier.sol";
import {IReceivableRegistry} from "./IReceivableRegistry.sol";

/**
 * @title IFabricReceivableRegistry
 * @author Twinledger
 * @notice The receivables registry of an EVM chain beside a Fabric channel: an invoice is financed
 * here only while Fabric, its fingerprint's default home, has it reserved for this registry
 * (`core/spec/INTEROP.md` §4, the cross-ledger lock).
 * @dev Fabric's `reserveForEvm` reserves a fingerprint for (chain id, this registry) until an EVM
 * time; anyone carries a ReceivableReservation proof of it here ({claimFabricReservation}); then
 * `acceptFinancing` is `InvalidState` unless the receivable's fingerprint is claimed and the block
 * is before the expiry, and marks the fingerprint financed for good. Fabric's `releaseFromEvm`
 * reads the fingerprint's lock word (`expiry` in bits 0–63, `financed` in bit 64) from one storage
 * slot by `eth_getProof` (`core/interop/evm-registry-layout.ts`), and takes the fingerprint home
 * only at or after the expiry and only if it is not financed.
 */
interface IFabricReceivableRegistry is IReceivableRegistry {
    /**
     * @notice A Fabric reservation of a fingerprint for this registry was proven here.
     * @param fingerprint The invoice fingerprint.
     * @param expiry The EVM time from which it can no longer be financed here (the reservation's).
     * @param nonce The nonce of the proof.
     */
    event FabricReservationClaimed(bytes32 indexed fingerprint, uint64 expiry, bytes32 nonce);

    /**
     * @notice The proof is not of the fact asked for: another fact type, or another subject.
     * @param factType The statement's fact type.
     * @param subject The statement's subject.
     */
    error FactMismatch(uint8 factType, bytes32 subject);

    /**
     * @notice Fabric does not have the fingerprint reserved for this chain and registry until
     * after now (the proof states 0: not reserved for us, e.g. financed on Fabric; or an expiry
     * already reached).
     * @param fingerprint The invoice fingerprint.
     */
    error FabricReservationMissing(bytes32 fingerprint);

    /**
     * @notice Records Fabric's reservation of `fingerprint` for this registry, from a proof of it.
     * Anyone may call: the proof is the authority.
     * @dev The nonce is asked beforehand from the verifier by anyone, as
     * `requestNonce(address(this), 4, fingerprint)`, and the Fabric peers endorse
     * `proveFact(ReceivableReservation, fingerprint, chainid, address(this), …)`. Checks in order:
     * `InvalidArgument("fingerprint")` (zero); every check of {IFabricFactVerifier-consumeFact}
     * with its errors (a proof is consumed once); {FactMismatch} (not fact type 4, or of another
     * fingerprint; or a value wider than 64 bits, which no reservation has); then
     * {FabricReservationMissing} (the stated expiry is not after the block). The expiry is stored
     * as stated (a fingerprint already financed here stays financed). Emits
     * {FabricReservationClaimed}.
     * @param fingerprint The invoice fingerprint.
     * @param proposalResponsePayload The ProposalResponsePayload the peers signed.
     * @param endorsements Their endorsements.
     */
    function claimFabricReservation(
        bytes32 fingerprint,
        bytes calldata proposalResponsePayload,
        IFabricFactVerifier.Endorsement[] calldata endorsements
    ) external;

    /**
     * @notice The verifier whose proofs this registry consumes.
     * @return verifier The FabricFactVerifier.
     */
    function fabricVerifier() external view returns (IFabricFactVerifier verifier);

    /**
     * @notice The cross-ledger lock of a fingerprint, as its storage word says.
     * @param fingerprint The invoice fingerprint.
     * @return expiry The claimed reservation's expiry (0: never claimed).
     * @return financed Whether a receivable of it was financed here (for good).
     */
    function fabricLock(bytes32 fingerprint) external view returns (uint64 expiry, bool financed);
}
