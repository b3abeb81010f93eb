// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IIdentifierRegistry} from "../../contracts/interfaces/IIdentifierRegistry.sol";
import {ITwinledgerErrors} from "../../contracts/interfaces/ITwinledgerErrors.sol";
import {IdentifierHandler} from "./handlers/IdentifierHandler.sol";
import {Deployment} from "./utils/Deployment.sol";
import {InvariantTargets} from "./utils/InvariantTargets.sol";
import {VM} from "./utils/Vm.sol";

/**
 * @title IdentifierBindingTest
 * @notice Property 4: an identifier key is bound to at most one asset (PRIMITIVES.md §2,
 * `core/identifiers/CANONICAL.md`: the key of a Handle folds letter case), under random sequences
 * of binds, unbinds, and hand-overs of namespaces and assets.
 */
contract IdentifierBindingTest is Deployment, InvariantTargets {
    address private constant _ALICE = address(0xA11CE);
    address private constant _BOB = address(0xB0B);

    IdentifierHandler private _handler;

    function setUp() public {
        _deploy();
        VM.startPrank(ADMIN);
        identifiers.registerNamespace(1, "t", _ALICE);
        identifiers.registerNamespace(1, "u", _BOB);
        identifiers.registerNamespace(2, "1.3.6.1.4.1.343", _ALICE);
        VM.stopPrank();
        string[] memory ids = new string[](5);
        (ids[0], ids[1], ids[2], ids[3], ids[4]) = ("A-0", "A-1", "A-2", "B-0", "B-1");
        for (uint256 i = 0; i < ids.length; ++i) {
            VM.prank(i < 3 ? _ALICE : _BOB);
            assets.registerAsset(ids[i], "machine", bytes32(0), "");
        }
        _handler = new IdentifierHandler(identifiers, assets, ADMIN, ids);

        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = IdentifierHandler.bind.selector;
        selectors[1] = IdentifierHandler.bind.selector;
        selectors[2] = IdentifierHandler.rebind.selector;
        selectors[3] = IdentifierHandler.rebind.selector;
        selectors[4] = IdentifierHandler.unbind.selector;
        selectors[5] = IdentifierHandler.transferNamespace.selector;
        selectors[6] = IdentifierHandler.transferAsset.selector;
        selectors[7] = IdentifierHandler.decommission.selector;
        _target(address(_handler), selectors);
    }

    /// @notice No bind ever succeeds for a key that is bound.
    function invariant_aBoundKeyIsNeverBoundAgain() public view {
        VM.assertEq(_handler.doubleBinds(), 0, "a bound key was bound again");
    }

    /// @notice Every spelling of a key resolves to the one asset it is bound to (or to none).
    function invariant_everySpellingResolvesToTheOneAsset() public view {
        VM.assertEq(_handler.splitKeys(), 0, "two spellings of one key resolved to different assets");
        VM.assertEq(_handler.resolveMismatches(), 0, "a key resolved to another asset than it was bound to");
    }

    /// @notice A bind whose other checks pass succeeds on a free key and reverts IdentifierTaken(key) on a bound one.
    function invariant_aBindEndsAsTheKeySays() public view {
        VM.assertEq(_handler.bindOutcomeMismatches(), 0, "a bind or unbind ended otherwise than the ghost says");
    }

    /// @notice Whatever the spellings and the assets, the second bind of a key reverts IdentifierTaken and the first binding stays.
    function testFuzz_aKeyIsBoundToOneAssetWhateverItsSpelling(
        uint256 identifierSeed,
        uint256 firstCase,
        uint256 secondCase,
        bool sameAsset
    ) public {
        uint256 seed = identifierSeed % 3; // the Handles under `t` and their spellings
        (string memory first, bytes32 key, ) = _handler.pooled(seed, firstCase);
        (string memory second, bytes32 secondKey, ) = _handler.pooled(seed, secondCase);
        VM.assertEq(key, secondKey, "spellings of one identifier have different keys");

        VM.prank(_ALICE);
        identifiers.bindIdentifier("A-0", first);
        VM.expectRevert(abi.encodeWithSelector(ITwinledgerErrors.IdentifierTaken.selector, key));
        VM.prank(_ALICE);
        identifiers.bindIdentifier(sameAsset ? "A-0" : "A-1", second);

        IIdentifierRegistry.Binding memory binding = identifiers.resolveIdentifier(second);
        VM.assertEq(binding.assetKey, keccak256("A-0"), "the binding moved to another asset");
    }
}
