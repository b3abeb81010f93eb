/**
 * FireFly Interface (FFI) documents of Twinledger, generated from the spec (and, for EVM,
 * the contracts' compiled ABIs): one per primitive and platform, ready to POST to
 * FireFly's /contracts/interfaces. Pure: the caller brings the ABIs and the version.
 */
import { PRIMITIVES, type Primitive } from "../spec/operations.js";
import type { Abi } from "./abi.js";
import { evmFfi } from "./evm.js";
import { fabricFfi } from "./fabric.js";
import { FFI_PLATFORMS, type FfiDocument, type FfiPlatform } from "./types.js";

export * from "./types.js";
export type { Abi, AbiEntry, AbiParameter } from "./abi.js";
export { evmAbiProblems } from "./evm-check.js";
export { evmFfi } from "./evm.js";
export { fabricFfi } from "./fabric.js";
export { EVM_CONTRACTS, fabricTransactionName, ffiName } from "./names.js";

export interface FfiRequest {
  /** The FFI version, e.g. the package version ("0.1.0"). */
  version: string;
  /** Default: both, EVM first. */
  platforms?: readonly FfiPlatform[];
  /** Default: every primitive, in spec order. */
  primitives?: readonly Primitive[];
  /** The compiled ABI of each primitive's contract; needed for the EVM documents. */
  abis?: Partial<Record<Primitive, Abi>>;
}

export interface GeneratedFfi {
  platform: FfiPlatform;
  primitive: Primitive;
  document: FfiDocument;
}

export function twinledgerFfis(request: FfiRequest): GeneratedFfi[] {
  const platforms = FFI_PLATFORMS.filter((platform) => (request.platforms ?? FFI_PLATFORMS).includes(platform));
  const primitives = PRIMITIVES.filter((primitive) => (request.primitives ?? PRIMITIVES).includes(primitive));
  return platforms.flatMap((platform) =>
    primitives.map((primitive) => {
      if (platform === "fabric") return { platform, primitive, document: fabricFfi(primitive, request.version) };
      const abi = request.abis?.[primitive];
      if (abi === undefined) throw new Error(`no ABI for the ${primitive} contract: the EVM FFI is generated from it`);
      return { platform, primitive, document: evmFfi(primitive, abi, request.version) };
    }),
  );
}

/** The text of one or more documents: 2-space JSON with a final newline, the same bytes for the same input. */
export const ffiJson = (value: FfiDocument | readonly FfiDocument[]) => `${JSON.stringify(value, null, 2)}\n`;
