// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title CanonicalProtobuf
 * @author Twinledger
 * @notice A strict reader of the canonical protobuf a Fabric peer writes (Go's `proto.Marshal`):
 * fields in increasing number, each at most once except a repeated field, whose entries are
 * consecutive; only the wire types a message declares; minimal varints of at most 64 bits;
 * lengths inside their message. Anything else is refused, so one byte string has one meaning.
 * @dev The same rules as `core/interop/protobuf.ts`. Messages are read in place from calldata:
 * every position is an absolute calldata offset and a message is the range `[start, end)`. A
 * message's layout is one word, two bits per field number (1 to 127): {VARINT}, {BYTES},
 * {REPEATED}, or zero for a field the message does not have.
 */
library CanonicalProtobuf {
    /// @notice A varint field (wire type 0), at most once.
    uint256 internal constant VARINT = 1;
    /// @notice A length-delimited field (wire type 2), at most once.
    uint256 internal constant BYTES = 2;
    /// @notice A repeated length-delimited field: any number of consecutive entries.
    uint256 internal constant REPEATED = 3;

    /// @dev A varint has at most ten bytes (64 bits, seven per byte).
    uint256 private constant _MAX_VARINT_BYTES = 10;

    /**
     * @notice The layout bits of field `number` of kind `kind`, to be ORed into a layout word.
     * @param number The field number (1 to 127).
     * @param kind {VARINT}, {BYTES} or {REPEATED}.
     * @return bits `kind << (2 * number)`.
     */
    function field(uint256 number, uint256 kind) internal pure returns (uint256 bits) {
        return kind << (2 * number);
    }

    /**
     * @notice Reads the minimal varint of at most 64 bits at calldata offset `ptr`, inside `[ptr, end)`.
     * @param ptr Where the varint starts.
     * @param end The end of the message it is in.
     * @return ok False if the varint runs past `end`, is longer than ten bytes, is not minimally
     * encoded (a last byte of zero after the first) or exceeds 64 bits.
     * @return value The number.
     * @return next The offset after it.
     */
    function readVarint(uint256 ptr, uint256 end) internal pure returns (bool ok, uint256 value, uint256 next) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let available := mul(lt(ptr, end), sub(end, ptr))
            let word := calldataload(ptr)
            for {
                let index := 0
            } and(lt(index, _MAX_VARINT_BYTES), lt(index, available)) {
                index := add(index, 1)
            } {
                let b := byte(index, word)
                value := or(value, shl(mul(7, index), and(b, 0x7f)))
                if lt(b, 0x80) {
                    // A last byte of zero after the first is a second spelling of the same number.
                    ok := and(or(iszero(index), gt(b, 0)), lt(value, shl(64, 1)))
                    next := add(ptr, add(index, 1))
                    break
                }
            }
        }
    }

    /**
     * @notice Reads the field at calldata offset `ptr` of a message ending at `end`.
     * @dev For a varint field `start` is its value and `stop` the offset after it; for a
     * length-delimited field the value is the range `[start, stop)`. Either way the next field
     * starts at `stop`.
     * @param ptr Where the field's key starts (less than `end`).
     * @param end The end of the message.
     * @param last The number of the field read before it in this message, 0 for the first.
     * @param messageLayout The message's layout word.
     * @return ok False if the key or the value is malformed, the field is not in the layout, has
     * another wire type, comes after a higher number or repeats a field that is not repeated.
     * @return number The field number.
     * @return start The varint value, or where the bytes start.
     * @return stop Where the field ends.
     */
    function readField(
        uint256 ptr,
        uint256 end,
        uint256 last,
        uint256 messageLayout
    ) internal pure returns (bool ok, uint256 number, uint256 start, uint256 stop) {
        uint256 key;
        (ok, key, ptr) = readVarint(ptr, end);
        if (!ok) return (false, 0, 0, 0);
        number = key >> 3;
        uint256 kind = number < 128 ? (messageLayout >> (2 * number)) & 3 : 0;
        if (kind == 0 || number < last || (number == last && kind != REPEATED)) return (false, 0, 0, 0);
        if (kind == VARINT) {
            if (key & 7 != 0) return (false, 0, 0, 0);
            (ok, start, stop) = readVarint(ptr, end);
            return (ok, number, start, stop);
        }
        if (key & 7 != 2) return (false, 0, 0, 0);
        uint256 length;
        (ok, length, start) = readVarint(ptr, end);
        if (!ok || length > end - start) return (false, 0, 0, 0);
        return (true, number, start, start + length);
    }
}
