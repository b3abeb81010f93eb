// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title ITwinledgerErrors
 * @author Twinledger
 * @notice The error codes of the Twinledger specification (`core/spec/errors.ts`) as custom errors.
 * @dev Every rejection by a Twinledger contract is exactly one of these errors, and the chaincode
 * rejects the same cause with the same code. The TypeScript clients map both to
 * `LedgerError { code }`, using the error name as the code.
 */
interface ITwinledgerErrors {
    /// @notice `account` may not perform the operation (wrong role, or not the record's owner).
    /// @param account The caller that was refused.
    error Unauthorized(address account);

    /// @notice No record exists under `id`.
    /// @param id The identifier that was looked up.
    error NotFound(string id);

    /// @notice A record already exists under `id`.
    /// @param id The identifier that is already in use.
    error AlreadyExists(string id);

    /// @notice An argument breaks the common input rules.
    /// @param argument The name of the offending parameter, as in the specification (e.g. "metadataUri").
    error InvalidArgument(string argument);

    /// @notice The record's current state does not allow the operation.
    /// @param id The identifier of the record.
    error InvalidState(string id);

    /// @notice An identifier is not in the canonical form of its scheme.
    /// @param reason What is wrong with it.
    error IdentifierInvalid(string reason);

    /// @notice The identifier key is already bound to an asset.
    /// @param key The identifier key.
    error IdentifierTaken(bytes32 key);

    /// @notice `account` holds no namespace that covers the identifier.
    /// @param account The caller.
    error NamespaceNotHeld(address account);

    /// @notice A self-certifying DID binds only with its controller's signature (`bindDid`).
    /// @param did The DID.
    error ProofRequired(string did);

    /// @notice A proof of control is expired or not signed by the DID's key.
    /// @param reason What is wrong with it.
    error ProofInvalid(string reason);

    /// @notice `account` is not accredited for the standard.
    /// @param account The would-be issuer.
    error NotAccredited(address account);

    /// @notice An invoice with this fingerprint is already registered.
    /// @param fingerprint The invoice fingerprint.
    error FingerprintTaken(bytes32 fingerprint);

    /// @notice A repayment is larger than what is still outstanding.
    /// @param outstanding The amount still outstanding.
    error AmountExceedsOutstanding(uint256 outstanding);
}
