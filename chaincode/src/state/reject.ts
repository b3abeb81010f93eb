import { formatRejection, type ErrorCode } from "../../../core/spec/errors.js";

/**
 * Rejects the transaction. fabric-contract-api turns the thrown error into an error
 * response whose message is `Code: message`; the peer then discards the write set.
 */
export function reject(code: ErrorCode, message: string): never {
  throw new Error(formatRejection(code, boundedMessage(message)));
}

/** Longer messages keep their head and tail (the value quoted, then the rule it broke). */
const MAX_MESSAGE_CHARACTERS = 1024;
const KEPT_CHARACTERS = 384;

/**
 * Messages quote the argument they refuse, and an argument may be 1 MiB. The Gateway
 * returns the message in gRPC trailers, whose size clients cap (a 1 MiB one reaches a
 * fabric-gateway client as a bare HTTP/2 protocol error, the code lost), so a long one
 * is cut: deterministically, never inside a surrogate pair.
 */
export function boundedMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARACTERS) return message;
  const head = message.slice(0, KEPT_CHARACTERS).replace(/[\uD800-\uDBFF]$/, "");
  const tail = message.slice(-KEPT_CHARACTERS).replace(/^[\uDC00-\uDFFF]/, "");
  return `${head}…(${message.length - head.length - tail.length} characters omitted)…${tail}`;
}
