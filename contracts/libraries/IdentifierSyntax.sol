// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITwinledgerErrors} from "../interfaces/ITwinledgerErrors.sol";

/**
 * @title IdentifierSyntax
 * @author Twinledger
 * @notice The canonical forms of industrial identifiers (`core/identifiers/CANONICAL.md`), checked
 * in full: GS1 Digital Link URIs on `https://id.gs1.org`, Handles, OIDs and DIDs. Also the
 * identifier key and the namespace rules the identifier registry needs.
 * @dev Accepts exactly what `parseCanonical` of `core/identifiers` accepts and nothing else.
 * Inputs are at most {MAX_LENGTH} bytes, so every loop is bounded. Bytes are read straight
 * from calldata with one `calldataload` each and tested against 256-bit character-class
 * bitmaps (as in {Ids}); nothing is copied to memory except the namespace subject returned.
 */
library IdentifierSyntax {
    /// @notice The identifier schemes, in the order fixed by CANONICAL.md.
    enum Scheme {
        Gs1,
        Handle,
        Oid,
        Did
    }

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

    /// @notice The longest canonical identifier, in bytes.
    uint256 internal constant MAX_LENGTH = 256;

    /// @notice The `previousLength` that starts a walk with {nextCandidateLength}.
    uint256 internal constant WALK_START = type(uint256).max;

    /// @dev Longest Handle naming authority (prefix) and local name (suffix), in bytes.
    uint256 private constant _MAX_HANDLE_PREFIX = 64;
    uint256 private constant _MAX_HANDLE_SUFFIX = 128;

    /// @dev Shortest and longest GS1 company prefix, in digits.
    uint256 private constant _MIN_COMPANY_PREFIX = 6;
    uint256 private constant _MAX_COMPANY_PREFIX = 12;

    /// @dev Positions in a GS1 canonical form: end of `https://id.gs1.org`, start of the value
    /// after `/01/` or `/00/`, after `/414/`, after `/8003/` or `/8004/`.
    uint256 private constant _GS1_STEM = 18;
    uint256 private constant _GS1_VALUE_2 = 22;
    uint256 private constant _GS1_VALUE_3 = 23;
    uint256 private constant _GS1_VALUE_4 = 24;

    // ---- Character classes: bit `c` is set iff the byte `c` belongs to the class. ----

    /// @dev `0-9`.
    uint256 private constant _DIGIT = ((1 << 10) - 1) << 0x30;
    /// @dev `A-Z`.
    uint256 private constant _UPPER = ((1 << 26) - 1) << 0x41;
    /// @dev `a-z`.
    uint256 private constant _LOWER = ((1 << 26) - 1) << 0x61;
    /// @dev Upper-case hex digits `0-9 A-F`, the only ones a canonical `%XX` may use.
    uint256 private constant _HEX = _DIGIT | (((1 << 6) - 1) << 0x41);
    /// @dev Unreserved URI characters `A-Z a-z 0-9 - . _`: written as themselves in GS1 values.
    uint256 private constant _UNRESERVED = _DIGIT | _UPPER | _LOWER | (1 << 0x2d) | (1 << 0x2e) | (1 << 0x5f);
    /// @dev The rest of GS1 CSET 82, `! " % & ' ( ) * + , / : ; < = > ?`: written as `%XX` in GS1 values.
    uint256 private constant _CSET82_ESCAPED =
        (((1 << 2) - 1) << 0x21) | // ! "
            (((1 << 8) - 1) << 0x25) | // % & ' ( ) * + ,
            (1 << 0x2f) | // /
            (((1 << 6) - 1) << 0x3a); // : ; < = > ?
    /// @dev Printable ASCII `0x21-0x7E` except `%`: literal bytes of a Handle suffix.
    uint256 private constant _HANDLE_SUFFIX = (((1 << 0x5e) - 1) << 0x21) & ~uint256(1 << 0x25);
    /// @dev Every other byte (space, controls, `%`, DEL, non-ASCII): written as `%XX` in a Handle suffix.
    uint256 private constant _HANDLE_ESCAPED = ~_HANDLE_SUFFIX;
    /// @dev `a-z 0-9 - _`: bytes of a segment of a Handle prefix.
    uint256 private constant _HANDLE_SEGMENT = _DIGIT | _LOWER | (1 << 0x2d) | (1 << 0x5f);
    /// @dev `a-z 0-9`: bytes of a DID method.
    uint256 private constant _DID_METHOD = _DIGIT | _LOWER;
    /// @dev `idchar` without `pct-encoded` (`A-Z a-z 0-9 . - _`).
    uint256 private constant _DID_IDCHAR = _UNRESERVED;
    /// @dev Literal bytes of a DID method-specific id: `idchar` and `:`.
    uint256 private constant _DID_ID = _DID_IDCHAR | (1 << 0x3a);
    /// @dev What `%XX` may encode in a DID: any byte but a literal `idchar` (`:` may be either).
    uint256 private constant _DID_ESCAPED = ~_DID_IDCHAR;

    // ---- Fault codes of the shared scanners. ----

    /// @dev {_oidFault}: the arcs are valid.
    uint256 private constant _OID_OK = 0;
    /// @dev {_oidFault}: an arc is empty.
    uint256 private constant _OID_EMPTY_ARC = 1;
    /// @dev {_oidFault}: an arc has a leading zero.
    uint256 private constant _OID_LEADING_ZERO = 2;
    /// @dev {_oidFault}: a byte is neither a digit nor a dot.
    uint256 private constant _OID_CHARACTER = 3;
    /// @dev {_oidFault}: fewer arcs than required.
    uint256 private constant _OID_TOO_FEW_ARCS = 4;
    /// @dev {_oidFault}: the first arc is not 0, 1 or 2.
    uint256 private constant _OID_FIRST_ARC = 5;
    /// @dev {_oidFault}: the second arc is above 39 under first arc 0 or 1.
    uint256 private constant _OID_SECOND_ARC = 6;

    /// @dev {_gs1Number}: the digits and their check digit are valid.
    uint256 private constant _NUMBER_OK = 0;
    /// @dev {_gs1Number}: too short, or a byte is not a digit.
    uint256 private constant _NUMBER_DIGITS = 1;
    /// @dev {_gs1Number}: the check digit is wrong.
    uint256 private constant _NUMBER_CHECK = 2;

    /**
     * @notice Validates `canonical` in full as a canonical identifier and returns its scheme and
     * namespace subject.
     * @dev Reverts {ITwinledgerErrors-IdentifierInvalid} with a short reason if `canonical` is not
     * the canonical form of an identifier (including anything longer than {MAX_LENGTH} bytes).
     * The namespace subject is what namespaces are matched against (see {nextCandidateLength}):
     * gs1 — the digits in which a GS1 company prefix is matched from position 0 (GTIN and SSCC
     * without their first digit, the GLN, the GRAI's 13 digits after its leading `0`, the GIAI's
     * leading digits); handle — the prefix; oid — the arcs without `urn:oid:`; did — empty.
     * @param canonical The candidate canonical identifier.
     * @return scheme Its scheme.
     * @return namespaceSubject Its namespace subject.
     */
    function parse(string calldata canonical) internal pure returns (Scheme scheme, string memory namespaceSubject) {
        bytes calldata s = bytes(canonical);
        if (s.length > MAX_LENGTH) _invalid("longer than 256 bytes");
        bytes32 head = _word(s, 0);
        if (bytes18(head) == "https://id.gs1.org") return (Scheme.Gs1, _parseGs1(s));
        if (bytes4(head) == "hdl:") return (Scheme.Handle, _parseHandle(s));
        if (bytes8(head) == "urn:oid:") return (Scheme.Oid, _parseOid(s));
        if (bytes4(head) == "did:") {
            _parseDid(s);
            return (Scheme.Did, "");
        }
        if (s.length == 0) _invalid("empty identifier");
        _invalid("unknown scheme");
    }

    /**
     * @notice The identifier's key: sha256 of its folded canonical form (the canonical form, with
     * ASCII letters lower-cased for Handles), as `identifierKey` in `core/spec/keys.ts`.
     * @dev Does not validate; call {parse} first. Uses the SHA-256 precompile.
     * @param scheme The scheme returned by {parse}.
     * @param canonical The canonical identifier.
     * @return identifierKey The key.
     */
    function key(Scheme scheme, string calldata canonical) internal pure returns (bytes32 identifierKey) {
        if (scheme != Scheme.Handle) return sha256(bytes(canonical));
        bytes memory folded = bytes(canonical);
        // Lower-case 32 bytes per step (SWAR): for every byte b < 0x80, b + 0x3f has its top bit set
        // iff b >= 'A' and b + 0x25 iff b > 'Z'; neither sum carries into the next byte. The top bit
        // of an `A-Z` byte, shifted right by 2, is 0x20, the case bit. Bytes >= 0x80 are left alone.
        // Only the words of `folded` are written; the bytes after its end are never hashed.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let low7 := 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f
            let high := not(low7)
            let p := add(folded, 0x20)
            for {
                let end := add(p, mload(folded))
            } lt(p, end) {
                p := add(p, 0x20)
            } {
                let w := mload(p)
                let b := and(w, low7)
                let isUpper := and(
                    and(add(b, 0x3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f), high),
                    not(or(add(b, 0x2525252525252525252525252525252525252525252525252525252525252525), w))
                )
                mstore(p, or(w, shr(2, isUpper)))
            }
        }
        return sha256(folded);
    }

    /**
     * @notice Whether `prefix` is a valid namespace prefix of `scheme`: gs1 — a GS1 company prefix
     * of 6 to 12 digits; handle — a canonical Handle prefix (1 to 64 bytes of dot-separated
     * non-empty segments of `a-z 0-9 - _`); oid — one or more arcs under the OID arc rules;
     * did — never (an open scheme).
     * @param scheme The scheme.
     * @param prefix The candidate prefix.
     * @return valid True if a namespace of `scheme` may be registered under `prefix`.
     */
    function isValidNamespacePrefix(Scheme scheme, string calldata prefix) internal pure returns (bool valid) {
        bytes calldata s = bytes(prefix);
        uint256 n = s.length;
        if (scheme == Scheme.Gs1) {
            return n >= _MIN_COMPANY_PREFIX && n <= _MAX_COMPANY_PREFIX && _span(s, 0, _DIGIT) == n;
        }
        if (scheme == Scheme.Handle) {
            (uint256 stopAt, , bool emptySegment, ) = _dotted(s, 0, _HANDLE_SEGMENT);
            return n <= _MAX_HANDLE_PREFIX && stopAt == n && !emptySegment;
        }
        if (scheme == Scheme.Oid) return n <= MAX_LENGTH && _oidFault(s, 0, 1) == _OID_OK;
        return false;
    }

    /**
     * @notice The namespaces that could govern an identifier are prefixes of its namespace
     * subject; this returns their lengths one by one, most specific first: the length of the
     * longest candidate that is shorter than `previousLength`, or 0 when none is left.
     * gs1 — 12, 11, …, 6 digits (as far as the subject reaches); handle — the whole prefix, then
     * each dotted parent (`88.118.8`, `88.118`, `88`); oid — all arcs, then each shorter run of
     * whole arcs (`1.3.6.1`, `1.3.6`, `1.3`, `1`); did — none.
     * @dev `subject` must be the namespace subject {parse} returned for `scheme`. Walk with
     * `for (uint256 n = nextCandidateLength(s, subject, WALK_START); n != 0; n = nextCandidateLength(s, subject, n))`
     * and look each candidate up by {namespaceKey}. Every candidate is a valid namespace prefix
     * ({isValidNamespacePrefix}). At most 65 steps (an OID subject has at most 124 arcs, but
     * each step is a prefix lookup, so callers bound their gas by the subject length).
     * @param scheme The scheme returned by {parse}.
     * @param subject The namespace subject returned by {parse}.
     * @param previousLength The previous candidate's length, or {WALK_START}.
     * @return length The next candidate's length in bytes, or 0 if there is none.
     */
    function nextCandidateLength(
        Scheme scheme,
        string memory subject,
        uint256 previousLength
    ) internal pure returns (uint256 length) {
        uint256 n = bytes(subject).length;
        if (previousLength == 0) return 0;
        if (scheme == Scheme.Gs1) {
            length = previousLength - 1;
            if (length > _MAX_COMPANY_PREFIX) length = _MAX_COMPANY_PREFIX;
            if (length > n) length = n;
            return length < _MIN_COMPANY_PREFIX ? 0 : length;
        }
        if (scheme == Scheme.Did) return 0;
        if (previousLength > n) return n;
        // The candidate before one of `previousLength` bytes ends at the last dot before that.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let base := add(subject, 0x20)
            for {
                let i := previousLength
            } i {

            } {
                i := sub(i, 1)
                if eq(byte(0, mload(add(base, i))), 0x2e) {
                    length := i
                    break
                }
            }
        }
    }

    /**
     * @notice The key of the namespace of `scheme` whose prefix is the first `length` bytes of
     * `subject`: keccak256 of the scheme byte followed by the prefix, which equals
     * `keccak256(abi.encodePacked(scheme, prefix))` for the same prefix held as a string.
     * @dev Hashes in place (the byte before `subject`'s data is borrowed and restored), so a
     * candidate of {nextCandidateLength} is never copied. Requires `length <= bytes(subject).length`.
     * @param scheme The scheme.
     * @param subject The namespace subject returned by {parse}.
     * @param length The candidate's length, from {nextCandidateLength}.
     * @return namespaceKey_ The namespace key.
     */
    function namespaceKey(
        Scheme scheme,
        string memory subject,
        uint256 length
    ) internal pure returns (bytes32 namespaceKey_) {
        if (length > bytes(subject).length) _invalid("candidate longer than subject");
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let lengthWord := mload(subject)
            mstore8(add(subject, 0x1f), scheme) // the low byte of the length word
            namespaceKey_ := keccak256(add(subject, 0x1f), add(length, 1))
            mstore(subject, lengthWord)
        }
    }

    // ---- gs1 ----

    /**
     * @notice Validates the path after `https://id.gs1.org` and returns the namespace subject.
     * @param s The whole identifier, known to start with `https://id.gs1.org`.
     * @return subject The digits a GS1 company prefix is matched against.
     */
    function _parseGs1(bytes calldata s) private pure returns (string memory subject) {
        uint256 n = s.length;
        bytes32 path = _word(s, _GS1_STEM);
        if (bytes4(path) == "/01/") {
            uint256 p = _gs1Key(s, _GS1_VALUE_2, Gs1Field.Gtin);
            if (p < n && bytes4(_word(s, p)) == "/10/") p = _gs1Value(s, p + 4, Gs1Field.Lot);
            if (p < n && bytes4(_word(s, p)) == "/21/") {
                p = _gs1Value(s, p + 4, Gs1Field.Serial);
                if (p < n && bytes4(_word(s, p)) == "/10/") _invalid("gs1: lot must precede serial");
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
            if (p < n && bytes5(_word(s, p)) == "/254/") p = _gs1Value(s, p + 5, Gs1Field.Extension);
            if (p < n) _gs1Tail(s, p, "gs1: only extension after GLN");
            return string(s[_GS1_VALUE_3:_GS1_VALUE_3 + 13]);
        }
        if (bytes6(path) == "/8003/") {
            uint256 p = _GS1_VALUE_4 + 14;
            uint256 fault = _gs1Number(s, _GS1_VALUE_4, 14);
            if (fault == _NUMBER_DIGITS) _invalid("gs1: GRAI must start 14 digits");
            if (_byteAt(s, _GS1_VALUE_4) != 0x30) _invalid("gs1: GRAI must start with 0");
            if (fault == _NUMBER_CHECK) _invalid("gs1: GRAI check digit is wrong");
            if (p < n && _byteAt(s, p) != 0x2f) p = _gs1Value(s, p, Gs1Field.GraiSerial);
            if (p < n) _gs1Tail(s, p, "gs1: nothing may follow a GRAI");
            return string(s[_GS1_VALUE_4 + 1:_GS1_VALUE_4 + 14]);
        }
        if (bytes6(path) == "/8004/") {
            uint256 digitsEnd = _span(s, _GS1_VALUE_4, _DIGIT);
            if (digitsEnd - _GS1_VALUE_4 < _MIN_COMPANY_PREFIX) _invalid("gs1: GIAI needs 6 leading digits");
            (uint256 p, uint256 chars) = _scanEncoded(s, digitsEnd, _UNRESERVED, _CSET82_ESCAPED);
            if (p < n && _byteAt(s, p) != 0x2f) _gs1BadCharacter(s, p);
            if (chars + digitsEnd - _GS1_VALUE_4 > 30) _invalid("gs1: GIAI over 30 characters");
            if (p < n) _gs1Tail(s, p, "gs1: nothing may follow a GIAI");
            return string(s[_GS1_VALUE_4:digitsEnd]);
        }
        if (s.length == _GS1_STEM) _invalid("gs1: missing path");
        if (_byteAt(s, _GS1_STEM) != 0x2f) _invalid("gs1: host must be id.gs1.org");
        _invalid("gs1: AI not 01,00,414,8003,8004");
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
        if (fault == _NUMBER_DIGITS || (end < s.length && _byteAt(s, end) != 0x2f)) {
            // Cut short or followed by `?` or `#`: say so, as that is the likelier mistake.
            uint256 stop = _span(s, from, _DIGIT);
            if (stop <= end) _gs1NoQueryOrFragment(s, stop);
            _invalid(string.concat("gs1: ", _gs1Name(field), " must be ", _decimal(digits), " digits"));
        }
        if (fault == _NUMBER_CHECK) _invalid(string.concat("gs1: ", _gs1Name(field), " check digit is wrong"));
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
        (end, chars) = _scanEncoded(s, from, _UNRESERVED, _CSET82_ESCAPED);
        if (end < s.length && _byteAt(s, end) != 0x2f) _gs1BadCharacter(s, end);
        if (chars == 0) _invalid(string.concat("gs1: empty ", _gs1Name(field)));
        uint256 maxChars = _gs1Length(field);
        if (chars > maxChars) {
            _invalid(string.concat("gs1: ", _gs1Name(field), " over ", _decimal(maxChars), " characters"));
        }
    }

    /**
     * @notice Reverts for the path that follows the last valid part of a GS1 identifier at `s[p] == "/"`.
     * @param s The identifier.
     * @param p Where the unexpected rest starts.
     * @param reason The reason unless it is a lone trailing slash.
     */
    function _gs1Tail(bytes calldata s, uint256 p, string memory reason) private pure {
        if (p + 1 == s.length) _invalid("gs1: no trailing slash allowed");
        _invalid(reason);
    }

    /**
     * @notice Reverts with the reason the byte `s[p]`, which breaks a GS1 value, may not be there.
     * @param s The identifier.
     * @param p Where the byte is (inside `s`).
     */
    function _gs1BadCharacter(bytes calldata s, uint256 p) private pure {
        _gs1NoQueryOrFragment(s, p);
        uint256 c = _byteAt(s, p);
        if (c == 0x25) _invalid("gs1: non-canonical %-encoding");
        if ((_CSET82_ESCAPED >> c) & 1 == 1) _invalid("gs1: character must be %-encoded");
        _invalid("gs1: character not in CSET 82");
    }

    /**
     * @notice Reverts if `s[p]` starts a query string or a fragment.
     * @param s The identifier.
     * @param p The index (any value).
     */
    function _gs1NoQueryOrFragment(bytes calldata s, uint256 p) private pure {
        uint256 c = _byteAt(s, p);
        if (c == 0x3f) _invalid("gs1: no query string allowed");
        if (c == 0x23) _invalid("gs1: no fragment allowed");
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

    // ---- handle ----

    /**
     * @notice Validates `hdl:{prefix}/{suffix}` and returns the prefix.
     * @param s The whole identifier, known to start with `hdl:`.
     * @return prefix The naming authority.
     */
    function _parseHandle(bytes calldata s) private pure returns (string memory prefix) {
        uint256 n = s.length;
        (uint256 slash, , bool emptySegment, ) = _dotted(s, 4, _HANDLE_SEGMENT);
        if (slash == n || _byteAt(s, slash) != 0x2f) {
            if (slash < n && (_UPPER >> _byteAt(s, slash)) & 1 == 1) _invalid("handle: upper case in prefix");
            if (slash < n) _invalid("handle: bad character in prefix");
            _invalid("handle: missing /{suffix}");
        }
        if (slash == 4) _invalid("handle: empty prefix");
        if (emptySegment) _invalid("handle: empty prefix segment");
        if (slash - 4 > _MAX_HANDLE_PREFIX) _invalid("handle: prefix over 64 bytes");
        (uint256 end, ) = _scanEncoded(s, slash + 1, _HANDLE_SUFFIX, _HANDLE_ESCAPED);
        if (end < n) {
            if (_byteAt(s, end) == 0x25) _invalid("handle: non-canonical %-encoding");
            _invalid("handle: non-printable in suffix");
        }
        if (n == slash + 1) _invalid("handle: empty suffix");
        if (n - slash - 1 > _MAX_HANDLE_SUFFIX) _invalid("handle: suffix over 128 bytes");
        return string(s[4:slash]);
    }

    // ---- oid ----

    /**
     * @notice Validates `urn:oid:{arcs}` and returns the arcs.
     * @param s The whole identifier, known to start with `urn:oid:`.
     * @return arcs The arcs without `urn:oid:`.
     */
    function _parseOid(bytes calldata s) private pure returns (string memory arcs) {
        uint256 fault = _oidFault(s, 8, 2);
        if (fault != _OID_OK) {
            if (fault == _OID_EMPTY_ARC) _invalid("oid: empty arc");
            if (fault == _OID_LEADING_ZERO) _invalid("oid: arc with a leading zero");
            if (fault == _OID_CHARACTER) _invalid("oid: only digits and dots");
            if (fault == _OID_TOO_FEW_ARCS) _invalid("oid: fewer than 2 arcs");
            if (fault == _OID_FIRST_ARC) _invalid("oid: first arc must be 0, 1 or 2");
            _invalid("oid: second arc above 39");
        }
        return string(s[8:]);
    }

    /**
     * @notice Checks the arcs `s[from:]`: at least `minArcs` dot-separated arcs, each `0` or digits
     * without a leading zero, the first 0, 1 or 2, the second at most 39 if the first is 0 or 1.
     * @param s The bytes holding the arcs.
     * @param from Where the arcs start.
     * @param minArcs The fewest arcs allowed.
     * @return fault `_OID_OK`, or the first rule broken.
     */
    function _oidFault(bytes calldata s, uint256 from, uint256 minArcs) private pure returns (uint256 fault) {
        (uint256 stopAt, uint256 arcs, bool emptyArc, bool leadingZero) = _dotted(s, from, _DIGIT);
        if (stopAt != s.length) return _OID_CHARACTER;
        if (emptyArc) return _OID_EMPTY_ARC;
        if (leadingZero) return _OID_LEADING_ZERO;
        if (arcs < minArcs) return _OID_TOO_FEW_ARCS;
        return _oidRootFault(_word(s, from));
    }

    /**
     * @notice Checks the first two arcs of arcs that are otherwise valid: the first is 0, 1 or 2,
     * and the second at most 39 if the first is 0 or 1.
     * @param root The first 32 bytes of the arcs, zero-padded: each byte a digit, a dot or zero.
     * @return fault `_OID_OK`, `_OID_FIRST_ARC` or `_OID_SECOND_ARC`.
     */
    function _oidRootFault(bytes32 root) private pure returns (uint256 fault) {
        if (uint8(root[0]) > 0x32 || (root[1] != "." && root[1] != 0)) return _OID_FIRST_ARC;
        // Under 0 and 1 a second arc of 1 digit is fine, of 2 digits only 10..39, of 3+ never.
        if (uint8(root[0]) < 0x32 && root[1] == "." && root[3] != "." && root[3] != 0) {
            if (uint8(root[2]) > 0x33 || (root[4] != "." && root[4] != 0)) return _OID_SECOND_ARC;
        }
        return _OID_OK;
    }

    // ---- did ----

    /**
     * @notice Validates `did:{method}:{method-specific-id}` (W3C DID Core ABNF, upper-case hex in
     * `pct-encoded`, no path, query or fragment).
     * @param s The whole identifier, known to start with `did:`.
     */
    function _parseDid(bytes calldata s) private pure {
        uint256 n = s.length;
        uint256 colon = _span(s, 4, _DID_METHOD);
        if (colon == n || _byteAt(s, colon) != 0x3a) {
            if (colon < n) _invalid("did: method must be a-z 0-9");
            _invalid("did: missing method-specific id");
        }
        if (colon == 4) _invalid("did: empty method");
        (uint256 end, ) = _scanEncoded(s, colon + 1, _DID_ID, _DID_ESCAPED);
        if (end < n) {
            uint256 c = _byteAt(s, end);
            if (c == 0x25) _invalid("did: non-canonical %-encoding");
            if (c == 0x2f || c == 0x3f || c == 0x23) _invalid("did: no path, query or fragment");
            _invalid("did: bad character in id");
        }
        if (n == colon + 1) _invalid("did: empty method-specific id");
        if (_byteAt(s, n - 1) == 0x3a) _invalid("did: id must not end with ':'");
    }

    // ---- shared scanners ----

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
                weight := xor(weight, 2) // 1, 3, 1, 3, …
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
    function _scanEncoded(
        bytes calldata s,
        uint256 from,
        uint256 literals,
        uint256 escapable
    ) private pure returns (uint256 stopAt, uint256 chars) {
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
    function _dotted(
        bytes calldata s,
        uint256 from,
        uint256 segment
    ) private pure returns (uint256 stopAt, uint256 segments, bool emptySegment, bool leadingZero) {
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
    function _span(bytes calldata s, uint256 from, uint256 allowed) private pure returns (uint256 stopAt) {
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
    function _word(bytes calldata s, uint256 i) private pure returns (bytes32 w) {
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
    function _byteAt(bytes calldata s, uint256 i) private pure returns (uint256 c) {
        return uint256(_word(s, i) >> 248);
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

    /**
     * @notice Reverts with {ITwinledgerErrors-IdentifierInvalid}.
     * @param reason What is wrong.
     */
    function _invalid(string memory reason) private pure {
        revert ITwinledgerErrors.IdentifierInvalid(reason);
    }
}
