// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RoleRegistry} from "../../../contracts/RoleRegistry.sol";
import {AssetRegistry} from "../../../contracts/AssetRegistry.sol";
import {IIdentifierRegistry} from "../../../contracts/interfaces/IIdentifierRegistry.sol";
import {CertificationRegistry} from "../../../contracts/CertificationRegistry.sol";
import {ReceivableRegistry} from "../../../contracts/ReceivableRegistry.sol";
import {VM} from "./Vm.sol";

/**
 * @title Deployment
 * @notice The five registries wired as `scripts/deploy-evm.ts` wires them, and the parties of the
 * tests. Only ADMIN holds a role at the start; each test grants what it needs.
 */
abstract contract Deployment {
    address internal constant ADMIN = address(0xAD);
    address internal constant ACCREDITOR = address(0xACC);
    address internal constant FINANCIER = address(0xF1);

    RoleRegistry internal roles;
    AssetRegistry internal assets;
    IIdentifierRegistry internal identifiers;
    CertificationRegistry internal certification;
    ReceivableRegistry internal receivables;

    /// @dev Deploys the registries; ADMIN is the first (and only) role holder.
    function _deploy() internal {
        roles = new RoleRegistry(ADMIN);
        assets = new AssetRegistry();
        // The artifact, not `new`: this registry is built with its own optimizer setting
        // (hardhat.config.ts), which a test file importing its source would not get.
        identifiers = IIdentifierRegistry(
            _create(VM.getCode("contracts/IdentifierRegistry.sol:IdentifierRegistry"), abi.encode(roles, assets))
        );
        certification = new CertificationRegistry(roles, assets, identifiers);
        receivables = new ReceivableRegistry(roles, assets, certification);
        VM.label(address(roles), "RoleRegistry");
        VM.label(address(assets), "AssetRegistry");
        VM.label(address(identifiers), "IdentifierRegistry");
        VM.label(address(certification), "CertificationRegistry");
        VM.label(address(receivables), "ReceivableRegistry");
    }

    /// @dev Deploys `creationCode` with `constructorArgs`; reverts if the deployment fails.
    function _create(bytes memory creationCode, bytes memory constructorArgs) internal returns (address deployed) {
        bytes memory code = bytes.concat(creationCode, constructorArgs);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        require(deployed != address(0), "deployment failed");
    }

    /// @dev ADMIN grants `role` to `account`.
    function _grant(bytes32 role, address account) internal {
        VM.prank(ADMIN);
        roles.grantRole(role, account);
    }
}
