/**
 * The reference model of FabricMembership (core/spec/INTEROP.md §3): organisations with
 * their CA, the endorsement policy, peers registered once by certificate. Same checks, same
 * order and error names as the contract, so the two are tested against each other.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { readSerializedIdentity } from "./endorsement.js";
import { InteropError } from "./errors.js";
import { checkPeerCertificate, type CertificateAuthority } from "./peer-certificate.js";
import { ProtobufError } from "./protobuf.js";
import { peerIdOf } from "./proof.js";

export const MAX_ORGANIZATIONS = 16;

interface Organization extends CertificateAuthority {
  bit: bigint;
  active: boolean;
}

export interface RegisteredEndorser {
  publicKey: Uint8Array;
  /** The organisation's policy bit (1 << index). */
  organizationBit: bigint;
  /** The SerializedIdentity the peer registered with, as it signs. */
  endorser: Uint8Array;
}

export class FabricMembershipModel {
  readonly channelHash: string;
  private readonly organizations = new Map<string, Organization>();
  private readonly peers = new Map<string, { mspId: string; publicKey: Uint8Array; endorser: Uint8Array }>();
  /** Every key that ever registered, to the peer id it registered as: revocation is for good, one key is one peer. */
  private readonly keys = new Map<string, string>();
  private registeredOrganizations = 0;
  private policy = 0n;

  constructor(
    readonly channelId: string,
    readonly chaincodeName: string,
  ) {
    this.channelHash = `0x${Buffer.from(keccak_256(Buffer.from(channelId, "utf8"))).toString("hex")}`;
  }

  registerOrganization(mspId: string, ca: CertificateAuthority): void {
    if (this.organizations.has(mspId)) throw new InteropError("OrganizationAlreadyRegistered", mspId);
    if (this.registeredOrganizations >= MAX_ORGANIZATIONS) throw new InteropError("TooManyOrganizations", `at most ${MAX_ORGANIZATIONS}`);
    this.organizations.set(mspId, { ...ca, bit: 1n << BigInt(this.registeredOrganizations++), active: true });
  }

  removeOrganization(mspId: string): void {
    const organization = this.activeOrganization(mspId);
    organization.active = false;
    this.policy &= ~organization.bit;
  }

  /** Every listed organisation must endorse. */
  setEndorsementPolicy(mspIds: readonly string[]): void {
    this.policy = mspIds.reduce((mask, mspId) => mask | this.activeOrganization(mspId).bit, 0n);
  }

  get requiredOrganizations(): bigint {
    return this.policy;
  }

  /** Permissionless: the certificate is the credential. Returns the peer id. */
  registerPeer(serializedIdentity: Uint8Array): string {
    let identity: { mspId: string; certificatePem: string };
    try {
      identity = readSerializedIdentity(serializedIdentity);
    } catch (error) {
      if (error instanceof ProtobufError) throw new InteropError("IdentityMalformed", error.message);
      throw error;
    }
    const organization = this.activeOrganization(identity.mspId);
    const { publicKey } = checkPeerCertificate(identity.certificatePem, organization);
    const keyHex = Buffer.from(publicKey).toString("hex");
    const holder = this.keys.get(keyHex);
    if (holder !== undefined) throw new InteropError("PeerAlreadyRegistered", holder);
    const peer = peerIdOf(serializedIdentity);
    this.keys.set(keyHex, peer);
    this.peers.set(peer, { mspId: identity.mspId, publicKey, endorser: Uint8Array.from(serializedIdentity) });
    return peer;
  }

  removePeer(peer: string): void {
    if (!this.peers.delete(peer)) throw new InteropError("UnknownEndorser", peer);
  }

  /** The endorser behind a peer id, if it is registered and its organisation is active. */
  endorser(peer: string): RegisteredEndorser | undefined {
    const record = this.peers.get(peer);
    const organization = record && this.organizations.get(record.mspId);
    if (!record || !organization?.active) return undefined;
    return { publicKey: record.publicKey, organizationBit: organization.bit, endorser: record.endorser };
  }

  private activeOrganization(mspId: string): Organization {
    const organization = this.organizations.get(mspId);
    if (!organization?.active) throw new InteropError("UnknownOrganization", mspId);
    return organization;
  }
}
