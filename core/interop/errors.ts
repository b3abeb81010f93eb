/**
 * The named refusals of a cross-ledger proof (core/spec/INTEROP.md §3), in the order the
 * verifier checks: a Solidity custom error of the same name and arguments on the EVM
 * verifier and membership, an `InteropError { code }` from the TypeScript reference verifier.
 */
export const PROOF_ERROR_ARGUMENTS = {
  UnknownEndorser: [["peer", "bytes32"]],
  DuplicateOrganization: [["index", "uint256"]],
  SignatureMalformed: [["index", "uint256"]],
  EndorsementInvalid: [["index", "uint256"]],
  PolicyNotSatisfied: [["endorsed", "uint256"], ["required", "uint256"]],
  ProposalResponseMalformed: [],
  ChaincodeFailed: [["status", "uint256"]],
  WrongChaincode: [],
  NotAFactProof: [],
  ProofHasWrites: [],
  StatementMalformed: [],
  WrongChannel: [["channelHash", "bytes32"]],
  WrongTarget: [["chainId", "uint256"], ["consumer", "address"]],
  UnknownNonce: [["nonce", "bytes32"]],
  ProofExpired: [["expiry", "uint64"]],
} as const satisfies Record<string, readonly (readonly [name: string, abiType: string])[]>;

/** What peer registration refuses (FabricMembership.registerPeer), and the organisation's governance. */
export const MEMBERSHIP_ERROR_ARGUMENTS = {
  IdentityMalformed: [],
  UnknownOrganization: [["mspId", "string"]],
  CertificateMalformed: [],
  NotIssuedByOrganization: [],
  NotAPeer: [],
  UnsupportedKey: [],
  CertificateSignatureInvalid: [],
  PeerAlreadyRegistered: [["peer", "bytes32"]],
  OrganizationAlreadyRegistered: [["mspId", "string"]],
  TooManyOrganizations: [],
} as const satisfies Record<string, readonly (readonly [name: string, abiType: string])[]>;

export type ProofErrorCode = keyof typeof PROOF_ERROR_ARGUMENTS;
export type MembershipErrorCode = keyof typeof MEMBERSHIP_ERROR_ARGUMENTS;

export class InteropError extends Error {
  constructor(
    readonly code: ProofErrorCode | MembershipErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "InteropError";
  }
}
