// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";

/**
 * @title AnchorP256
 * @notice BENCH ONLY. The least a contract must do to accept a fact endorsed by two Fabric peers:
 * check two P-256 signatures with OpenZeppelin's P256.verify and mark the digest used, so that it
 * cannot be replayed. What the cross-ledger verifier is compared with.
 */
contract AnchorP256 {
    mapping(bytes32 digest => bool) public used;

    error InvalidSignature(uint256 index);
    error AlreadyUsed(bytes32 digest);

    /// @notice Verifies `signatures` (r, s) over `digest` by the keys (x, y) and marks it used.
    function accept(bytes32 digest, bytes32[2][2] calldata signatures, bytes32[2][2] calldata keys) external {
        if (used[digest]) revert AlreadyUsed(digest);
        for (uint256 i = 0; i < 2; ++i) {
            if (!P256.verify(digest, signatures[i][0], signatures[i][1], keys[i][0], keys[i][1])) revert InvalidSignature(i);
        }
        used[digest] = true;
    }
}
