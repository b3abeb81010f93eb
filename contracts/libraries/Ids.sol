// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title Ids
 * @author Twinledger
 * @notice The common id rule of the specification: `^[A-Za-z0-9._:-]{1,64}$`
 * (`ID_PATTERN` in `core/spec/rules.ts`). Asset classes and standards follow the same rule.
 */
library Ids {
    /// @dev The longest valid id, in bytes.
    uint256 internal constant MAX_LENGTH = 64;

    /// @dev Bit `c` is set iff the byte `c` may appear in an id: `-` `.` `0-9` `:` `A-Z` `_` `a-z`.
    uint256 private constant _ALLOWED =
        (1 << 0x2d) | // -
            (1 << 0x2e) | // .
            (((1 << 10) - 1) << 0x30) | // 0-9
            (1 << 0x3a) | // :
            (((1 << 26) - 1) << 0x41) | // A-Z
            (1 << 0x5f) | // _
            (((1 << 26) - 1) << 0x61); // a-z

    /**
     * @notice Whether `id` is 1 to 64 bytes long and made only of `A-Z a-z 0-9 . _ : -`.
     * @param id The candidate id.
     * @return valid True if `id` follows the rule.
     */
    function isValid(string calldata id) internal pure returns (bool valid) {
        uint256 length = bytes(id).length;
        if (length == 0 || length > MAX_LENGTH) return false;
        uint256 allowed = _ALLOWED;
        // One byte per step, at most MAX_LENGTH steps: `and` the byte's bit of `allowed` into `ok`.
        // Reads only calldata inside `id`; no memory is touched. Assembly because indexing `bytes
        // calldata` in Solidity costs ~4x as much per byte (bounds check and masking).
        uint256 ok = 1;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let end := add(id.offset, length)
            for { let p := id.offset } lt(p, end) { p := add(p, 1) } {
                ok := and(ok, shr(byte(0, calldataload(p)), allowed))
            }
        }
        valid = ok == 1;
    }
}
