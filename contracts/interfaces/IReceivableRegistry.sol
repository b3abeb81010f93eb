// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITwinledgerErrors} from "./ITwinledgerErrors.sol";

/**
 * @title IReceivableRegistry
 * @author Twinledger
 * @notice Primitive 4 of the specification: receivables financing. One invoice, one registration
 * (a global fingerprint index that never forgets), one financing, and repayments against an
 * outstanding amount that never goes below 0 (`core/spec/RECEIVABLES.md`).
 * @dev A receivable is keyed by `receivableKey = keccak256(bytes(id))`. Only what a later check
 * reads is stored; the currency, the fingerprint, the linked asset ids, the reasons and payment
 * references travel in the events, and the clients fold {getReceivable},
 * {getReceivableByFingerprint}, the listings and the history from them (by the indexed
 * `receivableKey`, `seller`, `debtor` and `financier` topics). Every operation checks in the order
 * of RECEIVABLES.md §0 (arguments, role gates, existence, record authority, state, the time guard),
 * so the same bad call fails with the same code on every platform. Amounts are `uint256` in minor
 * units; the only arithmetic is `outstanding - amount`, after `amount <= outstanding`.
 */
interface IReceivableRegistry is ITwinledgerErrors {
    /**
     * @notice Lifecycle of a receivable; the order is part of the specification. Settled, Defaulted
     * and Cancelled are terminal.
     */
    enum ReceivableState {
        Issued,
        Acknowledged,
        Disputed,
        Financed,
        PartiallyRepaid,
        Settled,
        Defaulted,
        Cancelled
    }

    /**
     * @notice A receivable was issued by `seller` against `debtor`, Issued; its fingerprint is
     * registered for good.
     * @param receivableKey keccak256 of `receivableId`.
     * @param receivableId The receivable id.
     * @param seller The issuing party, the beneficiary until the receivable is financed.
     * @param debtor The party that owes `amount`.
     * @param amount The face value in minor units, the initial outstanding amount.
     * @param currency The ISO 4217 alpha-3 currency code.
     * @param dueDate The due date, Unix seconds.
     * @param fingerprint The invoice fingerprint (RECEIVABLES-FINGERPRINT.md).
     * @param assetIds The linked assets, in the seller's order.
     * @param requiredStandard The financing policy: "" or the standard every linked asset must be certified to.
     * @param gracePeriod The ledger's grace period at issue, kept by this receivable.
     */
    event ReceivableIssued(
        bytes32 indexed receivableKey,
        string receivableId,
        address indexed seller,
        address indexed debtor,
        uint256 amount,
        string currency,
        uint64 dueDate,
        bytes32 fingerprint,
        string[] assetIds,
        string requiredStandard,
        uint32 gracePeriod
    );

    /**
     * @notice The debtor acknowledged the receivable (from Issued, or ending its own dispute).
     * @param receivableKey keccak256 of `receivableId`.
     * @param receivableId The receivable id.
     * @param debtor The debtor.
     */
    event ReceivableAcknowledged(bytes32 indexed receivableKey, string receivableId, address indexed debtor);

    /**
     * @notice The debtor disputed the receivable; a pending financing request is dropped.
     * @param receivableKey keccak256 of `receivableId`.
     * @param receivableId The receivable id.
     * @param debtor The debtor.
     * @param reasonHash The hash of the reason document.
     */
    event ReceivableDisputed(
        bytes32 indexed receivableKey,
        string receivableId,
        address indexed debtor,
        bytes32 reasonHash
    );

    /**
     * @notice The seller asked `financier` to finance the receivable for `advanceAmount`,
     * replacing any pending request.
     * @param receivableKey keccak256 of `receivableId`.
     * @param receivableId The receivable id.
     * @param financier The FINANCIER named.
     * @param advanceAmount The advance asked for, at most the face value.
     */
    event FinancingRequested(
        bytes32 indexed receivableKey,
        string receivableId,
        address indexed financier,
        uint256 advanceAmount
    );

    /**
     * @notice The named FINANCIER accepted the request: the receivable is assigned to it (the
     * notice of assignment that tells the debtor whom to pay).
     * @param receivableKey keccak256 of `receivableId`.
     * @param receivableId The receivable id.
     * @param financier The financier, the beneficiary from now on.
     * @param advanceAmount The advance accepted.
     * @param certificateIds The certificates shown under the financing policy, one per linked asset (or none).
     */
    event ReceivableFinanced(
        bytes32 indexed receivableKey,
        string receivableId,
        address indexed financier,
        uint256 advanceAmount,
        string[] certificateIds
    );

    /**
     * @notice The beneficiary recorded a partial repayment.
     * @param receivableKey keccak256 of `receivableId`.
     * @param receivableId The receivable id.
     * @param amount The amount repaid.
     * @param outstanding What the debtor still owes after this repayment (more than 0).
     * @param paymentRef The hash of the payment's reference.
     */
    event RepaymentRecorded(
        bytes32 indexed receivableKey,
        string receivableId,
        uint256 amount,
        uint256 outstanding,
        bytes32 paymentRef
    );

    /**
     * @notice The beneficiary recorded the final repayment: nothing is outstanding, Settled.
     * @param receivableKey keccak256 of `receivableId`.
     * @param receivableId The receivable id.
     * @param amount The amount of the final repayment.
     * @param paymentRef The hash of the payment's reference.
     */
    event ReceivableSettled(bytes32 indexed receivableKey, string receivableId, uint256 amount, bytes32 paymentRef);

    /**
     * @notice The beneficiary marked the receivable defaulted.
     * @param receivableKey keccak256 of `receivableId`.
     * @param receivableId The receivable id.
     * @param outstanding What the debtor still owed, kept.
     */
    event ReceivableDefaulted(bytes32 indexed receivableKey, string receivableId, uint256 outstanding);

    /**
     * @notice The seller cancelled the receivable before financing; its fingerprint stays registered.
     * @param receivableKey keccak256 of `receivableId`.
     * @param receivableId The receivable id.
     * @param seller The seller.
     */
    event ReceivableCancelled(bytes32 indexed receivableKey, string receivableId, address indexed seller);

    /**
     * @notice ADMIN set the ledger's grace period, for receivables issued from now on.
     * @param from The previous grace period, seconds.
     * @param to The new grace period, seconds.
     * @param changedBy The ADMIN.
     */
    event GracePeriodChanged(uint32 from, uint32 to, address indexed changedBy);

    /**
     * @notice Issues receivable `id` of the caller (the seller) against `debtor`, Issued, and
     * registers `fingerprint` for good.
     * @dev Reverts, in this order: `InvalidArgument("fingerprint")` for the zero hash;
     * `InvalidArgument` for `id` (the id rule), `currency` (`^[A-Z]{3}$`), `assetIds` (more than
     * 10, a malformed id, or a repeated one) and `requiredStandard` (neither "" nor a label);
     * `InvalidArgument("amount")` for 0; `InvalidArgument("dueDate")` unless it is after the block
     * timestamp; `InvalidArgument("debtor")` for the caller; `InvalidArgument("requiredStandard")`
     * for a policy without linked assets; `AlreadyExists(id)`; `FingerprintTaken(fingerprint)` if it
     * was ever registered; `NotFound(assetId)` for the first unregistered asset, in list order.
     * The receivable keeps the grace period in force now. Emits {ReceivableIssued}.
     * @param id The receivable id, `^[A-Za-z0-9._:-]{1,64}$`.
     * @param debtor The party that owes the amount; not the caller.
     * @param amount The face value in minor units, more than 0.
     * @param currency The ISO 4217 alpha-3 code.
     * @param dueDate The due date, after the block timestamp.
     * @param fingerprint The invoice fingerprint, computed off chain; not the zero hash.
     * @param assetIds 0 to 10 pairwise distinct registered asset ids.
     * @param requiredStandard "" (no policy) or the standard label every linked asset must be certified to.
     */
    function issueReceivable(
        string calldata id,
        address debtor,
        uint256 amount,
        string calldata currency,
        uint64 dueDate,
        bytes32 fingerprint,
        string[] calldata assetIds,
        string calldata requiredStandard
    ) external;

    /**
     * @notice The debtor acknowledges the debt, from Issued or ending its own dispute.
     * @dev Reverts, in this order: `NotFound(id)`; `Unauthorized` unless the caller is the debtor;
     * `InvalidState(id)` unless Issued or Disputed, or for the time guard. Emits {ReceivableAcknowledged}.
     * @param id The receivable id.
     */
    function acknowledgeReceivable(string calldata id) external;

    /**
     * @notice The debtor disputes the receivable, from Issued or Acknowledged; a pending request is dropped.
     * @dev Reverts, in this order: `NotFound(id)`; `Unauthorized` unless the caller is the debtor;
     * `InvalidState(id)` unless Issued or Acknowledged, or for the time guard. Emits {ReceivableDisputed}.
     * @param id The receivable id.
     * @param reasonHash The hash of the reason document.
     */
    function disputeReceivable(string calldata id, bytes32 reasonHash) external;

    /**
     * @notice The seller asks `financier` to finance the acknowledged receivable for
     * `advanceAmount`, replacing any pending request. The state stays Acknowledged.
     * @dev Reverts, in this order: `InvalidArgument("advanceAmount")` for 0; `NotFound(id)`;
     * `Unauthorized` unless the caller is the seller; `InvalidState(id)` unless Acknowledged and not
     * yet due; `InvalidArgument("financier")` for the seller or a party without FINANCIER;
     * `AmountExceedsOutstanding(amount)` for an advance above the face value; `InvalidState(id)`
     * for the time guard. Emits {FinancingRequested}.
     * @param id The receivable id.
     * @param financier A FINANCIER other than the seller.
     * @param advanceAmount The advance, more than 0 and at most the face value.
     */
    function financeReceivable(string calldata id, address financier, uint256 advanceAmount) external;

    /**
     * @notice The FINANCIER named in the pending request accepts it at the advance it repeats:
     * the receivable is Financed and assigned to the caller.
     * @dev Reverts, in this order: `InvalidArgument("certificateIds")` for more than 10, a malformed
     * id or a repeated one; `Unauthorized` unless the caller holds FINANCIER; `NotFound(id)`;
     * `NotFound(certificateId)` for the first unknown certificate, in list order; `Unauthorized`
     * unless the request names the caller; `InvalidState(id)` unless Acknowledged and not yet due;
     * `InvalidArgument("advanceAmount")` unless it equals the requested advance;
     * `InvalidArgument("certificateIds")` unless there is one certificate per linked asset, in
     * `assetIds` order, each of the required standard (none without a policy);
     * `InvalidState(certificateId)` for the first certificate that does not verify Valid now;
     * `InvalidState(id)` for the time guard. Emits {ReceivableFinanced}.
     * @param id The receivable id.
     * @param advanceAmount The requested advance, confirmed.
     * @param certificateIds One Valid certificate per linked asset under a policy, in `assetIds` order; else [].
     */
    function acceptFinancing(string calldata id, uint256 advanceAmount, string[] calldata certificateIds) external;

    /**
     * @notice The beneficiary records a repayment: PartiallyRepaid, or Settled when nothing is
     * outstanding any more.
     * @dev Reverts, in this order: `InvalidArgument("amount")` for 0; `NotFound(id)`;
     * `Unauthorized` unless the caller is the beneficiary; `InvalidState(id)` unless Financed or
     * PartiallyRepaid; `AmountExceedsOutstanding(outstanding)` for more than is outstanding;
     * `InvalidState(id)` for the time guard. Emits {RepaymentRecorded}, or {ReceivableSettled} for
     * the final repayment.
     * @param id The receivable id.
     * @param amount The amount repaid, more than 0 and at most the outstanding amount.
     * @param paymentRef The hash of the payment's reference.
     */
    function recordRepayment(string calldata id, uint256 amount, bytes32 paymentRef) external;

    /**
     * @notice The beneficiary marks a financed receivable defaulted, once its grace period after
     * the due date has passed.
     * @dev Reverts, in this order: `NotFound(id)`; `Unauthorized` unless the caller is the
     * beneficiary; `InvalidState(id)` unless Financed or PartiallyRepaid, before
     * `dueDate + gracePeriod` (the receivable's own), or for the time guard. Emits {ReceivableDefaulted}.
     * @param id The receivable id.
     */
    function markDefaulted(string calldata id) external;

    /**
     * @notice The seller cancels a receivable that is not financed; a pending request is dropped
     * and the fingerprint stays registered.
     * @dev Reverts, in this order: `NotFound(id)`; `Unauthorized` unless the caller is the seller;
     * `InvalidState(id)` unless Issued, Acknowledged or Disputed, or for the time guard. Emits
     * {ReceivableCancelled}.
     * @param id The receivable id.
     */
    function cancelReceivable(string calldata id) external;

    /**
     * @notice Sets the ledger's grace period for receivables issued from now on. ADMIN only.
     * @dev Reverts `InvalidArgument("gracePeriod")` above 31,536,000 seconds (365 days), then
     * `Unauthorized` unless the caller is an ADMIN. Setting the current value still writes it.
     * Emits {GracePeriodChanged}.
     * @param gracePeriod Seconds after the due date before a receivable may be marked defaulted.
     */
    function setGracePeriod(uint32 gracePeriod) external;

    /**
     * @notice The ledger's grace period, which receivables issued now keep.
     * @return gracePeriod Seconds; 7,776,000 (90 days) until ADMIN sets another.
     */
    function getGracePeriod() external view returns (uint32 gracePeriod);
}
