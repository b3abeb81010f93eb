// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ITwinledgerErrors} from "./ITwinledgerErrors.sol";

// The role getters mirror OpenZeppelin-style UPPER_CASE role constants.
// solhint-disable func-name-mixedcase
/**
 * @title IRoleRegistry
 * @author Twinledger
 * @notice The consortium's roles, shared by every Twinledger primitive contract.
 * @dev OpenZeppelin {IAccessControl} with the specification's three roles; a role's id is the
 * keccak256 of its name. ADMIN administers every role, itself included. Rejections use the
 * specification's error codes ({ITwinledgerErrors}).
 */
interface IRoleRegistry is IAccessControl, ITwinledgerErrors {
    /// @notice The consortium operator: grants and revokes roles, registers namespaces.
    /// @return role keccak256("ADMIN").
    function ADMIN_ROLE() external view returns (bytes32 role);

    /// @notice An accreditation body.
    /// @return role keccak256("ACCREDITOR").
    function ACCREDITOR_ROLE() external view returns (bytes32 role);

    /// @notice A financier of receivables.
    /// @return role keccak256("FINANCIER").
    function FINANCIER_ROLE() external view returns (bytes32 role);
}
