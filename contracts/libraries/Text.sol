// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title Text
 * @author Twinledger
 * @notice The few text encodings the DID binding statement needs: decimal numbers, a
 * lowercase hex address and the EIP-191 personal-message hash.
 * @dev OpenZeppelin's `Strings` and `MessageHashUtils` do the same, but `Strings` brings in
 * `Bytes`, whose assembly uses MCOPY: a Cancun-only instruction that would keep the
 * contracts off the pre-Cancun EVMs consortium chains still run (README, "EVM versions").
 */
library Text {
    bytes16 private constant _HEX_DIGITS = "0123456789abcdef";

    /**
     * @notice `value` in decimal, without leading zeros ("0" for zero).
     * @param value The number.
     * @return text Its decimal digits, ASCII.
     */
    function decimal(uint256 value) internal pure returns (bytes memory text) {
        uint256 digits = 1;
        unchecked {
            for (uint256 rest = value; rest > 9; rest /= 10) ++digits;
        }
        text = new bytes(digits);
        // Digits from the last: one MSTORE8 each, no bounds checks (a statement's deadline, on every bindDid).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let cursor := add(add(text, 0x20), digits)
            for {

            } 1 {

            } {
                cursor := sub(cursor, 1)
                mstore8(cursor, add(48, mod(value, 10)))
                value := div(value, 10)
                if iszero(value) {
                    break
                }
            }
        }
    }

    /**
     * @notice `account` as `0x` and 40 lowercase hex digits (not EIP-55 checksummed).
     * @param account The address.
     * @return text `0x` and its 40 hex digits, ASCII.
     */
    function hexAddress(address account) internal pure returns (bytes memory text) {
        uint160 value = uint160(account);
        text = new bytes(42);
        text[0] = "0";
        text[1] = "x";
        for (uint256 i = 41; i > 1; --i) {
            text[i] = _HEX_DIGITS[value & 0xf];
            value >>= 4;
        }
    }

    /**
     * @notice The EIP-191 (version 0x45) hash of a personal message, as `personal_sign` signs it.
     * @param message The message, any bytes.
     * @return The hash a secp256k1 signature of the message is over.
     */
    function ethSignedMessageHash(bytes memory message) internal pure returns (bytes32) {
        return keccak256(bytes.concat("\x19Ethereum Signed Message:\n", decimal(message.length), message));
    }
}
