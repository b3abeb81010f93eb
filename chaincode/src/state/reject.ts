import { formatRejection, type ErrorCode } from "../../../core/spec/errors.js";

/**
 * Rejects the transaction. fabric-contract-api turns the thrown error into an error
 * response whose message is `Code: message`; the peer then discards the write set.
 */
export function reject(code: ErrorCode, message: string): never {
  throw new Error(formatRejection(code, message));
}
