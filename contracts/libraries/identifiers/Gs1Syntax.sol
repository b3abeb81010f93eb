// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IdentifierBytes} from "./IdentifierBytes.sol";

/**
 * @title Gs1Syntax
 * @author Twinledger
 * @notice The canonical GS1 Digital Link URI on `https://id.gs1.org` (`core/identifiers/CANONICAL.md`),
 * checked in full, for {IdentifierSyntax}.
 */
library Gs1Syntax {
    using IdentifierBytes for bytes;

    /// @dev The parts of a GS1 identifier that have their own length rule.
    enum Gs1Field {
        Gtin,
        Sscc,
        Gln,
        Lot,
        Serial,
        Extension,
        GraiSerial
    }

    /// @notice Shortest GS1 company prefix, in digits.
    uint256 internal constant MIN_COMPANY_PREFIX = 6;
    /// @notice Longest GS1 company prefix, in digits.
    uint256 internal constant MAX_COMPANY_PREFIX = 12;

    /// @dev Positions in a GS1 canonical form: end of `https://id.gs1.org`, start of the value
    /// after `/01/` or `/00/`, after `/414/`, after `/8003/` or `/8004/`.
    uint256 private constant _GS1_STEM = 18;
    uint256 private constant _GS1_VALUE_2 = 22;
    uint256 private constant _GS1_VALUE_3 = 23;
    uint256 private constant _GS1_VALUE_4 = 24;

    /// @dev The rest of GS1 CSET 82, `! " % & ' ( ) * + , / : ; < = > ?`: written as `%XX` in GS1 values.
    uint256 private constant _CSET82_ESCAPED =
        (((1 << 2) - 1) << 0x21) | // ! "
            (((1 << 8) - 1) << 0x25) | // % & ' ( ) * + ,
            (1 << 0x2f) | // /
            (((1 << 6) - 1) << 0x3a); // : ; < = > ?

    /// @dev {_gs1Number}: the digits and their check digit are valid.
    uint256 private constant _NUMBER_OK = 0;
    /// @dev {_gs1Number}: too short, or a byte is not a digit.
    uint256 private constant _NUMBER_DIGITS = 1;
    /// @dev {_gs1Number}: the check digit is wrong.
    uint256 private constant _NUMBER_CHECK = 2;

    /**
     * @notice Validates the path after `https://id.gs1.org` and returns the namespace subject.
     * @param s The whole identifier, known to start with `https://id.gs1.org`.
     * @return subject The digits a GS1 company prefix is matched against.
     */
    function parse(bytes calldata s) internal pure returns (string memory subject) {
        uint256 n = s.length;
        bytes32 path = s.word(_GS1_STEM);
        if (bytes4(path) == "/01/") {
            uint256 p = _gs1Key(s, _GS1_VALUE_2, Gs1Field.Gtin);
            if (p < n && bytes4(s.word(p)) == "/10/") p = _gs1Value(s, p + 4, Gs1Field.Lot);
            if (p < n && bytes4(s.word(p)) == "/21/") {
                p = _gs1Value(s, p + 4, Gs1Field.Serial);
                if (p < n && bytes4(s.word(p)) == "/10/") IdentifierBytes.invalid("gs1: lot must precede serial");
            }
            if (p < n) _gs1Tail(s, p, "gs1: only lot, serial after GTIN");
            return string(s[_GS1_VALUE_2 + 1:_GS1_VALUE_2 + 14]);
        }
        if (bytes4(path) == "/00/") {
            uint256 p = _gs1Key(s, _GS1_VALUE_2, Gs1Field.Sscc);
            if (p < n) _gs1Tail(s, p, "gs1: nothing may follow an SSCC");
            return string(s[_GS1_VALUE_2 + 1:p]);
        }
        if (bytes5(path) == "/414/") {
            uint256 p = _gs1Key(s, _GS1_VALUE_3, Gs1Field.Gln);
            if (p < n && bytes5(s.word(p)) == "/254/") p = _gs1Value(s, p + 5, Gs1Field.Extension);
            if (p < n) _gs1Tail(s, p, "gs1: only extension after GLN");
            return string(s[_GS1_VALUE_3:_GS1_VALUE_3 + 13]);
        }
        if (bytes6(path) == "/8003/") {
            uint256 p = _GS1_VALUE_4 + 14;
            uint256 fault = _gs1Number(s, _GS1_VALUE_4, 14);
            if (fault == _NUMBER_DIGITS) IdentifierBytes.invalid("gs1: GRAI must start 14 digits");
            if (s.byteAt(_GS1_VALUE_4) != 0x30) IdentifierBytes.invalid("gs1: GRAI must start with 0");
            if (fault == _NUMBER_CHECK) IdentifierBytes.invalid("gs1: GRAI check digit is wrong");
            if (p < n && s.byteAt(p) != 0x2f) p = _gs1Value(s, p, Gs1Field.GraiSerial);
            if (p < n) _gs1Tail(s, p, "gs1: nothing may follow a GRAI");
            return string(s[_GS1_VALUE_4 + 1:_GS1_VALUE_4 + 14]);
        }
        if (bytes6(path) == "/8004/") {
            uint256 digitsEnd = s.span(_GS1_VALUE_4, IdentifierBytes.DIGIT);
            if (digitsEnd - _GS1_VALUE_4 < MIN_COMPANY_PREFIX) {
                IdentifierBytes.invalid("gs1: GIAI needs 6 leading digits");
            }
            (uint256 p, uint256 chars) = s.scanEncoded(digitsEnd, IdentifierBytes.UNRESERVED, _CSET82_ESCAPED);
            if (p < n && s.byteAt(p) != 0x2f) _gs1BadCharacter(s, p);
            if (chars + digitsEnd - _GS1_VALUE_4 > 30) IdentifierBytes.invalid("gs1: GIAI over 30 characters");
            if (p < n) _gs1Tail(s, p, "gs1: nothing may follow a GIAI");
            return string(s[_GS1_VALUE_4:digitsEnd]);
        }
        if (s.length == _GS1_STEM) IdentifierBytes.invalid("gs1: missing path");
        if (s.byteAt(_GS1_STEM) != 0x2f) IdentifierBytes.invalid("gs1: host must be id.gs1.org");
        IdentifierBytes.invalid("gs1: AI not 01,00,414,8003,8004");
    }

    /**
     * @notice Validates the fixed-length number `field` (GTIN, SSCC or GLN) at `s[from:]`: digits with a
     * valid GS1 check digit, followed by the end of `s` or `/`.
     * @param s The identifier.
     * @param from Where the number starts.
     * @param field Which number.
     * @return end Where it ends.
     */
    function _gs1Key(bytes calldata s, uint256 from, Gs1Field field) private pure returns (uint256 end) {
        uint256 digits = _gs1Length(field);
        uint256 fault = _gs1Number(s, from, digits);
        end = from + digits;
        if (fault == _NUMBER_DIGITS || (end < s.length && s.byteAt(end) != 0x2f)) {
            // Cut short or followed by `?` or `#`: say so, as that is the likelier mistake.
            uint256 stop = s.span(from, IdentifierBytes.DIGIT);
            if (stop <= end) _gs1NoQueryOrFragment(s, stop);
            IdentifierBytes.invalid(string.concat("gs1: ", _gs1Name(field), " must be ", _decimal(digits), " digits"));
        }
        if (fault == _NUMBER_CHECK) {
            IdentifierBytes.invalid(string.concat("gs1: ", _gs1Name(field), " check digit is wrong"));
        }
    }

    /**
     * @notice Validates the GS1 alphanumeric value `field` (CSET 82, canonically percent-encoded)
     * starting at `from` and ending at the next `/` or the end of `s`.
     * @param s The identifier.
     * @param from Where the value starts.
     * @param field Which value.
     * @return end Where it ends.
     */
    function _gs1Value(bytes calldata s, uint256 from, Gs1Field field) private pure returns (uint256 end) {
        uint256 chars;
        (end, chars) = s.scanEncoded(from, IdentifierBytes.UNRESERVED, _CSET82_ESCAPED);
        if (end < s.length && s.byteAt(end) != 0x2f) _gs1BadCharacter(s, end);
        if (chars == 0) IdentifierBytes.invalid(string.concat("gs1: empty ", _gs1Name(field)));
        uint256 maxChars = _gs1Length(field);
        if (chars > maxChars) {
            IdentifierBytes.invalid(
                string.concat("gs1: ", _gs1Name(field), " over ", _decimal(maxChars), " characters")
            );
        }
    }

    /**
     * @notice Reverts for the path that follows the last valid part of a GS1 identifier at `s[p] == "/"`.
     * @param s The identifier.
     * @param p Where the unexpected rest starts.
     * @param reason The reason unless it is a lone trailing slash.
     */
    function _gs1Tail(bytes calldata s, uint256 p, string memory reason) private pure {
        if (p + 1 == s.length) IdentifierBytes.invalid("gs1: no trailing slash allowed");
        IdentifierBytes.invalid(reason);
    }

    /**
     * @notice Reverts with the reason the byte `s[p]`, which breaks a GS1 value, may not be there.
     * @param s The identifier.
     * @param p Where the byte is (inside `s`).
     */
    function _gs1BadCharacter(bytes calldata s, uint256 p) private pure {
        _gs1NoQueryOrFragment(s, p);
        uint256 c = s.byteAt(p);
        if (c == 0x25) IdentifierBytes.invalid("gs1: non-canonical %-encoding");
        if ((_CSET82_ESCAPED >> c) & 1 == 1) IdentifierBytes.invalid("gs1: character must be %-encoded");
        IdentifierBytes.invalid("gs1: character not in CSET 82");
    }

    /**
     * @notice Reverts if `s[p]` starts a query string or a fragment.
     * @param s The identifier.
     * @param p The index (any value).
     */
    function _gs1NoQueryOrFragment(bytes calldata s, uint256 p) private pure {
        uint256 c = s.byteAt(p);
        if (c == 0x3f) IdentifierBytes.invalid("gs1: no query string allowed");
        if (c == 0x23) IdentifierBytes.invalid("gs1: no fragment allowed");
    }

    /**
     * @notice The length of a GS1 number in digits, or the longest value in characters.
     * @param field The field.
     * @return length Its length.
     */
    function _gs1Length(Gs1Field field) private pure returns (uint256 length) {
        if (field == Gs1Field.Gtin) return 14;
        if (field == Gs1Field.Sscc) return 18;
        if (field == Gs1Field.Gln) return 13;
        if (field == Gs1Field.GraiSerial) return 16;
        return 20; // lot, serial, extension
    }

    /**
     * @notice The name of a GS1 field, for reasons.
     * @param field The field.
     * @return name Its name.
     */
    function _gs1Name(Gs1Field field) private pure returns (string memory name) {
        if (field == Gs1Field.Gtin) return "GTIN";
        if (field == Gs1Field.Sscc) return "SSCC";
        if (field == Gs1Field.Gln) return "GLN";
        if (field == Gs1Field.Lot) return "lot";
        if (field == Gs1Field.Serial) return "serial";
        if (field == Gs1Field.Extension) return "extension";
        return "GRAI serial";
    }

    /**
     * @notice Reads `digits` decimal digits at `s[from:]` and checks their GS1 mod-10 check digit
     * (the last digit): weights 3, 1, 3, … from the rightmost data digit, so the weighted sum of
     * all digits, the check digit weighted 1, is a multiple of 10.
     * @param s The identifier.
     * @param from Where the digits start.
     * @param digits How many digits, check digit included.
     * @return fault `_NUMBER_OK`, `_NUMBER_DIGITS` or `_NUMBER_CHECK`.
     */
    function _gs1Number(bytes calldata s, uint256 from, uint256 digits) private pure returns (uint256 fault) {
        if (from + digits > s.length) return _NUMBER_DIGITS;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let start := add(s.offset, from)
            let sum := 0
            let weight := 1
            let ok := 1
            for {
                let p := add(start, digits)
            } gt(p, start) {
                // 1, 3, 1, 3, …: the xor flips the weight between 1 and 3; no power is meant.
                // slither-disable-next-line incorrect-exp
                weight := xor(weight, 2)
            } {
                p := sub(p, 1)
                let d := sub(byte(0, calldataload(p)), 0x30) // wraps above 9 for every non-digit
                ok := and(ok, lt(d, 10))
                sum := add(sum, mul(d, weight))
            }
            fault := 1 // _NUMBER_DIGITS
            if ok {
                fault := mul(2, iszero(iszero(mod(sum, 10)))) // _NUMBER_CHECK or _NUMBER_OK
            }
        }
    }

    /**
     * @notice The decimal digits of `value` (only used to word reasons).
     * @param value A small number.
     * @return text Its digits.
     */
    function _decimal(uint256 value) private pure returns (string memory text) {
        bytes memory digits = new bytes(value < 10 ? 1 : value < 100 ? 2 : 3);
        for (uint256 i = digits.length; i > 0; --i) {
            digits[i - 1] = bytes1(uint8(0x30 + (value % 10)));
            value /= 10;
        }
        return string(digits);
    }
}
