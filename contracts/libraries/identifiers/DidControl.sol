// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IdentifierBytes} from "./IdentifierBytes.sol";
import {Text} from "../Text.sol";

/**
 * @title DidControl
 * @author Twinledger
 * @notice Self-certifying DIDs (`core/spec/DID.md`): the forms whose controlling key is written in
 * the DID itself, and the proof that a statement is signed by that key.
 * @dev Accepts exactly what `didController` and `proofProblem` of `core/did` accept and nothing
 * else. The DID is read straight from calldata (at most 256 bytes), never copied to memory.
 * Addresses and base58btc keys are decoded a 32-byte word at a time (SIMD within a register: one
 * character per byte, every byte handled by the same arithmetic), so there is no loop over their
 * characters; the only loops are the spans of a chain id or a network, at most 33 bytes.
 */
library DidControl {
    using IdentifierBytes for bytes;

    /// @notice The kinds of key that control a DID.
    enum Kind {
        /// @dev Not self-certifying: governed by the holder of its method's namespace.
        None,
        /// @dev `did:pkh:eip155` and `did:ethr`: a secp256k1 key, named by its Ethereum address.
        Eip155,
        /// @dev `did:key` with a P-256 public key.
        P256
    }

    /// @dev The prefix of a CAIP-10 account on eip155: `did:pkh:eip155:{chain id}:{address}`.
    bytes15 private constant _PKH_EIP155 = "did:pkh:eip155:";
    /// @dev The prefix of ERC-1056: `did:ethr:{address}` or `did:ethr:{network}:{address}`.
    bytes9 private constant _ETHR = "did:ethr:";
    /// @dev The prefix of a `did:key` in multibase base58btc.
    bytes9 private constant _KEY_BASE58BTC = "did:key:z";
    /// @dev `A-Z a-z 0-9 . _ -`: bytes of a `did:ethr` network.
    uint256 private constant _ETHR_NETWORK = IdentifierBytes.UNRESERVED;
    /// @dev The length of `0x` and 40 hex digits.
    uint256 private constant _ADDRESS_LENGTH = 42;
    /// @dev A chain id of `did:pkh:eip155` and a network of `did:ethr` have at most this many bytes.
    uint256 private constant _MAX_CHAIN = 32;
    /// @dev The base58btc digits of a P-256 `did:key`: the only length that decodes to its 35 bytes.
    uint256 private constant _P256_KEY_DIGITS = 48;
    /// @dev The multicodec varint of p256-pub (0x1200): the first two bytes of a P-256 `did:key`.
    uint256 private constant _P256_PUB = 0x8024;

    /// @dev 0x01 in every byte.
    uint256 private constant _ONES = 0x0101010101010101010101010101010101010101010101010101010101010101;
    /// @dev 0x80 in every byte: where the byte-wise comparisons leave their answers.
    uint256 private constant _HIGH_BITS = 0x8080808080808080808080808080808080808080808080808080808080808080;
    /// @dev The low byte of every 16-bit lane.
    uint256 private constant _LANES_8 = 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff;
    /// @dev The low 16 bits of every 32-bit lane.
    uint256 private constant _LANES_16 = 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff;
    /// @dev The low 32 bits of every 64-bit lane.
    uint256 private constant _LANES_32 = 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff;
    /// @dev The low 64 bits of every 128-bit lane.
    uint256 private constant _LANES_64 = 0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff;
    /// @dev The low 128 bits.
    uint256 private constant _LANES_128 = 0xffffffffffffffffffffffffffffffff;
    /// @dev Sixteen `1`s (base58btc zeros) over 16 empty bytes: the top of a word of 16 digits.
    uint256 private constant _BASE58_ZEROS_OVER_16 = 0x3131313131313131313131313131313100000000000000000000000000000000;
    /// @dev Twenty-four `0`s over 8 empty bytes: the top of a word of 8 hex digits.
    uint256 private constant _HEX_ZEROS_OVER_8 = 0x3030303030303030303030303030303030303030303030300000000000000000;

    /// @dev The order of secp256k1.
    uint256 private constant _SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    /// @dev (P + 1) / 4 of P-256: since P ≡ 3 (mod 4), `a ** ((P + 1) / 4)` is a square root of a square `a`.
    uint256 private constant _P256_SQRT_EXPONENT = 0x3fffffffc0000000400000000000000000000000400000000000000000000000;

    /**
     * @notice The key that controls `did`, if `did` is self-certifying.
     * @dev The self-certifying forms, as in `didController` (`core/did/control.ts`):
     * `did:pkh:eip155:{1 to 32 digits}:{address}`, `did:ethr:{address}` and
     * `did:ethr:{1 to 32 of A-Z a-z 0-9 . _ -}:{address}` with `{address}` `0x` and 40 hex digits of
     * either case, and `did:key:z{base58btc}` of the 35 bytes `0x80 0x24` ‖ a compressed P-256
     * point. Every other DID is {Kind-None}, with the other results zero.
     * @param did A canonical DID (at most 256 bytes, starting with `did:`).
     * @return kind The kind of key.
     * @return account The Ethereum address, if `kind` is {Kind-Eip155}.
     * @return qx The public key's x coordinate, if `kind` is {Kind-P256}.
     * @return qy The public key's y coordinate, if `kind` is {Kind-P256}.
     */
    function controller(
        bytes calldata did
    ) internal view returns (Kind kind, address account, bytes32 qx, bytes32 qy) {
        bytes32 head = did.word(0);
        // False until a method below reads the DID (Solidity zeroes locals): that start is meant.
        // slither-disable-next-line uninitialized-local
        bool ok;
        if (bytes15(head) == _PKH_EIP155) {
            (ok, account) = _pkhAccount(did);
            kind = Kind.Eip155;
        } else if (bytes9(head) == _ETHR) {
            (ok, account) = _ethrAccount(did);
            kind = Kind.Eip155;
        } else if (bytes9(head) == _KEY_BASE58BTC) {
            (ok, qx, qy) = _p256Key(did);
            kind = Kind.P256;
        }
        if (!ok) return (Kind.None, address(0), 0, 0);
    }

    /**
     * @notice Whether `signature` proves that the key of a DID's controller signed `statement`.
     * @dev As `proofProblem` (`core/did/proof.ts`): a secp256k1 key signs `statement` as an EIP-191
     * personal message, 65 bytes `r ‖ s ‖ v`; a P-256 key signs its SHA-256, 64 bytes `r ‖ s`. Both
     * curves require `0 < r < n` and `0 < s <= n / 2`, so a proof has one form, the same on every
     * platform. Returns false for {Kind-None}.
     * @param kind The kind of key, from {controller}.
     * @param account The Ethereum address, from {controller}, if `kind` is {Kind-Eip155}.
     * @param qx The public key's x coordinate, from {controller}, if `kind` is {Kind-P256}.
     * @param qy The public key's y coordinate, from {controller}, if `kind` is {Kind-P256}.
     * @param statement The signed statement.
     * @param signature The signature.
     * @return valid True if the signature is valid.
     */
    function isValidProof(
        Kind kind,
        address account,
        bytes32 qx,
        bytes32 qy,
        bytes memory statement,
        bytes calldata signature
    ) internal view returns (bool valid) {
        if (kind == Kind.Eip155) return _isValidEip155Proof(account, statement, signature);
        if (kind == Kind.P256) return _isValidP256Proof(qx, qy, statement, signature);
        return false;
    }

    /**
     * @notice The P-256 public key of `did:key:z{base58btc}`.
     * @dev The base58btc bytes are one zero byte per leading `1`, then the value's big-endian bytes,
     * so the 35 bytes `0x80 0x24 ‖ (0x02 | 0x03) ‖ x` are a value in [0x8024 << 264, 0x8025 << 264)
     * (both about 2**279.0016) with no leading `1`. Without a leading `1`, m digits are a value in
     * [58**(m-1), 58**m), and 58**47 < 2**275.4 < 0x8024 << 264 < 0x8025 << 264 < 2**281.1 < 58**48:
     * exactly 48 digits. A leading `1` makes 48 digits less than 58**47, so it is refused with the rest.
     * The first 32 digits and the last 16 are decoded as two words, and value = first * 58**16 + last.
     * @param did The DID, known to start with `did:key:z`.
     * @return ok True if the DID is a P-256 `did:key` of a point on the curve.
     * @return qx The point's x coordinate.
     * @return qy The point's y coordinate.
     */
    function _p256Key(bytes calldata did) private view returns (bool ok, bytes32 qx, bytes32 qy) {
        uint256 from = _KEY_BASE58BTC.length;
        if (did.length != from + _P256_KEY_DIGITS) return (false, 0, 0);
        (bool firstOk, uint256 first) = _base58Word(uint256(did.word(from)));
        // The last 16 digits in the low half of a word, under 16 `1`s (zeros).
        uint256 lastDigits = (uint256(did.word(from + 32)) >> 128) | _BASE58_ZEROS_OVER_16;
        (bool lastOk, uint256 last) = _base58Word(lastDigits);
        if (!firstOk || !lastOk) return (false, 0, 0);
        (uint256 high, uint256 low) = Math.mul512(first, 58 ** 16);
        (uint256 carry, uint256 x) = Math.add512(low, last);
        high += carry; // value = high * 2**256 + x < 58**48 < 2**282: no overflow
        // `high` is the top 3 of the 35 bytes: 0x80 0x24 and the prefix.
        uint256 prefix = high & 0xff;
        if (high >> 8 != _P256_PUB || (prefix != 0x02 && prefix != 0x03)) return (false, 0, 0);
        return _decompress(x, prefix & 1);
    }

    /**
     * @notice The point of P-256 with x coordinate `x` and a y coordinate of parity `odd`.
     * @dev As `@noble/curves` (which `core/did` uses) decompresses: `0 < x < P` (it refuses x = 0,
     * although (0, sqrt(B)) is on the curve), `y = rhs ** ((P + 1) / 4)` with `rhs = x³ - 3x + B`,
     * and `y² == rhs`. The point is then on the curve by construction, and not the identity. `rhs`
     * is never 0 (P-256 has prime order, so no point of order 2), so `P - y` is the other root.
     * @param x The x coordinate.
     * @param odd 1 for an odd y (prefix `0x03`), 0 for an even one (`0x02`).
     * @return ok True if `x` is the x coordinate of a point on the curve.
     * @return qx The point's x coordinate.
     * @return qy The point's y coordinate.
     */
    function _decompress(uint256 x, uint256 odd) private view returns (bool ok, bytes32 qx, bytes32 qy) {
        uint256 p = P256.P;
        if (x == 0 || x >= p) return (false, 0, 0);
        uint256 rhs = addmod(mulmod(addmod(mulmod(x, x, p), P256.A, p), x, p), P256.B, p);
        (bool success, uint256 y) = Math.tryModExp(rhs, _P256_SQRT_EXPONENT, p);
        if (!success || mulmod(y, y, p) != rhs) return (false, 0, 0);
        if (y & 1 != odd) y = p - y;
        return (true, bytes32(x), bytes32(y));
    }

    /**
     * @notice Whether `signature` is a P-256 signature by `(qx, qy)` of `sha256(statement)`.
     * @dev {P256-verify} refuses `r` or `s` out of range (high `s` included) and keys off the curve.
     * It uses the P256VERIFY precompile (EIP-7951, address 0x100, from Osaka on) where there is one
     * and falls back to OpenZeppelin's Solidity verifier (about 230,000 gas) where there is not, so
     * the same proofs are valid on every EVM chain.
     * @param qx The public key's x coordinate.
     * @param qy The public key's y coordinate.
     * @param statement The signed statement.
     * @param signature `r ‖ s`.
     * @return valid True if the signature is valid.
     */
    function _isValidP256Proof(
        bytes32 qx,
        bytes32 qy,
        bytes memory statement,
        bytes calldata signature
    ) private view returns (bool valid) {
        if (signature.length != 64) return false;
        return P256.verify(sha256(statement), bytes32(signature[0:32]), bytes32(signature[32:64]), qx, qy);
    }

    /**
     * @notice The account of `did:pkh:eip155:{chain id}:{address}`.
     * @param did The DID, known to start with `did:pkh:eip155:`.
     * @return ok True if the rest is a chain id of 1 to 32 digits, `:` and an address.
     * @return account The address.
     */
    function _pkhAccount(bytes calldata did) private pure returns (bool ok, address account) {
        uint256 colon = did.span(_PKH_EIP155.length, IdentifierBytes.DIGIT);
        uint256 digits = colon - _PKH_EIP155.length;
        if (digits == 0 || digits > _MAX_CHAIN || did.byteAt(colon) != 0x3a) return (false, address(0));
        return _hexAddress(did, colon + 1);
    }

    /**
     * @notice The account of `did:ethr:{address}` or `did:ethr:{network}:{address}`.
     * @dev A network has no `:`, so the address is the last 42 bytes and a network, if any, ends at
     * the colon just before them.
     * @param did The DID, known to start with `did:ethr:`.
     * @return ok True if the rest is an address, or a network of 1 to 32 bytes, `:` and an address.
     * @return account The address.
     */
    function _ethrAccount(bytes calldata did) private pure returns (bool ok, address account) {
        uint256 n = did.length;
        if (n == _ETHR.length + _ADDRESS_LENGTH) return _hexAddress(did, _ETHR.length);
        if (n < _ETHR.length + 2 + _ADDRESS_LENGTH || n > _ETHR.length + _MAX_CHAIN + 1 + _ADDRESS_LENGTH) {
            return (false, address(0));
        }
        uint256 colon = n - _ADDRESS_LENGTH - 1;
        if (did.span(_ETHR.length, _ETHR_NETWORK) != colon || did.byteAt(colon) != 0x3a) return (false, address(0));
        return _hexAddress(did, colon + 1);
    }

    /**
     * @notice Parses `did[from:]` as `0x` and 40 hex digits of either case.
     * @dev The first 32 digits are one word; the last 8 are put under 24 `0`s to make the other.
     * @param did The DID.
     * @param from Where the address starts.
     * @return ok True if `did[from:]` is exactly an address.
     * @return account The address (zero unless `ok`).
     */
    function _hexAddress(bytes calldata did, uint256 from) private pure returns (bool ok, address account) {
        if (did.length != from + _ADDRESS_LENGTH || bytes2(did.word(from)) != "0x") return (false, address(0));
        (bool firstOk, uint256 first) = _hexWord(uint256(did.word(from + 2)));
        (bool lastOk, uint256 last) = _hexWord((uint256(did.word(from + 34)) >> 192) | _HEX_ZEROS_OVER_8);
        if (!firstOk || !lastOk) return (false, address(0));
        return (true, address(uint160((first << 32) | last)));
    }

    /**
     * @notice The value of the 32 hex digits (either case) in the bytes of `w`, the first byte the
     * most significant.
     * @dev Each byte becomes its nibble (`c & 0x0f`, plus 9 for a letter, which has bit 6 set), then
     * neighbours are packed pairwise in five steps: two nibbles into a byte, two bytes into 16 bits,
     * and so on up to 128 bits.
     * @param w 32 bytes.
     * @return ok True if every byte is `0-9`, `A-F` or `a-f`.
     * @return value The 128-bit value.
     */
    function _hexWord(uint256 w) private pure returns (bool ok, uint256 value) {
        unchecked {
            // `| 0x20` turns `A-F` into `a-f` and leaves digits as they are.
            uint256 valid = _inRange(w, 0x30, 0x39) | _inRange(w | (_ONES * 0x20), 0x61, 0x66);
            ok = w & _HIGH_BITS == 0 && valid == _HIGH_BITS;
            value = (w & (_ONES * 0x0f)) + ((w >> 6) & _ONES) * 9;
            value = ((value >> 4) | value) & _LANES_8;
            value = ((value >> 8) | value) & _LANES_16;
            value = ((value >> 16) | value) & _LANES_32;
            value = ((value >> 32) | value) & _LANES_64;
            value = ((value >> 64) | value) & _LANES_128;
        }
    }

    /**
     * @notice The value of the 32 base58btc digits in the bytes of `w`, the first byte the most significant.
     * @dev Each byte becomes its digit (`c - '1'`, less the gaps of the alphabet below `c`: `:`-`@`,
     * `I`, `O`, `[`-backtick and `l`), then adjacent groups are combined in five steps,
     * `high * 58**k + low` for k = 1, 2, 4, 8, 16, each fitting its lane (58**(2k) < 2**(16k)).
     * @param w 32 bytes.
     * @return ok True if every byte is a base58btc digit.
     * @return value The value, below 58**32 < 2**188.
     */
    function _base58Word(uint256 w) private pure returns (bool ok, uint256 value) {
        unchecked {
            uint256 gaps = _inRange(w, 0x3a, 0x40) |
                _inRange(w, 0x49, 0x49) |
                _inRange(w, 0x4f, 0x4f) |
                _inRange(w, 0x5b, 0x60) |
                _inRange(w, 0x6c, 0x6c);
            ok = w & _HIGH_BITS == 0 && _inRange(w, 0x31, 0x7a) & ~gaps == _HIGH_BITS;
            uint256 skipped = 7 * _above(w, 0x39) + _above(w, 0x48) + _above(w, 0x4e);
            skipped += 6 * _above(w, 0x5a) + _above(w, 0x6b);
            value = w - (_ONES * 0x31 + skipped);
            value = ((value >> 8) & _LANES_8) * 58 + (value & _LANES_8);
            value = ((value >> 16) & _LANES_16) * 58 ** 2 + (value & _LANES_16);
            value = ((value >> 32) & _LANES_32) * 58 ** 4 + (value & _LANES_32);
            value = ((value >> 64) & _LANES_64) * 58 ** 8 + (value & _LANES_64);
            value = (value >> 128) * 58 ** 16 + (value & _LANES_128);
        }
    }

    /**
     * @notice 0x80 in each byte of `w` that is in [lo, hi], 0 in the others.
     * @dev Exact for bytes below 0x80 (callers refuse the others): `c + 0x80 - lo` reaches bit 7
     * iff `c >= lo`, `c + 0x7f - hi` iff `c > hi`, and neither sum carries into the next byte.
     * @param w 32 bytes.
     * @param lo The lowest byte in the range.
     * @param hi The highest byte in the range.
     * @return inside The bytes' answers.
     */
    function _inRange(uint256 w, uint256 lo, uint256 hi) private pure returns (uint256 inside) {
        unchecked {
            return (w + _ONES * (0x80 - lo)) & ~(w + _ONES * (0x7f - hi)) & _HIGH_BITS;
        }
    }

    /**
     * @notice 1 in each byte of `w` above `c`, 0 in the others (bytes below 0x80, as {_inRange}).
     * @param w 32 bytes.
     * @param c The byte to compare with.
     * @return above The bytes' answers.
     */
    function _above(uint256 w, uint256 c) private pure returns (uint256 above) {
        unchecked {
            return ((w + _ONES * (0x7f - c)) & _HIGH_BITS) >> 7;
        }
    }

    /**
     * @notice Whether `signature` is a secp256k1 signature by `account` of the personal message `statement`.
     * @dev {ECDSA-tryRecover} refuses a high `s` itself; `v` and `r` are checked here, as `proofProblem`
     * does, rather than left to the `ecrecover` precompile.
     * @param account The signer's Ethereum address.
     * @param statement The signed statement.
     * @param signature `r ‖ s ‖ v`.
     * @return valid True if the signature is valid.
     */
    function _isValidEip155Proof(
        address account,
        bytes memory statement,
        bytes calldata signature
    ) private pure returns (bool valid) {
        if (signature.length != 65) return false;
        uint256 r = uint256(bytes32(signature[0:32]));
        bool badV;
        unchecked {
            badV = uint8(signature[64]) - 27 > 1; // not 27 or 28, at the same cost for either
        }
        if (r == 0 || r >= _SECP256K1_N || badV) return false;
        bytes32 digest = Text.ethSignedMessageHash(statement);
        // `err` is checked below; the value left out only details an error.
        // slither-disable-next-line unused-return
        (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(digest, signature);
        return err == ECDSA.RecoverError.NoError && signer == account;
    }
}
