// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IdentifierBytes} from "./IdentifierBytes.sol";

/**
 * @title HandleSyntax
 * @author Twinledger
 * @notice The canonical Handle `hdl:{prefix}/{suffix}` (`core/identifiers/CANONICAL.md`), checked
 * in full, for {IdentifierSyntax}.
 */
library HandleSyntax {
    using IdentifierBytes for bytes;

    /// @notice Longest Handle naming authority (prefix), in bytes.
    uint256 internal constant MAX_HANDLE_PREFIX = 64;
    /// @dev Longest Handle local name (suffix), in bytes.
    uint256 private constant _MAX_HANDLE_SUFFIX = 128;

    /// @notice `a-z 0-9 - _`: bytes of a segment of a Handle prefix.
    uint256 internal constant HANDLE_SEGMENT =
        IdentifierBytes.DIGIT | IdentifierBytes.LOWER | (1 << 0x2d) | (1 << 0x5f);
    /// @dev Printable ASCII `0x21-0x7E` except `%`: literal bytes of a Handle suffix.
    uint256 private constant _HANDLE_SUFFIX = (((1 << 0x5e) - 1) << 0x21) & ~uint256(1 << 0x25);
    /// @dev Every other byte (space, controls, `%`, DEL, non-ASCII): written as `%XX` in a Handle suffix.
    uint256 private constant _HANDLE_ESCAPED = ~_HANDLE_SUFFIX;

    /**
     * @notice Validates `hdl:{prefix}/{suffix}` and returns the prefix.
     * @param s The whole identifier, known to start with `hdl:`.
     * @return prefix The naming authority.
     */
    function parse(bytes calldata s) internal pure returns (string memory prefix) {
        uint256 n = s.length;
        // The segment count and leading zeros do not matter to a Handle prefix.
        // slither-disable-next-line unused-return
        (uint256 slash, , bool emptySegment, ) = s.dotted(4, HANDLE_SEGMENT);
        if (slash == n || s.byteAt(slash) != 0x2f) {
            if (slash < n && (IdentifierBytes.UPPER >> s.byteAt(slash)) & 1 == 1) {
                IdentifierBytes.invalid("handle: upper case in prefix");
            }
            if (slash < n) IdentifierBytes.invalid("handle: bad character in prefix");
            IdentifierBytes.invalid("handle: missing /{suffix}");
        }
        if (slash == 4) IdentifierBytes.invalid("handle: empty prefix");
        if (emptySegment) IdentifierBytes.invalid("handle: empty prefix segment");
        if (slash - 4 > MAX_HANDLE_PREFIX) IdentifierBytes.invalid("handle: prefix over 64 bytes");
        // Only where the suffix stops matters; the 128-byte limit is on its encoded length (below).
        // slither-disable-next-line unused-return
        (uint256 end, ) = s.scanEncoded(slash + 1, _HANDLE_SUFFIX, _HANDLE_ESCAPED);
        if (end < n) {
            if (s.byteAt(end) == 0x25) IdentifierBytes.invalid("handle: non-canonical %-encoding");
            IdentifierBytes.invalid("handle: non-printable in suffix");
        }
        if (n == slash + 1) IdentifierBytes.invalid("handle: empty suffix");
        if (n - slash - 1 > _MAX_HANDLE_SUFFIX) IdentifierBytes.invalid("handle: suffix over 128 bytes");
        return string(s[4:slash]);
    }
}
