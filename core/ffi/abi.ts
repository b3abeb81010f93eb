/**
 * The slice of a Solidity JSON ABI the EVM FFI is generated from (what solc writes into
 * Hardhat's artifacts and TypeChain copies into its factories), without an ABI library.
 */
export interface AbiParameter {
  readonly name: string;
  readonly type: string;
  readonly internalType?: string;
  readonly indexed?: boolean;
  readonly components?: readonly AbiParameter[];
}

export interface AbiEntry {
  readonly type: string;
  readonly name?: string;
  readonly inputs?: readonly AbiParameter[];
  readonly outputs?: readonly AbiParameter[];
  readonly stateMutability?: string;
  readonly anonymous?: boolean;
}

export type Abi = readonly AbiEntry[];

export type NamedAbiEntry = AbiEntry & { readonly name: string };

/** The ABI's entries of one kind ("function", "event", "error"), by name. */
export function entriesOf(abi: Abi, type: "function" | "event" | "error"): Map<string, NamedAbiEntry> {
  const entries = new Map<string, NamedAbiEntry>();
  for (const entry of abi) {
    if (entry.type !== type || entry.name === undefined) continue;
    if (entries.has(entry.name)) throw new Error(`the ABI overloads ${type} ${entry.name}: an FFI method or event needs one signature per name`);
    entries.set(entry.name, entry as NamedAbiEntry);
  }
  return entries;
}

export const isReadOnly = (entry: AbiEntry) => entry.stateMutability === "view" || entry.stateMutability === "pure";

/**
 * An event input that is a lookup topic, not a spec field: an indexed bytes32 named `…Key`
 * (keccak256 of the record's id, for log filters), as test/parity/evm-abi.ts defines it.
 */
export const isLookupTopic = (input: AbiParameter) => input.indexed === true && input.type === "bytes32" && input.name.endsWith("Key");
