// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITwinledgerErrors} from "./ITwinledgerErrors.sol";
import {IdentifierSyntax} from "../libraries/IdentifierSyntax.sol";

/**
 * @title IIdentifierRegistry
 * @author Twinledger
 * @notice Primitive 2 of the specification: one canonical identifier (GS1 Digital Link, Handle,
 * OID, DID) bound to at most one asset, under namespaces delegated by the consortium's ADMIN.
 * @dev A binding is keyed by the identifier's key, sha256 of its folded canonical form
 * (`core/identifiers/CANONICAL.md`), so the same physical identifier can never be bound twice,
 * whatever form a client received it in. Canonical forms are validated in full on chain.
 * The canonical string and the asset id live in the events; the clients index them.
 */
interface IIdentifierRegistry is ITwinledgerErrors {
    /**
     * @notice What is stored of a binding (two storage slots).
     * @param assetKey keccak256 of the bound asset's id.
     * @param boundBy The party that bound it.
     * @param boundAt The block timestamp of the binding.
     */
    struct Binding {
        bytes32 assetKey;
        address boundBy;
        uint48 boundAt;
    }

    /**
     * @notice ADMIN delegated a namespace to `holder`.
     * @param namespaceKey keccak256 of the scheme byte followed by the prefix.
     * @param scheme The identifier scheme.
     * @param prefix The GS1 company prefix, Handle naming authority or OID arcs.
     * @param holder The party that may bind identifiers in the namespace.
     */
    event NamespaceRegistered(
        bytes32 indexed namespaceKey,
        IdentifierSyntax.Scheme scheme,
        string prefix,
        address indexed holder
    );

    /**
     * @notice ADMIN revoked a namespace; a less specific one, if registered, governs again.
     * @param namespaceKey keccak256 of the scheme byte followed by the prefix.
     * @param scheme The identifier scheme.
     * @param prefix The revoked prefix.
     * @param holder The party that held it.
     */
    event NamespaceRevoked(
        bytes32 indexed namespaceKey,
        IdentifierSyntax.Scheme scheme,
        string prefix,
        address indexed holder
    );

    /**
     * @notice ADMIN handed a namespace over to another holder.
     * @param namespaceKey keccak256 of the scheme byte followed by the prefix.
     * @param scheme The identifier scheme.
     * @param prefix The prefix.
     * @param from The former holder.
     * @param to The new holder.
     */
    event NamespaceTransferred(
        bytes32 indexed namespaceKey,
        IdentifierSyntax.Scheme scheme,
        string prefix,
        address indexed from,
        address indexed to
    );

    /**
     * @notice An identifier was bound to an asset.
     * @param key The identifier's key.
     * @param scheme The identifier scheme.
     * @param canonical The canonical identifier.
     * @param assetKey keccak256 of `assetId`.
     * @param assetId The asset id.
     * @param boundBy The binding party (the asset's owner).
     */
    event IdentifierBound(
        bytes32 indexed key,
        IdentifierSyntax.Scheme scheme,
        string canonical,
        bytes32 indexed assetKey,
        string assetId,
        address boundBy
    );

    /**
     * @notice A binding was removed; the identifier is free again.
     * @param key The identifier's key.
     * @param canonical The canonical identifier.
     * @param assetKey keccak256 of the asset it was bound to.
     * @param unboundBy The asset's owner or the namespace holder.
     */
    event IdentifierUnbound(bytes32 indexed key, string canonical, bytes32 indexed assetKey, address unboundBy);

    /**
     * @notice Delegates `prefix` of `scheme` to `holder`. ADMIN only.
     * @dev Reverts `InvalidArgument` for the open scheme `did`, an invalid prefix or the zero holder,
     * then `Unauthorized` for a caller without ADMIN, then `AlreadyExists`.
     * @param scheme The identifier scheme, as its {IdentifierSyntax.Scheme} index (not `did`; a
     * uint8, so that any raw value is refused with `InvalidArgument`).
     * @param prefix A GS1 company prefix (6–12 digits), Handle naming authority or OID arcs.
     * @param holder The party that may bind identifiers in the namespace.
     */
    function registerNamespace(uint8 scheme, string calldata prefix, address holder) external;

    /**
     * @notice Revokes a registered namespace. ADMIN only. Bindings made in it stay bound; new
     * bindings and namespace-holder unbindings follow whichever namespace now governs.
     * @dev Reverts `InvalidArgument` for `did` or an invalid prefix, then `Unauthorized` for a
     * caller without ADMIN, then `NotFound` if the namespace is not registered.
     * @param scheme The identifier scheme.
     * @param prefix The registered prefix.
     */
    function revokeNamespace(uint8 scheme, string calldata prefix) external;

    /**
     * @notice Hands a registered namespace over to `newHolder`. ADMIN only. Bindings stay.
     * @dev Reverts `InvalidArgument` for `did`, an invalid prefix or the zero holder, then
     * `Unauthorized`, then `NotFound`, then `InvalidArgument("newHolder")` if it already holds it.
     * @param scheme The identifier scheme.
     * @param prefix The registered prefix.
     * @param newHolder The party that holds it from now on.
     */
    function transferNamespace(uint8 scheme, string calldata prefix, address newHolder) external;

    /**
     * @notice Binds a canonical identifier to an asset the caller owns.
     * @dev Checks in order: `IdentifierInvalid` (not canonical), `NotFound` (no such asset),
     * `Unauthorized` (not the owner), `InvalidState` (decommissioned), `ProofRequired` (a
     * self-certifying DID: see {bindDid}), `NamespaceNotHeld` (the most specific registered
     * namespace covering it is not the caller's; a DID's namespace is its method), `IdentifierTaken`
     * (already bound).
     * @param assetId The asset.
     * @param canonicalIdentifier The identifier in canonical form.
     */
    function bindIdentifier(string calldata assetId, string calldata canonicalIdentifier) external;

    /**
     * @notice Binds a self-certifying DID (`did:pkh:eip155`, `did:ethr`, P-256 `did:key`) to an
     * asset the caller owns, with its controller's consent (`core/spec/DID.md`).
     * @dev Checks in order: `InvalidArgument` (signature not 64 or 65 bytes), `IdentifierInvalid`,
     * `InvalidArgument` (not a self-certifying DID), `NotFound`, `Unauthorized`, `InvalidState`,
     * `ProofInvalid` (deadline passed, or `signature` is not the DID key's signature over
     * {didBindingStatement}), `IdentifierTaken`. Emits {IdentifierBound}.
     * @param assetId The asset.
     * @param did The DID in canonical form.
     * @param deadline The last block timestamp at which the proof is good.
     * @param signature secp256k1 r ‖ s ‖ v over the EIP-191 message, or P-256 r ‖ s over its SHA-256.
     */
    function bindDid(string calldata assetId, string calldata did, uint64 deadline, bytes calldata signature) external;

    /**
     * @notice Frees an identifier; the asset's owner or the holder of its governing namespace may.
     * @dev Reverts `IdentifierInvalid`, `NotFound` (not bound), `Unauthorized`.
     * @param canonicalIdentifier The identifier in canonical form.
     */
    function unbindIdentifier(string calldata canonicalIdentifier) external;

    /**
     * @notice The current binding of an identifier.
     * @dev Reverts `IdentifierInvalid` or `NotFound` (not bound).
     * @param canonicalIdentifier The identifier in canonical form.
     * @return binding The stored binding.
     */
    function resolveIdentifier(string calldata canonicalIdentifier) external view returns (Binding memory binding);

    /**
     * @notice The text a DID's controller signs to let `assetId`'s owner bind it here until `deadline`.
     * @dev Reverts `IdentifierInvalid`, or `InvalidArgument` for a DID that is not self-certifying
     * or an invalid asset id.
     * @param assetId The asset.
     * @param did The DID in canonical form.
     * @param deadline The last block timestamp at which the proof is good.
     * @return statement The statement (`core/spec/DID.md`).
     */
    function didBindingStatement(
        string calldata assetId,
        string calldata did,
        uint64 deadline
    ) external view returns (string memory statement);

    /**
     * @notice The holder of a namespace, or the zero address if it is not registered.
     * @param scheme The identifier scheme.
     * @param prefix The namespace prefix.
     * @return holder The holder.
     */
    function namespaceHolder(
        IdentifierSyntax.Scheme scheme,
        string calldata prefix
    ) external view returns (address holder);
}
