// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IFabricFactVerifier} from "./IFabricFactVerifier.sol";
import {ITwinledgerErrors} from "./ITwinledgerErrors.sol";

/**
 * @title IFabricCertificateCheck
 * @author Twinledger
 * @notice Whether a certificate of the Fabric ledger is valid, for any EVM contract, from a fresh
 * proof of its verdict (fact type 2, CertificateVerdict; `core/spec/INTEROP.md` §1).
 * @dev Anyone asks the verifier for a nonce with this contract as the consumer, as
 * `requestNonce(address(this), 2, keccak256(bytes(certificateId)))`, has the Fabric peers endorse
 * `proveFact(CertificateVerdict, certificateId, …)` and hands the proof to {checkCertificate}. A
 * verdict is stated for the proof's whole window (Fabric says Valid only when the certificate is
 * Valid at both ends), so {isCertificateValid} trusts a recorded Valid inside that window only.
 * Verdicts are 1 + the index in `CERTIFICATE_VERDICTS` (`core/spec/lifecycles.ts`): 1 Valid,
 * 2 NotYetValid, 3 Expired, 4 Suspended, 5 Revoked, 6 Superseded, 7 IssuerNotAccredited; 0 is no
 * such certificate.
 */
interface IFabricCertificateCheck is ITwinledgerErrors {
    /**
     * @notice A certificate's verdict was proven and recorded.
     * @param certificateKey keccak256 of the certificate id.
     * @param certificateId The certificate id.
     * @param verdict 1 + the index in `CERTIFICATE_VERDICTS`; 0 if Fabric has no such certificate.
     * @param validFrom The proof's notBefore: the EVM time from which the verdict holds.
     * @param validUntil The proof's expiry: the EVM time up to which it holds.
     */
    event CertificateChecked(
        bytes32 indexed certificateKey,
        string certificateId,
        uint8 verdict,
        uint64 validFrom,
        uint64 validUntil
    );

    /**
     * @notice The proof is not of the fact asked for: another fact type, or another subject.
     * @param factType The statement's fact type.
     * @param subject The statement's subject.
     */
    error FactMismatch(uint8 factType, bytes32 subject);

    /**
     * @notice The proof states a value that is no verdict (above 7).
     * @param value The stated value.
     */
    error VerdictUnknown(bytes32 value);

    /**
     * @notice A proof whose window starts before the recorded one's: it would replace a fresher
     * verdict by an older one.
     * @param validFrom The proof's notBefore.
     * @param recordedFrom The recorded proof's notBefore.
     */
    error StaleProof(uint64 validFrom, uint64 recordedFrom);

    /**
     * @notice Records a certificate's verdict from a proof of it; anyone may call.
     * @dev Checks in order: every check of {IFabricFactVerifier-consumeFact} with its errors (a
     * proof is consumed once); {FactMismatch} (not fact type 2, or of another certificate);
     * {VerdictUnknown}; {StaleProof}. Emits {CertificateChecked}.
     * @param certificateId The certificate id.
     * @param proposalResponsePayload The ProposalResponsePayload the peers signed.
     * @param endorsements Their endorsements.
     * @return verdict The proven verdict (1 Valid, …; 0 no such certificate).
     */
    function checkCertificate(
        string calldata certificateId,
        bytes calldata proposalResponsePayload,
        IFabricFactVerifier.Endorsement[] calldata endorsements
    ) external returns (uint8 verdict);

    /**
     * @notice Whether the last recorded verdict of a certificate is Valid and now is inside its
     * proof's window.
     * @param certificateId The certificate id.
     * @return valid True if so.
     */
    function isCertificateValid(string calldata certificateId) external view returns (bool valid);

    /**
     * @notice The last recorded verdict of a certificate and its proof's window.
     * @param certificateId The certificate id.
     * @return verdict 1 + the index in `CERTIFICATE_VERDICTS`; 0 if none is recorded or Fabric has
     * no such certificate.
     * @return validFrom The proof's notBefore (0 if none is recorded).
     * @return validUntil The proof's expiry (0 if none is recorded).
     */
    function certificateVerdict(
        string calldata certificateId
    ) external view returns (uint8 verdict, uint64 validFrom, uint64 validUntil);

    /**
     * @notice The verifier whose proofs this contract consumes.
     * @return verifier The FabricFactVerifier.
     */
    function fabricVerifier() external view returns (IFabricFactVerifier verifier);
}
