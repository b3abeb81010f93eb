// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITwinledgerErrors} from "./ITwinledgerErrors.sol";

/**
 * @title IFabricMembership
 * @author Twinledger
 * @notice The Fabric organisations, endorsement policy and endorsing peers of one channel and
 * chaincode, as an EVM verifier of its facts knows them (`core/spec/INTEROP.md` §3).
 * @dev Governed by the RoleRegistry's ADMIN, as channel configuration is governed by the
 * organisations' admins. A peer registers itself, once, with its SerializedIdentity: the
 * certificate is the credential. Errors carry the names and arguments of
 * `MEMBERSHIP_ERROR_ARGUMENTS` (`core/interop/errors.ts`).
 */
interface IFabricMembership is ITwinledgerErrors {
    /// @notice An organisation was registered.
    /// @param mspId Its MSP id.
    /// @param organizationBit Its bit in policies and endorsement sets (`1 << index`).
    /// @param caKeyX Its CA's P-256 public key, x.
    /// @param caKeyY Its CA's P-256 public key, y.
    /// @param caSubject The DER of its CA's subject Name.
    event OrganizationRegistered(
        string mspId,
        uint256 organizationBit,
        bytes32 caKeyX,
        bytes32 caKeyY,
        bytes caSubject
    );

    /// @notice An organisation was removed: its peers no longer count, the policy no longer names it.
    /// @param mspId Its MSP id.
    /// @param organizationBit Its bit.
    event OrganizationRemoved(string mspId, uint256 organizationBit);

    /// @notice The endorsement policy was set: every listed organisation must endorse.
    /// @param requiredMspIds The organisations, as given.
    /// @param requiredOrganizations Their bits.
    event EndorsementPolicySet(string[] requiredMspIds, uint256 requiredOrganizations);

    /// @notice A peer registered.
    /// @param peer Its id: keccak-256 of its SerializedIdentity.
    /// @param mspId Its organisation.
    /// @param keyX Its P-256 public key, x.
    /// @param keyY Its P-256 public key, y.
    event PeerRegistered(bytes32 indexed peer, string mspId, bytes32 keyX, bytes32 keyY);

    /// @notice A peer was removed (revoked): its endorsements no longer count, and it cannot register again.
    /// @param peer Its id.
    event PeerRemoved(bytes32 indexed peer);

    /// @notice The SerializedIdentity is not canonical protobuf `{ 1 mspid, 2 id_bytes }` of UTF-8 text.
    error IdentityMalformed();

    /// @notice No active organisation has this MSP id.
    /// @param mspId The MSP id.
    error UnknownOrganization(string mspId);

    /// @notice The identity's bytes are not one canonical PEM certificate of canonical X.509 DER.
    error CertificateMalformed();

    /// @notice The certificate's issuer is not the organisation's CA.
    error NotIssuedByOrganization();

    /// @notice The certificate's subject has no `OU=peer`: a client or an admin does not endorse.
    error NotAPeer();

    /// @notice The certificate's key is not P-256, or it is not signed with ecdsa-with-SHA256.
    error UnsupportedKey();

    /// @notice The organisation's CA did not sign the certificate.
    error CertificateSignatureInvalid();

    /// @notice A peer with this identity or this key is (or was, before its removal) registered.
    /// @param peer The registered peer.
    error PeerAlreadyRegistered(bytes32 peer);

    /// @notice An organisation with this MSP id is or was registered (indexes are never reused).
    /// @param mspId The MSP id.
    error OrganizationAlreadyRegistered(string mspId);

    /// @notice Sixteen organisations have been registered: the most a policy word holds.
    error TooManyOrganizations();

    /// @notice No registered peer has this id (removing it).
    /// @param peer The peer id.
    error UnknownEndorser(bytes32 peer);

    /**
     * @notice Registers an organisation (ADMIN).
     * @param mspId Its MSP id (not empty).
     * @param caKeyX Its CA's P-256 public key, x.
     * @param caKeyY Its CA's P-256 public key, y (the key must be a point on the curve).
     * @param caSubject The DER of its CA certificate's subject Name (not empty): the issuer its
     * peers' certificates name.
     */
    function registerOrganization(
        string calldata mspId,
        bytes32 caKeyX,
        bytes32 caKeyY,
        bytes calldata caSubject
    ) external;

    /**
     * @notice Removes an organisation (ADMIN): its peers stop counting and the policy drops it.
     * Its MSP id and index are never registered again.
     * @param mspId Its MSP id.
     */
    function removeOrganization(string calldata mspId) external;

    /**
     * @notice Sets the endorsement policy (ADMIN): every listed organisation must endorse.
     * @param requiredMspIds Active organisations.
     */
    function setEndorsementPolicy(string[] calldata requiredMspIds) external;

    /**
     * @notice Registers the peer whose SerializedIdentity this is (anyone may).
     * @dev The identity is canonical protobuf `{ 1 mspid, 2 id_bytes }`; its organisation is
     * active; its PEM certificate is issued by the organisation's CA to a subject with `OU=peer`
     * and holds a P-256 key. The identity's bytes are kept as code, so proofs need not carry them.
     * @param serializedIdentity The identity, byte for byte as the peer signs with it.
     * @return peer The peer's id: keccak-256 of `serializedIdentity`.
     */
    function registerPeer(bytes calldata serializedIdentity) external returns (bytes32 peer);

    /**
     * @notice Removes a peer (ADMIN): revocation, as an MSP's CRL. Its key cannot register again.
     * @param peer The peer's id.
     */
    function removePeer(bytes32 peer) external;

    /**
     * @notice keccak-256 of the channel id.
     * @return hash The hash.
     */
    function channelHash() external view returns (bytes32 hash);

    /**
     * @notice The chaincode whose facts count.
     * @return name Its name.
     */
    function chaincodeName() external view returns (string memory name);

    /**
     * @notice The organisations that must all endorse.
     * @return requiredOrganizations Their bits.
     */
    function endorsementPolicy() external view returns (uint256 requiredOrganizations);

    /**
     * @notice An organisation.
     * @param mspId Its MSP id.
     * @return registered True if it is or was registered.
     * @return active True if it is registered and not removed.
     * @return organizationBit Its bit (zero if never registered).
     * @return caKeyX Its CA's public key, x.
     * @return caKeyY Its CA's public key, y.
     * @return caSubject The DER of its CA's subject.
     */
    function organization(
        string calldata mspId
    )
        external
        view
        returns (
            bool registered,
            bool active,
            uint256 organizationBit,
            bytes32 caKeyX,
            bytes32 caKeyY,
            bytes memory caSubject
        );

    /**
     * @notice A peer as a verifier needs it.
     * @dev The code at `bytesPointer` is `0x00 ‖ keyX ‖ keyY ‖ serializedIdentity`: the identity
     * is its bytes from offset 65 to the end (see {endorserIdentity}).
     * @param peer The peer's id.
     * @return keyX Its public key, x.
     * @return keyY Its public key, y.
     * @return organizationBit Its organisation's bit; zero if the peer is unknown or removed or
     * its organisation removed (then every result is zero).
     * @return bytesPointer The contract whose code holds its keys and identity.
     */
    function endorser(
        bytes32 peer
    ) external view returns (bytes32 keyX, bytes32 keyY, uint256 organizationBit, address bytesPointer);

    /**
     * @notice The SerializedIdentity a peer registered with.
     * @param peer The peer's id.
     * @return serializedIdentity Its bytes (empty if the peer never registered).
     */
    function endorserIdentity(bytes32 peer) external view returns (bytes memory serializedIdentity);
}
