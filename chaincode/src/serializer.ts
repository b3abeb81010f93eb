import { JSONSerializer } from "fabric-contract-api";
import { formatRejection } from "../../core/spec/errors.js";

/**
 * fabric-contract-api's JSON serializer, except that an argument it cannot convert (a
 * number parameter sent "NaN" or "abc" by a raw Gateway call) is rejected with the
 * spec's code, `InvalidArgument`, instead of a bare "could not convert" — the same
 * answer a client gets that refuses the value before sending it.
 */
export class CodedSerializer extends JSONSerializer {
  override fromBuffer(data: Buffer, schema: Record<string, unknown>, loggerPrefix?: string): unknown {
    try {
      return super.fromBuffer(data, schema, loggerPrefix);
    } catch (error) {
      const type = typeof schema?.type === "string" ? schema.type : "typed";
      throw new Error(formatRejection("InvalidArgument", `'${Buffer.from(data ?? []).toString("utf8")}' is not a ${type} argument (${(error as Error).message})`));
    }
  }
}

/** What fabric-chaincode-node (and the embedded peer) read: transactions use CodedSerializer. */
export const serializers = { transaction: "coded", serializers: { coded: CodedSerializer } };
