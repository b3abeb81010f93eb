// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {RoleRegistry} from "../../contracts/RoleRegistry.sol";
import {FabricFactVerifier} from "../../contracts/interop/FabricFactVerifier.sol";
import {FabricMembership} from "../../contracts/interop/FabricMembership.sol";
import {IFabricFactVerifier} from "../../contracts/interfaces/IFabricFactVerifier.sol";
import {IFabricMembership} from "../../contracts/interfaces/IFabricMembership.sol";
import {FabricFixtures} from "./fabric/FabricFixtures.sol";
import {VM} from "./utils/Vm.sol";

/**
 * @title FabricPolicyTest
 * @notice Property 5: a Fabric proof verifies only with the endorsement policy's organisations
 * (INTEROP.md §3). Five organisations, each a CA and a peer with real P-256 keys, registered in a
 * real FabricMembership; every proof is a real ProposalResponsePayload for a real nonce of the real
 * FabricFactVerifier, endorsed by a fuzzed set of the peers in a fuzzed order, against a fuzzed policy.
 */
contract FabricPolicyTest {
    address private constant _ADMIN = address(0xAD);
    string private constant _CHANNEL = "mychannel";
    string private constant _CHAINCODE = "twinledger";
    uint256 private constant _ORGANIZATIONS = 5;
    uint256 private constant _ALL = (1 << _ORGANIZATIONS) - 1;

    RoleRegistry private _roles;
    FabricMembership private _membership;
    FabricFactVerifier private _verifier;
    bytes[_ORGANIZATIONS] private _identities;
    string[_ORGANIZATIONS] private _mspIds;

    function setUp() public {
        _roles = new RoleRegistry(_ADMIN);
        _membership = new FabricMembership(_roles, _CHANNEL, _CHAINCODE);
        _verifier = new FabricFactVerifier(_membership, _roles, 1 hours);
        for (uint256 i = 0; i < _ORGANIZATIONS; ++i) {
            string memory n = Strings.toString(i + 1);
            _mspIds[i] = string.concat("Org", n, "MSP");
            bytes memory caSubject = FabricFixtures.commonName(string.concat("ca.org", n, ".example.com"));
            (uint256 x, uint256 y) = VM.publicKeyP256(_caKey(i));
            VM.prank(_ADMIN);
            _membership.registerOrganization(_mspIds[i], bytes32(x), bytes32(y), caSubject);
            bytes memory der = FabricFixtures.peerCertificate(
                _caKey(i),
                caSubject,
                _peerKey(i),
                string.concat("peer0.org", n, ".example.com"),
                uint8(i + 1)
            );
            _identities[i] = FabricFixtures.serializedIdentity(_mspIds[i], FabricFixtures.pem(der));
            _membership.registerPeer(_identities[i]);
        }
    }

    /// @notice With endorsements from any part of the policy's organisations, only the whole part verifies.
    function testFuzz_onlyThePolicysFullSetVerifies(uint8 policySeed, uint8 subsetSeed, uint256 order) public {
        uint256 policy = policySeed & _ALL;
        VM.assume(policy != 0);
        _setPolicy(policy);
        uint256 endorsed = policy & subsetSeed;
        (bytes memory payload, IFabricFactVerifier.Endorsement[] memory endorsements) = _proof(endorsed, order);
        _expectVerdict(endorsed, policy, payload, endorsements);
    }

    /// @notice Organisations outside the policy neither stand in for one inside it nor stop a proof that has them all.
    function testFuzz_extraOrganizationsNeitherHelpNorHurt(uint8 policySeed, uint8 endorsedSeed, uint256 order) public {
        uint256 policy = policySeed & _ALL;
        _setPolicy(policy);
        uint256 endorsed = endorsedSeed & _ALL;
        (bytes memory payload, IFabricFactVerifier.Endorsement[] memory endorsements) = _proof(endorsed, order);
        _expectVerdict(endorsed, policy, payload, endorsements);
    }

    /// @notice A removed organisation leaves the policy and its peer's endorsement no longer counts.
    function testFuzz_aRemovedOrganizationNoLongerCounts(uint8 policySeed, uint8 removedSeed, uint256 order) public {
        uint256 policy = policySeed & _ALL;
        uint256 removed = removedSeed % _ORGANIZATIONS;
        _setPolicy(policy);
        VM.prank(_ADMIN);
        _membership.removeOrganization(_mspIds[removed]);
        uint256 left = policy & ~(1 << removed);
        VM.assertEq(_membership.endorsementPolicy(), left, "the removed organisation is still in the policy");

        // The rest of the policy verifies without it (or, for an empty rest, any one other organisation).
        uint256 endorsed = left != 0 ? left : (1 << ((removed + 1) % _ORGANIZATIONS));
        (bytes memory payload, IFabricFactVerifier.Endorsement[] memory endorsements) = _proof(endorsed, order);
        _expectVerdict(endorsed, left, payload, endorsements);

        // Its peer's endorsement, added anywhere, is an unknown endorser.
        (payload, endorsements) = _proof(endorsed | (1 << removed), order);
        VM.expectRevert(abi.encodeWithSelector(IFabricMembership.UnknownEndorser.selector, keccak256(_identities[removed])));
        _verifier.consumeFact(payload, endorsements);
    }

    /// @notice The fixtures make a proof the verifier takes (so a rejection above is the policy's, not the fixtures').
    function test_theFullSetsProofVerifies() public {
        _setPolicy(_ALL);
        (bytes memory payload, IFabricFactVerifier.Endorsement[] memory endorsements) = _proof(_ALL, 0);
        IFabricFactVerifier.FactStatement memory s = _verifier.consumeFact(payload, endorsements);
        VM.assertEq(s.consumer, address(this), "consumer");
        VM.assertEq(s.value, keccak256("M-1001"), "value");
    }

    // ---- helpers ------------------------------------------------------------------------------

    /// @dev A proof verifies iff the endorsing organisations cover the policy and there is at least one.
    function _expectVerdict(
        uint256 endorsed,
        uint256 policy,
        bytes memory payload,
        IFabricFactVerifier.Endorsement[] memory endorsements
    ) private {
        if (endorsed & policy != policy || endorsed == 0) {
            VM.expectRevert(abi.encodeWithSelector(IFabricFactVerifier.PolicyNotSatisfied.selector, endorsed, policy));
            _verifier.consumeFact(payload, endorsements);
        } else {
            IFabricFactVerifier.FactStatement memory s = _verifier.consumeFact(payload, endorsements);
            VM.assertEq(s.consumer, address(this), "a verified proof for another consumer");
        }
    }

    function _setPolicy(uint256 policy) private {
        uint256 count;
        for (uint256 i = 0; i < _ORGANIZATIONS; ++i) if (policy & (1 << i) != 0) ++count;
        string[] memory required = new string[](count);
        count = 0;
        for (uint256 i = 0; i < _ORGANIZATIONS; ++i) if (policy & (1 << i) != 0) required[count++] = _mspIds[i];
        VM.prank(_ADMIN);
        _membership.setEndorsementPolicy(required);
        VM.assertEq(_membership.endorsementPolicy(), policy, "the policy's bits are not its organisations'");
    }

    /// @dev A fresh nonce's proof, endorsed by the peers of the organisations in `endorsed`, in an order drawn from `order`.
    function _proof(
        uint256 endorsed,
        uint256 order
    ) private returns (bytes memory payload, IFabricFactVerifier.Endorsement[] memory endorsements) {
        bytes32 subject = keccak256("(01)09506000134352(21)ABC");
        bytes32 nonce = _verifier.requestNonce(address(this), 1, subject);
        IFabricFactVerifier.FactStatement memory s = IFabricFactVerifier.FactStatement({
            channelHash: keccak256(bytes(_CHANNEL)),
            factType: 1,
            subject: subject,
            value: keccak256("M-1001"),
            chainId: block.chainid,
            consumer: address(this),
            nonce: nonce,
            notBefore: uint64(block.timestamp),
            expiry: uint64(block.timestamp + 1 hours)
        });
        payload = FabricFixtures.factPayload(_CHAINCODE, FabricFixtures.statement(s));

        uint256[] memory picked = new uint256[](_ORGANIZATIONS);
        uint256 count;
        for (uint256 i = 0; i < _ORGANIZATIONS; ++i) if (endorsed & (1 << i) != 0) picked[count++] = i;
        for (uint256 i = count; i > 1; --i) {
            uint256 j = uint256(keccak256(abi.encode(order, i))) % i; // Fisher-Yates
            (picked[i - 1], picked[j]) = (picked[j], picked[i - 1]);
        }
        endorsements = new IFabricFactVerifier.Endorsement[](count);
        for (uint256 i = 0; i < count; ++i) {
            endorsements[i] = FabricFixtures.endorse(_peerKey(picked[i]), _identities[picked[i]], payload);
        }
    }

    function _caKey(uint256 i) private pure returns (uint256) {
        return uint256(keccak256(abi.encode("ca", i))) % FabricFixtures.N;
    }

    function _peerKey(uint256 i) private pure returns (uint256) {
        return uint256(keccak256(abi.encode("peer", i))) % FabricFixtures.N;
    }
}
