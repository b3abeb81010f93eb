import { JSONSerializer } from "fabric-contract-api";
import { reject } from "./state/reject.js";

/**
 * Argument bytes must be UTF-8. fabric-shim decodes them leniently, each invalid sequence
 * becoming U+FFFD, so different bytes would reach a transaction as the same text (and a
 * client could not see what was recorded). Fatal decoding refuses them instead: a pure
 * function of the bytes, so every endorser answers alike.
 */
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * fabric-contract-api's JSON serializer, except that an argument it cannot convert (a
 * number parameter sent "NaN" or "abc" by a raw Gateway call) is rejected with the
 * spec's code, `InvalidArgument`, instead of a bare "could not convert" — the same
 * answer a client gets that refuses the value before sending it. Every argument of every
 * transaction passes here before the transaction (and its beforeTransaction) runs.
 */
export class CodedSerializer extends JSONSerializer {
  override fromBuffer(data: Buffer, schema: Record<string, unknown>, loggerPrefix?: string): unknown {
    if (data && !isUtf8(data)) reject("InvalidArgument", `an argument of ${data.length} bytes is not valid UTF-8`);
    try {
      return super.fromBuffer(data, schema, loggerPrefix);
    } catch (error) {
      const type = typeof schema?.type === "string" ? schema.type : "typed";
      reject("InvalidArgument", `'${Buffer.from(data ?? []).toString("utf8")}' is not a ${type} argument (${(error as Error).message})`);
    }
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    STRICT_UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** What fabric-chaincode-node (and the embedded peer) read: transactions use CodedSerializer. */
export const serializers = { transaction: "coded", serializers: { coded: CodedSerializer } };
