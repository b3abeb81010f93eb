/** What the generated interfaces are called, on FireFly and on each platform. */
import type { Primitive } from "../spec/operations.js";

/** One FFI per primitive and platform, e.g. `twinledger-asset` (a valid FireFly name). */
export const ffiName = (primitive: Primitive) => `twinledger-${primitive}`;

/** The Solidity contract that serves each primitive (contracts/<name>.sol). */
export const EVM_CONTRACTS: Record<Primitive, string> = {
  roles: "RoleRegistry",
  asset: "AssetRegistry",
  identifier: "IdentifierRegistry",
  certification: "CertificationRegistry",
  receivable: "ReceivableRegistry",
};

/**
 * The chaincode registers one fabric-contract-api `Contract` per primitive, named after it
 * (`super("asset")`), so a transaction is called as `<contract>:<transaction>` — the
 * function name FireFly sends to fabconnect.
 */
export const fabricTransactionName = (primitive: Primitive, operation: string) => `${primitive}:${operation}`;
