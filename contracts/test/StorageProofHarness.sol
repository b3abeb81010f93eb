// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title StorageProofHarness
 * @author Twinledger
 * @notice TEST ONLY — never deploy. Storage to take EIP-1186 proofs of for
 * `test/interop/evm-state-proof.test.ts`: one mapping at slot 0, so the slot of `key` is
 * keccak256(key ‖ uint256(0)).
 */
contract StorageProofHarness {
    /// @notice The values, by key (slot 0).
    mapping(bytes32 key => uint256 value) public values;

    /**
     * @notice Sets one value; zero clears the slot.
     * @param key The mapping key.
     * @param value The value.
     */
    function set(bytes32 key, uint256 value) external {
        values[key] = value;
    }

    /**
     * @notice Sets many values at once.
     * @param keys The mapping keys.
     * @param newValues The values, one per key.
     */
    function setMany(bytes32[] calldata keys, uint256[] calldata newValues) external {
        uint256 length = keys.length;
        for (uint256 i = 0; i < length; ++i) {
            values[keys[i]] = newValues[i];
        }
    }
}
