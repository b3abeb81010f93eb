// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IFabricMembership} from "./IFabricMembership.sol";
import {ITwinledgerErrors} from "./ITwinledgerErrors.sol";

/**
 * @title IFabricFactVerifier
 * @author Twinledger
 * @notice Verifies a fact of a Fabric channel from its endorsing peers' signatures and hands it,
 * once, to the contract that asked for it (`core/spec/INTEROP.md` §3).
 * @dev A consumer (or anyone for it) asks for a nonce; Fabric peers endorse a read-only
 * `proveFact` naming it; the consumer calls {consumeFact} with the payload they signed and their
 * signatures. The checks run in the order of the specification, each with the error of
 * `PROOF_ERROR_ARGUMENTS` (`core/interop/errors.ts`), the same names as the TypeScript reference.
 */
interface IFabricFactVerifier is ITwinledgerErrors {
    /// @notice One endorsement of a proof: the registered peer and its DER signature over
    /// sha256(proposalResponsePayload ‖ the peer's SerializedIdentity).
    struct Endorsement {
        bytes32 peer;
        bytes signature;
    }

    // The statement's fields in the order of its ABI words, not packed: it lives in memory only.
    // solhint-disable gas-struct-packing
    /// @notice The statement of a consumed proof (its ten ABI words but the domain).
    struct FactStatement {
        bytes32 channelHash;
        uint8 factType;
        bytes32 subject;
        bytes32 value;
        uint256 chainId;
        address consumer;
        bytes32 nonce;
        uint64 notBefore;
        uint64 expiry;
    }
    // solhint-enable gas-struct-packing

    /// @notice A nonce was issued.
    /// @param nonce The nonce.
    /// @param consumer The contract that may consume its proof.
    /// @param factType The fact type (1 to 4).
    /// @param subject The subject.
    /// @param notBefore When it was issued.
    /// @param expiry When its proof stops being accepted.
    event NonceIssued(
        bytes32 indexed nonce,
        address indexed consumer,
        uint8 factType,
        bytes32 subject,
        uint64 notBefore,
        uint64 expiry
    );

    /// @notice A proof was consumed.
    /// @param nonce Its nonce.
    /// @param consumer The contract that consumed it.
    /// @param factType The fact type.
    /// @param subject The subject.
    /// @param value What is stated about the subject.
    event FactConsumed(bytes32 indexed nonce, address indexed consumer, uint8 factType, bytes32 subject, bytes32 value);

    /// @notice The lifetime of new nonces was set.
    /// @param nonceLifetime Seconds.
    event NonceLifetimeSet(uint64 nonceLifetime);

    /// @notice An endorsement is not by a registered peer of an active organisation.
    /// @param peer The peer id it names.
    error UnknownEndorser(bytes32 peer);

    /// @notice An endorsement is by an organisation an earlier one was by.
    /// @param index The endorsement's index.
    error DuplicateOrganization(uint256 index);

    /// @notice An endorsement's signature is not strict DER with low S.
    /// @param index The endorsement's index.
    error SignatureMalformed(uint256 index);

    /// @notice An endorsement's signature does not verify.
    /// @param index The endorsement's index.
    error EndorsementInvalid(uint256 index);

    /// @notice The organisations that endorsed do not include every one the policy requires (or none did).
    /// @param endorsed The bits of those that endorsed.
    /// @param required The bits of those required.
    error PolicyNotSatisfied(uint256 endorsed, uint256 required);

    /// @notice The payload is not canonical protobuf of a ProposalResponsePayload.
    error ProposalResponseMalformed();

    /// @notice The chaincode did not answer with status 200.
    /// @param status Its status.
    error ChaincodeFailed(uint256 status);

    /// @notice Another chaincode answered.
    error WrongChaincode();

    /// @notice The answer has no `FactProof` event of the chaincode.
    error NotAFactProof();

    /// @notice The simulation wrote (or wrote metadata) in some namespace.
    error ProofHasWrites();

    /// @notice The event's payload is not a statement.
    error StatementMalformed();

    /// @notice The statement is of another channel.
    /// @param channelHash The channel hash it names.
    error WrongChannel(bytes32 channelHash);

    /// @notice The statement is for another chain or consumer than this chain and the caller.
    /// @param chainId The chain it names.
    /// @param consumer The consumer it names.
    error WrongTarget(uint256 chainId, address consumer);

    /// @notice The nonce is not pending for this consumer, fact and window (never issued, or used).
    /// @param nonce The nonce.
    error UnknownNonce(bytes32 nonce);

    /// @notice The proof's window has passed.
    /// @param expiry When it ended.
    error ProofExpired(uint64 expiry);

    /**
     * @notice Sets how long a new nonce's proof is accepted (ADMIN).
     * @param nonceLifetime Seconds (not zero).
     */
    function setNonceLifetime(uint64 nonceLifetime) external;

    /**
     * @notice Issues a nonce for a proof of a fact (anyone may).
     * @param consumer The contract that will consume the proof.
     * @param factType 1 IdentifierBinding, 2 CertificateVerdict, 3 ReceivableState.
     * @param subject What the fact is about.
     * @return nonce The nonce, valid from now for the nonce lifetime.
     */
    function requestNonce(address consumer, uint8 factType, bytes32 subject) external returns (bytes32 nonce);

    /**
     * @notice Verifies a proof and consumes its nonce; called by the consumer the statement names.
     * @param proposalResponsePayload The ProposalResponsePayload the peers signed, byte for byte.
     * @param endorsements The endorsements, one per organisation.
     * @return statement The statement.
     */
    function consumeFact(
        bytes calldata proposalResponsePayload,
        Endorsement[] calldata endorsements
    ) external returns (FactStatement memory statement);

    /**
     * @notice The membership whose peers endorse.
     * @return membership_ The FabricMembership.
     */
    function membership() external view returns (IFabricMembership membership_);

    /**
     * @notice How long a new nonce's proof is accepted.
     * @return lifetime Seconds.
     */
    function nonceLifetime() external view returns (uint64 lifetime);

    /**
     * @notice What a pending nonce was issued for.
     * @param nonce The nonce.
     * @return binding keccak-256 of abi.encode(consumer, factType, subject, notBefore, expiry); zero if not pending.
     */
    function nonceBinding(bytes32 nonce) external view returns (bytes32 binding);
}
