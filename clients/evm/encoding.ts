/**
 * Spec values ⇄ ABI values. Where the EVM cannot represent a malformed argument
 * (a party that is no address, a hash in upper case, an unknown role or status), the
 * client rejects it here with the spec's code, as the chaincode does on chain.
 */
import { getAddress, id as keccakOfText, isAddress } from "ethers";
import {
  ASSET_STATUSES,
  CERTIFICATE_STATUSES,
  CERTIFICATE_VERDICTS,
  IDENTIFIER_SCHEMES,
  LedgerError,
  RECEIVABLE_STATES,
  ROLES,
  isAmount,
  isDuration,
  isHash,
  isRole,
  isSignature,
  isTimestamp,
  type EventFieldType,
  type Param,
  type ResultType,
  type Role,
} from "../../core/index.js";

export const roleId = (role: Role): string => keccakOfText(role);
const ROLE_BY_ID = new Map(ROLES.map((role) => [roleId(role), role]));

function invalid(param: Param, value: unknown, rule: string): never {
  throw new LedgerError("InvalidArgument", `${param.name} ${JSON.stringify(value)} ${rule}`);
}

export function encodeArg(param: Param, value: unknown): unknown {
  switch (param.type) {
    case "party":
      if (typeof value !== "string" || !isAddress(value)) invalid(param, value, "is not an EVM address");
      return getAddress(value);
    case "hash":
      if (!isHash(value)) invalid(param, value, "must be 0x followed by 64 lowercase hex digits");
      return value;
    case "role":
      if (!isRole(value)) invalid(param, value, `is not one of ${ROLES.join(", ")}`);
      return roleId(value);
    case "assetStatus": {
      const index = ASSET_STATUSES.indexOf(value as never);
      if (index < 0) invalid(param, value, `is not one of ${ASSET_STATUSES.join(", ")}`);
      return index;
    }
    case "scheme": {
      const index = IDENTIFIER_SCHEMES.indexOf(value as never);
      if (index < 0) invalid(param, value, `is not one of ${IDENTIFIER_SCHEMES.join(", ")}`);
      return index;
    }
    case "amount":
      if (!isAmount(value)) invalid(param, value, "is not a non-negative integer in minor units");
      return BigInt(value);
    case "timestamp":
      if (!isTimestamp(value)) invalid(param, value, "is not a unix time in seconds");
      return value;
    case "duration":
      if (!isDuration(value)) invalid(param, value, "is not a whole number of seconds below 2^32");
      return value;
    case "signature":
      if (!isSignature(value)) invalid(param, value, "must be 0x followed by the lowercase hex of a 64- or 65-byte signature");
      return value;
    default:
      return value;
  }
}

/** A contract view's answer in its spec form (structs and enums named as the spec names them). */
export function decodeResult(returns: ResultType, value: unknown): unknown {
  switch (returns) {
    case "CertificateVerdict":
      return CERTIFICATE_VERDICTS[Number(value)];
    case "duration":
      return Number(value);
    case "Accreditation": {
      const a = value as { certifier: string; standard: string; accreditedBy: string; accreditedAt: bigint; validUntil: bigint; withdrawnAt: bigint };
      return {
        certifier: getAddress(a.certifier),
        standard: a.standard,
        accreditedBy: getAddress(a.accreditedBy),
        accreditedAt: Number(a.accreditedAt),
        validUntil: Number(a.validUntil),
        withdrawnAt: Number(a.withdrawnAt),
      };
    }
    default:
      return value;
  }
}

/** An event argument in its spec JSON form. */
export function decodeField(type: EventFieldType, value: unknown): unknown {
  switch (type) {
    case "party":
      return getAddress(value as string);
    case "role":
      return ROLE_BY_ID.get(value as string) ?? value;
    case "assetStatus":
      return ASSET_STATUSES[Number(value)];
    case "certificateStatus":
      return CERTIFICATE_STATUSES[Number(value)];
    case "scheme":
      return IDENTIFIER_SCHEMES[Number(value)];
    case "receivableState":
      return RECEIVABLE_STATES[Number(value)];
    case "count":
    case "timestamp":
    case "duration":
      return Number(value);
    case "amount":
      return (value as bigint).toString();
    case "idList":
      return [...(value as string[])];
    default:
      return value;
  }
}

/** The Solidity ABI type of each spec type, as the parity check holds the contracts to it. */
export const ABI_TYPES: Record<Exclude<EventFieldType, "pageSize" | "bookmark">, string> = {
  id: "string",
  label: "string",
  hash: "bytes32",
  uri: "string",
  party: "address",
  role: "bytes32",
  assetStatus: "uint8",
  certificateStatus: "uint8",
  receivableState: "uint8",
  amount: "uint256",
  currency: "string",
  timestamp: "uint64",
  identifier: "string",
  scheme: "uint8",
  prefix: "string",
  idList: "string[]",
  signature: "bytes",
  subject: "string",
  count: "uint32",
  bool: "bool",
  optionalLabel: "string",
  duration: "uint32",
};
