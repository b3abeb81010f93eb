// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title Utf8
 * @author Twinledger
 * @notice Whether bytes are well-formed UTF-8, as a fatal WHATWG decoder (`TextDecoder` with
 * `fatal: true`) judges them: no overlong forms, no surrogates, nothing above U+10FFFF, no
 * sequence cut short.
 * @dev Reads calldata ranges in place (absolute offsets). ASCII, the case of every Fabric name and
 * PEM certificate, is recognised a word at a time; only other text is read byte by byte.
 */
library Utf8 {
    /// @dev 0x80 in every byte: the bit every non-ASCII byte has.
    uint256 private constant _HIGH_BITS = 0x8080808080808080808080808080808080808080808080808080808080808080;

    /**
     * @notice Whether calldata `[start, end)` is well-formed UTF-8.
     * @param start The first byte.
     * @param end The offset after the last byte (not less than `start`).
     * @return valid True if it is.
     */
    function isValidCalldata(uint256 start, uint256 end) internal pure returns (bool valid) {
        bool ascii;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let seen := 0
            for {
                let ptr := start
            } lt(ptr, end) {
                ptr := add(ptr, 32)
            } {
                let word := calldataload(ptr)
                let rest := sub(end, ptr)
                // Only the range's own bytes of the last word.
                if lt(rest, 32) {
                    word := and(word, not(shr(mul(rest, 8), not(0))))
                }
                seen := or(seen, word)
            }
            ascii := iszero(and(seen, _HIGH_BITS))
        }
        return ascii || _isValidSlow(start, end);
    }

    /**
     * @notice Whether the memory bytes `text` are well-formed UTF-8.
     * @param text The bytes.
     * @return valid True if they are.
     */
    function isValid(bytes memory text) internal pure returns (bool valid) {
        uint256 start;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            start := add(text, 0x20)
        }
        return isValidMemory(start, start + text.length);
    }

    /**
     * @notice Whether memory `[start, end)` is well-formed UTF-8.
     * @param start The address of the first byte.
     * @param end The address after the last byte (not less than `start`).
     * @return valid True if it is.
     */
    function isValidMemory(uint256 start, uint256 end) internal pure returns (bool valid) {
        uint256 ptr = start;
        while (ptr < end) {
            uint256 lead = _memoryByteAt(ptr);
            if (lead < 0x80) {
                ++ptr;
                continue;
            }
            uint256 continuations = _continuations(lead);
            if (continuations == 0 || end - ptr <= continuations) return false;
            if (!_isSecond(lead, _memoryByteAt(ptr + 1))) return false;
            for (uint256 k = 2; k <= continuations; ++k) {
                uint256 next = _memoryByteAt(ptr + k);
                if (next < 0x80 || next > 0xbf) return false;
            }
            ptr += continuations + 1;
        }
        return true;
    }

    /**
     * @notice Byte by byte: each lead byte with the range its first continuation byte may take
     * (Unicode's table of well-formed byte sequences).
     * @param start The first byte.
     * @param end The offset after the last byte.
     * @return valid True if every sequence is well formed.
     */
    function _isValidSlow(uint256 start, uint256 end) private pure returns (bool valid) {
        uint256 ptr = start;
        while (ptr < end) {
            uint256 lead = _byteAt(ptr);
            if (lead < 0x80) {
                ++ptr;
                continue;
            }
            uint256 continuations = _continuations(lead);
            if (continuations == 0 || end - ptr <= continuations) return false;
            if (!_isSecond(lead, _byteAt(ptr + 1))) return false;
            for (uint256 k = 2; k <= continuations; ++k) {
                uint256 next = _byteAt(ptr + k);
                if (next < 0x80 || next > 0xbf) return false;
            }
            ptr += continuations + 1;
        }
        return true;
    }

    /**
     * @notice How many continuation bytes follow a lead byte (not ASCII).
     * @param lead The lead byte.
     * @return continuations 1 to 3, or 0 if `lead` never starts a sequence (C0, C1, F5 to FF, or a continuation byte).
     */
    function _continuations(uint256 lead) private pure returns (uint256 continuations) {
        if (lead >= 0xc2 && lead <= 0xdf) return 1;
        if (lead >= 0xe0 && lead <= 0xef) return 2;
        if (lead >= 0xf0 && lead <= 0xf4) return 3;
        return 0;
    }

    /**
     * @notice Whether `second` may follow `lead`: the ranges that exclude overlong forms (after E0
     * and F0), surrogates (after ED) and code points above U+10FFFF (after F4).
     * @param lead The lead byte.
     * @param second The byte after it.
     * @return ok True if it may.
     */
    function _isSecond(uint256 lead, uint256 second) private pure returns (bool ok) {
        uint256 low = lead == 0xe0 ? 0xa0 : (lead == 0xf0 ? 0x90 : 0x80);
        uint256 high = lead == 0xed ? 0x9f : (lead == 0xf4 ? 0x8f : 0xbf);
        return second >= low && second <= high;
    }

    /**
     * @notice The memory byte at `ptr`.
     * @param ptr A memory address.
     * @return value The byte.
     */
    function _memoryByteAt(uint256 ptr) private pure returns (uint256 value) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            value := byte(0, mload(ptr))
        }
    }

    /**
     * @notice The calldata byte at `ptr`.
     * @param ptr An absolute calldata offset.
     * @return value The byte.
     */
    function _byteAt(uint256 ptr) private pure returns (uint256 value) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            value := byte(0, calldataload(ptr))
        }
    }
}
