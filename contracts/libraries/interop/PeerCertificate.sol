// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";
import {DerSignature} from "./DerSignature.sol";
import {Utf8} from "./Utf8.sol";

/**
 * @title PeerCertificate
 * @author Twinledger
 * @notice The checks a Fabric peer's X.509 certificate passes before its signatures count: canonical
 * DER, issued by the organisation's CA (its issuer is the CA's subject, byte for byte, and the CA's
 * ECDSA-SHA256 signature verifies), `OU=peer` in its subject, a P-256 key.
 * @dev As `checkPeerCertificate` of `core/interop/peer-certificate.ts`, in its order: the whole
 * structure first ({Problem-Malformed}), then issuer, role, key, signature. The reference calls
 * canonical what its ASN.1 library (asn1-schema) parses and writes back byte for byte; this walk
 * states that as rules, at every level X.509 defines: definite minimal lengths (short form below
 * 128, else one or two length bytes), one-byte tags, each element where the schema puts it and
 * nothing after; a version of one byte, not v1; minimal OBJECT IDENTIFIER arcs; validity times of
 * dates that exist (`YYMMDDHHMMSSZ`, `YYYYMMDDHHMMSSZ`); whole-byte BIT STRINGs; a critical flag
 * only as DER TRUE; attribute values and algorithm parameters (ANY) as {_isValue} takes them.
 * Extension values are framed only (X.509 leaves them OCTET STRINGs), as in the reference.
 *
 * The validity period is not checked: Fabric's MSP ignores certificate expiry too (FAB-3678;
 * `msp/mspimplvalidate.go`), so a peer whose certificate expired still endorses on the channel,
 * and the EVM side has no trustworthy notion of Fabric time anyway. Revocation is the membership
 * ADMIN's `removePeer`, as an MSP's CRL is on Fabric.
 */
library PeerCertificate {
    /// @notice Why a certificate does not make its holder a peer of the organisation.
    enum Problem {
        /// @dev None: the certificate is a peer's.
        None,
        /// @dev Not canonical DER of an X.509 certificate.
        Malformed,
        /// @dev The issuer is not the organisation's CA.
        NotIssued,
        /// @dev No `OU=peer` in the subject.
        NotAPeer,
        /// @dev Not a P-256 key, or not signed with ecdsa-with-SHA256.
        UnsupportedKey,
        /// @dev The CA's signature is not DER or does not verify.
        SignatureInvalid
    }

    /// @dev Offsets of the parts the checks read (absolute memory addresses, `start` and `end`).
    struct Parts {
        uint256 tbsStart;
        uint256 tbsEnd;
        uint256 algorithmStart;
        uint256 algorithmEnd;
        uint256 issuerStart;
        uint256 issuerEnd;
        bool peer;
        uint256 keyStart;
        uint256 keyEnd;
        uint256 outerAlgorithmStart;
        uint256 outerAlgorithmEnd;
        uint256 signatureStart;
        uint256 signatureEnd;
    }

    /// @dev DER tags.
    uint256 private constant _INTEGER = 0x02;
    uint256 private constant _BIT_STRING = 0x03;
    uint256 private constant _OCTET_STRING = 0x04;
    uint256 private constant _OID = 0x06;
    uint256 private constant _UTF8_STRING = 0x0c;
    uint256 private constant _PRINTABLE_STRING = 0x13;
    uint256 private constant _TELETEX_STRING = 0x14;
    uint256 private constant _IA5_STRING = 0x16;
    uint256 private constant _UTC_TIME = 0x17;
    uint256 private constant _GENERALIZED_TIME = 0x18;
    uint256 private constant _UNIVERSAL_STRING = 0x1c;
    uint256 private constant _BMP_STRING = 0x1e;
    uint256 private constant _SEQUENCE = 0x30;
    uint256 private constant _SET = 0x31;
    uint256 private constant _VERSION = 0xa0;
    uint256 private constant _ISSUER_UNIQUE_ID = 0x81;
    uint256 private constant _SUBJECT_UNIQUE_ID = 0x82;
    uint256 private constant _EXTENSIONS = 0xa3;
    /// @dev The bit of a tag that marks a constructed encoding.
    uint256 private constant _CONSTRUCTED = 0x20;
    /// @dev The class bits of a tag (zero for universal).
    uint256 private constant _CLASS = 0xc0;
    /// @dev How deep constructed values read as ANY may nest (X.509 names have none).
    uint256 private constant _MAX_DEPTH = 8;
    /// @dev The universal tag numbers that are primitive only, as bits: BOOLEAN 1, INTEGER 2,
    /// NULL 5, OBJECT IDENTIFIER 6, REAL 9, ENUMERATED 10, RELATIVE-OID 13, UTCTime 23, GeneralizedTime 24.
    uint256 private constant _PRIMITIVE_ONLY = (1 << 1) | (1 << 2) | (1 << 5) | (1 << 6) | (1 << 9) | (1 << 10) |
        (1 << 13) | (1 << 23) | (1 << 24);

    /// @dev `06 03 55 04 0b`: the OID of organizationalUnitName (2.5.4.11) as a TLV.
    uint256 private constant _OU_OID = 0x060355040b;
    /// @dev `peer` in one byte per character (UTF8String, PrintableString, TeletexString, IA5String).
    uint256 private constant _PEER = 0x70656572;
    /// @dev `peer` in UTF-16BE (BMPString).
    uint256 private constant _PEER_BMP = 0x0070006500650072;
    /// @dev `peer` in UTF-32BE (UniversalString).
    uint256 private constant _PEER_UNIVERSAL = 0x00000070000000650000006500000072;
    /// @dev `30 0a 06 08 2a 86 48 ce 3d 04 03 02`: AlgorithmIdentifier ecdsa-with-SHA256, no parameters.
    uint256 private constant _ECDSA_WITH_SHA256 = 0x300a06082a8648ce3d040302;
    uint256 private constant _ECDSA_WITH_SHA256_LENGTH = 12;
    /// @dev The SubjectPublicKeyInfo of a P-256 key up to the point: SEQUENCE { SEQUENCE {
    /// id-ecPublicKey, prime256v1 }, BIT STRING 00 04 }, 27 bytes; X and Y follow.
    bytes27 private constant _P256_KEY_PREFIX = 0x3059301306072a8648ce3d020106082a8648ce3d03010703420004;
    uint256 private constant _P256_KEY_LENGTH = 27 + 64;
    /// @dev `01 01 ff`: a critical extension's BOOLEAN (false is the DEFAULT, so never written).
    uint256 private constant _CRITICAL = 0x0101ff;

    /**
     * @notice Checks `der` as the certificate of a peer of the organisation whose CA has the given
     * subject and key.
     * @param der The certificate's DER.
     * @param caSubjectHash keccak-256 of the DER of the CA's subject Name.
     * @param caKeyX The CA's P-256 public key, x.
     * @param caKeyY The CA's P-256 public key, y.
     * @return problem {Problem-None} if the certificate is a peer's of that CA, else the first problem.
     * @return keyX The peer's public key, x (if no problem).
     * @return keyY The peer's public key, y (if no problem).
     */
    function check(
        bytes memory der,
        bytes32 caSubjectHash,
        bytes32 caKeyX,
        bytes32 caKeyY
    ) internal view returns (Problem problem, bytes32 keyX, bytes32 keyY) {
        (bool ok, Parts memory parts) = _parse(der);
        if (!ok) return (Problem.Malformed, 0, 0);
        if (_hash(parts.issuerStart, parts.issuerEnd) != caSubjectHash) return (Problem.NotIssued, 0, 0);
        if (!parts.peer) return (Problem.NotAPeer, 0, 0);
        if (
            !_isEcdsaWithSha256(parts.algorithmStart, parts.algorithmEnd) ||
            !_isEcdsaWithSha256(parts.outerAlgorithmStart, parts.outerAlgorithmEnd) ||
            parts.keyEnd - parts.keyStart != _P256_KEY_LENGTH ||
            bytes27(_word(parts.keyStart)) != _P256_KEY_PREFIX
        ) return (Problem.UnsupportedKey, 0, 0);
        keyX = _word(parts.keyStart + 27);
        keyY = _word(parts.keyStart + 59);
        (bool isDer, uint256 r, uint256 s) = DerSignature.decodeMemory(
            parts.signatureStart,
            parts.signatureEnd - parts.signatureStart
        );
        if (!isDer) return (Problem.SignatureInvalid, 0, 0);
        // A CA may sign with a high S (only cryptogen normalises): the key decides, not the spelling.
        if (s > DerSignature.HALF_N) s = DerSignature.N - s;
        bytes32 digest = _sha256(parts.tbsStart, parts.tbsEnd);
        if (!P256.verify(digest, bytes32(r), bytes32(s), caKeyX, caKeyY)) return (Problem.SignatureInvalid, 0, 0);
        return (Problem.None, keyX, keyY);
    }

    /**
     * @notice SHA-256 of memory `[start, end)`, by the precompile at address 2.
     * @param start Where the bytes start.
     * @param end Where they end.
     * @return digest The hash.
     */
    function _sha256(uint256 start, uint256 end) private view returns (bytes32 digest) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            if iszero(staticcall(gas(), 0x02, start, sub(end, start), 0x00, 0x20)) {
                revert(0, 0)
            }
            digest := mload(0x00)
        }
    }
    /**
     * @notice Walks the certificate's structure and finds the parts the checks read.
     * @param der The certificate's DER.
     * @return ok True if the structure is canonical DER of an X.509 certificate.
     * @return parts Where its parts are.
     */
    function _parse(bytes memory der) private pure returns (bool ok, Parts memory parts) {
        uint256 end;
        uint256 ptr;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            ptr := add(der, 0x20)
            end := add(ptr, mload(der))
        }
        (uint256 tag, uint256 start, uint256 stop) = _tlv(ptr, end);
        if (tag != _SEQUENCE || stop != end) return (false, parts);
        uint256 certificateEnd = stop;
        // TBSCertificate
        parts.tbsStart = start;
        (tag, start, stop) = _tlv(start, certificateEnd);
        if (tag != _SEQUENCE) return (false, parts);
        parts.tbsEnd = stop;
        ok = _parseTbs(start, stop, parts);
        if (!ok) return (false, parts);
        // signatureAlgorithm, signatureValue
        parts.outerAlgorithmStart = parts.tbsEnd;
        (ok, parts.outerAlgorithmEnd) = _algorithm(parts.tbsEnd, certificateEnd);
        if (!ok) return (false, parts);
        (tag, start, stop) = _tlv(parts.outerAlgorithmEnd, certificateEnd);
        // A BIT STRING of whole bytes: its first content byte (the unused bits) is zero.
        if (tag != _BIT_STRING || stop == start || _byte(start) != 0 || stop != certificateEnd) return (false, parts);
        parts.signatureStart = start + 1;
        parts.signatureEnd = stop;
        return (true, parts);
    }

    /**
     * @notice Walks the TBSCertificate's content `[ptr, end)`: version, serialNumber, signature,
     * issuer, validity, subject, subjectPublicKeyInfo, the optional unique ids and extensions.
     * @param ptr Where its content starts.
     * @param end Where it ends.
     * @param parts Filled with where the algorithm, issuer, key are and whether the subject is a peer.
     * @return ok True if the structure is canonical.
     */
    function _parseTbs(uint256 ptr, uint256 end, Parts memory parts) private pure returns (bool ok) {
        (uint256 tag, uint256 start, uint256 stop) = _tlv(ptr, end);
        if (tag == _VERSION) {
            // [0] EXPLICIT INTEGER of one byte, not v1 (0): the DEFAULT, never written.
            uint256 version = _uint(start) >> 232;
            if (stop - start != 3 || version >> 8 != 0x0201 || version & 0xff == 0) return false;
            (tag, start, stop) = _tlv(stop, end);
        }
        if (tag != _INTEGER || stop == start) return false; // serialNumber
        parts.algorithmStart = stop;
        (ok, ptr) = _algorithm(stop, end);
        if (!ok) return false;
        parts.algorithmEnd = ptr;
        parts.issuerStart = ptr;
        (ok, ptr, ) = _name(ptr, end);
        if (!ok) return false;
        parts.issuerEnd = ptr;
        (ok, ptr) = _validity(ptr, end);
        if (!ok) return false;
        (ok, ptr, parts.peer) = _name(ptr, end);
        if (!ok) return false;
        parts.keyStart = ptr;
        (ok, ptr) = _publicKeyInfo(ptr, end);
        if (!ok) return false;
        parts.keyEnd = ptr;
        if (ptr == end) return true;
        (tag, start, stop) = _tlv(ptr, end);
        if (tag == _ISSUER_UNIQUE_ID) {
            if (stop == end) return true;
            (tag, start, stop) = _tlv(stop, end);
        }
        if (tag == _SUBJECT_UNIQUE_ID) {
            if (stop == end) return true;
            (tag, start, stop) = _tlv(stop, end);
        }
        return tag == _EXTENSIONS && stop == end && _extensions(start, stop);
    }

    /**
     * @notice An AlgorithmIdentifier at `ptr`: SEQUENCE { OID, optional parameters }.
     * @param ptr Where its tag is.
     * @param end The end of the enclosing content.
     * @return ok True if it is one.
     * @return next Where it ends.
     */
    function _algorithm(uint256 ptr, uint256 end) private pure returns (bool ok, uint256 next) {
        (uint256 tag, uint256 start, uint256 stop) = _tlv(ptr, end);
        if (tag != _SEQUENCE) return (false, 0);
        next = stop;
        (tag, start, stop) = _tlv(start, next);
        if (tag != _OID || !_isOid(start, stop)) return (false, 0);
        if (stop == next) return (true, next);
        (tag, start, stop) = _tlv(stop, next);
        return (tag != 0 && stop == next && _isValue(tag, start, stop, 0), next);
    }

    /**
     * @notice A Name at `ptr`: SEQUENCE OF SET OF SEQUENCE { OID, value }.
     * @param ptr Where its tag is.
     * @param end The end of the enclosing content.
     * @return ok True if it is one.
     * @return next Where it ends.
     * @return peer True if one of its attributes is `OU=peer` (any of the string types X.509 names use).
     */
    function _name(uint256 ptr, uint256 end) private pure returns (bool ok, uint256 next, bool peer) {
        (uint256 tag, uint256 start, uint256 stop) = _tlv(ptr, end);
        if (tag != _SEQUENCE) return (false, 0, false);
        next = stop;
        for (uint256 rdn = start; rdn < next; ) {
            (tag, start, stop) = _tlv(rdn, next);
            if (tag != _SET) return (false, 0, false);
            rdn = stop;
            for (uint256 attribute = start; attribute < rdn; ) {
                bool isPeer;
                (ok, attribute, isPeer) = _attribute(attribute, rdn);
                if (!ok) return (false, 0, false);
                peer = peer || isPeer;
            }
        }
        return (true, next, peer);
    }

    /**
     * @notice An AttributeTypeAndValue at `ptr`: SEQUENCE { OID, value }.
     * @param ptr Where its tag is.
     * @param end The end of the enclosing SET.
     * @return ok True if it is one.
     * @return next Where it ends.
     * @return peer True if it is `OU=peer`.
     */
    function _attribute(uint256 ptr, uint256 end) private pure returns (bool ok, uint256 next, bool peer) {
        (uint256 tag, uint256 start, uint256 stop) = _tlv(ptr, end);
        if (tag != _SEQUENCE) return (false, 0, false);
        next = stop;
        uint256 oidStart = start;
        (tag, start, stop) = _tlv(start, next);
        if (tag != _OID || !_isOid(start, stop)) return (false, 0, false);
        uint256 oidEnd = stop;
        (tag, start, stop) = _tlv(oidEnd, next);
        if (tag == 0 || stop != next || !_isValue(tag, start, stop, 0)) return (false, 0, false);
        if (oidEnd - oidStart != 5 || _uint(oidStart) >> 216 != _OU_OID) return (true, next, false);
        uint256 length = stop - start;
        uint256 value = length == 0 || length > 16 ? 0 : _uint(start) >> (256 - 8 * length);
        if (tag == _UTF8_STRING || tag == _PRINTABLE_STRING || tag == _TELETEX_STRING || tag == _IA5_STRING) {
            peer = length == 4 && value == _PEER;
        } else if (tag == _BMP_STRING) {
            peer = length == 8 && value == _PEER_BMP;
        } else if (tag == _UNIVERSAL_STRING) {
            peer = length == 16 && value == _PEER_UNIVERSAL;
        }
        return (true, next, peer);
    }

    /**
     * @notice A Validity at `ptr`: SEQUENCE { notBefore, notAfter }, each a UTCTime
     * (`YYMMDDHHMMSSZ`) or a GeneralizedTime (`YYYYMMDDHHMMSSZ`) of a real date and time.
     * @param ptr Where its tag is.
     * @param end The end of the enclosing content.
     * @return ok True if it is one.
     * @return next Where it ends.
     */
    function _validity(uint256 ptr, uint256 end) private pure returns (bool ok, uint256 next) {
        (uint256 tag, uint256 start, uint256 stop) = _tlv(ptr, end);
        if (tag != _SEQUENCE) return (false, 0);
        next = stop;
        uint256 position = start;
        for (uint256 index = 0; index < 2; ++index) {
            (tag, start, stop) = _tlv(position, next);
            if (!_isTime(tag, start, stop)) return (false, 0);
            position = stop;
        }
        return (position == next, next);
    }

    /**
     * @notice A SubjectPublicKeyInfo at `ptr`: SEQUENCE { AlgorithmIdentifier, BIT STRING }.
     * @param ptr Where its tag is.
     * @param end The end of the enclosing content.
     * @return ok True if it is one.
     * @return next Where it ends.
     */
    function _publicKeyInfo(uint256 ptr, uint256 end) private pure returns (bool ok, uint256 next) {
        (uint256 tag, uint256 start, uint256 stop) = _tlv(ptr, end);
        if (tag != _SEQUENCE) return (false, 0);
        next = stop;
        (ok, start) = _algorithm(start, next);
        if (!ok) return (false, 0);
        (tag, start, stop) = _tlv(start, next);
        return (tag == _BIT_STRING && stop > start && _byte(start) == 0 && stop == next, next);
    }

    /**
     * @notice The content `[ptr, end)` of `[3] EXPLICIT Extensions`: one SEQUENCE OF Extension,
     * each SEQUENCE { OID, critical BOOLEAN TRUE if present, OCTET STRING }.
     * @param ptr Where the SEQUENCE's tag is.
     * @param end Where the [3] content ends.
     * @return ok True if it is one.
     */
    function _extensions(uint256 ptr, uint256 end) private pure returns (bool ok) {
        (uint256 tag, uint256 start, uint256 stop) = _tlv(ptr, end);
        if (tag != _SEQUENCE || stop != end) return false;
        for (uint256 extension = start; extension < end; ) {
            (tag, start, stop) = _tlv(extension, end);
            if (tag != _SEQUENCE) return false;
            extension = stop;
            (tag, start, stop) = _tlv(start, extension);
            if (tag != _OID || !_isOid(start, stop)) return false;
            if (stop + 3 <= extension && _uint(stop) >> 232 == _CRITICAL) stop += 3;
            (tag, start, stop) = _tlv(stop, extension);
            if (tag != _OCTET_STRING || stop != extension) return false;
        }
        return true;
    }

    /**
     * @notice Whether memory `[start, end)` is the content of a DER OBJECT IDENTIFIER: not empty,
     * each arc minimal (no leading 0x80) and the last one ended (its last byte below 0x80).
     * @param start Where the content starts.
     * @param end Where it ends.
     * @return yes True if it is.
     */
    function _isOid(uint256 start, uint256 end) private pure returns (bool yes) {
        if (end == start || _byte(end - 1) > 0x7f) return false;
        bool arcStart = true;
        for (uint256 ptr = start; ptr < end; ++ptr) {
            uint256 b = _byte(ptr);
            if (arcStart && b == 0x80) return false;
            arcStart = b < 0x80;
        }
        return true;
    }

    /**
     * @notice Whether a TLV read as ANY (a Name attribute's value, an algorithm's parameters) is
     * one the reference's ASN.1 reader takes and writes back as it is: an OBJECT IDENTIFIER well
     * formed, a UTF8String well-formed UTF-8, a BMPString of whole UTF-16 units, a UniversalString
     * of whole UTF-32 units, a BIT STRING with 0 to 7 unused bits, a UTCTime of 12 digits and Z;
     * universal types in the form (primitive or constructed) they must have; a SEQUENCE, a SET or
     * a constructed value of another class made of such values (at most {_MAX_DEPTH} deep);
     * anything else as it is.
     * @param tag The value's tag.
     * @param start Where its content starts.
     * @param end Where it ends.
     * @param depth How many constructed values it is inside.
     * @return yes True if it is.
     */
    function _isValue(uint256 tag, uint256 start, uint256 end, uint256 depth) private pure returns (bool yes) {
        uint256 length = end - start;
        if (tag == _OID) return _isOid(start, end);
        if (tag == _UTF8_STRING) return Utf8.isValidMemory(start, end);
        if (tag == _BMP_STRING) return length % 2 == 0;
        if (tag == _UNIVERSAL_STRING) return length % 4 == 0;
        // A BIT STRING's first byte counts its unused bits (0 to 7).
        if (tag == _BIT_STRING) return length > 0 && _byte(start) < 8;
        if (tag == _UTC_TIME) return length == 13 && _isDigits(start, end - 1) && _byte(end - 1) == 0x5a;
        // SEQUENCE and SET are constructed; BOOLEAN, INTEGER, NULL, OID, REAL, ENUMERATED,
        // RELATIVE-OID, UTCTime, GeneralizedTime primitive.
        if (tag == _SEQUENCE & ~_CONSTRUCTED || tag == _SET & ~_CONSTRUCTED) return false;
        if (tag & _CONSTRUCTED == 0) return true;
        if (tag & _CLASS == 0 && tag != _SEQUENCE && tag != _SET) return _PRIMITIVE_ONLY & (1 << (tag & 0x1f)) == 0;
        return _isValues(start, end, depth + 1);
    }

    /**
     * @notice Whether memory `[start, end)` is a run of values, each as {_isValue} takes it.
     * @param start Where the first value's tag is.
     * @param end Where the run ends.
     * @param depth How many constructed values the run is inside (at most {_MAX_DEPTH}).
     * @return yes True if it is.
     */
    function _isValues(uint256 start, uint256 end, uint256 depth) private pure returns (bool yes) {
        if (depth > _MAX_DEPTH) return false;
        for (uint256 ptr = start; ptr < end; ) {
            (uint256 tag, uint256 contentStart, uint256 contentEnd) = _tlv(ptr, end);
            if (tag == 0 || !_isValue(tag, contentStart, contentEnd, depth)) return false;
            ptr = contentEnd;
        }
        return true;
    }

    /**
     * @notice Whether memory `[start, end)` is ASCII digits only.
     * @param start Where the bytes start.
     * @param end Where they end.
     * @return yes True if they are.
     */
    function _isDigits(uint256 start, uint256 end) private pure returns (bool yes) {
        for (uint256 ptr = start; ptr < end; ++ptr) {
            uint256 b = _byte(ptr);
            if (b < 0x30 || b > 0x39) return false;
        }
        return true;
    }

    /**
     * @notice Whether a TLV is a UTCTime `YYMMDDHHMMSSZ` or a GeneralizedTime `YYYYMMDDHHMMSSZ`
     * (year 100 or later) of a date and time that exist: month 1 to 12, a day of that month
     * (leap years Gregorian; UTCTime years 50 to 99 are 19xx), hour below 24, minute and second below 60.
     * @param tag The TLV's tag.
     * @param start Where its content starts.
     * @param end Where it ends.
     * @return yes True if it is.
     */
    function _isTime(uint256 tag, uint256 start, uint256 end) private pure returns (bool yes) {
        uint256 length = end - start;
        uint256 yearDigits;
        if (tag == _UTC_TIME && length == 13) yearDigits = 2;
        else if (tag == _GENERALIZED_TIME && length == 15) yearDigits = 4;
        else return false;
        if (_byte(end - 1) != 0x5a || !_isDigits(start, end - 1)) return false; // digits, then "Z"
        uint256 year = _digits(start, yearDigits);
        if (yearDigits == 2) year += year < 50 ? 2000 : 1900;
        else if (year < 100) return false;
        uint256 digits = start + yearDigits;
        uint256 month = _digits(digits, 2);
        uint256 day = _digits(digits + 2, 2);
        if (month == 0 || month > 12 || day == 0 || day > _daysIn(month, year)) return false;
        return _digits(digits + 4, 2) < 24 && _digits(digits + 6, 2) < 60 && _digits(digits + 8, 2) < 60;
    }

    /**
     * @notice The number written in `count` ASCII digits at memory `ptr`.
     * @param ptr Where the digits start.
     * @param count How many.
     * @return value The number.
     */
    function _digits(uint256 ptr, uint256 count) private pure returns (uint256 value) {
        for (uint256 i = 0; i < count; ++i) value = value * 10 + _byte(ptr + i) - 0x30;
    }

    /**
     * @notice The days of a month.
     * @param month 1 to 12.
     * @param year The year (Gregorian).
     * @return count 28 to 31.
     */
    function _daysIn(uint256 month, uint256 year) private pure returns (uint256 count) {
        if (month == 2) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /**
     * @notice The TLV at memory `ptr`, inside `[ptr, end)`: a one-byte tag and a minimal definite
     * length (short form below 128, else `81 xx` or `82 xx xx`, with no leading zero).
     * @param ptr Where its tag is.
     * @param end Where the enclosing content ends.
     * @return tag Its tag, or 0 (never a valid tag here) if it is malformed or runs past `end`.
     * @return contentStart Where its content starts.
     * @return contentEnd Where it ends.
     */
    function _tlv(
        uint256 ptr,
        uint256 end
    ) private pure returns (uint256 tag, uint256 contentStart, uint256 contentEnd) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let word := mload(ptr)
            let first := byte(1, word)
            let length := first
            contentStart := add(ptr, 2)
            if gt(first, 0x7f) {
                switch first
                case 0x81 {
                    length := byte(2, word)
                    contentStart := add(ptr, 3)
                    if lt(length, 0x80) {
                        length := not(0)
                    }
                }
                case 0x82 {
                    length := or(shl(8, byte(2, word)), byte(3, word))
                    contentStart := add(ptr, 4)
                    if lt(length, 0x100) {
                        length := not(0)
                    }
                }
                default {
                    length := not(0)
                }
            }
            tag := byte(0, word)
            // High-tag-number forms (low five bits all set) are not used by X.509.
            let outside := or(gt(contentStart, end), gt(length, sub(end, contentStart)))
            if or(or(outside, iszero(lt(ptr, end))), eq(and(tag, 0x1f), 0x1f)) {
                tag := 0
                length := 0
            }
            contentEnd := add(contentStart, length)
        }
    }

    /**
     * @notice Whether memory `[start, end)` is AlgorithmIdentifier ecdsa-with-SHA256 without parameters.
     * @param start Where it starts.
     * @param end Where it ends.
     * @return yes True if it is.
     */
    function _isEcdsaWithSha256(uint256 start, uint256 end) private pure returns (bool yes) {
        return end - start == _ECDSA_WITH_SHA256_LENGTH && _uint(start) >> 160 == _ECDSA_WITH_SHA256;
    }

    /**
     * @notice The memory word at `ptr`.
     * @param ptr A memory address.
     * @return value The 32 bytes from it.
     */
    function _word(uint256 ptr) private pure returns (bytes32 value) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            value := mload(ptr)
        }
    }

    /**
     * @notice The memory byte at `ptr`.
     * @param ptr A memory address.
     * @return value The byte.
     */
    function _byte(uint256 ptr) private pure returns (uint256 value) {
        return _uint(ptr) >> 248;
    }

    /**
     * @notice The memory word at `ptr`, as a number.
     * @param ptr A memory address.
     * @return value The 32 bytes from it, big-endian.
     */
    function _uint(uint256 ptr) private pure returns (uint256 value) {
        return uint256(_word(ptr));
    }

    /**
     * @notice keccak-256 of memory `[start, end)`.
     * @param start Where the bytes start.
     * @param end Where they end.
     * @return digest The hash.
     */
    function _hash(uint256 start, uint256 end) private pure returns (bytes32 digest) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            digest := keccak256(start, sub(end, start))
        }
    }

}
