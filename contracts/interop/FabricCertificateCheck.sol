// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IFabricCertificateCheck} from "../interfaces/IFabricCertificateCheck.sol";
import {IFabricFactVerifier} from "../interfaces/IFabricFactVerifier.sol";

/**
 * @title FabricCertificateCheck
 * @author Twinledger
 * @notice Answers "is certificate C valid" for any EVM contract, from proofs of Fabric's verdicts
 * (`core/spec/INTEROP.md` §1, fact type 2).
 * @dev One slot per certificate: the last recorded verdict and its proof's window. A proof is
 * recorded only if its window starts no earlier than the recorded one's, so a proof taken before
 * a fresher one cannot replace it. The verifier is this contract's own immutable
 * FabricFactVerifier: it reads the membership and the precompiles only and calls back nothing, so
 * consuming a proof before the effects is a check, not an interaction that could re-enter.
 */
contract FabricCertificateCheck is IFabricCertificateCheck {
    /// @dev A recorded verdict and the window of its proof (one slot).
    struct Verdict {
        uint8 verdict;
        uint64 validFrom;
        uint64 validUntil;
    }

    /// @dev The fact type of a CertificateVerdict.
    uint8 private constant _CERTIFICATE_VERDICT = 2;
    /// @dev 1 + the index of Valid in `CERTIFICATE_VERDICTS`.
    uint8 private constant _VALID = 1;
    /// @dev 1 + the index of the last verdict, IssuerNotAccredited.
    uint256 private constant _MAX_VERDICT = 7;

    IFabricFactVerifier private immutable _VERIFIER;

    mapping(bytes32 certificateKey => Verdict verdict) private _verdicts;

    /**
     * @notice Creates a check of the certificates of a verifier's Fabric channel.
     * @param verifier The FabricFactVerifier.
     */
    constructor(IFabricFactVerifier verifier) {
        if (address(verifier) == address(0)) revert InvalidArgument("verifier");
        _VERIFIER = verifier;
    }

    /// @inheritdoc IFabricCertificateCheck
    function checkCertificate(
        string calldata certificateId,
        bytes calldata proposalResponsePayload,
        IFabricFactVerifier.Endorsement[] calldata endorsements
    ) external returns (uint8 verdict) {
        IFabricFactVerifier.FactStatement memory statement = _VERIFIER.consumeFact(
            proposalResponsePayload,
            endorsements
        );
        bytes32 key = keccak256(bytes(certificateId));
        if (statement.factType != _CERTIFICATE_VERDICT || statement.subject != key) {
            revert FactMismatch(statement.factType, statement.subject);
        }
        if (uint256(statement.value) > _MAX_VERDICT) revert VerdictUnknown(statement.value);
        uint64 recordedFrom = _verdicts[key].validFrom;
        if (statement.notBefore < recordedFrom) revert StaleProof(statement.notBefore, recordedFrom);

        verdict = uint8(uint256(statement.value));
        _verdicts[key] = Verdict({verdict: verdict, validFrom: statement.notBefore, validUntil: statement.expiry});
        emit CertificateChecked(key, certificateId, verdict, statement.notBefore, statement.expiry);
    }

    /// @inheritdoc IFabricCertificateCheck
    function isCertificateValid(string calldata certificateId) external view returns (bool valid) {
        Verdict memory recorded = _verdicts[keccak256(bytes(certificateId))];
        return
            recorded.verdict == _VALID &&
            recorded.validFrom <= block.timestamp &&
            block.timestamp <= recorded.validUntil;
    }

    /// @inheritdoc IFabricCertificateCheck
    function certificateVerdict(
        string calldata certificateId
    ) external view returns (uint8 verdict, uint64 validFrom, uint64 validUntil) {
        Verdict memory recorded = _verdicts[keccak256(bytes(certificateId))];
        return (recorded.verdict, recorded.validFrom, recorded.validUntil);
    }

    /// @inheritdoc IFabricCertificateCheck
    function fabricVerifier() external view returns (IFabricFactVerifier verifier) {
        return _VERIFIER;
    }
}
