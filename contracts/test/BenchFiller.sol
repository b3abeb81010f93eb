// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {ICertificationRegistry} from "../interfaces/ICertificationRegistry.sol";
import {IFabricFactVerifier} from "../interfaces/IFabricFactVerifier.sol";
import {IIdentifierRegistry} from "../interfaces/IIdentifierRegistry.sol";
import {IReceivableRegistry} from "../interfaces/IReceivableRegistry.sol";

/**
 * @title BenchFiller
 * @author Twinledger
 * @notice TEST ONLY — never deploy. Fills the registries with records for the cost-growth bench
 * (scripts/bench/growth.ts): many records per transaction, each written by the registry's own
 * function with this contract as the caller (owner, namespace holder, certifier, seller, consumer).
 * @dev Loops are bounded by the arrays the bench passes; nothing here is on a user's path.
 */
contract BenchFiller {
    IAssetRegistry private immutable _ASSETS;
    IIdentifierRegistry private immutable _IDENTIFIERS;
    ICertificationRegistry private immutable _CERTIFICATION;
    IReceivableRegistry private immutable _RECEIVABLES;
    IFabricFactVerifier private immutable _VERIFIER;

    /**
     * @notice Creates a filler of these registries.
     * @param assets_ The AssetRegistry.
     * @param identifiers_ The IdentifierRegistry.
     * @param certification_ The CertificationRegistry.
     * @param receivables_ The ReceivableRegistry.
     * @param verifier_ The FabricFactVerifier.
     */
    constructor(
        IAssetRegistry assets_,
        IIdentifierRegistry identifiers_,
        ICertificationRegistry certification_,
        IReceivableRegistry receivables_,
        IFabricFactVerifier verifier_
    ) {
        _ASSETS = assets_;
        _IDENTIFIERS = identifiers_;
        _CERTIFICATION = certification_;
        _RECEIVABLES = receivables_;
        _VERIFIER = verifier_;
    }

    /**
     * @notice Registers an asset per id, owned by this contract, and binds `identifiers[i]` to `ids[i]`.
     * @param ids The asset ids.
     * @param identifiers Canonical identifiers in a namespace this contract holds.
     * @param metadataUri The metadata URI of every asset.
     */
    function registerAndBind(
        string[] calldata ids,
        string[] calldata identifiers,
        string calldata metadataUri
    ) external {
        for (uint256 i = 0; i < ids.length; ++i) {
            _ASSETS.registerAsset(ids[i], "industrial.valve", keccak256(bytes(ids[i])), metadataUri);
            _IDENTIFIERS.bindIdentifier(ids[i], identifiers[i]);
        }
    }

    /**
     * @notice Issues certificate `certificateIds[i]` of `standard` on asset `assetIds[i]`, this
     * contract being accredited for it.
     * @param certificateIds The certificate ids.
     * @param assetIds The assets they certify.
     * @param standard The standard.
     * @param validUntil The end of every certificate's validity.
     */
    function issueCertificates(
        string[] calldata certificateIds,
        string[] calldata assetIds,
        string calldata standard,
        uint64 validUntil
    ) external {
        for (uint256 i = 0; i < certificateIds.length; ++i) {
            _CERTIFICATION.issueCertificate(
                certificateIds[i],
                assetIds[i],
                standard,
                bytes32(0),
                bytes32(0),
                0,
                validUntil
            );
        }
    }

    /**
     * @notice Issues receivable `invoiceIds[i]` to `debtor` linked to asset `assetIds[i]`, its
     * fingerprint the id's SHA-256.
     * @param invoiceIds The receivable ids.
     * @param assetIds The asset each is linked to.
     * @param debtor The debtor of every receivable.
     * @param dueDate The due date of every receivable.
     */
    function issueReceivables(
        string[] calldata invoiceIds,
        string[] calldata assetIds,
        address debtor,
        uint64 dueDate
    ) external {
        string[] memory linked = new string[](1);
        for (uint256 i = 0; i < invoiceIds.length; ++i) {
            linked[0] = assetIds[i];
            bytes32 fingerprint = sha256(bytes(invoiceIds[i]));
            _RECEIVABLES.issueReceivable(invoiceIds[i], debtor, 1_000, "EUR", dueDate, fingerprint, linked, "");
        }
    }

    /**
     * @notice Asks the verifier for `count` nonces with this contract as the consumer.
     * @param count How many.
     * @param factType The fact type of each.
     * @param subject The subject of each.
     */
    function requestNonces(uint256 count, uint8 factType, bytes32 subject) external {
        for (uint256 i = 0; i < count; ++i) {
            _VERIFIER.requestNonce(address(this), factType, subject);
        }
    }

    /**
     * @notice Consumes every proof (its payload and its endorsements) as this contract.
     * @param payloads The proposal response payloads.
     * @param endorsements The endorsements of each.
     */
    function consumeFacts(
        bytes[] calldata payloads,
        IFabricFactVerifier.Endorsement[][] calldata endorsements
    ) external {
        for (uint256 i = 0; i < payloads.length; ++i) {
            // slither-disable-next-line unused-return
            _VERIFIER.consumeFact(payloads[i], endorsements[i]);
        }
    }
}
