// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DidControl} from "../libraries/identifiers/DidControl.sol";

/**
 * @title DidControlHarness
 * @author Twinledger
 * @notice TEST ONLY — never deploy. Exposes the internal library {DidControl} as external
 * functions for `test/evm/did-control.test.ts`.
 */
contract DidControlHarness {
    /**
     * @notice {DidControl-controller}.
     * @param did A canonical DID.
     * @return kind The kind of key.
     * @return account The Ethereum address, if `kind` is {DidControl-Kind-Eip155}.
     * @return qx The public key's x coordinate, if `kind` is {DidControl-Kind-P256}.
     * @return qy The public key's y coordinate, if `kind` is {DidControl-Kind-P256}.
     */
    function controller(
        string calldata did
    ) external view returns (DidControl.Kind kind, address account, bytes32 qx, bytes32 qy) {
        return DidControl.controller(bytes(did));
    }

    /**
     * @notice {DidControl-isValidProof}.
     * @param kind The kind of key.
     * @param account The Ethereum address, if `kind` is {DidControl-Kind-Eip155}.
     * @param qx The public key's x coordinate, if `kind` is {DidControl-Kind-P256}.
     * @param qy The public key's y coordinate, if `kind` is {DidControl-Kind-P256}.
     * @param statement The signed statement.
     * @param signature The signature.
     * @return valid True if the signature is valid.
     */
    function isValidProof(
        DidControl.Kind kind,
        address account,
        bytes32 qx,
        bytes32 qy,
        string calldata statement,
        bytes calldata signature
    ) external view returns (bool valid) {
        return DidControl.isValidProof(kind, account, qx, qy, bytes(statement), signature);
    }

    /**
     * @notice The gas {DidControl-controller} spends on `did`, without the call's own cost.
     * @param did A canonical DID.
     * @return gasUsed The gas spent in the library.
     */
    function controllerGas(string calldata did) external view returns (uint256 gasUsed) {
        uint256 start = gasleft();
        DidControl.controller(bytes(did));
        return start - gasleft();
    }

    /**
     * @notice The gas {DidControl-isValidProof} spends, without the call's own cost.
     * @param kind The kind of key.
     * @param account The Ethereum address, if `kind` is {DidControl-Kind-Eip155}.
     * @param qx The public key's x coordinate, if `kind` is {DidControl-Kind-P256}.
     * @param qy The public key's y coordinate, if `kind` is {DidControl-Kind-P256}.
     * @param statement The signed statement.
     * @param signature The signature.
     * @return gasUsed The gas spent in the library (with copying `statement` to memory).
     */
    function isValidProofGas(
        DidControl.Kind kind,
        address account,
        bytes32 qx,
        bytes32 qy,
        string calldata statement,
        bytes calldata signature
    ) external view returns (uint256 gasUsed) {
        uint256 start = gasleft();
        DidControl.isValidProof(kind, account, qx, qy, bytes(statement), signature);
        return start - gasleft();
    }
}
