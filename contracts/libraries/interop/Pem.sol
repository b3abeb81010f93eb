// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title Pem
 * @author Twinledger
 * @notice The DER of the one certificate a PEM holds, in the form Fabric (Go's `pem.Encode`) writes:
 * `-----BEGIN CERTIFICATE-----\n`, canonical base64 in lines of 64 characters (the last 1 to 64)
 * each ending in `\n`, then `-----END CERTIFICATE-----\n`. Nothing else is accepted: no CR, no
 * headers, no other line lengths, no text around it, and only the base64 that re-encodes to itself
 * (padding only at the end, its unused bits zero).
 * @dev As `certificateDerOfPem` of `core/interop/peer-certificate.ts`. The PEM is read in place from
 * calldata and decoded four characters at a time through a 256-entry table in scratch memory
 * (OpenZeppelin's {Base64-decode} also accepts base64url, unpadded input and the PEM lines, which
 * a canonical reading must refuse).
 */
library Pem {
    /// @dev `-----BEGIN CERTIFICATE-----\n`.
    bytes28 private constant _BEGIN = 0x2d2d2d2d2d424547494e2043455254494649434154452d2d2d2d2d0a;
    /// @dev `-----END CERTIFICATE-----\n`.
    bytes26 private constant _END = 0x2d2d2d2d2d454e442043455254494649434154452d2d2d2d2d0a;
    /// @dev A full line: 64 characters and its newline.
    uint256 private constant _LINE = 65;

    /// @dev The decoding table by character code, eight words: the 6-bit value of a base64 character,
    /// 0x40 for `=`, 0xff for any other byte (words 4 to 7, bytes 128 to 255, are {_NONE}).
    uint256 private constant _TABLE_1 = 0xffffffffffffffffffffff3effffff3f3435363738393a3b3c3dffffff40ffff;
    uint256 private constant _TABLE_2 = 0xff000102030405060708090a0b0c0d0e0f10111213141516171819ffffffffff;
    uint256 private constant _TABLE_3 = 0xff1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233ffffffffff;
    uint256 private constant _NONE = 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff;

    /**
     * @notice Decodes the PEM certificate at calldata `[start, end)`.
     * @param start Where the PEM starts (an absolute calldata offset).
     * @param end Where it ends.
     * @return ok True if it is exactly one PEM certificate in canonical form.
     * @return der The DER it holds (empty if not `ok`).
     */
    function decodeCertificate(uint256 start, uint256 end) internal pure returns (bool ok, bytes memory der) {
        if (end < start + _BEGIN.length + _END.length) return (false, der);
        uint256 body = start + _BEGIN.length;
        uint256 bodyEnd = end - _END.length;
        if (bytes28(_word(start)) != _BEGIN || bytes26(_word(bodyEnd)) != _END) return (false, der);
        uint256 bodyLength = bodyEnd - body;
        uint256 fullLines = bodyLength / _LINE;
        uint256 rest = bodyLength % _LINE; // the last line, if shorter than 64 characters, and its newline
        if (rest == 1) return (false, der); // an empty line
        // The truncation is meant: the full lines' count times their 64 characters, plus the last line's.
        // slither-disable-next-line divide-before-multiply
        uint256 characters = fullLines * 64 + (rest == 0 ? 0 : rest - 1);
        if (characters == 0 || characters % 4 != 0) return (false, der);
        return _decode(body, bodyEnd, characters / 4);
    }

    /**
     * @notice Decodes `groups` groups of four characters from `body` (lines of 16 groups), the
     * last of them possibly padded.
     * @param body Where the base64 lines start in calldata.
     * @param bodyEnd Where they end (after the last newline).
     * @param groups The number of groups (at least one).
     * @return ok True if every character is base64, every line ends in a newline, and only the
     * last group is padded, with zero unused bits.
     * @return der The decoded bytes.
     */
    // One loop in one assembly block, kept whole so the table stays in scratch memory.
    // solhint-disable-next-line function-max-lines
    function _decode(uint256 body, uint256 bodyEnd, uint256 groups) private pure returns (bool ok, bytes memory der) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            der := mload(0x40)
            let out := add(der, 0x20)
            // The table, in scratch memory past the bytes the decoding writes (3 per group + a word).
            let table := add(add(out, mul(groups, 3)), 0x40)
            mstore(table, _NONE)
            mstore(add(table, 0x20), _TABLE_1)
            mstore(add(table, 0x40), _TABLE_2)
            mstore(add(table, 0x60), _TABLE_3)
            mstore(add(table, 0x80), _NONE)
            mstore(add(table, 0xa0), _NONE)
            mstore(add(table, 0xc0), _NONE)
            mstore(add(table, 0xe0), _NONE)

            // Every newline where a line ends: after each 64 characters and after the last line.
            let bad := iszero(eq(byte(0, calldataload(sub(bodyEnd, 1))), 0x0a))
            for {
                let newline := add(body, 64)
            } lt(newline, bodyEnd) {
                newline := add(newline, _LINE)
            } {
                bad := or(bad, iszero(eq(byte(0, calldataload(newline)), 0x0a)))
            }

            // All groups but the last: four characters of the alphabet each (bit 6 or 7 set otherwise).
            let seen := 0
            let last := sub(groups, 1)
            for {
                let group := 0
            } lt(group, last) {
                group := add(group, 1)
            } {
                let chars := calldataload(add(add(body, mul(shr(4, group), _LINE)), shl(2, and(group, 15))))
                let a := byte(0, mload(add(table, byte(0, chars))))
                let b := byte(0, mload(add(table, byte(1, chars))))
                let c := byte(0, mload(add(table, byte(2, chars))))
                let d := byte(0, mload(add(table, byte(3, chars))))
                seen := or(seen, or(or(a, b), or(c, d)))
                mstore(out, shl(232, or(or(shl(18, a), shl(12, b)), or(shl(6, c), d))))
                out := add(out, 3)
            }
            bad := or(bad, and(seen, 0xc0))

            // The last group: `xy==`, `xyz=` or `xyzw`, the padding's unused bits zero. It ends the last line.
            let chars := calldataload(sub(bodyEnd, 5))
            let a := byte(0, mload(add(table, byte(0, chars))))
            let b := byte(0, mload(add(table, byte(1, chars))))
            let c := byte(0, mload(add(table, byte(2, chars))))
            let d := byte(0, mload(add(table, byte(3, chars))))
            let padding := 0
            switch or(shl(8, c), d)
            case 0x4040 {
                padding := 2
                bad := or(bad, and(b, 0x0f))
                c := 0
                d := 0
            }
            default {
                if eq(d, 0x40) {
                    padding := 1
                    bad := or(bad, and(c, 0x03))
                    d := 0
                }
            }
            bad := or(bad, and(or(or(a, b), or(c, d)), 0xc0))
            mstore(out, shl(232, or(or(shl(18, a), shl(12, b)), or(shl(6, c), d))))

            let length := sub(mul(groups, 3), padding)
            mstore(der, length)
            mstore(0x40, add(add(der, 0x20), and(add(length, 31), not(31))))
            ok := iszero(bad)
        }
        if (!ok) der = new bytes(0);
    }

    /**
     * @notice The calldata word at `ptr`.
     * @param ptr An absolute calldata offset.
     * @return value The 32 bytes from it.
     */
    function _word(uint256 ptr) private pure returns (bytes32 value) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            value := calldataload(ptr)
        }
    }
}
