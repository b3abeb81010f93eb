// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";
import {IFabricFactVerifier} from "../interfaces/IFabricFactVerifier.sol";
import {IFabricMembership} from "../interfaces/IFabricMembership.sol";
import {IRoleRegistry} from "../interfaces/IRoleRegistry.sol";
import {DerSignature} from "../libraries/interop/DerSignature.sol";
import {ProposalResponse} from "../libraries/interop/ProposalResponse.sol";

/**
 * @title FabricFactVerifier
 * @author Twinledger
 * @notice Verifies facts of a Fabric channel from its endorsing peers' signatures, against a
 * {FabricMembership}, and hands each to the consumer it was asked for, once, inside its nonce's
 * window (`core/spec/INTEROP.md` §3).
 * @dev The reference model is `core/interop/verifier.ts`; the checks run in its order:
 *
 * 1. each endorsement: a registered peer of an active organisation ({UnknownEndorser}), of an
 *    organisation no earlier one was by ({DuplicateOrganization}: at most 16 pass), a strict DER
 *    low-S signature ({SignatureMalformed}) over sha256(payload ‖ the peer's SerializedIdentity),
 *    the identity read from the membership's code store ({EndorsementInvalid});
 * 2. the policy's organisations all endorsed ({PolicyNotSatisfied});
 * 3. the payload ({ProposalResponse}: {ProposalResponseMalformed}); status 200 ({ChaincodeFailed});
 *    the chaincode ({WrongChaincode}); its `FactProof` event ({NotAFactProof}); no writes
 *    ({ProofHasWrites});
 * 4. the statement ({StatementMalformed}), its channel ({WrongChannel}), this chain and the caller
 *    ({WrongTarget}), a pending nonce issued for the same fact and window ({UnknownNonce}), now at
 *    most its expiry ({ProofExpired}).
 *
 * Then the nonce is deleted and {FactConsumed} emitted; nothing is called after that. A pending
 * nonce stores only keccak-256 of what it was issued for (one slot). The membership's channel hash
 * and chaincode name, fixed at its construction, are kept here as immutables.
 */
contract FabricFactVerifier is IFabricFactVerifier {
    bytes32 private constant _ADMIN_ROLE = keccak256("ADMIN");
    /// @dev Word 0 of a statement: `twinledger.fact.v1`, right-padded.
    bytes32 private constant _DOMAIN = "twinledger.fact.v1";
    /// @dev The name of the chaincode event that carries a statement.
    bytes9 private constant _FACT_PROOF = "FactProof";
    uint256 private constant _FACT_PROOF_LENGTH = 9;
    /// @dev Ten ABI words.
    uint256 private constant _STATEMENT_BYTES = 320;
    /// @dev The largest fact type (1 IdentifierBinding, 2 CertificateVerdict, 3 ReceivableState,
    /// 4 ReceivableReservation).
    uint256 private constant _MAX_FACT_TYPE = 4;
    /// @dev The one status a proof may carry (Fabric signs every status below 400).
    uint256 private constant _STATUS_OK = 200;
    /// @dev Where a peer's SerializedIdentity starts in its code: after STOP, keyX and keyY.
    uint256 private constant _IDENTITY_CODE_OFFSET = 65;

    IFabricMembership private immutable _MEMBERSHIP;
    IRoleRegistry private immutable _ROLES;
    bytes32 private immutable _CHANNEL_HASH;
    bytes32 private immutable _CHAINCODE_NAME_HASH;

    /// @dev One slot: the lifetime of new nonces and how many were issued.
    uint64 private _nonceLifetime;
    uint192 private _nonceCount;
    mapping(bytes32 nonce => bytes32 binding) private _pending;

    /**
     * @notice Creates a verifier of the facts of a membership's channel and chaincode.
     * @param membership_ The FabricMembership.
     * @param roles The RoleRegistry: its ADMIN sets the nonce lifetime.
     * @param nonceLifetime_ How long a nonce's proof is accepted, in seconds (not zero).
     */
    constructor(IFabricMembership membership_, IRoleRegistry roles, uint64 nonceLifetime_) {
        if (address(membership_) == address(0)) revert InvalidArgument("membership");
        if (address(roles) == address(0)) revert InvalidArgument("roles");
        if (nonceLifetime_ == 0) revert InvalidArgument("nonceLifetime");
        _MEMBERSHIP = membership_;
        _ROLES = roles;
        _CHANNEL_HASH = membership_.channelHash();
        _CHAINCODE_NAME_HASH = keccak256(bytes(membership_.chaincodeName()));
        _nonceLifetime = nonceLifetime_;
        emit NonceLifetimeSet(nonceLifetime_);
    }

    /// @inheritdoc IFabricFactVerifier
    function setNonceLifetime(uint64 nonceLifetime_) external override {
        if (!_ROLES.hasRole(_ADMIN_ROLE, msg.sender)) revert Unauthorized(msg.sender);
        if (nonceLifetime_ == 0) revert InvalidArgument("nonceLifetime");
        _nonceLifetime = nonceLifetime_;
        emit NonceLifetimeSet(nonceLifetime_);
    }

    /// @inheritdoc IFabricFactVerifier
    function requestNonce(address consumer, uint8 factType, bytes32 subject) external override returns (bytes32 nonce) {
        if (consumer == address(0)) revert InvalidArgument("consumer");
        if (factType == 0 || factType > _MAX_FACT_TYPE) revert InvalidArgument("factType");
        uint64 lifetime = _nonceLifetime;
        uint192 count = _nonceCount + 1;
        _nonceCount = count;
        nonce = keccak256(
            abi.encode(block.chainid, address(this), consumer, factType, subject, count, blockhash(block.number - 1))
        );
        uint64 notBefore = uint64(block.timestamp);
        uint64 expiry = notBefore + lifetime;
        _pending[nonce] = keccak256(abi.encode(consumer, factType, subject, notBefore, expiry));
        emit NonceIssued(nonce, consumer, factType, subject, notBefore, expiry);
    }

    /// @inheritdoc IFabricFactVerifier
    function consumeFact(
        bytes calldata proposalResponsePayload,
        Endorsement[] calldata endorsements
    ) external override returns (FactStatement memory statement) {
        _checkEndorsements(proposalResponsePayload, endorsements);
        statement = _decodeStatement(_statementOffset(proposalResponsePayload));
        if (statement.channelHash != _CHANNEL_HASH) revert WrongChannel(statement.channelHash);
        if (statement.chainId != block.chainid || statement.consumer != msg.sender) {
            revert WrongTarget(statement.chainId, statement.consumer);
        }
        bytes32 binding = keccak256(
            abi.encode(statement.consumer, statement.factType, statement.subject, statement.notBefore, statement.expiry)
        );
        if (_pending[statement.nonce] != binding) revert UnknownNonce(statement.nonce);
        if (block.timestamp > statement.expiry) revert ProofExpired(statement.expiry);
        delete _pending[statement.nonce];
        emit FactConsumed(statement.nonce, msg.sender, statement.factType, statement.subject, statement.value);
    }

    /// @inheritdoc IFabricFactVerifier
    function membership() external view override returns (IFabricMembership membership_) {
        return _MEMBERSHIP;
    }

    /// @inheritdoc IFabricFactVerifier
    function nonceLifetime() external view override returns (uint64 lifetime) {
        return _nonceLifetime;
    }

    /// @inheritdoc IFabricFactVerifier
    function nonceBinding(bytes32 nonce) external view override returns (bytes32 binding) {
        return _pending[nonce];
    }

    /**
     * @notice Checks every endorsement and the policy (steps 1 and 2).
     * @param payload The ProposalResponsePayload.
     * @param endorsements The endorsements.
     */
    function _checkEndorsements(bytes calldata payload, Endorsement[] calldata endorsements) private view {
        // No organisation until the loop adds the endorsers' (Solidity zeroes locals): that start is meant.
        // slither-disable-next-line uninitialized-local
        uint256 endorsed;
        uint256 count = endorsements.length;
        for (uint256 i = 0; i < count; ++i) {
            endorsed = _checkEndorsement(payload, endorsements[i], i, endorsed);
        }
        uint256 required = _MEMBERSHIP.endorsementPolicy();
        if (endorsed & required != required || count == 0) revert PolicyNotSatisfied(endorsed, required);
    }

    /**
     * @notice Checks endorsement `index`: its peer, its organisation, its signature.
     * @param payload The ProposalResponsePayload.
     * @param endorsement The endorsement.
     * @param index Its index.
     * @param endorsed The bits of the organisations of the endorsements before it.
     * @return endorsedAfter The bits with its organisation's.
     */
    function _checkEndorsement(
        bytes calldata payload,
        Endorsement calldata endorsement,
        uint256 index,
        uint256 endorsed
    ) private view returns (uint256 endorsedAfter) {
        (bytes32 keyX, bytes32 keyY, uint256 bit, address pointer) = _MEMBERSHIP.endorser(endorsement.peer);
        if (bit == 0) revert UnknownEndorser(endorsement.peer);
        if (endorsed & bit != 0) revert DuplicateOrganization(index);
        _verifySignature(_endorsedDigest(payload, pointer), endorsement.signature, index, keyX, keyY);
        return endorsed | bit;
    }

    /**
     * @notice Checks that `signature` is strict DER with low S and verifies for the key.
     * @param digest What the peer signed.
     * @param signature The DER signature.
     * @param index The endorsement's index.
     * @param keyX The peer's key, x.
     * @param keyY The peer's key, y.
     */
    function _verifySignature(
        bytes32 digest,
        bytes calldata signature,
        uint256 index,
        bytes32 keyX,
        bytes32 keyY
    ) private view {
        (bool isDer, uint256 r, uint256 s) = DerSignature.decodeCalldata(signature);
        if (!isDer || s > DerSignature.HALF_N) revert SignatureMalformed(index);
        if (!P256.verify(digest, bytes32(r), bytes32(s), keyX, keyY)) revert EndorsementInvalid(index);
    }

    /**
     * @notice Checks what the payload says (step 3) and finds the statement.
     * @param payload The ProposalResponsePayload.
     * @return start Where the statement's 320 bytes start (absolute calldata offset).
     */
    function _statementOffset(bytes calldata payload) private view returns (uint256 start) {
        (bool ok, ProposalResponse.Answer memory answer) = ProposalResponse.read(payload);
        if (!ok) revert ProposalResponseMalformed();
        if (answer.status != _STATUS_OK) revert ChaincodeFailed(answer.status);
        if (_hash(answer.chaincodeNameStart, answer.chaincodeNameEnd) != _CHAINCODE_NAME_HASH) revert WrongChaincode();
        if (
            !answer.hasEvent ||
            _hash(answer.eventChaincodeStart, answer.eventChaincodeEnd) != _CHAINCODE_NAME_HASH ||
            answer.eventNameEnd - answer.eventNameStart != _FACT_PROOF_LENGTH ||
            bytes9(_word(answer.eventNameStart)) != _FACT_PROOF
        ) revert NotAFactProof();
        if (answer.hasWrites) revert ProofHasWrites();
        if (answer.eventPayloadEnd - answer.eventPayloadStart != _STATEMENT_BYTES) revert StatementMalformed();
        return answer.eventPayloadStart;
    }

    /**
     * @notice sha256(payload ‖ the SerializedIdentity in the peer's code), by the precompile at 2.
     * @dev The payload and identity are laid out in scratch memory above the free memory pointer.
     * @param payload The ProposalResponsePayload.
     * @param pointer The peer's code store.
     * @return digest The hash the peer signed.
     */
    function _endorsedDigest(bytes calldata payload, address pointer) private view returns (bytes32 digest) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, payload.offset, payload.length)
            let size := sub(extcodesize(pointer), _IDENTITY_CODE_OFFSET)
            extcodecopy(pointer, add(ptr, payload.length), _IDENTITY_CODE_OFFSET, size)
            if iszero(staticcall(gas(), 0x02, ptr, add(payload.length, size), 0x00, 0x20)) {
                revert(0, 0)
            }
            digest := mload(0x00)
        }
    }

    /**
     * @notice Decodes the statement at calldata `start` strictly (step 4's first check).
     * @param start Where its 320 bytes start.
     * @return statement The statement.
     */
    function _decodeStatement(uint256 start) private pure returns (FactStatement memory statement) {
        uint256 factType = uint256(_word(start + 0x40));
        uint256 consumer = uint256(_word(start + 0xc0));
        uint256 notBefore = uint256(_word(start + 0x100));
        uint256 expiry = uint256(_word(start + 0x120));
        if (
            _word(start) != _DOMAIN ||
            factType == 0 ||
            factType > _MAX_FACT_TYPE ||
            consumer >> 160 != 0 ||
            notBefore >> 64 != 0 ||
            expiry >> 64 != 0
        ) revert StatementMalformed();
        statement.channelHash = _word(start + 0x20);
        statement.factType = uint8(factType);
        statement.subject = _word(start + 0x60);
        statement.value = _word(start + 0x80);
        statement.chainId = uint256(_word(start + 0xa0));
        statement.consumer = address(uint160(consumer));
        statement.nonce = _word(start + 0xe0);
        statement.notBefore = uint64(notBefore);
        statement.expiry = uint64(expiry);
    }

    /**
     * @notice keccak-256 of calldata `[start, end)`.
     * @param start Where the bytes start (absolute offset).
     * @param end Where they end.
     * @return digest The hash.
     */
    function _hash(uint256 start, uint256 end) private pure returns (bytes32 digest) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, start, sub(end, start))
            digest := keccak256(ptr, sub(end, start))
        }
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
