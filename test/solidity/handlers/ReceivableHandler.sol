// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IReceivableRegistry} from "../../../contracts/interfaces/IReceivableRegistry.sol";
import {ITwinledgerErrors} from "../../../contracts/interfaces/ITwinledgerErrors.sol";
import {VM} from "../utils/Vm.sol";

/**
 * @title ReceivableHandler
 * @notice Drives a ReceivableRegistry through random lifecycles for the invariant runner, with
 * bounded inputs, and keeps a ghost model beside it (RECEIVABLES.md §4–§6, §9).
 * @dev Fingerprints come from a pool of {FINGERPRINTS}, so a run reuses them often. An issue with
 * a fresh id and otherwise valid arguments has exactly one allowed outcome: success if the ghost
 * has never seen its fingerprint registered, else `FingerprintTaken(fingerprint)`; anything else
 * counts in {issueOutcomeMismatches}. After every call the handler reads every receivable's
 * `outstanding` from storage and counts any rise in {outstandingIncreases}.
 */
contract ReceivableHandler {
    /// @dev What the ghost knows of one receivable.
    struct Ghost {
        string id;
        bytes32 key;
        address seller;
        address debtor;
        address financier;
        uint256 advance;
        uint256 faceValue;
        uint256 outstanding;
        uint256 seen;
        uint64 dueDate;
        IReceivableRegistry.ReceivableState state;
        bytes32 fingerprint;
    }

    /// @notice How many fingerprints the issues draw from.
    uint256 public constant FINGERPRINTS = 12;
    /// @dev Where `_receivables` sits in ReceivableRegistry's storage (`_gracePeriod` is slot 0).
    uint256 private constant _RECEIVABLES_SLOT = 1;
    /// @dev Where `_fingerprints` sits.
    uint256 private constant _FINGERPRINTS_SLOT = 2;
    /// @dev `outstanding` is the third slot of a record (RECEIVABLES.md §11).
    uint256 private constant _OUTSTANDING_OFFSET = 2;

    IReceivableRegistry public immutable registry;
    address public immutable admin;

    address[4] private _parties = [address(0xA11CE), address(0xB0B), address(0xCA201), address(0xD0E)];
    address[2] private _financiers;
    uint256 private constant _ISSUED = 1 << uint8(IReceivableRegistry.ReceivableState.Issued);
    uint256 private constant _ACKNOWLEDGED = 1 << uint8(IReceivableRegistry.ReceivableState.Acknowledged);
    uint256 private constant _DISPUTED = 1 << uint8(IReceivableRegistry.ReceivableState.Disputed);
    uint256 private constant _FINANCED = 1 << uint8(IReceivableRegistry.ReceivableState.Financed);
    uint256 private constant _PARTIALLY_REPAID = 1 << uint8(IReceivableRegistry.ReceivableState.PartiallyRepaid);

    /// @dev Not a FINANCIER: a request naming it is InvalidArgument, an accept by it Unauthorized.
    address private constant _OUTSIDER = address(0x0757);

    Ghost[] private _ghosts;
    mapping(bytes32 fingerprint => uint256 receivables) public receivablesWithFingerprint;
    bytes32[] private _registered;
    uint256 private _nextId;

    /// @notice Issues that succeeded with a fingerprint the ghost had already seen registered.
    uint256 public doubleRegistrations;
    /// @notice Fresh-id issues whose outcome was not the one allowed (see the contract's doc).
    uint256 public issueOutcomeMismatches;
    /// @notice Times a receivable's stored `outstanding` was above the value read before.
    uint256 public outstandingIncreases;
    /// @notice Repayments accepted for more than the ghost's outstanding.
    uint256 public overRepayments;

    /// @notice Per action, how many calls succeeded: for the run's summary.
    uint256 public issued;
    uint256 public fingerprintRejections;
    uint256 public financed;
    uint256 public repayments;
    uint256 public settled;
    uint256 public defaulted;
    uint256 public cancelled;

    /**
     * @param registry_ The registry under test.
     * @param admin_ Its RoleRegistry's ADMIN.
     * @param financiers_ Two FINANCIERs.
     */
    constructor(IReceivableRegistry registry_, address admin_, address[2] memory financiers_) {
        registry = registry_;
        admin = admin_;
        _financiers = financiers_;
    }

    // ---- actions (the invariant runner's targets) -------------------------------------------

    /// @notice Issues a receivable with a fresh id and a pooled fingerprint; asserts the one allowed outcome.
    function issue(uint256 sellerSeed, uint256 debtorSeed, uint256 amount, uint256 fingerprintSeed, uint64 term) external {
        address seller = _parties[sellerSeed % 4];
        address debtor = _parties[(sellerSeed % 4 + 1 + debtorSeed % 3) % 4];
        amount = _bound(amount, 1, 1e24);
        bytes32 fingerprint = fingerprintOf(fingerprintSeed);
        uint64 dueDate = uint64(block.timestamp) + uint64(_bound(term, 1 days, 60 days));
        string memory id = string.concat("R-", Strings.toString(_nextId++));
        bool taken = receivablesWithFingerprint[fingerprint] != 0;

        VM.prank(seller);
        try registry.issueReceivable(id, debtor, amount, "EUR", dueDate, fingerprint, new string[](0), "") {
            if (taken) ++doubleRegistrations;
            _record(id, seller, debtor, amount, dueDate, fingerprint);
        } catch (bytes memory reason) {
            if (!taken || keccak256(reason) != keccak256(_fingerprintTaken(fingerprint))) ++issueOutcomeMismatches;
            else ++fingerprintRejections;
        }
        _observe();
    }

    /// @notice Issues again under a fingerprint already registered (by anyone, in any state): always FingerprintTaken.
    function reissueFingerprint(uint256 which, uint256 sellerSeed, uint256 amount) external {
        if (_registered.length == 0) return;
        bytes32 fingerprint = _registered[which % _registered.length];
        address seller = _parties[sellerSeed % 4];
        address debtor = _parties[(sellerSeed % 4 + 1) % 4];
        string memory id = string.concat("R-", Strings.toString(_nextId++));
        amount = _bound(amount, 1, 1e24);
        uint64 dueDate = uint64(block.timestamp) + 30 days;

        VM.prank(seller);
        try registry.issueReceivable(id, debtor, amount, "EUR", dueDate, fingerprint, new string[](0), "") {
            ++doubleRegistrations;
            _record(id, seller, debtor, amount, dueDate, fingerprint);
        } catch (bytes memory reason) {
            if (keccak256(reason) != keccak256(_fingerprintTaken(fingerprint))) ++issueOutcomeMismatches;
            else ++fingerprintRejections;
        }
        _observe();
    }

    /// @notice The debtor (or, one time in four, someone else) acknowledges.
    function acknowledge(uint256 which, uint256 callerSeed) external {
        if (_ghosts.length == 0) return;
        Ghost storage g = _pick(which, _ISSUED | _DISPUTED);
        VM.prank(_callerOr(g.debtor, callerSeed));
        try registry.acknowledgeReceivable(g.id) {
            g.state = IReceivableRegistry.ReceivableState.Acknowledged;
        } catch {}
        _observe();
    }

    /// @notice The debtor (or someone else) disputes; a pending request is dropped.
    function dispute(uint256 which, uint256 callerSeed) external {
        if (_ghosts.length == 0) return;
        Ghost storage g = _pick(which, _ISSUED | _ACKNOWLEDGED);
        VM.prank(_callerOr(g.debtor, callerSeed));
        try registry.disputeReceivable(g.id, keccak256("reason")) {
            g.state = IReceivableRegistry.ReceivableState.Disputed;
            (g.financier, g.advance) = (address(0), 0);
        } catch {}
        _observe();
    }

    /// @notice The seller (or someone else) asks a FINANCIER (or an outsider) for an advance up to above face value.
    function requestFinancing(uint256 which, uint256 callerSeed, uint256 financierSeed, uint256 advance) external {
        if (_ghosts.length == 0) return;
        Ghost storage g = _pick(which, _ACKNOWLEDGED);
        address financier = financierSeed % 5 == 4 ? _OUTSIDER : _financiers[financierSeed % 2];
        advance = _bound(advance, 1, g.faceValue + g.faceValue / 4 + 1);
        VM.prank(_callerOr(g.seller, callerSeed));
        try registry.financeReceivable(g.id, financier, advance) {
            (g.financier, g.advance) = (financier, advance);
        } catch {}
        _observe();
    }

    /// @notice The named financier (or another FINANCIER) accepts.
    function acceptFinancing(uint256 which, uint256 callerSeed) external {
        if (_ghosts.length == 0) return;
        Ghost storage g = _pick(which, _ACKNOWLEDGED);
        address caller = g.financier != address(0) && callerSeed % 4 != 3 ? g.financier : _financiers[callerSeed % 2];
        VM.prank(caller);
        try registry.acceptFinancing(g.id, g.advance, new string[](0)) {
            g.state = IReceivableRegistry.ReceivableState.Financed;
            g.financier = caller;
            ++financed;
        } catch {}
        _observe();
    }

    /// @notice The beneficiary (or someone else) records a repayment, now and then above what is outstanding.
    function repay(uint256 which, uint256 callerSeed, uint256 amount) external {
        if (_ghosts.length == 0) return;
        Ghost storage g = _pick(which, _FINANCED | _PARTIALLY_REPAID);
        // One time in four the rest (settles), one in eight one more than the rest (refused), else a part.
        uint256 mode = amount % 8;
        if (mode < 2) amount = g.outstanding;
        else if (mode == 2) amount = g.outstanding + 1;
        else amount = _bound(amount >> 3, 1, g.outstanding == 0 ? 1 : g.outstanding);
        VM.prank(_callerOr(_beneficiary(g), callerSeed));
        try registry.recordRepayment(g.id, amount, keccak256(abi.encode(amount))) {
            if (amount > g.outstanding) {
                ++overRepayments;
            } else {
                g.outstanding -= amount;
                g.state = g.outstanding == 0
                    ? IReceivableRegistry.ReceivableState.Settled
                    : IReceivableRegistry.ReceivableState.PartiallyRepaid;
                ++repayments;
                if (g.outstanding == 0) ++settled;
            }
        } catch {}
        _observe();
    }

    /// @notice The beneficiary (or someone else) marks the receivable defaulted; outstanding is kept.
    function markDefaulted(uint256 which, uint256 callerSeed) external {
        if (_ghosts.length == 0) return;
        Ghost storage g = _pick(which, _FINANCED | _PARTIALLY_REPAID);
        VM.prank(_callerOr(_beneficiary(g), callerSeed));
        try registry.markDefaulted(g.id) {
            g.state = IReceivableRegistry.ReceivableState.Defaulted;
            ++defaulted;
        } catch {}
        _observe();
    }

    /// @notice The seller (or someone else) cancels; the fingerprint stays registered.
    function cancel(uint256 which, uint256 callerSeed) external {
        if (_ghosts.length == 0) return;
        Ghost storage g = _pick(which, _ISSUED | _ACKNOWLEDGED | _DISPUTED);
        VM.prank(_callerOr(g.seller, callerSeed));
        try registry.cancelReceivable(g.id) {
            g.state = IReceivableRegistry.ReceivableState.Cancelled;
            (g.financier, g.advance) = (address(0), 0);
            ++cancelled;
        } catch {}
        _observe();
    }

    /// @notice ADMIN sets the grace period of future issues (0 to 30 days, so defaults happen in a run).
    function setGracePeriod(uint32 gracePeriod) external {
        VM.prank(admin);
        registry.setGracePeriod(uint32(_bound(gracePeriod, 0, 30 days)));
        _observe();
    }

    /// @notice Time passes: up to 60 days.
    function warp(uint32 seconds_) external {
        VM.warp(block.timestamp + _bound(seconds_, 1, 60 days));
        _observe();
    }

    // ---- what the invariants read -------------------------------------------------------------

    /// @notice How many receivables the registry holds.
    function count() external view returns (uint256) {
        return _ghosts.length;
    }

    /// @notice Receivable `i` as the ghost knows it.
    function ghost(uint256 i) external view returns (Ghost memory) {
        return _ghosts[i];
    }

    /// @notice The fingerprints registered so far, each once.
    function registeredFingerprints() external view returns (bytes32[] memory) {
        return _registered;
    }

    /// @notice Fingerprint number `seed % FINGERPRINTS` of the pool.
    function fingerprintOf(uint256 seed) public pure returns (bytes32) {
        return keccak256(abi.encode("invoice", seed % FINGERPRINTS));
    }

    /// @notice The registry's stored `outstanding` of receivable `key` (RECEIVABLES.md §11, slot 2 of the record).
    function storedOutstanding(bytes32 key) public view returns (uint256) {
        bytes32 base = keccak256(abi.encode(key, _RECEIVABLES_SLOT));
        return uint256(VM.load(address(registry), bytes32(uint256(base) + _OUTSTANDING_OFFSET)));
    }

    /// @notice Whether the registry's global index holds `fingerprint` (RECEIVABLES.md §9).
    function storedFingerprint(bytes32 fingerprint) public view returns (bool) {
        return VM.load(address(registry), keccak256(abi.encode(fingerprint, _FINGERPRINTS_SLOT))) != bytes32(0);
    }

    // ---- private ------------------------------------------------------------------------------

    /**
     * @dev Three times in four (`which % 4 != 3`: the fuzzer's favourite 0 picks so), receivable
     * number `which >> 2` among those in one of the `states` (bits
     * of ReceivableState), so that sequences get deep into lifecycles; otherwise, or if none is,
     * any receivable (wrong states, wrong parties).
     */
    function _pick(uint256 which, uint256 states) private view returns (Ghost storage) {
        uint256 n = _ghosts.length;
        if (which % 4 != 3) {
            uint256 matching;
            for (uint256 i = 0; i < n; ++i) if (states & (1 << uint8(_ghosts[i].state)) != 0) ++matching;
            if (matching != 0) {
                uint256 k = (which >> 2) % matching;
                for (uint256 i = 0; i < n; ++i) {
                    if (states & (1 << uint8(_ghosts[i].state)) == 0) continue;
                    if (k == 0) return _ghosts[i];
                    --k;
                }
            }
        }
        return _ghosts[(which >> 2) % n];
    }

    function _record(
        string memory id,
        address seller,
        address debtor,
        uint256 amount,
        uint64 dueDate,
        bytes32 fingerprint
    ) private {
        _ghosts.push(
            Ghost({
                id: id,
                key: keccak256(bytes(id)),
                seller: seller,
                debtor: debtor,
                financier: address(0),
                advance: 0,
                faceValue: amount,
                outstanding: amount,
                seen: amount,
                dueDate: dueDate,
                state: IReceivableRegistry.ReceivableState.Issued,
                fingerprint: fingerprint
            })
        );
        if (receivablesWithFingerprint[fingerprint]++ == 0) _registered.push(fingerprint);
        ++issued;
    }

    /// @dev Reads every receivable's stored outstanding; counts any rise over the last reading.
    function _observe() private {
        uint256 n = _ghosts.length;
        for (uint256 i = 0; i < n; ++i) {
            Ghost storage g = _ghosts[i];
            uint256 current = storedOutstanding(g.key);
            if (current > g.seen) ++outstandingIncreases;
            g.seen = current;
        }
    }

    /// @dev The beneficiary: the financier from Financed on, else the seller.
    function _beneficiary(Ghost storage g) private view returns (address) {
        IReceivableRegistry.ReceivableState s = g.state;
        bool assigned = s >= IReceivableRegistry.ReceivableState.Financed &&
            s != IReceivableRegistry.ReceivableState.Cancelled;
        return assigned ? g.financier : g.seller;
    }

    /// @dev `rightful` three times in four, else any party, FINANCIER or outsider.
    function _callerOr(address rightful, uint256 seed) private view returns (address) {
        if (seed % 4 != 3) return rightful;
        uint256 pick = (seed >> 2) % 7;
        if (pick < 4) return _parties[pick];
        if (pick < 6) return _financiers[pick - 4];
        return _OUTSIDER;
    }

    function _fingerprintTaken(bytes32 fingerprint) private pure returns (bytes memory) {
        return abi.encodeWithSelector(ITwinledgerErrors.FingerprintTaken.selector, fingerprint);
    }

    function _bound(uint256 x, uint256 min, uint256 max) private pure returns (uint256) {
        return min + (x % (max - min + 1));
    }
}
