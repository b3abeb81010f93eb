/**
 * Reverts → LedgerError. The contracts revert with custom errors named after the spec's
 * codes; OpenZeppelin's own AccessControl errors map to the spec codes here, once.
 */
import type { Interface } from "ethers";
import { LedgerError, isErrorCode, type ErrorCode } from "../../core/index.js";

export const OPENZEPPELIN_ERRORS: Record<string, ErrorCode> = {
  AccessControlUnauthorizedAccount: "Unauthorized",
  AccessControlBadConfirmation: "Unauthorized",
};

export function toLedgerError(error: unknown, interfaces: readonly Interface[]): unknown {
  if (error instanceof LedgerError) return error;
  const data = revertData(error);
  // Solidity reverts without data when calldata does not decode (too short, a bad offset) or
  // names no function: only a raw call can send that, and it is a malformed argument list.
  if (data === "0x") return new LedgerError("InvalidArgument", "the call data does not decode as any operation's arguments", { cause: error });
  if (!data) return error;
  for (const iface of interfaces) {
    const decoded = safeParseError(iface, data);
    if (!decoded) continue;
    const code = isErrorCode(decoded.name) ? decoded.name : OPENZEPPELIN_ERRORS[decoded.name];
    if (code) {
      const args = decoded.args.map((arg) => String(arg)).join(", ");
      return new LedgerError(code, `${decoded.name}(${args})`, { cause: error });
    }
  }
  return error;
}

function safeParseError(iface: Interface, data: string) {
  try {
    return iface.parseError(data);
  } catch {
    return null;
  }
}

/** ethers puts revert data in different places depending on the provider and the call kind. */
export function revertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && (data === "0x" || /^0x[0-9a-fA-F]{8}/.test(data))) return data;
    const next = current as { info?: { error?: unknown }; error?: unknown; cause?: unknown };
    current = next.info?.error ?? next.error ?? next.cause;
  }
  return undefined;
}
