// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IdentifierBytes} from "./IdentifierBytes.sol";

/**
 * @title OidSyntax
 * @author Twinledger
 * @notice The canonical OID `urn:oid:{arcs}` (`core/identifiers/CANONICAL.md`) and the OID arc
 * rules, checked in full, for {IdentifierSyntax}.
 */
library OidSyntax {
    using IdentifierBytes for bytes;

    /// @notice {oidFault}: the arcs are valid.
    uint256 internal constant OID_OK = 0;
    /// @dev {oidFault}: an arc is empty.
    uint256 private constant _OID_EMPTY_ARC = 1;
    /// @dev {oidFault}: an arc has a leading zero.
    uint256 private constant _OID_LEADING_ZERO = 2;
    /// @dev {oidFault}: a byte is neither a digit nor a dot.
    uint256 private constant _OID_CHARACTER = 3;
    /// @dev {oidFault}: fewer arcs than required.
    uint256 private constant _OID_TOO_FEW_ARCS = 4;
    /// @dev {oidFault}: the first arc is not 0, 1 or 2.
    uint256 private constant _OID_FIRST_ARC = 5;
    /// @dev {oidFault}: the second arc is above 39 under first arc 0 or 1.
    uint256 private constant _OID_SECOND_ARC = 6;

    /**
     * @notice Validates `urn:oid:{arcs}` and returns the arcs.
     * @param s The whole identifier, known to start with `urn:oid:`.
     * @return arcs The arcs without `urn:oid:`.
     */
    function parse(bytes calldata s) internal pure returns (string memory arcs) {
        uint256 fault = oidFault(s, 8, 2);
        if (fault != OID_OK) {
            if (fault == _OID_EMPTY_ARC) IdentifierBytes.invalid("oid: empty arc");
            if (fault == _OID_LEADING_ZERO) IdentifierBytes.invalid("oid: arc with a leading zero");
            if (fault == _OID_CHARACTER) IdentifierBytes.invalid("oid: only digits and dots");
            if (fault == _OID_TOO_FEW_ARCS) IdentifierBytes.invalid("oid: fewer than 2 arcs");
            if (fault == _OID_FIRST_ARC) IdentifierBytes.invalid("oid: first arc must be 0, 1 or 2");
            IdentifierBytes.invalid("oid: second arc above 39");
        }
        return string(s[8:]);
    }

    /**
     * @notice Checks the arcs `s[from:]`: at least `minArcs` dot-separated arcs, each `0` or digits
     * without a leading zero, the first 0, 1 or 2, the second at most 39 if the first is 0 or 1.
     * @param s The bytes holding the arcs.
     * @param from Where the arcs start.
     * @param minArcs The fewest arcs allowed.
     * @return fault `OID_OK`, or the first rule broken.
     */
    function oidFault(bytes calldata s, uint256 from, uint256 minArcs) internal pure returns (uint256 fault) {
        (uint256 stopAt, uint256 arcs, bool emptyArc, bool leadingZero) = s.dotted(from, IdentifierBytes.DIGIT);
        if (stopAt != s.length) return _OID_CHARACTER;
        if (emptyArc) return _OID_EMPTY_ARC;
        if (leadingZero) return _OID_LEADING_ZERO;
        if (arcs < minArcs) return _OID_TOO_FEW_ARCS;
        return _oidRootFault(s.word(from));
    }

    /**
     * @notice Checks the first two arcs of arcs that are otherwise valid: the first is 0, 1 or 2,
     * and the second at most 39 if the first is 0 or 1.
     * @param root The first 32 bytes of the arcs, zero-padded: each byte a digit, a dot or zero.
     * @return fault `OID_OK`, `_OID_FIRST_ARC` or `_OID_SECOND_ARC`.
     */
    function _oidRootFault(bytes32 root) private pure returns (uint256 fault) {
        if (uint8(root[0]) > 0x32 || (root[1] != "." && root[1] != 0)) return _OID_FIRST_ARC;
        // Under 0 and 1 a second arc of 1 digit is fine, of 2 digits only 10..39, of 3+ never.
        if (uint8(root[0]) < 0x32 && root[1] == "." && root[3] != "." && root[3] != 0) {
            if (uint8(root[2]) > 0x33 || (root[4] != "." && root[4] != 0)) return _OID_SECOND_ARC;
        }
        return OID_OK;
    }
}
