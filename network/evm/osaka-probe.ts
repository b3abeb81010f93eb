/**
 * Checks that a node executes Osaka, which the contracts are compiled for: the CLZ opcode
 * (EIP-7939) and the P256VERIFY precompile (EIP-7951) that the P-256 work relies on. Both
 * are `eth_call`s, so nothing is mined.
 */
import { rpcRequest } from "./rpc.js";

/** Init code that returns `clz(1)` as one word: PUSH1 1, CLZ, PUSH1 0, MSTORE, PUSH1 32, PUSH1 0, RETURN. */
const CLZ_OF_ONE = "0x60011e60005260206000f3";

const P256VERIFY = "0x0000000000000000000000000000000000000100";
/** A valid P-256 signature (made once with node:crypto): sha256(msg), r, s, x, y. */
const P256_VECTOR = `0x${[
  "1949a937294c9f774e89e718ce61fe70c8393b7b6000bd5d790bfb467497b40b",
  "8bc17e1a7aeea7fb88b8496a7e3991e328a118562fa781bc9836170e8c92e89e",
  "f3293d7360397834afc8afca5322bb934f0b912052d94e815bd1ec573822d4e9",
  "701e34ef920489847b46d4414f0cfd578ea4d90a7357ab829d29e0ccc111921f",
  "eeb536cbf2cf849d54cc517800eee4e58806e56a00ad04d3a66c7dc21f0e5347",
].join("")}`;

const word = (value: number) => `0x${value.toString(16).padStart(64, "0")}`;

/** Throws, saying what is missing, unless the node runs both Osaka features. */
export async function assertOsaka(rpcUrl: string): Promise<void> {
  const clz = await rpcRequest<string>(rpcUrl, "eth_call", [{ data: CLZ_OF_ONE }, "latest"]).catch((error: Error) => error.message);
  if (clz !== word(255)) throw new Error(`the node at ${rpcUrl} does not run Osaka: CLZ (EIP-7939) gave ${clz}`);
  const p256 = await rpcRequest<string>(rpcUrl, "eth_call", [{ to: P256VERIFY, data: P256_VECTOR }, "latest"]);
  // Without the precompile the address has no code, and the call returns nothing.
  if (p256 !== word(1)) throw new Error(`the node at ${rpcUrl} does not run Osaka: P256VERIFY (EIP-7951) gave '${p256}'`);
}
