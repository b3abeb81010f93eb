// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAssetRegistry} from "./interfaces/IAssetRegistry.sol";
import {ICertificationRegistry} from "./interfaces/ICertificationRegistry.sol";
import {IReceivableRegistry} from "./interfaces/IReceivableRegistry.sol";
import {IRoleRegistry} from "./interfaces/IRoleRegistry.sol";
import {Ids} from "./libraries/Ids.sol";

/**
 * @title ReceivableRegistry
 * @author Twinledger
 * @notice Primitive 4 of the specification: receivables financing (`core/spec/RECEIVABLES.md`).
 * @dev Storage, as RECEIVABLES.md §11 lays it out, keyed by `keccak256(bytes(id))`:
 * - `seller | dueDate | gracePeriod` (slot 0, written once at issue; a zero seller means no record);
 * - `debtor | state | updatedAt | policy` (slot 1, rewritten by every change);
 * - `outstanding` (slot 2);
 * - `financier` and `advanceAmount` (slots 3 and 4, from the first request on);
 * - `standardKey` and `assetsHash` (slots 5 and 6, with a financing policy only);
 * and one slot per fingerprint in the global index, set at issue and never cleared. The
 * beneficiary is derived: the financier from Financed on, else the seller. The currency, the
 * fingerprint, the asset ids, reasons and payment references are in the events only.
 *
 * Every loop is bounded by `MAX_LINKED_ASSETS` (10): at most 10 asset lookups at issue, and 10
 * certificate lookups plus 10 verifications at acceptance. The role, asset and certification
 * registries are only read (static calls), and every effect comes after every check.
 *
 * The time guard (a change earlier than the record's `updatedAt` is `InvalidState`) cannot fire
 * on a chain whose block timestamps never decrease; it is kept because it costs one comparison
 * against a slot every change reads anyway, and keeps the contract the spec's, word for word.
 */
contract ReceivableRegistry is IReceivableRegistry {
    // 20 + 8 + 4 bytes, then 20 + 1 + 8 + 1, then five words: already the minimum of seven slots
    // (the linter counts the enum as 32 bytes).
    // solhint-disable gas-struct-packing
    /**
     * @dev A receivable as stored. `financier` and `advanceAmount` are zero before any request and
     * after a dispute or cancellation dropped one; `standardKey` and `assetsHash` are set only when
     * `policy` is.
     */
    struct ReceivableRecord {
        address seller;
        uint64 dueDate;
        uint32 gracePeriod;
        address debtor;
        ReceivableState state;
        uint64 updatedAt;
        bool policy;
        uint256 outstanding;
        address financier;
        uint256 advanceAmount;
        bytes32 standardKey;
        bytes32 assetsHash;
    }
    // solhint-enable gas-struct-packing

    bytes32 private constant _ADMIN_ROLE = keccak256("ADMIN");
    bytes32 private constant _FINANCIER_ROLE = keccak256("FINANCIER");

    /// @dev At most this many linked assets, and as many certificates (`MAX_LINKED_ASSETS`, `core/spec/rules.ts`).
    uint256 private constant _MAX_LINKED_ASSETS = 10;
    /// @dev 90 days (`DEFAULT_GRACE_PERIOD`).
    uint32 private constant _DEFAULT_GRACE_PERIOD = 7_776_000;
    /// @dev 365 days (`MAX_GRACE_PERIOD`).
    uint32 private constant _MAX_GRACE_PERIOD = 31_536_000;

    IRoleRegistry private immutable _ROLES;
    IAssetRegistry private immutable _ASSETS;
    ICertificationRegistry private immutable _CERTIFICATION;

    /// @dev The ledger's grace period, which each receivable copies at issue.
    uint32 private _gracePeriod;
    mapping(bytes32 receivableKey => ReceivableRecord record) private _receivables;
    /// @dev The global fingerprint index (RECEIVABLES.md §9): set at issue, never cleared.
    mapping(bytes32 fingerprint => bool registered) private _fingerprints;

    /**
     * @notice Wires the registry to the consortium's roles, assets and certificates; the grace
     * period starts at 7,776,000 seconds (90 days).
     * @param roles The RoleRegistry (who is an ADMIN, who is a FINANCIER).
     * @param assets The AssetRegistry (whether a linked asset is registered).
     * @param certification The CertificationRegistry (the certificates a financing policy asks for).
     */
    constructor(IRoleRegistry roles, IAssetRegistry assets, ICertificationRegistry certification) {
        if (address(roles) == address(0)) revert InvalidArgument("roles");
        if (address(assets) == address(0)) revert InvalidArgument("assets");
        if (address(certification) == address(0)) revert InvalidArgument("certification");
        _ROLES = roles;
        _ASSETS = assets;
        _CERTIFICATION = certification;
        _gracePeriod = _DEFAULT_GRACE_PERIOD;
    }

    // ---- receivables --------------------------------------------------------------------------

    /// @inheritdoc IReceivableRegistry
    function issueReceivable(
        string calldata id,
        address debtor,
        uint256 amount,
        string calldata currency,
        uint64 dueDate,
        bytes32 fingerprint,
        string[] calldata assetIds,
        string calldata requiredStandard
    ) external {
        // 1. The fixed-width arguments (only the fingerprint has a rule the ABI does not enforce),
        // then the others in parameter order, then the rules that relate them to now and the caller.
        if (fingerprint == bytes32(0)) revert InvalidArgument("fingerprint");
        if (!Ids.isValid(id)) revert InvalidArgument("id");
        if (!_isCurrency(currency)) revert InvalidArgument("currency");
        bytes32 key = keccak256(bytes(id));
        // A block, so that its variables leave the stack before the event is encoded.
        {
            bytes32[] memory assetKeys = _keysOf(assetIds, "assetIds");
            bool policy = bytes(requiredStandard).length != 0;
            if (policy && !Ids.isValid(requiredStandard)) revert InvalidArgument("requiredStandard");
            if (amount == 0) revert InvalidArgument("amount");
            if (dueDate <= block.timestamp) revert InvalidArgument("dueDate");
            if (debtor == msg.sender) revert InvalidArgument("debtor");
            if (policy && assetKeys.length == 0) revert InvalidArgument("requiredStandard");
            // 3. Existence.
            if (_receivables[key].seller != address(0)) revert AlreadyExists(id);
            if (_fingerprints[fingerprint]) revert FingerprintTaken(fingerprint);
            _requireAssets(assetIds, assetKeys);

            _fingerprints[fingerprint] = true;
            _store(key, debtor, amount, dueDate, policy ? keccak256(bytes(requiredStandard)) : bytes32(0), assetKeys);
        }
        // `emit ReceivableIssued(...)` would need more stack words than the legacy code generator
        // reaches: the same log, its data ABI-encoded (the non-indexed fields, in order) and its
        // topics (the event's signature hash, then the indexed fields in order) given explicitly.
        // Even the encoder has no stack word to spare for twelve calldata words, so the currency goes
        // in as a memory copy (one word instead of two).
        string memory currencyCopy = currency;
        bytes memory data =
            abi.encode(id, amount, currencyCopy, dueDate, fingerprint, assetIds, requiredStandard, _gracePeriod);
        bytes32 topic = ReceivableIssued.selector;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            log4(add(data, 0x20), mload(data), topic, key, caller(), debtor)
        }
        _afterIssue(key, fingerprint);
    }

    /// @inheritdoc IReceivableRegistry
    function acknowledgeReceivable(string calldata id) external {
        (bytes32 key, ReceivableRecord storage receivable) = _load(id);
        if (receivable.debtor != msg.sender) revert Unauthorized(msg.sender);
        ReceivableState state = receivable.state;
        if (state != ReceivableState.Issued && state != ReceivableState.Disputed) revert InvalidState(id);
        _requireNotBefore(id, receivable);

        _move(receivable, ReceivableState.Acknowledged);
        emit ReceivableAcknowledged(key, id, msg.sender);
    }

    /// @inheritdoc IReceivableRegistry
    function disputeReceivable(string calldata id, bytes32 reasonHash) external {
        (bytes32 key, ReceivableRecord storage receivable) = _load(id);
        if (receivable.debtor != msg.sender) revert Unauthorized(msg.sender);
        ReceivableState state = receivable.state;
        if (state != ReceivableState.Issued && state != ReceivableState.Acknowledged) revert InvalidState(id);
        _requireNotBefore(id, receivable);

        _dropRequest(receivable);
        _move(receivable, ReceivableState.Disputed);
        emit ReceivableDisputed(key, id, msg.sender, reasonHash);
    }

    /// @inheritdoc IReceivableRegistry
    function financeReceivable(string calldata id, address financier, uint256 advanceAmount) external {
        if (advanceAmount == 0) revert InvalidArgument("advanceAmount");
        (bytes32 key, ReceivableRecord storage receivable) = _load(id);
        if (receivable.seller != msg.sender) revert Unauthorized(msg.sender);
        _requireFinanceable(id, receivable);
        if (financier == msg.sender || !_ROLES.hasRole(_FINANCIER_ROLE, financier)) revert InvalidArgument("financier");
        // Before financing nothing is repaid: the outstanding amount is the face value.
        uint256 amount = receivable.outstanding;
        if (advanceAmount > amount) revert AmountExceedsOutstanding(amount);
        _requireNotBefore(id, receivable);

        receivable.financier = financier;
        receivable.advanceAmount = advanceAmount;
        receivable.updatedAt = uint64(block.timestamp);
        emit FinancingRequested(key, id, financier, advanceAmount);
    }

    /// @inheritdoc IReceivableRegistry
    function acceptFinancing(string calldata id, uint256 advanceAmount, string[] calldata certificateIds) external {
        bytes32[] memory keys = _keysOf(certificateIds, "certificateIds");
        if (!_ROLES.hasRole(_FINANCIER_ROLE, msg.sender)) revert Unauthorized(msg.sender);
        (bytes32 key, ReceivableRecord storage receivable) = _load(id);
        // `keys` holds the certificates' asset keys from here on.
        bytes32[] memory standardKeys = _certificateSubjects(certificateIds, keys);
        if (receivable.financier != msg.sender) revert Unauthorized(msg.sender);
        _requireFinanceable(id, receivable);
        if (advanceAmount != receivable.advanceAmount) revert InvalidArgument("advanceAmount");
        _requirePolicy(receivable, certificateIds, keys, standardKeys);
        _requireNotBefore(id, receivable);
        _beforeFinanced(id, key);

        _move(receivable, ReceivableState.Financed);
        emit ReceivableFinanced(key, id, msg.sender, advanceAmount, certificateIds);
    }

    /// @inheritdoc IReceivableRegistry
    function recordRepayment(string calldata id, uint256 amount, bytes32 paymentRef) external {
        if (amount == 0) revert InvalidArgument("amount");
        (bytes32 key, ReceivableRecord storage receivable) = _load(id);
        ReceivableState state = _requireBeneficiary(receivable);
        if (state != ReceivableState.Financed && state != ReceivableState.PartiallyRepaid) revert InvalidState(id);
        uint256 outstanding = receivable.outstanding;
        if (amount > outstanding) revert AmountExceedsOutstanding(outstanding);
        _requireNotBefore(id, receivable);

        // Cannot underflow: amount <= outstanding was checked just above.
        unchecked {
            outstanding -= amount;
        }
        receivable.outstanding = outstanding;
        if (outstanding == 0) {
            _move(receivable, ReceivableState.Settled);
            emit ReceivableSettled(key, id, amount, paymentRef);
        } else {
            _move(receivable, ReceivableState.PartiallyRepaid);
            emit RepaymentRecorded(key, id, amount, outstanding, paymentRef);
        }
    }

    /// @inheritdoc IReceivableRegistry
    function markDefaulted(string calldata id) external {
        (bytes32 key, ReceivableRecord storage receivable) = _load(id);
        ReceivableState state = _requireBeneficiary(receivable);
        if (state != ReceivableState.Financed && state != ReceivableState.PartiallyRepaid) revert InvalidState(id);
        // A subtraction after `now >= dueDate`, never `dueDate + gracePeriod` (RECEIVABLES.md §0).
        uint256 dueDate = receivable.dueDate;
        if (block.timestamp < dueDate || block.timestamp - dueDate < receivable.gracePeriod) revert InvalidState(id);
        _requireNotBefore(id, receivable);

        _move(receivable, ReceivableState.Defaulted);
        emit ReceivableDefaulted(key, id, receivable.outstanding);
    }

    /// @inheritdoc IReceivableRegistry
    function cancelReceivable(string calldata id) external {
        (bytes32 key, ReceivableRecord storage receivable) = _load(id);
        if (receivable.seller != msg.sender) revert Unauthorized(msg.sender);
        // Issued, Acknowledged or Disputed: the first three states.
        if (receivable.state > ReceivableState.Disputed) revert InvalidState(id);
        _requireNotBefore(id, receivable);

        _dropRequest(receivable);
        _move(receivable, ReceivableState.Cancelled);
        emit ReceivableCancelled(key, id, msg.sender);
    }

    // ---- the grace period ---------------------------------------------------------------------

    /// @inheritdoc IReceivableRegistry
    function setGracePeriod(uint32 gracePeriod) external {
        if (gracePeriod > _MAX_GRACE_PERIOD) revert InvalidArgument("gracePeriod");
        if (!_ROLES.hasRole(_ADMIN_ROLE, msg.sender)) revert Unauthorized(msg.sender);

        uint32 from = _gracePeriod;
        _gracePeriod = gracePeriod;
        emit GracePeriodChanged(from, gracePeriod, msg.sender);
    }

    /// @inheritdoc IReceivableRegistry
    function getGracePeriod() external view returns (uint32 gracePeriod) {
        gracePeriod = _gracePeriod;
    }

    // ---- hooks ----------------------------------------------------------------------------------

    /**
     * @notice Hook: a receivable was issued.
     * @dev Called by {issueReceivable} once the receivable is stored and {ReceivableIssued} emitted.
     * Empty here, so the optimizer drops the call (the bytecode is the same as without it): a derived
     * registry may record what it needs of the receivable, in its own storage only, with no external
     * call. Reverting reverts the issue.
     * @param receivableKey keccak256 of the receivable's id.
     * @param fingerprint The invoice fingerprint it registered.
     */
    // solhint-disable-next-line no-empty-blocks
    function _afterIssue(bytes32 receivableKey, bytes32 fingerprint) internal virtual {}

    /**
     * @notice Hook: a financing is about to be accepted.
     * @dev Called by {acceptFinancing} after every check of the specification passed, right before
     * the receivable moves to Financed. Empty here, so the optimizer drops the call: a derived
     * registry may refuse the financing with a check of its own (as the specification's codes), and
     * record it, with no external call. Reverting reverts the acceptance.
     * @param id The receivable's id.
     * @param receivableKey keccak256 of `id`.
     */
    // solhint-disable-next-line no-empty-blocks
    function _beforeFinanced(string calldata id, bytes32 receivableKey) internal virtual {}

    // ---- private ------------------------------------------------------------------------------

    /**
     * @dev Writes a new Issued receivable of the caller, field by field: `state` (Issued),
     * `financier` and `advanceAmount` are already zero, and a struct literal would write every
     * slot. The policy's slots are written only with a policy (`standardKey` non-zero).
     */
    function _store(
        bytes32 key,
        address debtor,
        uint256 amount,
        uint64 dueDate,
        bytes32 standardKey,
        bytes32[] memory assetKeys
    ) private {
        ReceivableRecord storage receivable = _receivables[key];
        receivable.seller = msg.sender;
        receivable.dueDate = dueDate;
        receivable.gracePeriod = _gracePeriod;
        receivable.debtor = debtor;
        receivable.updatedAt = uint64(block.timestamp);
        receivable.outstanding = amount;
        if (standardKey != bytes32(0)) {
            receivable.policy = true;
            receivable.standardKey = standardKey;
            receivable.assetsHash = keccak256(abi.encode(assetKeys));
        }
    }

    /// @dev A change of state: the new state and `updatedAt = now`.
    function _move(ReceivableRecord storage receivable, ReceivableState to) private {
        receivable.state = to;
        receivable.updatedAt = uint64(block.timestamp);
    }

    /**
     * @dev A dispute or a cancellation drops a pending request (RECEIVABLES.md §3, §6). Every
     * request has an advance above 0, so a zero `advanceAmount` means there is nothing to drop.
     */
    function _dropRequest(ReceivableRecord storage receivable) private {
        if (receivable.advanceAmount != 0) {
            receivable.financier = address(0);
            receivable.advanceAmount = 0;
        }
    }

    /**
     * @dev Step 3 of issue for the linked assets: each is registered, in list order
     * (`NotFound(assetId)`). Its status does not matter.
     */
    function _requireAssets(string[] calldata assetIds, bytes32[] memory assetKeys) private view {
        uint256 count = assetKeys.length;
        for (uint256 i = 0; i < count; ++i) {
            // Only whether it is registered (an owner): its status does not matter here.
            // slither-disable-next-line unused-return
            (address owner, ) = _ASSETS.assetControl(assetKeys[i]);
            if (owner == address(0)) revert NotFound(assetIds[i]);
        }
    }

    /**
     * @dev Step 3 of acceptance for the named certificates: each exists, in list order
     * (`NotFound(certificateId)`). Replaces each certificate key in `keys` by the key of the asset
     * the certificate is about, and returns their standards' keys.
     */
    function _certificateSubjects(
        string[] calldata certificateIds,
        bytes32[] memory keys
    ) private view returns (bytes32[] memory standardKeys) {
        uint256 count = keys.length;
        standardKeys = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            (bytes32 assetKey, bytes32 standardKey) = _CERTIFICATION.certificateSubject(keys[i]);
            if (assetKey == bytes32(0)) revert NotFound(certificateIds[i]);
            keys[i] = assetKey;
            standardKeys[i] = standardKey;
        }
    }

    /**
     * @dev Step 5 of acceptance, the financing policy (RECEIVABLES.md §8): without one no
     * certificate; with one, one per linked asset in `assetIds` order (the hash of their asset keys
     * is the record's), each of the required standard (`InvalidArgument("certificateIds")`); then
     * each Valid now, in list order (`InvalidState(certificateId)`).
     */
    function _requirePolicy(
        ReceivableRecord storage receivable,
        string[] calldata certificateIds,
        bytes32[] memory assetKeys,
        bytes32[] memory standardKeys
    ) private view {
        uint256 count = certificateIds.length;
        if (!receivable.policy) {
            if (count != 0) revert InvalidArgument("certificateIds");
            return;
        }
        if (keccak256(abi.encode(assetKeys)) != receivable.assetsHash) revert InvalidArgument("certificateIds");
        bytes32 standardKey = receivable.standardKey;
        for (uint256 i = 0; i < count; ++i) {
            if (standardKeys[i] != standardKey) revert InvalidArgument("certificateIds");
        }
        uint64 atTime = uint64(block.timestamp);
        for (uint256 i = 0; i < count; ++i) {
            string calldata certificateId = certificateIds[i];
            ICertificationRegistry.CertificateVerdict verdict = _CERTIFICATION.verifyCertificate(certificateId, atTime);
            if (verdict != ICertificationRegistry.CertificateVerdict.Valid) revert InvalidState(certificateId);
        }
    }

    /// @dev The key and record of an existing receivable (`NotFound`; a malformed id is never stored).
    function _load(string calldata id) private view returns (bytes32 key, ReceivableRecord storage receivable) {
        key = keccak256(bytes(id));
        receivable = _receivables[key];
        if (receivable.seller == address(0)) revert NotFound(id);
    }

    /**
     * @dev Step 4 of repayment and default: the caller is the beneficiary, the financier from
     * Financed on (Financed, PartiallyRepaid, Settled, Defaulted), else the seller
     * (`Unauthorized`). Returns the state.
     */
    function _requireBeneficiary(ReceivableRecord storage receivable) private view returns (ReceivableState state) {
        state = receivable.state;
        bool assigned = state >= ReceivableState.Financed && state != ReceivableState.Cancelled;
        address beneficiary = assigned ? receivable.financier : receivable.seller;
        if (beneficiary != msg.sender) revert Unauthorized(msg.sender);
    }

    /// @dev Only an Acknowledged receivable that is not yet due can be financed (`InvalidState`).
    function _requireFinanceable(string calldata id, ReceivableRecord storage receivable) private view {
        if (receivable.state != ReceivableState.Acknowledged || block.timestamp >= receivable.dueDate) {
            revert InvalidState(id);
        }
    }

    /// @dev The time guard (RECEIVABLES.md §0): no change before the record's last one (`InvalidState`).
    function _requireNotBefore(string calldata id, ReceivableRecord storage receivable) private view {
        if (block.timestamp < receivable.updatedAt) revert InvalidState(id);
    }

    /**
     * @dev The keys of 0 to `MAX_LINKED_ASSETS` pairwise distinct ids, in list order; otherwise
     * `InvalidArgument(argument)`. Distinct keys mean distinct ids (keccak256 is collision-resistant).
     */
    function _keysOf(string[] calldata ids, string memory argument) private pure returns (bytes32[] memory keys) {
        uint256 count = ids.length;
        if (count > _MAX_LINKED_ASSETS) revert InvalidArgument(argument);
        keys = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            if (!Ids.isValid(ids[i])) revert InvalidArgument(argument);
            bytes32 key = keccak256(bytes(ids[i]));
            for (uint256 j = 0; j < i; ++j) {
                if (keys[j] == key) revert InvalidArgument(argument);
            }
            keys[i] = key;
        }
    }

    /// @dev ISO 4217 alpha-3 form: exactly three bytes `A-Z` (`CURRENCY_PATTERN`).
    function _isCurrency(string calldata currency) private pure returns (bool) {
        bytes calldata code = bytes(currency);
        if (code.length != 3) return false;
        for (uint256 i = 0; i < 3; ++i) {
            bytes1 letter = code[i];
            if (letter < "A" || letter > "Z") return false;
        }
        return true;
    }
}
