// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title Vm
 * @notice The few cheatcodes these tests use, declared here instead of depending on forge-std
 * (the npm `forge-std` is an old unofficial copy). Hardhat 3's Solidity test runner (EDR) answers
 * them at the cheatcode address, with Foundry's signatures.
 */
interface Vm {
    /// @notice The next call's msg.sender is `sender`.
    function prank(address sender) external;

    /// @notice Every following call's msg.sender is `sender`, until {stopPrank}.
    function startPrank(address sender) external;

    /// @notice Ends {startPrank}.
    function stopPrank() external;

    /// @notice Sets block.timestamp.
    function warp(uint256 timestamp) external;

    /// @notice Discards the fuzz input (the run is redrawn) unless `condition`.
    function assume(bool condition) external pure;

    /// @notice Reads a storage slot of `target`.
    function load(address target, bytes32 slot) external view returns (bytes32 data);

    /// @notice Writes a storage slot of `target`.
    function store(address target, bytes32 slot, bytes32 value) external;

    /// @notice The next call must revert with exactly `revertData`.
    function expectRevert(bytes calldata revertData) external;

    /// @notice A secp256r1 (P-256) signature of `digest` (no hashing) by `privateKey`.
    function signP256(uint256 privateKey, bytes32 digest) external pure returns (bytes32 r, bytes32 s);

    /// @notice The secp256r1 public key of `privateKey`.
    function publicKeyP256(uint256 privateKey) external pure returns (uint256 publicKeyX, uint256 publicKeyY);

    /// @notice The creation bytecode of the compiled artifact `artifactPath` (`path:Contract`).
    function getCode(string calldata artifactPath) external view returns (bytes memory creationBytecode);

    /// @notice Names an address in traces.
    function label(address account, string calldata newLabel) external;

    /// @notice Fails the test unless `condition`.
    function assertTrue(bool condition, string calldata err) external pure;

    /// @notice Fails the test unless `left == right`.
    function assertEq(uint256 left, uint256 right, string calldata err) external pure;

    /// @notice Fails the test unless `left == right`.
    function assertEq(bytes32 left, bytes32 right, string calldata err) external pure;

    /// @notice Fails the test unless `left == right`.
    function assertEq(address left, address right, string calldata err) external pure;

    /// @notice Fails the test unless `left == right`.
    function assertEq(bytes calldata left, bytes calldata right, string calldata err) external pure;

    /// @notice Fails the test unless `left <= right`.
    function assertLe(uint256 left, uint256 right, string calldata err) external pure;
}

/// @dev keccak256("hevm cheat code") as an address, where the runner answers cheatcodes.
Vm constant VM = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
