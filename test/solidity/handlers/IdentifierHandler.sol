// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAssetRegistry} from "../../../contracts/interfaces/IAssetRegistry.sol";
import {IIdentifierRegistry} from "../../../contracts/interfaces/IIdentifierRegistry.sol";
import {ITwinledgerErrors} from "../../../contracts/interfaces/ITwinledgerErrors.sol";
import {VM} from "../utils/Vm.sol";

/**
 * @title IdentifierHandler
 * @notice Drives an IdentifierRegistry (and the assets and namespaces it reads) through random
 * binds, unbinds, namespace and asset hand-overs and decommissions, for the invariant runner.
 * @dev Identifiers come from a small pool: Handles `hdl:{t|u}/{abc|xyz|Q-1}` written in random
 * letter case (a Handle's key folds case, so `hdl:t/ABC` and `hdl:t/abc` are one key) and three
 * OIDs. The ghost maps each key to the asset it is bound to. A bind whose every other check the
 * ghost knows to pass has one allowed outcome: success if the key is free, else
 * `IdentifierTaken(key)`. After every call every spelling of every key is resolved and must name
 * the ghost's asset (or be NotFound when the ghost has none).
 */
contract IdentifierHandler {
    uint8 private constant _HANDLE = 1;
    uint8 private constant _OID = 2;

    IIdentifierRegistry public immutable identifiers;
    IAssetRegistry public immutable assets;
    address public immutable admin;

    address[2] private _holders = [address(0xA11CE), address(0xB0B)];
    address private constant _NOBODY = address(0x0757);
    string[2] private _prefixes = ["t", "u"];
    string private constant _OID_NAMESPACE = "1.3.6.1.4.1.343";
    string[3] private _bases = ["abc", "xyz", "Q-1"];
    string[3] private _oidArcs = ["1", "20", "7.5"];

    string[] private _assetIds;
    mapping(bytes32 assetKey => address owner) private _owner;
    mapping(bytes32 assetKey => bool gone) private _decommissioned;
    /// @dev Who governs namespace `t`, `u` (0, 1) and the OID one (2).
    address[3] private _governor;
    mapping(bytes32 identifierKey => bytes32 assetKey) public boundTo;

    /// @notice Binds that succeeded for a key the ghost had bound already.
    uint256 public doubleBinds;
    /// @notice Binds whose outcome was not the one allowed (see the contract's doc).
    uint256 public bindOutcomeMismatches;
    /// @notice Resolutions that named another asset than the ghost's, or none when it had one.
    uint256 public resolveMismatches;
    /// @notice Keys whose spellings resolved to different assets.
    uint256 public splitKeys;
    /// @notice Coverage: successful binds, IdentifierTaken rejections, unbinds.
    uint256 public binds;
    uint256 public takenRejections;
    uint256 public unbinds;

    constructor(
        IIdentifierRegistry identifiers_,
        IAssetRegistry assets_,
        address admin_,
        string[] memory assetIds_
    ) {
        identifiers = identifiers_;
        assets = assets_;
        admin = admin_;
        for (uint256 i = 0; i < assetIds_.length; ++i) {
            _assetIds.push(assetIds_[i]);
            (address owner, ) = assets_.assetControl(keccak256(bytes(assetIds_[i])));
            _owner[keccak256(bytes(assetIds_[i]))] = owner;
        }
        _governor = [_holders[0], _holders[1], _holders[0]];
    }

    // ---- actions ------------------------------------------------------------------------------

    /// @notice A holder (or nobody) binds a spelling of a pooled identifier to an asset.
    function bind(uint256 actorSeed, uint256 assetSeed, uint256 identifierSeed, uint256 caseMask) external {
        (string memory identifier, bytes32 key, uint256 namespace) = _identifier(identifierSeed, caseMask);
        // Three times in four the namespace's holder with a live asset of its own; else anyone, any asset.
        address actor = actorSeed % 4 != 3 ? _governor[namespace] : actorSeed % 8 == 7 ? _NOBODY : _holders[actorSeed % 2];
        string memory assetId = _assetOf(actor, assetSeed);
        bytes32 assetKey = keccak256(bytes(assetId));
        bool allowed = _owner[assetKey] == actor && !_decommissioned[assetKey] && _governor[namespace] == actor;
        bool taken = boundTo[key] != bytes32(0);

        VM.prank(actor);
        try identifiers.bindIdentifier(assetId, identifier) {
            if (taken) ++doubleBinds;
            if (!allowed) ++bindOutcomeMismatches;
            boundTo[key] = assetKey;
            ++binds;
        } catch (bytes memory reason) {
            bool isTaken = keccak256(reason) ==
                keccak256(abi.encodeWithSelector(ITwinledgerErrors.IdentifierTaken.selector, key));
            if (allowed && (!taken || !isTaken)) ++bindOutcomeMismatches;
            if (isTaken) ++takenRejections;
        }
        _observe();
    }

    /// @notice Binds a spelling of an identifier that is bound already, to another asset of the same binder.
    function rebind(uint256 identifierSeed, uint256 caseMask, uint256 assetSeed) external {
        (string memory identifier, bytes32 key, uint256 namespace) = _identifier(identifierSeed, caseMask);
        if (boundTo[key] == bytes32(0)) return;
        address actor = _governor[namespace];
        for (uint256 i = 0; i < _assetIds.length; ++i) {
            string memory assetId = _assetIds[(assetSeed % _assetIds.length + i) % _assetIds.length];
            bytes32 assetKey = keccak256(bytes(assetId));
            if (_owner[assetKey] != actor || _decommissioned[assetKey]) continue;
            VM.prank(actor);
            try identifiers.bindIdentifier(assetId, identifier) {
                ++doubleBinds;
                boundTo[key] = assetKey;
            } catch (bytes memory reason) {
                bool isTaken = keccak256(reason) ==
                    keccak256(abi.encodeWithSelector(ITwinledgerErrors.IdentifierTaken.selector, key));
                if (!isTaken) ++bindOutcomeMismatches;
                else ++takenRejections;
            }
            break;
        }
        _observe();
    }

    /// @notice A holder (or nobody) unbinds a spelling of a pooled identifier.
    function unbind(uint256 actorSeed, uint256 identifierSeed, uint256 caseMask) external {
        address actor = actorSeed % 5 == 4 ? _NOBODY : _holders[actorSeed % 2];
        (string memory identifier, bytes32 key, ) = _identifier(identifierSeed, caseMask);
        VM.prank(actor);
        try identifiers.unbindIdentifier(identifier) {
            if (boundTo[key] == bytes32(0)) ++bindOutcomeMismatches;
            delete boundTo[key];
            ++unbinds;
        } catch {}
        _observe();
    }

    /// @notice ADMIN hands a namespace to the other holder.
    function transferNamespace(uint256 namespaceSeed) external {
        uint256 namespace = namespaceSeed % 3;
        address to = _governor[namespace] == _holders[0] ? _holders[1] : _holders[0];
        VM.prank(admin);
        if (namespace == 2) identifiers.transferNamespace(_OID, _OID_NAMESPACE, to);
        else identifiers.transferNamespace(_HANDLE, _prefixes[namespace], to);
        _governor[namespace] = to;
        _observe();
    }

    /// @notice An asset's owner hands it to the other holder (its bindings stay).
    function transferAsset(uint256 assetSeed) external {
        string memory assetId = _assetIds[assetSeed % _assetIds.length];
        bytes32 assetKey = keccak256(bytes(assetId));
        address owner = _owner[assetKey];
        address to = owner == _holders[0] ? _holders[1] : _holders[0];
        VM.prank(owner);
        try assets.transferAsset(assetId, to) {
            _owner[assetKey] = to;
        } catch {}
        _observe();
    }

    /// @notice An asset's owner decommissions it (one call in four): no new binding to it (the old ones stay).
    function decommission(uint256 assetSeed) external {
        if (assetSeed % 4 != 0) return;
        assetSeed >>= 2;
        string memory assetId = _assetIds[assetSeed % _assetIds.length];
        bytes32 assetKey = keccak256(bytes(assetId));
        VM.prank(_owner[assetKey]);
        try assets.setAssetStatus(assetId, uint8(IAssetRegistry.AssetStatus.Decommissioned)) {
            _decommissioned[assetKey] = true;
        } catch {}
        _observe();
    }

    // ---- reads --------------------------------------------------------------------------------

    /// @notice The identifier of the pool picked by `seed`, spelt by `caseMask`, its key and its namespace.
    function pooled(uint256 seed, uint256 caseMask) external view returns (string memory, bytes32, uint256) {
        return _identifier(seed, caseMask);
    }

    /// @notice How many identifiers the pool has (each in up to 8 spellings).
    function poolSize() public pure returns (uint256) {
        return 9;
    }

    // ---- private ------------------------------------------------------------------------------

    /// @dev Three times in four a live asset of `owner` (if it has one), else any asset.
    function _assetOf(address owner, uint256 seed) private view returns (string memory) {
        uint256 n = _assetIds.length;
        if (seed % 4 != 3) {
            for (uint256 i = 0; i < n; ++i) {
                string memory id = _assetIds[((seed >> 2) % n + i) % n];
                bytes32 assetKey = keccak256(bytes(id));
                if (_owner[assetKey] == owner && !_decommissioned[assetKey]) return id;
            }
        }
        return _assetIds[(seed >> 2) % n];
    }

    /// @dev Every spelling of every key, resolved; each must say what the ghost says.
    function _observe() private {
        for (uint256 seed = 0; seed < poolSize(); ++seed) {
            bytes32 seenAsset;
            for (uint256 mask = 0; mask < 8; mask += 7) {
                (string memory identifier, bytes32 key, ) = _identifier(seed, mask);
                bytes32 resolved;
                try identifiers.resolveIdentifier(identifier) returns (IIdentifierRegistry.Binding memory b) {
                    resolved = b.assetKey;
                } catch {}
                if (resolved != boundTo[key]) ++resolveMismatches;
                if (mask != 0 && resolved != seenAsset) ++splitKeys;
                seenAsset = resolved;
            }
        }
    }

    /**
     * @dev Pool entry `seed % 9`: six Handles (prefix `t` or `u`, three suffixes whose letters
     * `caseMask` upper-cases bit by bit) and three OIDs. The key is sha256 of the folded form.
     */
    function _identifier(
        uint256 seed,
        uint256 caseMask
    ) private view returns (string memory identifier, bytes32 key, uint256 namespace) {
        uint256 entry = seed % 9;
        if (entry >= 6) {
            identifier = string.concat("urn:oid:", _OID_NAMESPACE, ".", _oidArcs[entry - 6]);
            return (identifier, sha256(bytes(identifier)), 2);
        }
        namespace = entry / 3;
        bytes memory suffix = bytes(_bases[entry % 3]);
        bytes memory folded = bytes(string.concat("hdl:", _prefixes[namespace], "/", string(suffix)));
        for (uint256 i = 0; i < folded.length; ++i) {
            if (folded[i] >= "A" && folded[i] <= "Z") folded[i] = bytes1(uint8(folded[i]) + 32);
        }
        key = sha256(folded);
        bytes memory spelt = new bytes(suffix.length);
        for (uint256 i = 0; i < suffix.length; ++i) {
            bytes1 c = suffix[i];
            if (c >= "a" && c <= "z" && (caseMask >> i) & 1 == 1) c = bytes1(uint8(c) - 32);
            else if (c >= "A" && c <= "Z" && (caseMask >> i) & 1 == 1) c = bytes1(uint8(c) + 32);
            spelt[i] = c;
        }
        identifier = string.concat("hdl:", _prefixes[namespace], "/", string(spelt));
    }
}
