// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title InvariantTargets
 * @notice What an invariant test contract tells the runner (Foundry's protocol, which EDR follows):
 * the contracts to call at random and, for each, the selectors to draw from. Without it the runner
 * would call every contract setUp deployed, the registries themselves included, with random senders.
 */
abstract contract InvariantTargets {
    /// @dev Foundry's `FuzzSelector`: a target and the functions of it that may be called.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targets;
    FuzzSelector[] private _selectors;

    /// @notice The contracts the invariant runner calls.
    function targetContracts() public view returns (address[] memory targets) {
        targets = _targets;
    }

    /// @notice The functions of each target the invariant runner calls.
    function targetSelectors() public view returns (FuzzSelector[] memory selectors) {
        selectors = _selectors;
    }

    /// @dev Makes `target` the runner's, limited to `selectors`.
    function _target(address target, bytes4[] memory selectors) internal {
        _targets.push(target);
        _selectors.push(FuzzSelector({addr: target, selectors: selectors}));
    }
}
