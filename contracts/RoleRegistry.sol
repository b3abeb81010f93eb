// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IRoleRegistry} from "./interfaces/IRoleRegistry.sol";

/**
 * @title RoleRegistry
 * @author Twinledger
 * @notice The consortium's roles (ADMIN, ACCREDITOR, FINANCIER), shared by all primitive contracts.
 * @dev OpenZeppelin {AccessControl}: `grantRole`, `revokeRole`, `renounceRole`, `hasRole`,
 * `RoleGranted` and `RoleRevoked` keep their OpenZeppelin signatures and semantics. ADMIN is the
 * admin of every role; nobody holds `DEFAULT_ADMIN_ROLE`, so roles outside the specification can
 * never be granted. Rejections use the specification's error codes instead of OpenZeppelin's:
 * `Unauthorized(caller)` for a missing role and for a renunciation on someone else's behalf
 * (a party can only renounce its own roles). Governance cannot lock itself out: revoking or
 * renouncing the last ADMIN is `InvalidState("ADMIN")`, so the consortium always has an ADMIN.
 */
contract RoleRegistry is AccessControl, IRoleRegistry {
    /// @inheritdoc IRoleRegistry
    bytes32 public constant ADMIN_ROLE = keccak256("ADMIN");
    /// @inheritdoc IRoleRegistry
    bytes32 public constant ACCREDITOR_ROLE = keccak256("ACCREDITOR");
    /// @inheritdoc IRoleRegistry
    bytes32 public constant FINANCIER_ROLE = keccak256("FINANCIER");

    /// @dev How many accounts hold ADMIN: one slot, so the last-ADMIN check costs no loop.
    uint256 private _adminCount;

    /**
     * @notice Sets up the roles and makes `initialAdmin` the first ADMIN.
     * @param initialAdmin The consortium operator; must not be the zero address.
     */
    constructor(address initialAdmin) {
        if (initialAdmin == address(0)) revert InvalidArgument("initialAdmin");
        _setRoleAdmin(ADMIN_ROLE, ADMIN_ROLE);
        _setRoleAdmin(ACCREDITOR_ROLE, ADMIN_ROLE);
        _setRoleAdmin(FINANCIER_ROLE, ADMIN_ROLE);
        _grantRole(ADMIN_ROLE, initialAdmin);
    }

    /**
     * @notice Gives up `role` held by the caller.
     * @dev As OpenZeppelin's, but a `callerConfirmation` other than the caller is rejected with
     * `Unauthorized(caller)`: a party can only renounce its own roles.
     * @param role The role to give up.
     * @param callerConfirmation Must be the caller's own address.
     */
    function renounceRole(bytes32 role, address callerConfirmation) public override(AccessControl, IAccessControl) {
        _requireKnownRole(role);
        if (callerConfirmation != _msgSender()) revert Unauthorized(_msgSender());
        super.renounceRole(role, callerConfirmation);
    }

    /// @notice As OpenZeppelin's, but a role outside the specification is `InvalidArgument("role")`.
    /// @param role The role to give.
    /// @param account The party that receives it.
    function grantRole(bytes32 role, address account) public override(AccessControl, IAccessControl) {
        _requireKnownRole(role);
        super.grantRole(role, account);
    }

    /// @notice As OpenZeppelin's, but a role outside the specification is `InvalidArgument("role")`.
    /// @param role The role to take away.
    /// @param account The party that loses it.
    function revokeRole(bytes32 role, address account) public override(AccessControl, IAccessControl) {
        _requireKnownRole(role);
        super.revokeRole(role, account);
    }

    /// @notice As OpenZeppelin's, but asking about a role outside the specification is `InvalidArgument("role")`.
    /// @param role The role.
    /// @param account The party.
    /// @return held Whether `account` holds `role`.
    function hasRole(
        bytes32 role,
        address account
    ) public view override(AccessControl, IAccessControl) returns (bool held) {
        _requireKnownRole(role);
        held = super.hasRole(role, account);
    }

    /// @dev Counts ADMINs as they are granted.
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (granted && role == ADMIN_ROLE) ++_adminCount;
    }

    /// @dev Refuses to remove the last ADMIN (revoke and renounce both end here); counts the rest.
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        if (role == ADMIN_ROLE && _adminCount == 1 && hasRole(role, account)) revert InvalidState("ADMIN");
        revoked = super._revokeRole(role, account);
        if (revoked && role == ADMIN_ROLE) --_adminCount;
    }


    /// @dev Reverts with the specification's `Unauthorized(account)` if `account` lacks `role`.
    function _checkRole(bytes32 role, address account) internal view override {
        if (!hasRole(role, account)) revert Unauthorized(account);
    }

    /// @dev A raw call may name any bytes32: only the specification's roles exist (Fabric refuses the rest too).
    function _requireKnownRole(bytes32 role) private pure {
        if (role != ADMIN_ROLE && role != ACCREDITOR_ROLE && role != FINANCIER_ROLE) revert InvalidArgument("role");
    }
}
