// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IFabricFactVerifier} from "../interfaces/IFabricFactVerifier.sol";

/**
 * @title FactConsumerHarness
 * @author Twinledger
 * @notice TEST ONLY — never deploy. A consumer of Fabric facts for `test/interop/evm-verifier.test.ts`
 * and the gas bench: asks the verifier for nonces in its own name and consumes proofs.
 * @dev The statement is recorded as an event, not in storage, so the gas of a consumption through
 * it is the verifier's plus a call and a log, as a real consumer's would be before it acts.
 */
contract FactConsumerHarness {
    IFabricFactVerifier private immutable _VERIFIER;

    /// @notice A proof was consumed through this contract.
    /// @param statement What the verifier returned.
    event FactRecorded(IFabricFactVerifier.FactStatement statement);

    /**
     * @notice Creates a consumer of the verifier's facts.
     * @param verifier The FabricFactVerifier.
     */
    constructor(IFabricFactVerifier verifier) {
        _VERIFIER = verifier;
    }

    /**
     * @notice Asks the verifier for a nonce with this contract as the consumer.
     * @param factType The fact type.
     * @param subject The subject.
     * @return nonce The nonce.
     */
    function requestNonce(uint8 factType, bytes32 subject) external returns (bytes32 nonce) {
        return _VERIFIER.requestNonce(address(this), factType, subject);
    }

    /**
     * @notice Consumes a proof and records its statement.
     * @param proposalResponsePayload The payload the peers signed.
     * @param endorsements Their endorsements.
     * @return statement The statement.
     */
    function consume(
        bytes calldata proposalResponsePayload,
        IFabricFactVerifier.Endorsement[] calldata endorsements
    ) external returns (IFabricFactVerifier.FactStatement memory statement) {
        statement = _VERIFIER.consumeFact(proposalResponsePayload, endorsements);
        emit FactRecorded(statement);
    }
}
