// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;


/**
 * @title ProposalResponse
 * @author Twinledger
 * @notice The walk through a Fabric ProposalResponsePayload (the bytes every endorser signs) that a
 * verifier needs: the chaincode's response status, the chaincode that answered, its event, and
 * whether the simulation wrote anything in any namespace.
 * @dev As `readProposalResponsePayload` of `core/interop/proposal-response.ts`, with the field
 * numbers of fabric-protos, every level read strictly ({CanonicalProtobuf}) in one pass over
 * calldata, nothing copied:
 *
 *   ProposalResponsePayload { 1 proposal_hash, 2 extension = ChaincodeAction }, both required
 *   ChaincodeAction { 1 results = TxReadWriteSet, 2 events = ChaincodeEvent, 3 response,
 *                     4 chaincode_id }, 3 and 4 required
 *   Response { 1 status (varint), 2 message, 3 payload }
 *   ChaincodeID { 1 path, 2 name, 3 version }
 *   ChaincodeEvent { 1 chaincode_id, 2 tx_id, 3 event_name, 4 payload }
 *   TxReadWriteSet { 1 data_model (varint), 2 ns_rwset (repeated NsReadWriteSet) }
 *   NsReadWriteSet { 1 namespace, 2 rwset = KVRWSet, 3 collection_hashed_rwset (repeated) }
 *   KVRWSet { 1 reads, 2 range_queries_info, 3 writes, 4 metadata_writes }, all repeated
 *
 * Text the reference decodes (the chaincode name, the event's chaincode id, transaction id and
 * name, the namespace of a simulation's writes) must be well-formed UTF-8. Entries of the
 * repeated fields and the collection rwsets are only framed, not read.
 */
library ProposalResponse {
    // One word per field, in memory only; the walk writes them by offset.
    // solhint-disable gas-struct-packing
    /// @notice What the payload says, as calldata ranges (absolute offsets; `start == end` when absent).
    struct Answer {
        uint256 status;
        uint256 chaincodeNameStart;
        uint256 chaincodeNameEnd;
        bool hasEvent;
        uint256 eventChaincodeStart;
        uint256 eventChaincodeEnd;
        uint256 eventNameStart;
        uint256 eventNameEnd;
        uint256 eventPayloadStart;
        uint256 eventPayloadEnd;
        bool hasWrites;
    }
    // solhint-enable gas-struct-packing

    /// @dev A repeated field's kind in a layout ({CanonicalProtobuf-REPEATED}).
    uint256 private constant _REPEATED = 3;

    /// @dev Layout words, two bits per field number (`kind << (2 * number)`, kinds 1 varint, 2 bytes,
    /// 3 repeated), as {CanonicalProtobuf-field} builds them; literals, for the assembly.
    /// ProposalResponsePayload: 1 bytes, 2 bytes.
    uint256 private constant _PAYLOAD = 0x28;
    /// @dev ChaincodeAction and ChaincodeEvent: 1 to 4 bytes.
    uint256 private constant _ACTION = 0x2a8;
    uint256 private constant _EVENT = 0x2a8;
    /// @dev Response: 1 varint, 2 and 3 bytes.
    uint256 private constant _RESPONSE = 0xa4;
    /// @dev ChaincodeID: 1 to 3 bytes.
    uint256 private constant _CHAINCODE_ID = 0xa8;
    /// @dev TxReadWriteSet: 1 varint, 2 repeated.
    uint256 private constant _TX_RW_SET = 0x34;
    /// @dev NsReadWriteSet: 1 and 2 bytes, 3 repeated.
    uint256 private constant _NS_RW_SET = 0xe8;
    /// @dev KVRWSet: 1 to 4 repeated.
    uint256 private constant _KV_RW_SET = 0x3fc;

    /// @dev 0x80 in every byte: the bit every non-ASCII byte has.
    uint256 private constant _HIGH_BITS = 0x8080808080808080808080808080808080808080808080808080808080808080;

    /**
     * @notice Reads a ProposalResponsePayload from calldata.
     * @dev One assembly block of Yul functions, one per message, each returning `ok` and
     * stopping at the first malformation. The field reader is {CanonicalProtobuf-readField}'s
     * (same rules); the UTF-8 check is {Utf8-isValidCalldata}'s (ASCII a word at a time, other
     * text by Unicode's table of well-formed sequences). Kept in Yul because the walk visits
     * some thirty fields per proof: as Solidity calls it cost about 30,000 gas, as Yul a fifth.
     * @param payload The payload, as the endorsers signed it.
     * @return ok False if any level is not canonical protobuf of its message, a required field is
     * missing, or a decoded text is not UTF-8.
     * @return answer What it says.
     */
    // One walk in one assembly block: its Yul functions are the messages, each short.
    // solhint-disable-next-line function-max-lines
    function read(bytes calldata payload) internal pure returns (bool ok, Answer memory answer) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // A minimal varint of at most 64 bits inside [ptr, end).
            function varint(ptr, end) -> valid, value, next {
                if iszero(lt(ptr, end)) {
                    leave
                }
                let word := calldataload(ptr)
                let b := byte(0, word)
                if lt(b, 0x80) {
                    valid := 1
                    // Written once on this path: `leave` follows, so the write below never overwrites it.
                    // slither-disable-next-line write-after-write
                    value := b
                    next := add(ptr, 1)
                    leave
                }
                value := and(b, 0x7f)
                let available := sub(end, ptr)
                for {
                    let i := 1
                } and(lt(i, 10), lt(i, available)) {
                    i := add(i, 1)
                } {
                    b := byte(i, word)
                    value := or(value, shl(mul(7, i), and(b, 0x7f)))
                    if lt(b, 0x80) {
                        // A last byte of zero is a second spelling; more than 64 bits is no varint.
                        valid := and(gt(b, 0), lt(value, shl(64, 1)))
                        next := add(ptr, add(i, 1))
                        leave
                    }
                }
            }

            // The field at ptr: in the layout, with its wire type, after `last` (or another entry of a
            // repeated one). Keys and lengths of one byte (all keys here, most lengths) are read inline.
            function field(ptr, end, last, messageLayout) -> valid, num, start, finish {
                let w := calldataload(ptr)
                let key := byte(0, w)
                let next := add(ptr, 1)
                if or(gt(key, 0x7f), iszero(lt(ptr, end))) {
                    valid, key, next := varint(ptr, end)
                    if iszero(valid) {
                        leave
                    }
                    valid := 0
                }
                num := shr(3, key)
                let kind := 0
                if lt(num, 128) {
                    kind := and(shr(shl(1, num), messageLayout), 3)
                }
                if or(iszero(kind), or(lt(num, last), and(eq(num, last), iszero(eq(kind, _REPEATED))))) {
                    leave
                }
                if eq(kind, 1) {
                    if and(key, 7) {
                        leave
                    }
                    valid, start, finish := varint(next, end)
                    leave
                }
                if iszero(eq(and(key, 7), 2)) {
                    leave
                }
                let length := byte(sub(next, ptr), w)
                switch and(lt(length, 0x80), lt(next, end))
                case 1 {
                    start := add(next, 1)
                }
                default {
                    valid, length, start := varint(next, end)
                    if iszero(valid) {
                        leave
                    }
                }
                if gt(length, sub(end, start)) {
                    // Written once on this path: `leave` follows, so `valid := 1` below never overwrites it.
                    // slither-disable-next-line write-after-write
                    valid := 0
                    leave
                }
                valid := 1
                finish := add(start, length)
            }

            // Whether [start, end) is well-formed UTF-8.
            function utf8(start, end) -> valid {
                valid := 1
                let seen := 0
                for {
                    let p := start
                } lt(p, end) {
                    p := add(p, 32)
                } {
                    let w := calldataload(p)
                    let rest := sub(end, p)
                    if lt(rest, 32) {
                        w := and(w, not(shr(shl(3, rest), not(0))))
                    }
                    seen := or(seen, w)
                }
                if iszero(and(seen, _HIGH_BITS)) {
                    leave
                }
                for {
                    let p := start
                } lt(p, end) {

                } {
                    let w := calldataload(p)
                    let lead := byte(0, w)
                    let n := 0
                    if gt(lead, 0x7f) {
                        if and(gt(lead, 0xc1), lt(lead, 0xe0)) {
                            n := 1
                        }
                        if and(gt(lead, 0xdf), lt(lead, 0xf0)) {
                            n := 2
                        }
                        if and(gt(lead, 0xef), lt(lead, 0xf5)) {
                            n := 3
                        }
                        if or(iszero(n), iszero(gt(sub(end, p), n))) {
                            valid := 0
                            leave
                        }
                        // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
                        let low := 0x80
                        let high := 0xbf
                        if eq(lead, 0xe0) {
                            low := 0xa0
                        }
                        if eq(lead, 0xf0) {
                            low := 0x90
                        }
                        if eq(lead, 0xed) {
                            high := 0x9f
                        }
                        if eq(lead, 0xf4) {
                            high := 0x8f
                        }
                        let second := byte(1, w)
                        if or(lt(second, low), gt(second, high)) {
                            valid := 0
                            leave
                        }
                        for {
                            let k := 2
                        } iszero(gt(k, n)) {
                            k := add(k, 1)
                        } {
                            let c := byte(k, w)
                            if or(lt(c, 0x80), gt(c, 0xbf)) {
                                valid := 0
                                leave
                            }
                        }
                    }
                    p := add(p, add(n, 1))
                }
            }

            // KVRWSet: whether it writes (fields 3 and 4).
            function kvRwSet(ptr, end) -> valid, written {
                valid := 1
                let last := 0
                for {

                } lt(ptr, end) {

                } {
                    let num, start
                    valid, num, start, ptr := field(ptr, end, last, _KV_RW_SET)
                    if iszero(valid) {
                        leave
                    }
                    last := num
                    if gt(num, 2) {
                        written := 1
                    }
                }
            }

            // NsReadWriteSet: whether its KVRWSet writes; then its namespace must be UTF-8.
            function nsRwSet(ptr, end) -> valid, written {
                valid := 1
                let last := 0
                let nameStart := 0
                let nameEnd := 0
                for {

                } lt(ptr, end) {

                } {
                    let num, start
                    valid, num, start, ptr := field(ptr, end, last, _NS_RW_SET)
                    if iszero(valid) {
                        leave
                    }
                    last := num
                    if eq(num, 1) {
                        nameStart := start
                        nameEnd := ptr
                    }
                    if eq(num, 2) {
                        valid, written := kvRwSet(start, ptr)
                        if iszero(valid) {
                            leave
                        }
                    }
                }
                if written {
                    valid := utf8(nameStart, nameEnd)
                }
            }

            // TxReadWriteSet: whether any namespace was written.
            function txRwSet(ptr, end) -> valid, written {
                valid := 1
                let last := 0
                for {

                } lt(ptr, end) {

                } {
                    let num, start
                    valid, num, start, ptr := field(ptr, end, last, _TX_RW_SET)
                    if iszero(valid) {
                        leave
                    }
                    last := num
                    if eq(num, 2) {
                        let nsWritten
                        valid, nsWritten := nsRwSet(start, ptr)
                        if iszero(valid) {
                            leave
                        }
                        written := or(written, nsWritten)
                    }
                }
            }

            // Response: its status (0 when absent).
            function response(ptr, end) -> valid, status {
                valid := 1
                let last := 0
                for {

                } lt(ptr, end) {

                } {
                    let num, value
                    valid, num, value, ptr := field(ptr, end, last, _RESPONSE)
                    if iszero(valid) {
                        leave
                    }
                    last := num
                    if eq(num, 1) {
                        status := value
                    }
                }
            }

            // ChaincodeID: its name, UTF-8 (empty when absent).
            function chaincodeId(ptr, end) -> valid, nameStart, nameEnd {
                valid := 1
                let last := 0
                for {

                } lt(ptr, end) {

                } {
                    let num, start
                    valid, num, start, ptr := field(ptr, end, last, _CHAINCODE_ID)
                    if iszero(valid) {
                        leave
                    }
                    last := num
                    if eq(num, 2) {
                        nameStart := start
                        nameEnd := ptr
                    }
                }
                valid := utf8(nameStart, nameEnd)
            }

            // ChaincodeEvent: chaincode id, tx id, name (UTF-8) and payload, into the answer at `a`.
            function chaincodeEvent(ptr, end, a) -> valid {
                valid := 1
                let last := 0
                for {

                } lt(ptr, end) {

                } {
                    let num, start
                    valid, num, start, ptr := field(ptr, end, last, _EVENT)
                    if iszero(valid) {
                        leave
                    }
                    last := num
                    switch num
                    case 4 {
                        mstore(add(a, 0x100), start)
                        mstore(add(a, 0x120), ptr)
                    }
                    default {
                        if iszero(utf8(start, ptr)) {
                            valid := 0
                            leave
                        }
                        if eq(num, 1) {
                            mstore(add(a, 0x80), start)
                            mstore(add(a, 0xa0), ptr)
                        }
                        if eq(num, 3) {
                            mstore(add(a, 0xc0), start)
                            mstore(add(a, 0xe0), ptr)
                        }
                    }
                }
            }

            // ChaincodeAction: results, events, response and chaincode_id (the last two required), into `a`.
            function chaincodeAction(ptr, end, a) -> valid {
                valid := 1
                let last := 0
                let seen := 0
                for {

                } lt(ptr, end) {

                } {
                    let num, start
                    valid, num, start, ptr := field(ptr, end, last, _ACTION)
                    if iszero(valid) {
                        leave
                    }
                    last := num
                    seen := or(seen, shl(num, 1))
                    switch num
                    case 1 {
                        let written
                        valid, written := txRwSet(start, ptr)
                        mstore(add(a, 0x140), written)
                    }
                    case 2 {
                        mstore(add(a, 0x60), 1)
                        valid := chaincodeEvent(start, ptr, a)
                    }
                    case 3 {
                        let status
                        valid, status := response(start, ptr)
                        mstore(a, status)
                    }
                    default {
                        let nameStart, nameEnd
                        valid, nameStart, nameEnd := chaincodeId(start, ptr)
                        mstore(add(a, 0x20), nameStart)
                        mstore(add(a, 0x40), nameEnd)
                    }
                    if iszero(valid) {
                        leave
                    }
                }
                valid := eq(and(seen, 0x18), 0x18)
            }

            // ProposalResponsePayload: proposal_hash and extension, both required.
            let ptr := payload.offset
            let end := add(ptr, payload.length)
            let last := 0
            let seen := 0
            ok := 1
            for {

            } lt(ptr, end) {

            } {
                let num, start
                ok, num, start, ptr := field(ptr, end, last, _PAYLOAD)
                if iszero(ok) {
                    break
                }
                last := num
                // Bit `num` marks field `num` as read: shl(shift, value), so this is 1 << num, as meant.
                // slither-disable-next-line incorrect-shift
                seen := or(seen, shl(num, 1))
                if eq(num, 2) {
                    ok := chaincodeAction(start, ptr, answer)
                    if iszero(ok) {
                        break
                    }
                }
            }
            ok := and(ok, eq(seen, 6))
        }
    }
}
