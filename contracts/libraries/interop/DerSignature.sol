// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title DerSignature
 * @author Twinledger
 * @notice Strict DER of an ECDSA P-256 signature, `SEQUENCE { r INTEGER, s INTEGER }`, as Fabric
 * writes it: one spelling per signature.
 * @dev As `readDerSignature` of `core/interop/endorsement.ts`: 8 to 72 bytes; the SEQUENCE tag
 * and a short length spanning the rest; two INTEGERs of 1 to 33 bytes, non-negative, minimal
 * (a leading zero only before a byte with its top bit set), in `[1, n)`; nothing after. Low S is
 * the caller's rule: endorsements require it, certificate signatures are normalised.
 */
library DerSignature {
    /// @notice The order of the P-256 group.
    uint256 internal constant N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551;
    /// @notice `N / 2`: the largest low S.
    uint256 internal constant HALF_N = 0x7FFFFFFF800000007FFFFFFFFFFFFFFFDE737D56D38BCF4279DCE5617E3192A8;

    /// @dev The shortest DER P-256 signature (one-byte r and s).
    uint256 private constant _MIN_LENGTH = 8;
    /// @dev The longest (33-byte r and s).
    uint256 private constant _MAX_LENGTH = 72;

    /**
     * @notice Reads a signature from calldata.
     * @param der The DER bytes.
     * @return ok True if `der` is a strict DER signature with `r` and `s` in `[1, n)`.
     * @return r The signature's r.
     * @return s The signature's s.
     */
    function decodeCalldata(bytes calldata der) internal pure returns (bool ok, uint256 r, uint256 s) {
        uint256 length = der.length;
        if (length < _MIN_LENGTH || length > _MAX_LENGTH) return (false, 0, 0);
        uint256 ptr;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // Scratch above the free memory pointer: read before anything else allocates.
            ptr := mload(0x40)
            calldatacopy(ptr, der.offset, length)
        }
        return decodeMemory(ptr, length);
    }

    /**
     * @notice Reads a signature of `length` bytes at memory address `ptr`.
     * @dev In assembly: as Solidity with its checked arithmetic and byte helpers it cost about
     * 2,500 gas a signature.
     * @param ptr Where the DER starts in memory.
     * @param length Its length.
     * @return ok True if it is a strict DER signature with `r` and `s` in `[1, n)`.
     * @return r The signature's r.
     * @return s The signature's s.
     */
    // solhint-disable-next-line function-max-lines
    function decodeMemory(uint256 ptr, uint256 length) internal pure returns (bool ok, uint256 r, uint256 s) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // The INTEGER whose tag is at byte `at`: a minimal positive value in [1, n) inside the DER.
            function integer(der, at, size) -> valid, value, next {
                if gt(add(at, 2), size) {
                    leave
                }
                let w := mload(add(der, at))
                if iszero(eq(byte(0, w), 0x02)) {
                    leave
                }
                let width := byte(1, w)
                let start := add(at, 2)
                if or(or(iszero(width), gt(width, 33)), gt(add(start, width), size)) {
                    leave
                }
                let first := byte(2, w)
                // Negative, or a leading zero that is not needed.
                if or(gt(first, 0x7f), and(gt(width, 1), and(iszero(first), lt(byte(3, w), 0x80)))) {
                    leave
                }
                switch eq(width, 33)
                case 1 {
                    if first {
                        leave
                    }
                    value := mload(add(der, add(start, 1)))
                }
                default {
                    value := shr(shl(3, sub(32, width)), mload(add(der, start)))
                }
                if or(iszero(value), iszero(lt(value, N))) {
                    leave
                }
                valid := 1
                next := add(start, width)
            }

            if and(iszero(lt(length, _MIN_LENGTH)), iszero(gt(length, _MAX_LENGTH))) {
                let head := mload(ptr)
                if and(eq(byte(0, head), 0x30), eq(byte(1, head), sub(length, 2))) {
                    let next
                    ok, r, next := integer(ptr, 2, length)
                    if ok {
                        ok, s, next := integer(ptr, next, length)
                        ok := and(ok, eq(next, length))
                    }
                }
            }
            if iszero(ok) {
                r := 0
                s := 0
            }
        }
    }
}
