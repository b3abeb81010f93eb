// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IdentifierBytes} from "./IdentifierBytes.sol";

/**
 * @title DidSyntax
 * @author Twinledger
 * @notice The canonical DID `did:{method}:{method-specific-id}` (`core/identifiers/CANONICAL.md`),
 * checked in full, for {IdentifierSyntax}.
 */
library DidSyntax {
    using IdentifierBytes for bytes;

    /// @dev `a-z 0-9`: bytes of a DID method.
    uint256 private constant _DID_METHOD = IdentifierBytes.DIGIT | IdentifierBytes.LOWER;
    /// @dev `idchar` without `pct-encoded` (`A-Z a-z 0-9 . - _`).
    uint256 private constant _DID_IDCHAR = IdentifierBytes.UNRESERVED;
    /// @dev Literal bytes of a DID method-specific id: `idchar` and `:`.
    uint256 private constant _DID_ID = _DID_IDCHAR | (1 << 0x3a);
    /// @dev What `%XX` may encode in a DID: any byte but a literal `idchar` (`:` may be either).
    uint256 private constant _DID_ESCAPED = ~_DID_IDCHAR;

    /**
     * @notice Validates `did:{method}:{method-specific-id}` (W3C DID Core ABNF, upper-case hex in
     * `pct-encoded`, no path, query or fragment).
     * @param s The whole identifier, known to start with `did:`.
     * @return methodEnd The index of the `:` after the method.
     */
    function validate(bytes calldata s) internal pure returns (uint256 methodEnd) {
        uint256 n = s.length;
        uint256 colon = s.span(4, _DID_METHOD);
        if (colon == n || s.byteAt(colon) != 0x3a) {
            if (colon < n) IdentifierBytes.invalid("did: method must be a-z 0-9");
            IdentifierBytes.invalid("did: missing method-specific id");
        }
        if (colon == 4) IdentifierBytes.invalid("did: empty method");
        // Only where the id stops matters; its decoded length does not.
        // slither-disable-next-line unused-return
        (uint256 end, ) = s.scanEncoded(colon + 1, _DID_ID, _DID_ESCAPED);
        if (end < n) {
            uint256 c = s.byteAt(end);
            if (c == 0x25) IdentifierBytes.invalid("did: non-canonical %-encoding");
            if (c == 0x2f || c == 0x3f || c == 0x23) IdentifierBytes.invalid("did: no path, query or fragment");
            IdentifierBytes.invalid("did: bad character in id");
        }
        if (n == colon + 1) IdentifierBytes.invalid("did: empty method-specific id");
        if (s.byteAt(n - 1) == 0x3a) IdentifierBytes.invalid("did: id must not end with ':'");
        return colon;
    }
}
