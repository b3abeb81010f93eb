// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IRoleRegistry} from "../../../contracts/interfaces/IRoleRegistry.sol";
import {ICertificationRegistry} from "../../../contracts/interfaces/ICertificationRegistry.sol";
import {IIdentifierRegistry} from "../../../contracts/interfaces/IIdentifierRegistry.sol";
import {IReceivableRegistry} from "../../../contracts/interfaces/IReceivableRegistry.sol";
import {IFabricFactVerifier} from "../../../contracts/interfaces/IFabricFactVerifier.sol";
import {IFabricMembership} from "../../../contracts/interfaces/IFabricMembership.sol";
import {ITwinledgerErrors} from "../../../contracts/interfaces/ITwinledgerErrors.sol";
import {VM} from "../utils/Vm.sol";

/**
 * @title RoleHandler
 * @notice The roles table as data (`core/spec/roles.ts`, CERTIFICATION.md §1, RECEIVABLES.md §2,
 * INTEROP.md §3): every role-gated function of the contracts, with the role it needs and arguments
 * that pass every check made before the role's. And a handler that grants, revokes and renounces
 * roles at random and probes the gates, for the invariant runner.
 * @dev A probe by a party the ghost says lacks the role must revert with exactly `Unauthorized(party)`;
 * one by a holder must not revert with `Unauthorized(holder)`. Every probe is undone (the state is
 * reverted with the call, by a revert this contract raises itself), so that probes change nothing.
 */
contract RoleHandler {
    /// @notice What a gated call needs.
    struct Gate {
        address target;
        bytes data;
        bytes32 role;
        string name;
    }

    /// @notice The number of gates in {gate}.
    uint256 public constant GATES = 15;

    bytes32 public constant ADMIN_ROLE = keccak256("ADMIN");
    bytes32 public constant ACCREDITOR_ROLE = keccak256("ACCREDITOR");
    bytes32 public constant FINANCIER_ROLE = keccak256("FINANCIER");

    IRoleRegistry public immutable roles;
    IIdentifierRegistry public immutable identifiers;
    ICertificationRegistry public immutable certification;
    IReceivableRegistry public immutable receivables;
    IFabricMembership public immutable membership;
    IFabricFactVerifier public immutable verifier;

    address[5] private _actors = [address(0xAD), address(0xA11CE), address(0xB0B), address(0xCA201), address(0xD0E)];
    mapping(bytes32 role => mapping(address account => bool held)) public ghostHas;

    /// @notice Probes by a non-holder that did not revert with exactly Unauthorized(caller).
    uint256 public nonHolderPassed;
    /// @notice Probes by a holder that reverted with Unauthorized(caller).
    uint256 public holderRefused;
    /// @notice Role changes whose outcome differed from the ghost's table (by a non-ADMIN that succeeded, …).
    uint256 public roleChangeMismatches;
    /// @notice Coverage: probes by non-holders and by holders, role changes that took effect.
    uint256 public nonHolderProbes;
    uint256 public holderProbes;
    uint256 public roleChanges;

    error ProbeDone(bytes result);

    constructor(
        IRoleRegistry roles_,
        IIdentifierRegistry identifiers_,
        ICertificationRegistry certification_,
        IReceivableRegistry receivables_,
        IFabricMembership membership_,
        IFabricFactVerifier verifier_
    ) {
        (roles, identifiers, certification, receivables, membership, verifier) = (
            roles_,
            identifiers_,
            certification_,
            receivables_,
            membership_,
            verifier_
        );
        ghostHas[ADMIN_ROLE][_actors[0]] = true;
    }

    // ---- the roles table ----------------------------------------------------------------------

    /**
     * @notice Gate `i % GATES`: its target, calldata, role and name. `account` fills the gate's
     * party argument (never zero; never the caller for `accredit`, whose self-check follows the role's).
     */
    function gate(uint256 i, address account) public view returns (Gate memory g) {
        if (account == address(0)) account = address(0xBEEF);
        uint256 n = i % GATES;
        if (n < 6) {
            bytes32 role = [ADMIN_ROLE, ACCREDITOR_ROLE, FINANCIER_ROLE][n % 3];
            bytes memory data = n < 3
                ? abi.encodeCall(IAccessControl.grantRole, (role, account))
                : abi.encodeCall(IAccessControl.revokeRole, (role, account));
            return Gate(address(roles), data, ADMIN_ROLE, n < 3 ? "grantRole" : "revokeRole");
        }
        if (n == 6) return Gate(address(identifiers), abi.encodeCall(IIdentifierRegistry.registerNamespace, (1, "gate", account)), ADMIN_ROLE, "registerNamespace");
        if (n == 7) return Gate(address(identifiers), abi.encodeCall(IIdentifierRegistry.revokeNamespace, (1, "t")), ADMIN_ROLE, "revokeNamespace");
        if (n == 8) return Gate(address(identifiers), abi.encodeCall(IIdentifierRegistry.transferNamespace, (1, "t", account)), ADMIN_ROLE, "transferNamespace");
        if (n == 9) return Gate(address(receivables), abi.encodeCall(IReceivableRegistry.setGracePeriod, (uint32(uint160(account)) % 31_536_001)), ADMIN_ROLE, "setGracePeriod");
        if (n == 10) return Gate(address(membership), abi.encodeCall(IFabricMembership.setEndorsementPolicy, (new string[](0))), ADMIN_ROLE, "setEndorsementPolicy");
        if (n == 11) return Gate(address(membership), abi.encodeCall(IFabricMembership.removeOrganization, ("Org1MSP")), ADMIN_ROLE, "removeOrganization");
        if (n == 12) return Gate(address(verifier), abi.encodeCall(IFabricFactVerifier.setNonceLifetime, (1 + uint64(uint160(account) % 1e9))), ADMIN_ROLE, "setNonceLifetime");
        if (n == 13) return Gate(address(certification), abi.encodeCall(ICertificationRegistry.accredit, (account, "ISO9001:2015", uint64(block.timestamp + 365 days))), ACCREDITOR_ROLE, "accredit");
        return Gate(address(receivables), abi.encodeCall(IReceivableRegistry.acceptFinancing, ("R-1", 1, new string[](0))), FINANCIER_ROLE, "acceptFinancing");
    }

    /**
     * @notice Calls `g` as `caller` and reverts with {ProbeDone} carrying the call's revert data
     * (empty if it succeeded), so that nothing it did stays. Called by this contract on itself.
     */
    function probeAndUndo(address caller, address target, bytes calldata data) external {
        require(msg.sender == address(this), "internal");
        VM.prank(caller);
        (bool ok, bytes memory result) = target.call(data);
        revert ProbeDone(ok ? bytes("") : result);
    }

    /// @notice What `g` answers `caller`: success (empty) or its revert data, with no effect left.
    function probe(address caller, Gate memory g) public returns (bytes memory result) {
        try this.probeAndUndo(caller, g.target, g.data) {} catch (bytes memory reason) {
            // abi.decode of ProbeDone(bytes): skip the selector.
            bytes memory body = new bytes(reason.length - 4);
            for (uint256 i = 4; i < reason.length; ++i) body[i - 4] = reason[i];
            result = abi.decode(body, (bytes));
        }
    }

    // ---- actions ------------------------------------------------------------------------------

    /// @notice Someone (often an ADMIN) grants a role to someone.
    function grant(uint256 callerSeed, uint256 roleSeed, uint256 accountSeed) external {
        _change(callerSeed, roleSeed, accountSeed, true);
    }

    /// @notice Someone (often an ADMIN) revokes a role from someone (the last ADMIN stays).
    function revoke(uint256 callerSeed, uint256 roleSeed, uint256 accountSeed) external {
        _change(callerSeed, roleSeed, accountSeed, false);
    }

    /// @notice A party renounces a role of its own (the last ADMIN cannot).
    function renounce(uint256 accountSeed, uint256 roleSeed) external {
        address account = _actors[accountSeed % 5];
        bytes32 role = _role(roleSeed);
        VM.prank(account);
        try roles.renounceRole(role, account) {
            if (ghostHas[role][account]) ++roleChanges;
            ghostHas[role][account] = false;
        } catch {}
    }

    /// @notice A party calls a gate: refused with Unauthorized(party) exactly when the ghost says it lacks the role.
    function probeGate(uint256 actorSeed, uint256 gateSeed, address account) external {
        address actor = _actors[actorSeed % 5];
        if (account == actor) account = address(0xBEEF);
        Gate memory g = gate(gateSeed, account);
        bytes memory result = probe(actor, g);
        bool refused = keccak256(result) == keccak256(abi.encodeWithSelector(ITwinledgerErrors.Unauthorized.selector, actor));
        if (ghostHas[g.role][actor]) {
            ++holderProbes;
            if (refused) ++holderRefused;
        } else {
            ++nonHolderProbes;
            if (!refused) ++nonHolderPassed;
        }
    }

    // ---- reads --------------------------------------------------------------------------------

    /// @notice The parties the handler acts as.
    function actors() external view returns (address[5] memory) {
        return _actors;
    }

    // ---- private ------------------------------------------------------------------------------

    function _change(uint256 callerSeed, uint256 roleSeed, uint256 accountSeed, bool granting) private {
        // Half the time a party the ghost knows as ADMIN, else anyone.
        address caller = _actors[callerSeed % 5];
        if (callerSeed % 2 == 0) {
            for (uint256 i = 0; i < 5; ++i) {
                if (ghostHas[ADMIN_ROLE][_actors[(callerSeed % 5 + i) % 5]]) {
                    caller = _actors[(callerSeed % 5 + i) % 5];
                    break;
                }
            }
        }
        bytes32 role = _role(roleSeed);
        address account = _actors[accountSeed % 5];
        VM.prank(caller);
        bool ok;
        if (granting) {
            try roles.grantRole(role, account) {
                ok = true;
            } catch {}
        } else {
            try roles.revokeRole(role, account) {
                ok = true;
            } catch {}
        }
        if (ok && !ghostHas[ADMIN_ROLE][caller]) ++roleChangeMismatches;
        if (ok) {
            if (ghostHas[role][account] != granting) ++roleChanges;
            ghostHas[role][account] = granting;
        }
    }

    function _role(uint256 seed) private pure returns (bytes32) {
        return [ADMIN_ROLE, ACCREDITOR_ROLE, FINANCIER_ROLE][seed % 3];
    }
}
