// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITwinledgerErrors} from "../../contracts/interfaces/ITwinledgerErrors.sol";
import {ReceivableHandler} from "./handlers/ReceivableHandler.sol";
import {Deployment} from "./utils/Deployment.sol";
import {InvariantTargets} from "./utils/InvariantTargets.sol";
import {VM} from "./utils/Vm.sol";

/**
 * @title ReceivableInvariantsTest
 * @notice Properties 1 and 2: a fingerprint maps to at most one receivable, and a receivable's
 * outstanding amount never increases (RECEIVABLES.md §5, §9), under random call sequences.
 */
contract ReceivableInvariantsTest is Deployment, InvariantTargets {
    address private constant _FINANCIER_2 = address(0xF2);
    address private constant _SELLER = address(0xA11CE);
    address private constant _DEBTOR = address(0xB0B);

    ReceivableHandler private _handler;

    function setUp() public {
        _deploy();
        _grant(roles.FINANCIER_ROLE(), FINANCIER);
        _grant(roles.FINANCIER_ROLE(), _FINANCIER_2);
        _handler = new ReceivableHandler(receivables, ADMIN, [FINANCIER, _FINANCIER_2]);
        // A day's grace, so that receivables issued before the handler changes it can default in a run.
        VM.prank(ADMIN);
        receivables.setGracePeriod(1 days);

        bytes4[] memory selectors = new bytes4[](11);
        selectors[0] = ReceivableHandler.issue.selector;
        selectors[1] = ReceivableHandler.reissueFingerprint.selector;
        selectors[2] = ReceivableHandler.acknowledge.selector;
        selectors[3] = ReceivableHandler.dispute.selector;
        selectors[4] = ReceivableHandler.requestFinancing.selector;
        selectors[5] = ReceivableHandler.acceptFinancing.selector;
        selectors[6] = ReceivableHandler.repay.selector;
        selectors[7] = ReceivableHandler.markDefaulted.selector;
        selectors[8] = ReceivableHandler.cancel.selector;
        selectors[9] = ReceivableHandler.setGracePeriod.selector;
        selectors[10] = ReceivableHandler.warp.selector;
        _target(address(_handler), selectors);
    }

    // ---- property 1: one fingerprint, one receivable ------------------------------------------

    /// @notice No issue ever succeeds with a fingerprint that was registered before.
    function invariant_noFingerprintIsRegisteredTwice() public view {
        VM.assertEq(_handler.doubleRegistrations(), 0, "an issue succeeded with a registered fingerprint");
        bytes32[] memory registered = _handler.registeredFingerprints();
        for (uint256 i = 0; i < registered.length; ++i) {
            VM.assertEq(_handler.receivablesWithFingerprint(registered[i]), 1, "two receivables share a fingerprint");
        }
    }

    /// @notice A fresh-id issue with a registered fingerprint reverts with exactly FingerprintTaken(fingerprint),
    /// and one with a fingerprint never registered succeeds.
    function invariant_aTakenFingerprintIsRejectedAsFingerprintTaken() public view {
        VM.assertEq(_handler.issueOutcomeMismatches(), 0, "an issue ended otherwise than the fingerprint index says");
    }

    /// @notice The global index never forgets: every fingerprint ever registered is still registered.
    function invariant_theFingerprintIndexNeverForgets() public view {
        bytes32[] memory registered = _handler.registeredFingerprints();
        for (uint256 i = 0; i < registered.length; ++i) {
            VM.assertTrue(_handler.storedFingerprint(registered[i]), "a registered fingerprint was cleared");
        }
    }

    // ---- property 2: outstanding never increases ----------------------------------------------

    /// @notice No call ever raises a receivable's stored outstanding (read after every handler call).
    function invariant_outstandingNeverIncreases() public view {
        VM.assertEq(_handler.outstandingIncreases(), 0, "a receivable's outstanding increased");
        uint256 n = _handler.count();
        for (uint256 i = 0; i < n; ++i) {
            ReceivableHandler.Ghost memory g = _handler.ghost(i);
            VM.assertLe(_handler.storedOutstanding(g.key), g.faceValue, "outstanding above the face value");
        }
    }

    /// @notice Outstanding is the face value less the accepted repayments, and no repayment above it is accepted.
    function invariant_outstandingIsFaceValueLessRepayments() public view {
        VM.assertEq(_handler.overRepayments(), 0, "a repayment above the outstanding amount was accepted");
        uint256 n = _handler.count();
        for (uint256 i = 0; i < n; ++i) {
            ReceivableHandler.Ghost memory g = _handler.ghost(i);
            VM.assertEq(_handler.storedOutstanding(g.key), g.outstanding, "outstanding differs from the ghost's");
        }
    }

    // ---- fuzz: the same properties from one fixed history ---------------------------------------

    /// @notice Whatever became of the first receivable (open, disputed, cancelled, financed, settled),
    /// any later issue under its fingerprint, by any seller, reverts FingerprintTaken.
    function testFuzz_aRegisteredFingerprintRejectsEveryLaterIssue(
        bytes32 fingerprint,
        uint8 fate,
        address seller,
        address debtor,
        uint256 amount
    ) public {
        VM.assume(fingerprint != bytes32(0) && seller != debtor);
        _issue("R-1", _SELLER, _DEBTOR, 1_000, fingerprint);
        _driveTo("R-1", fate % 5, 1_000);

        VM.expectRevert(abi.encodeWithSelector(ITwinledgerErrors.FingerprintTaken.selector, fingerprint));
        VM.prank(seller);
        receivables.issueReceivable(
            "R-2",
            debtor,
            1 + (amount % 1e30),
            "EUR",
            uint64(block.timestamp + 1 days),
            fingerprint,
            new string[](0),
            ""
        );
    }

    /// @notice Any sequence of partial repayments lowers outstanding by exactly their sum, never below 0.
    function testFuzz_repaymentsOnlyLowerOutstanding(uint256 faceValue, uint256[6] memory parts) public {
        faceValue = 1 + (faceValue % 1e30);
        _issue("R-1", _SELLER, _DEBTOR, faceValue, keccak256("f"));
        _driveTo("R-1", 3, faceValue); // financed by FINANCIER
        uint256 expected = faceValue;
        for (uint256 i = 0; i < parts.length && expected > 0; ++i) {
            uint256 part = 1 + (parts[i] % expected);
            VM.prank(FINANCIER);
            receivables.recordRepayment("R-1", part, bytes32(i));
            VM.assertLe(_handler.storedOutstanding(keccak256("R-1")), expected, "a repayment raised outstanding");
            expected -= part;
            VM.assertEq(_handler.storedOutstanding(keccak256("R-1")), expected, "outstanding is not face value less repayments");
        }
        if (expected > 0) {
            VM.expectRevert(abi.encodeWithSelector(ITwinledgerErrors.AmountExceedsOutstanding.selector, expected));
            VM.prank(FINANCIER);
            receivables.recordRepayment("R-1", expected + 1, bytes32(0));
        }
    }

    /// @notice The storage reads the invariants rely on see what the registry holds (a layout change fails here first).
    function test_storageReadsSeeTheRegistry() public {
        bytes32 fingerprint = keccak256("probe");
        VM.assertTrue(!_handler.storedFingerprint(fingerprint), "an unregistered fingerprint reads as registered");
        _issue("R-1", _SELLER, _DEBTOR, 777, fingerprint);
        VM.assertTrue(_handler.storedFingerprint(fingerprint), "the registered fingerprint reads as unregistered");
        VM.assertEq(_handler.storedOutstanding(keccak256("R-1")), 777, "outstanding at issue is not the face value");
        _driveTo("R-1", 3, 777);
        VM.prank(FINANCIER);
        receivables.recordRepayment("R-1", 700, bytes32(0));
        VM.assertEq(_handler.storedOutstanding(keccak256("R-1")), 77, "outstanding after a repayment");
    }

    // ---- helpers ------------------------------------------------------------------------------

    function _issue(string memory id, address seller, address debtor, uint256 amount, bytes32 fingerprint) private {
        VM.prank(seller);
        receivables.issueReceivable(
            id,
            debtor,
            amount,
            "EUR",
            uint64(block.timestamp + 30 days),
            fingerprint,
            new string[](0),
            ""
        );
    }

    /// @dev 0 stays Issued, 1 Disputed, 2 Cancelled, 3 Financed (advance = amount), 4 Settled.
    function _driveTo(string memory id, uint256 fate, uint256 amount) private {
        if (fate == 0) return;
        VM.prank(_DEBTOR);
        if (fate == 1) {
            receivables.disputeReceivable(id, bytes32(0));
            return;
        }
        if (fate == 2) {
            receivables.acknowledgeReceivable(id);
            VM.prank(_SELLER);
            receivables.cancelReceivable(id);
            return;
        }
        receivables.acknowledgeReceivable(id);
        VM.prank(_SELLER);
        receivables.financeReceivable(id, FINANCIER, amount);
        VM.prank(FINANCIER);
        receivables.acceptFinancing(id, amount, new string[](0));
        if (fate == 4) {
            VM.prank(FINANCIER);
            receivables.recordRepayment(id, amount, bytes32(0));
        }
    }
}
