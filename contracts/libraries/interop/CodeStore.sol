// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title CodeStore
 * @author Twinledger
 * @notice Bytes kept as the code of a contract of their own (the SSTORE2 pattern): written once for
 * 200 gas a byte, read by EXTCODECOPY for 3 gas a word where storage would cost 2,100 a slot.
 * @dev The contract's code is `0x00 ‖ data`: the leading STOP makes it a contract that does
 * nothing when called. Data offsets below count from the first byte of `data`.
 */
library CodeStore {
    /// @dev The creation code before the data: `PUSH2 size DUP1 PUSH1 10 RETURNDATASIZE CODECOPY
    /// RETURNDATASIZE RETURN` (copy the code after these 10 bytes to memory 0 and return it), then STOP.
    uint256 private constant _CREATION_PREFIX = 0x61000080600a3d393df300;
    /// @dev The largest data a contract's code can hold (EIP-170's 24,576 bytes, less the STOP).
    uint256 internal constant MAX_DATA = 24_575;

    /**
     * @notice Deploys `data` as code.
     * @dev Writes the creation prefix over `data`'s length word for the CREATE and restores it.
     * @param data The bytes to keep (at most {MAX_DATA}).
     * @return pointer The address of the code, or zero if it could not be deployed.
     */
    function write(bytes memory data) internal returns (address pointer) {
        uint256 length = data.length;
        if (length > MAX_DATA) return address(0);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // The 11 bytes of prefix end where the data starts: they fill the low bytes of its length word.
            mstore(data, or(_CREATION_PREFIX, shl(64, add(length, 1))))
            pointer := create(0, add(data, 21), add(length, 11))
            mstore(data, length)
        }
    }

    /**
     * @notice The length of the data at `pointer`.
     * @param pointer An address returned by {write}.
     * @return length The data's length in bytes (zero if there is no code there).
     */
    function size(address pointer) internal view returns (uint256 length) {
        uint256 codeSize = pointer.code.length;
        return codeSize == 0 ? 0 : codeSize - 1;
    }

    /**
     * @notice A copy of `length` bytes of the data at `pointer` from byte `start`.
     * @param pointer An address returned by {write}.
     * @param start The first byte of the data to read.
     * @param length How many bytes (past the end of the data reads as zeros).
     * @return data The bytes.
     */
    function read(address pointer, uint256 start, uint256 length) internal view returns (bytes memory data) {
        data = new bytes(length);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            extcodecopy(pointer, add(data, 0x20), add(start, 1), length)
        }
    }
}
