// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IdentifierBytes} from "./identifiers/IdentifierBytes.sol";
import {Gs1Syntax} from "./identifiers/Gs1Syntax.sol";
import {HandleSyntax} from "./identifiers/HandleSyntax.sol";
import {OidSyntax} from "./identifiers/OidSyntax.sol";
import {DidSyntax} from "./identifiers/DidSyntax.sol";

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
 * This library is the entry point: each scheme's rules are in its own library ({Gs1Syntax},
 * {HandleSyntax}, {OidSyntax}, {DidSyntax}), the shared scanners in {IdentifierBytes}.
 */
library IdentifierSyntax {
    using IdentifierBytes for bytes;

    /// @notice The identifier schemes, in the order fixed by CANONICAL.md.
    enum Scheme {
        Gs1,
        Handle,
        Oid,
        Did
    }

    /// @notice The longest canonical identifier, in bytes.
    uint256 internal constant MAX_LENGTH = 256;

    /// @notice An OID namespace has at most this many arcs, which bounds the namespace walk.
    uint256 internal constant MAX_OID_NAMESPACE_ARCS = 32;

    /// @notice A `did` namespace is a method name of at most this many bytes.
    uint256 internal constant MAX_DID_METHOD = 64;

    /// @notice The `previousLength` that starts a walk with {nextCandidateLength}.
    uint256 internal constant WALK_START = type(uint256).max;

    /**
     * @notice Validates `canonical` in full as a canonical identifier and returns its scheme and
     * namespace subject.
     * @dev Reverts {ITwinledgerErrors-IdentifierInvalid} with a short reason if `canonical` is not
     * the canonical form of an identifier (including anything longer than {MAX_LENGTH} bytes).
     * The namespace subject is what namespaces are matched against (see {nextCandidateLength}):
     * gs1 — the digits in which a GS1 company prefix is matched from position 0 (GTIN and SSCC
     * without their first digit, the GLN, the GRAI's 13 digits after its leading `0`, the GIAI's
     * leading digits); handle — the prefix; oid — the arcs without `urn:oid:`; did — the method.
     * @param canonical The candidate canonical identifier.
     * @return scheme Its scheme.
     * @return namespaceSubject Its namespace subject.
     */
    function parse(string calldata canonical) internal pure returns (Scheme scheme, string memory namespaceSubject) {
        bytes calldata s = bytes(canonical);
        if (s.length > MAX_LENGTH) IdentifierBytes.invalid("longer than 256 bytes");
        bytes32 head = s.word(0);
        if (bytes18(head) == "https://id.gs1.org") return (Scheme.Gs1, Gs1Syntax.parse(s));
        if (bytes4(head) == "hdl:") return (Scheme.Handle, HandleSyntax.parse(s));
        if (bytes8(head) == "urn:oid:") return (Scheme.Oid, OidSyntax.parse(s));
        if (bytes4(head) == "did:") return (Scheme.Did, string(s[4:DidSyntax.validate(s)]));
        if (s.length == 0) IdentifierBytes.invalid("empty identifier");
        IdentifierBytes.invalid("unknown scheme");
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
     * non-empty segments of `a-z 0-9 - _`); oid — 1 to {MAX_OID_NAMESPACE_ARCS} arcs under the
     * OID arc rules; did — a method name of 1 to {MAX_DID_METHOD} bytes of `a-z 0-9`.
     * @param scheme The scheme.
     * @param prefix The candidate prefix.
     * @return valid True if a namespace of `scheme` may be registered under `prefix`.
     */
    function isValidNamespacePrefix(Scheme scheme, string calldata prefix) internal pure returns (bool valid) {
        bytes calldata s = bytes(prefix);
        uint256 n = s.length;
        if (scheme == Scheme.Gs1) {
            return
                n >= Gs1Syntax.MIN_COMPANY_PREFIX &&
                n <= Gs1Syntax.MAX_COMPANY_PREFIX &&
                s.span(0, IdentifierBytes.DIGIT) == n;
        }
        if (scheme == Scheme.Handle) {
            // The segment count and leading zeros do not matter to a Handle prefix.
            // slither-disable-next-line unused-return
            (uint256 stopAt, , bool emptySegment, ) = s.dotted(0, HandleSyntax.HANDLE_SEGMENT);
            return n <= HandleSyntax.MAX_HANDLE_PREFIX && stopAt == n && !emptySegment;
        }
        if (scheme == Scheme.Oid) {
            return
                n <= MAX_LENGTH &&
                OidSyntax.oidFault(s, 0, 1) == OidSyntax.OID_OK &&
                _arcsEnd(bytes(prefix), MAX_OID_NAMESPACE_ARCS) == n;
        }
        return n != 0 && n <= MAX_DID_METHOD && s.span(0, IdentifierBytes.DIGIT | IdentifierBytes.LOWER) == n;
    }

    /**
     * @notice The namespaces that could govern an identifier are prefixes of its namespace
     * subject; this returns their lengths one by one, most specific first: the length of the
     * longest candidate that is shorter than `previousLength`, or 0 when none is left.
     * gs1 — 12, 11, …, 6 digits (as far as the subject reaches); handle — the whole prefix, then
     * each dotted parent (`88.118.8`, `88.118`, `88`); oid — its first {MAX_OID_NAMESPACE_ARCS}
     * arcs (no namespace has more), then each shorter run of whole arcs (`1.3.6.1`, `1.3.6`, `1.3`,
     * `1`); did — the method.
     * @dev `subject` must be the namespace subject {parse} returned for `scheme`. Walk with
     * `for (uint256 n = nextCandidateLength(s, subject, WALK_START); n != 0; n = nextCandidateLength(s, subject, n))`
     * and look each candidate up by {namespaceKey}. Every candidate but a DID method longer than
     * {MAX_DID_METHOD} is a valid namespace prefix ({isValidNamespacePrefix}). At most 32 steps:
     * gs1 7, handle 32 (a 64-byte prefix), did 1, oid 32
     * (one per arc of the first {MAX_OID_NAMESPACE_ARCS}, however many arcs the subject has).
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
            if (length > Gs1Syntax.MAX_COMPANY_PREFIX) length = Gs1Syntax.MAX_COMPANY_PREFIX;
            if (length > n) length = n;
            return length < Gs1Syntax.MIN_COMPANY_PREFIX ? 0 : length;
        }
        if (scheme == Scheme.Did) return previousLength > n ? n : 0;
        if (previousLength > n) return scheme == Scheme.Oid ? _arcsEnd(bytes(subject), MAX_OID_NAMESPACE_ARCS) : n;
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
        if (length > bytes(subject).length) IdentifierBytes.invalid("candidate longer than subject");
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let lengthWord := mload(subject)
            mstore8(add(subject, 0x1f), scheme) // the low byte of the length word
            namespaceKey_ := keccak256(add(subject, 0x1f), add(length, 1))
            mstore(subject, lengthWord)
        }
    }

    /// @dev The length of the first `arcs` arcs of the dotted `s` (all of `s` if it has fewer).
    function _arcsEnd(bytes memory s, uint256 arcs) private pure returns (uint256) {
        for (uint256 i = 0; i < s.length; ++i) {
            if (s[i] == ".") {
                if (--arcs == 0) return i;
            }
        }
        return s.length;
    }
}
