// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAssetRegistry} from "../../contracts/interfaces/IAssetRegistry.sol";
import {ICertificationRegistry} from "../../contracts/interfaces/ICertificationRegistry.sol";
import {LifecycleHandler} from "./handlers/LifecycleHandler.sol";
import {Deployment} from "./utils/Deployment.sol";
import {InvariantTargets} from "./utils/InvariantTargets.sol";
import {VM} from "./utils/Vm.sol";

/**
 * @title TerminalStatesTest
 * @notice Property 3: Decommissioned (an asset) and Revoked (a certificate) are terminal, and so is
 * Superseded: no sequence of calls, by anyone, leaves them or changes the record
 * (`core/spec/lifecycles.ts`, CERTIFICATION.md §3–§4).
 */
contract TerminalStatesTest is Deployment, InvariantTargets {
    address private constant _ACCREDITOR_2 = address(0xACC2);
    address private constant _CERTIFIER = address(0xCB1);
    address private constant _OWNER = address(0xA11CE);

    LifecycleHandler private _handler;

    function setUp() public {
        _deploy();
        _grant(roles.ACCREDITOR_ROLE(), ACCREDITOR);
        _grant(roles.ACCREDITOR_ROLE(), _ACCREDITOR_2);
        _handler = new LifecycleHandler(assets, certification, [ACCREDITOR, _ACCREDITOR_2]);
        VM.startPrank(ACCREDITOR);
        certification.accredit(_CERTIFIER, _handler.STANDARD(), uint64(block.timestamp + 3650 days));
        certification.accredit(address(0xCB2), _handler.STANDARD(), uint64(block.timestamp + 3650 days));
        VM.stopPrank();

        bytes4[] memory selectors = new bytes4[](15);
        selectors[0] = LifecycleHandler.registerAsset.selector;
        selectors[1] = LifecycleHandler.updateAsset.selector;
        selectors[2] = LifecycleHandler.transferAsset.selector;
        selectors[3] = LifecycleHandler.setAssetStatus.selector;
        selectors[4] = LifecycleHandler.issueCertificate.selector;
        selectors[5] = LifecycleHandler.suspend.selector;
        selectors[6] = LifecycleHandler.reinstate.selector;
        selectors[7] = LifecycleHandler.revoke.selector;
        selectors[8] = LifecycleHandler.supersede.selector;
        selectors[9] = LifecycleHandler.withdrawAccreditation.selector;
        selectors[10] = LifecycleHandler.accredit.selector;
        selectors[11] = LifecycleHandler.warp.selector;
        // Twice: sequences should reach terminal statuses early and keep calling on them.
        selectors[12] = LifecycleHandler.setAssetStatus.selector;
        selectors[13] = LifecycleHandler.issueCertificate.selector;
        selectors[14] = LifecycleHandler.supersede.selector;
        _target(address(_handler), selectors);
    }

    // ---- invariants ---------------------------------------------------------------------------

    /// @notice An asset once Decommissioned stays Decommissioned.
    function invariant_decommissionedIsNeverLeft() public view {
        VM.assertEq(_handler.leftDecommissioned(), 0, "an asset left Decommissioned");
    }

    /// @notice A Decommissioned asset's record (owner, version, updatedAt, metadata) never changes again.
    function invariant_aDecommissionedRecordIsFrozen() public view {
        VM.assertEq(_handler.changedAfterDecommissioned(), 0, "a Decommissioned asset's record changed");
    }

    /// @notice A certificate once Revoked stays Revoked.
    function invariant_revokedIsNeverLeft() public view {
        VM.assertEq(_handler.leftRevoked(), 0, "a certificate left Revoked");
    }

    /// @notice A Revoked certificate verifies as Revoked, now and at the time it was seen revoked.
    function invariant_aRevokedCertificateVerifiesRevoked() public view {
        VM.assertEq(_handler.revokedVerdictWrong(), 0, "a Revoked certificate verified otherwise");
    }

    /// @notice A certificate once Superseded stays Superseded, and verifies as Superseded.
    function invariant_supersededIsNeverLeft() public view {
        VM.assertEq(_handler.leftSuperseded(), 0, "a certificate left Superseded");
        VM.assertEq(_handler.supersededVerdictWrong(), 0, "a Superseded certificate verified otherwise");
    }

    /// @notice A Revoked or Superseded certificate's record (status, hold, log, window, subject) never changes again.
    function invariant_aTerminalCertificateIsFrozen() public view {
        VM.assertEq(_handler.changedAfterTerminal(), 0, "a terminal certificate's record changed");
    }

    // ---- fuzz ---------------------------------------------------------------------------------

    /// @notice Whoever calls, with whatever status, a Decommissioned asset's status change reverts and the status stays.
    function testFuzz_noStatusChangeLeavesDecommissioned(address caller, uint8 status, bool suspendFirst) public {
        VM.startPrank(_OWNER);
        assets.registerAsset("M-1", "machine", bytes32(0), "");
        if (suspendFirst) assets.setAssetStatus("M-1", uint8(IAssetRegistry.AssetStatus.Suspended));
        assets.setAssetStatus("M-1", uint8(IAssetRegistry.AssetStatus.Decommissioned));
        VM.stopPrank();

        VM.prank(caller);
        (bool ok, ) = address(assets).call(abi.encodeCall(IAssetRegistry.setAssetStatus, ("M-1", status)));
        VM.assertTrue(!ok, "a status change of a Decommissioned asset succeeded");
        VM.assertTrue(
            assets.getAsset("M-1").status == IAssetRegistry.AssetStatus.Decommissioned,
            "the asset left Decommissioned"
        );
    }

    /// @notice Whoever calls, no suspend, reinstate, revoke or supersede of a Revoked certificate succeeds.
    function testFuzz_noCallLeavesRevoked(address caller, uint8 operation, bool suspendedFirst, uint32 later) public {
        VM.prank(_OWNER);
        assets.registerAsset("M-1", "machine", bytes32(0), "");
        VM.startPrank(_CERTIFIER);
        certification.issueCertificate("Q-1", "M-1", _handler.STANDARD(), 0, 0, 1, uint64(block.timestamp + 365 days));
        if (suspendedFirst) certification.suspendCertificate("Q-1", 0);
        certification.revokeCertificate("Q-1", 0);
        VM.stopPrank();
        uint64 revokedAt = uint64(block.timestamp);
        VM.warp(block.timestamp + later);

        bytes memory call_;
        uint8 op = operation % 4;
        if (op == 0) call_ = abi.encodeCall(ICertificationRegistry.suspendCertificate, ("Q-1", 0));
        else if (op == 1) call_ = abi.encodeCall(ICertificationRegistry.reinstateCertificate, ("Q-1", 0));
        else if (op == 2) call_ = abi.encodeCall(ICertificationRegistry.revokeCertificate, ("Q-1", 0));
        else {
            call_ = abi.encodeCall(
                ICertificationRegistry.supersedeCertificate,
                ("Q-1", "Q-2", "M-1", _handler.STANDARD(), 0, 0, 1, uint64(block.timestamp + 365 days))
            );
        }
        VM.prank(caller);
        (bool ok, ) = address(certification).call(call_);
        VM.assertTrue(!ok, "a call on a Revoked certificate succeeded");
        VM.assertTrue(
            _handler.storedStatus("Q-1") == ICertificationRegistry.CertificateStatus.Revoked,
            "the certificate left Revoked"
        );
        VM.assertTrue(
            certification.verifyCertificate("Q-1", uint64(block.timestamp)) == ICertificationRegistry.CertificateVerdict.Revoked &&
                certification.verifyCertificate("Q-1", revokedAt) == ICertificationRegistry.CertificateVerdict.Revoked,
            "a Revoked certificate verified otherwise"
        );
    }

    /// @notice The status the handler reads from storage is the certificate's (a layout change fails here first).
    function test_storedStatusIsTheCertificates() public {
        VM.prank(_OWNER);
        assets.registerAsset("M-1", "machine", bytes32(0), "");
        VM.startPrank(_CERTIFIER);
        certification.issueCertificate("Q-1", "M-1", _handler.STANDARD(), 0, 0, 1, uint64(block.timestamp + 365 days));
        VM.assertTrue(_handler.storedStatus("Q-1") == ICertificationRegistry.CertificateStatus.Active, "Active");
        certification.suspendCertificate("Q-1", 0);
        VM.assertTrue(_handler.storedStatus("Q-1") == ICertificationRegistry.CertificateStatus.Suspended, "Suspended");
        certification.revokeCertificate("Q-1", 0);
        VM.assertTrue(_handler.storedStatus("Q-1") == ICertificationRegistry.CertificateStatus.Revoked, "Revoked");
        VM.stopPrank();
    }
}
