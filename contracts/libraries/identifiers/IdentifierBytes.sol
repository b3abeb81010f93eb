// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITwinledgerErrors} from "../../interfaces/ITwinledgerErrors.sol";

/**
 * @title IdentifierBytes
 * @author Twinledger
 * @notice The byte-scanning helpers and character classes shared by the identifier syntaxes
 * ({IdentifierSyntax} and the scheme libraries next to this file), and their one revert.
 * @dev Bytes are read straight from calldata with one `calldataload` each and tested against
 * 256-bit character-class bitmaps: bit `c` of a class is set iff the byte `c` belongs to it.
 */
library IdentifierBytes {
    /// @notice `0-9`.
    uint256 internal constant DIGIT = ((1 << 10) - 1) << 0x30;
    /// @notice `A-Z`.
    uint256 internal constant UPPER = ((1 << 26) - 1) << 0x41;
    /// @notice `a-z`.
    uint256 internal constant LOWER = ((1 << 26) - 1) << 0x61;
    /// @notice Unreserved URI characters `A-Z a-z 0-9 - . _`: written as themselves in GS1 values.
    uint256 internal constant UNRESERVED = DIGIT | UPPER | LOWER | (1 << 0x2d) | (1 << 0x2e) | (1 << 0x5f);
    /// @dev Upper-case hex digits `0-9 A-F`, the only ones a canonical `%XX` may use.
    uint256 private constant _HEX = DIGIT | (((1 << 6) - 1) << 0x41);

    /**
     * @notice Scans a percent-encoded value from `s[from]` to the first byte that breaks its rule:
     * a byte of `literals` stands for itself; `%` must be followed by two upper-case hex digits
     * that encode a byte of `escapable`.
     * @param s The identifier.
     * @param from Where the value starts.
     * @param literals The bytes allowed as themselves (never `%`).
     * @param escapable The byte values allowed as `%XX`.
     * @return stopAt The index of the first byte that breaks the rule, or `s.length`.
     * @return chars The number of characters (after decoding) before `stopAt`.
     */
    function scanEncoded(
        bytes calldata s,
        uint256 from,
        uint256 literals,
        uint256 escapable
    ) internal pure returns (uint256 stopAt, uint256 chars) {
        uint256 hex_ = _HEX;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let start := add(s.offset, from)
            let end := add(s.offset, s.length)
            let p := start
            let escapes := 0
            for {

            } 1 {

            } {
                // A run of literals, one bitmap test per byte.
                for {

                } and(lt(p, end), and(shr(byte(0, calldataload(p)), literals), 1)) {

                } {
                    p := add(p, 1)
                }
                if iszero(lt(p, end)) {
                    break
                }
                // Then `%XX`: '0'-'9' → 0-9, 'A'-'F' → 10-15 (garbage for anything else, which `hex_` rejects).
                let w := calldataload(p)
                let hi := byte(1, w)
                let lo := byte(2, w)
                let v := or(
                    shl(4, sub(hi, add(0x30, mul(7, gt(hi, 0x39))))),
                    sub(lo, add(0x30, mul(7, gt(lo, 0x39))))
                )
                let ok := and(eq(byte(0, w), 0x25), lt(add(p, 2), end))
                if iszero(and(and(ok, and(shr(hi, hex_), shr(lo, hex_))), shr(v, escapable))) {
                    break
                }
                p := add(p, 3)
                escapes := add(escapes, 1)
            }
            stopAt := sub(p, s.offset)
            chars := sub(sub(p, start), shl(1, escapes))
        }
    }

    /**
     * @notice Scans dot-separated segments of `segment` bytes from `s[from]` to the first other byte.
     * @param s The bytes to scan.
     * @param from Where the segments start.
     * @param segment The bytes allowed in a segment (never `.`).
     * @return stopAt The index of the first byte that is neither in `segment` nor a dot, or `s.length`.
     * @return segments The number of segments before `stopAt` (empty ones included).
     * @return emptySegment True if a segment before `stopAt` is empty (also if `stopAt == from`).
     * @return leadingZero True if a segment of two or more bytes starts with `0`.
     */
    function dotted(
        bytes calldata s,
        uint256 from,
        uint256 segment
    ) internal pure returns (uint256 stopAt, uint256 segments, bool emptySegment, bool leadingZero) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let p := add(s.offset, from)
            let end := add(s.offset, s.length)
            for {

            } 1 {

            } {
                let segmentStart := p
                // The segment, one bitmap test per byte.
                for {

                } and(lt(p, end), and(shr(byte(0, calldataload(p)), segment), 1)) {

                } {
                    p := add(p, 1)
                }
                let length := sub(p, segmentStart)
                emptySegment := or(emptySegment, iszero(length))
                leadingZero := or(leadingZero, and(gt(length, 1), eq(byte(0, calldataload(segmentStart)), 0x30)))
                segments := add(segments, 1)
                if iszero(and(lt(p, end), eq(byte(0, calldataload(p)), 0x2e))) {
                    break
                }
                p := add(p, 1)
            }
            stopAt := sub(p, s.offset)
        }
    }

    /**
     * @notice The index of the first byte at or after `s[from]` that is not in `allowed`, or `s.length`.
     * @param s The bytes to scan.
     * @param from Where to start.
     * @param allowed The bytes to skip.
     * @return stopAt The index.
     */
    function span(bytes calldata s, uint256 from, uint256 allowed) internal pure returns (uint256 stopAt) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let p := add(s.offset, from)
            for {
                let end := add(s.offset, s.length)
            } and(lt(p, end), and(shr(byte(0, calldataload(p)), allowed), 1)) {

            } {
                p := add(p, 1)
            }
            stopAt := sub(p, s.offset)
        }
    }

    /**
     * @notice The 32 bytes of `s` from index `i`, zero-padded past the end of `s`.
     * @param s The bytes.
     * @param i The index (any value).
     * @return w The word.
     */
    function word(bytes calldata s, uint256 i) internal pure returns (bytes32 w) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            if lt(i, s.length) {
                w := calldataload(add(s.offset, i))
                let available := sub(s.length, i)
                if lt(available, 32) {
                    w := and(w, not(shr(shl(3, available), not(0))))
                }
            }
        }
    }

    /**
     * @notice The byte `s[i]`, or 0 past the end of `s`.
     * @param s The bytes.
     * @param i The index (any value).
     * @return c The byte.
     */
    function byteAt(bytes calldata s, uint256 i) internal pure returns (uint256 c) {
        return uint256(word(s, i) >> 248);
    }

    /**
     * @notice Reverts with {ITwinledgerErrors-IdentifierInvalid}.
     * @param reason What is wrong.
     */
    function invalid(string memory reason) internal pure {
        revert ITwinledgerErrors.IdentifierInvalid(reason);
    }
}
