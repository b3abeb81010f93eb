// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {IFabricFactVerifier} from "../../../contracts/interfaces/IFabricFactVerifier.sol";
import {VM} from "../utils/Vm.sol";

/**
 * @title FabricFixtures
 * @notice Fabric material built inside Solidity, signed with real P-256 keys (`vm.signP256`), as
 * `test/interop/fixtures.ts` builds it in TypeScript: a peer's X.509 certificate issued by its
 * organisation's CA (canonical DER, `OU=peer`, ecdsa-with-SHA256), its PEM and SerializedIdentity,
 * a ProposalResponsePayload carrying a `FactProof` event, and a peer's endorsement (strict DER, low S).
 * @dev Minimal forms only: a certificate has no extensions (X.509 makes them optional, and
 * PeerCertificate frames them only), a payload no read-write set (a proof must have no writes).
 */
library FabricFixtures {
    /// @dev The order of the P-256 group and its half.
    uint256 internal constant N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551;
    uint256 internal constant HALF_N = N >> 1;

    bytes32 internal constant STATEMENT_DOMAIN = "twinledger.fact.v1";

    // ---- X.509 --------------------------------------------------------------------------------

    /// @notice A DER Name of one RDN, `CN={commonName}` (the CA subject the organisation registers).
    function commonName(string memory cn) internal pure returns (bytes memory) {
        return _tlv(0x30, _tlv(0x31, _tlv(0x30, bytes.concat(hex"0603550403", _tlv(0x0c, bytes(cn))))));
    }

    /**
     * @notice The DER of a peer certificate for `peerKey`, issued by the CA of key `caKey` and subject `caSubject`.
     * @param serial The serial number, 1 to 127.
     */
    function peerCertificate(
        uint256 caKey,
        bytes memory caSubject,
        uint256 peerKey,
        string memory cn,
        uint8 serial
    ) internal pure returns (bytes memory) {
        (uint256 x, uint256 y) = VM.publicKeyP256(peerKey);
        bytes memory subject = _tlv(
            0x30,
            bytes.concat(
                _tlv(0x31, _tlv(0x30, bytes.concat(hex"060355040b", _tlv(0x0c, "peer")))),
                _tlv(0x31, _tlv(0x30, bytes.concat(hex"0603550403", _tlv(0x0c, bytes(cn)))))
            )
        );
        bytes memory tbs = _tlv(
            0x30,
            bytes.concat(
                hex"a003020102", // [0] version v3
                hex"0201",
                bytes1(serial),
                _ECDSA_WITH_SHA256,
                caSubject,
                hex"301e170d3235303130313030303030305a170d3335303130313030303030305a", // 2025 to 2035
                subject,
                hex"3059301306072a8648ce3d020106082a8648ce3d03010703420004",
                abi.encode(x, y)
            )
        );
        (bytes32 r, bytes32 s) = VM.signP256(caKey, sha256(tbs));
        return _tlv(0x30, bytes.concat(tbs, _ECDSA_WITH_SHA256, _tlv(0x03, bytes.concat(hex"00", derSignature(r, s)))));
    }

    /// @notice PEM as Go's pem.Encode writes it: 64-character lines, LF.
    function pem(bytes memory der) internal pure returns (bytes memory out) {
        bytes memory body = bytes(Base64.encode(der));
        out = "-----BEGIN CERTIFICATE-----\n";
        for (uint256 start = 0; start < body.length; start += 64) {
            uint256 end = start + 64 < body.length ? start + 64 : body.length;
            bytes memory line = new bytes(end - start);
            for (uint256 i = start; i < end; ++i) line[i - start] = body[i];
            out = bytes.concat(out, line, "\n");
        }
        out = bytes.concat(out, "-----END CERTIFICATE-----\n");
    }

    /// @notice SerializedIdentity { 1 mspid, 2 id_bytes }.
    function serializedIdentity(string memory mspId, bytes memory certificatePem) internal pure returns (bytes memory) {
        return bytes.concat(_field(1, bytes(mspId)), _field(2, certificatePem));
    }

    // ---- proofs -------------------------------------------------------------------------------

    /// @notice The 320-byte statement of INTEROP.md §3 (ten ABI words).
    function statement(IFabricFactVerifier.FactStatement memory s) internal pure returns (bytes memory) {
        return
            abi.encode(
                STATEMENT_DOMAIN,
                s.channelHash,
                uint256(s.factType),
                s.subject,
                s.value,
                s.chainId,
                s.consumer,
                s.nonce,
                uint256(s.notBefore),
                uint256(s.expiry)
            );
    }

    /**
     * @notice A ProposalResponsePayload as a peer answers `proveFact`: { proposal_hash,
     * ChaincodeAction { ChaincodeEvent {chaincode, tx id, FactProof, statement}, Response {200},
     * ChaincodeID {name} } }, fields in number order.
     */
    function factPayload(string memory chaincode, bytes memory statementBytes) internal pure returns (bytes memory) {
        bytes memory event_ = bytes.concat(
            _field(1, bytes(chaincode)),
            _field(2, "tx-1"),
            _field(3, "FactProof"),
            _field(4, statementBytes)
        );
        bytes memory action = bytes.concat(
            _field(2, event_),
            _field(3, hex"08c801"), // Response { status: 200 }
            _field(4, _field(2, bytes(chaincode))) // ChaincodeID { name }
        );
        return bytes.concat(_field(1, abi.encode(sha256(statementBytes))), _field(2, action));
    }

    /// @notice A peer's endorsement of `payload`: its key's low-S DER signature over sha256(payload ‖ identity).
    function endorse(
        uint256 peerKey,
        bytes memory identity,
        bytes memory payload
    ) internal pure returns (IFabricFactVerifier.Endorsement memory) {
        (bytes32 r, bytes32 s) = VM.signP256(peerKey, sha256(bytes.concat(payload, identity)));
        if (uint256(s) > HALF_N) s = bytes32(N - uint256(s));
        return IFabricFactVerifier.Endorsement({peer: keccak256(identity), signature: derSignature(r, s)});
    }

    /// @notice SEQUENCE { INTEGER r, INTEGER s }, each minimal.
    function derSignature(bytes32 r, bytes32 s) internal pure returns (bytes memory) {
        return _tlv(0x30, bytes.concat(_integer(uint256(r)), _integer(uint256(s))));
    }

    // ---- encoding -----------------------------------------------------------------------------

    bytes private constant _ECDSA_WITH_SHA256 = hex"300a06082a8648ce3d040302";

    /// @dev A DER TLV with a minimal definite length.
    function _tlv(uint8 tag, bytes memory content) private pure returns (bytes memory) {
        uint256 n = content.length;
        if (n < 0x80) return bytes.concat(bytes1(tag), bytes1(uint8(n)), content);
        if (n < 0x100) return bytes.concat(bytes1(tag), hex"81", bytes1(uint8(n)), content);
        return bytes.concat(bytes1(tag), hex"82", bytes2(uint16(n)), content);
    }

    /// @dev A DER INTEGER of a non-negative number: no leading zero byte unless the next has its top bit set.
    function _integer(uint256 value) private pure returns (bytes memory) {
        bytes memory raw = abi.encode(value);
        uint256 start = 0;
        while (start < 31 && raw[start] == 0) ++start;
        bool pad = uint8(raw[start]) >= 0x80;
        bytes memory content = new bytes(32 - start + (pad ? 1 : 0));
        for (uint256 i = start; i < 32; ++i) content[i - start + (pad ? 1 : 0)] = raw[i];
        return _tlv(0x02, content);
    }

    /// @dev A length-delimited protobuf field.
    function _field(uint256 number, bytes memory value) private pure returns (bytes memory) {
        return bytes.concat(_varint((number << 3) | 2), _varint(value.length), value);
    }

    function _varint(uint256 value) private pure returns (bytes memory out) {
        do {
            uint8 b = uint8(value & 0x7f);
            value >>= 7;
            out = bytes.concat(out, bytes1(value != 0 ? b | 0x80 : b));
        } while (value != 0);
    }
}
