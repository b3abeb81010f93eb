// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {FabricFactVerifier} from "../../contracts/interop/FabricFactVerifier.sol";
import {FabricMembership} from "../../contracts/interop/FabricMembership.sol";
import {ITwinledgerErrors} from "../../contracts/interfaces/ITwinledgerErrors.sol";
import {RoleHandler} from "./handlers/RoleHandler.sol";
import {Deployment} from "./utils/Deployment.sol";
import {InvariantTargets} from "./utils/InvariantTargets.sol";
import {VM} from "./utils/Vm.sol";

/**
 * @title RoleGatesTest
 * @notice Property 6: only roles can do what the roles table says. Every role-gated function
 * ({RoleHandler-gate}: role administration, namespaces, the grace period, the Fabric membership and
 * verifier, accreditation, accepting a financing) reverts `Unauthorized(caller)` for a caller without
 * the role, fuzzed, and lets a holder through; also while roles are granted, revoked and renounced at random.
 */
contract RoleGatesTest is Deployment, InvariantTargets {
    FabricMembership private _membership;
    FabricFactVerifier private _verifier;
    RoleHandler private _handler;

    function setUp() public {
        _deploy();
        _membership = new FabricMembership(roles, "mychannel", "twinledger");
        _verifier = new FabricFactVerifier(_membership, roles, 1 hours);
        _grant(roles.ACCREDITOR_ROLE(), ACCREDITOR);
        _grant(roles.FINANCIER_ROLE(), FINANCIER);
        VM.prank(ADMIN);
        identifiers.registerNamespace(1, "t", address(0xA11CE));
        _handler = new RoleHandler(roles, identifiers, certification, receivables, _membership, _verifier);

        bytes4[] memory selectors = new bytes4[](5);
        selectors[0] = RoleHandler.grant.selector;
        selectors[1] = RoleHandler.revoke.selector;
        selectors[2] = RoleHandler.renounce.selector;
        selectors[3] = RoleHandler.probeGate.selector;
        selectors[4] = RoleHandler.probeGate.selector;
        _target(address(_handler), selectors);
    }

    // ---- fuzz ---------------------------------------------------------------------------------

    /// @notice Any caller without a gate's role is refused with exactly Unauthorized(caller).
    function testFuzz_aCallerWithoutTheRoleIsRefused(address caller, uint256 gateSeed, address account) public {
        RoleHandler.Gate memory g = _handler.gate(gateSeed, account);
        VM.assume(!roles.hasRole(g.role, caller));
        VM.assertEq(_handler.probe(caller, g), _unauthorized(caller), g.name);
    }

    /// @notice The role's holder gets past every gate (whatever else the call then checks).
    function testFuzz_theRolesHolderIsLetThrough(uint256 gateSeed, address account) public {
        RoleHandler.Gate memory g = _handler.gate(gateSeed, account);
        address holder = g.role == roles.ADMIN_ROLE() ? ADMIN : g.role == roles.ACCREDITOR_ROLE() ? ACCREDITOR : FINANCIER;
        VM.assume(account != holder);
        VM.assertTrue(keccak256(_handler.probe(holder, g)) != keccak256(_unauthorized(holder)), g.name);
    }

    /// @notice A party whose role was revoked is refused again at once.
    function testFuzz_aRevokedHolderIsRefused(address former, uint256 gateSeed, address account) public {
        RoleHandler.Gate memory g = _handler.gate(gateSeed, account);
        VM.assume(former != address(0) && !roles.hasRole(g.role, former));
        _grant(g.role, former);
        VM.prank(ADMIN);
        roles.revokeRole(g.role, former);
        VM.assertEq(_handler.probe(former, g), _unauthorized(former), g.name);
    }

    // ---- invariants: roles changing at random ---------------------------------------------------

    /// @notice Whatever roles were granted, revoked or renounced, a party without a gate's role is refused.
    function invariant_aNonHolderIsAlwaysRefused() public view {
        VM.assertEq(_handler.nonHolderPassed(), 0, "a party without the role got past a gate");
    }

    /// @notice Whatever roles changed, a party holding a gate's role is let through.
    function invariant_aHolderIsNeverRefused() public view {
        VM.assertEq(_handler.holderRefused(), 0, "a holder of the role was refused Unauthorized");
    }

    /// @notice Only an ADMIN grants or revokes, and the registry's roles are exactly the ghost's table.
    function invariant_onlyAnAdminChangesRoles() public view {
        VM.assertEq(_handler.roleChangeMismatches(), 0, "a role change by a non-ADMIN took effect");
        address[5] memory actors = _handler.actors();
        bytes32[3] memory all = [roles.ADMIN_ROLE(), roles.ACCREDITOR_ROLE(), roles.FINANCIER_ROLE()];
        uint256 admins;
        for (uint256 a = 0; a < 5; ++a) {
            for (uint256 r = 0; r < 3; ++r) {
                VM.assertTrue(roles.hasRole(all[r], actors[a]) == _handler.ghostHas(all[r], actors[a]), "role table");
            }
            if (roles.hasRole(all[0], actors[a])) ++admins;
        }
        VM.assertTrue(admins > 0, "no ADMIN is left");
    }

    function _unauthorized(address caller) private pure returns (bytes memory) {
        return abi.encodeWithSelector(ITwinledgerErrors.Unauthorized.selector, caller);
    }
}
