/** EVM logs → spec events: the spec's fields only, in their JSON form. */
import type { Interface, Log } from "ethers";
import { EVENTS, type EventName, type LedgerEvent } from "../../core/index.js";
import { decodeField } from "./encoding.js";
import { parseLogOf } from "./log-parse.js";

export function decodeLog(log: Log, interfaces: readonly Interface[]): LedgerEvent | undefined {
  for (const iface of interfaces) {
    const parsed = safeParseLog(iface, log);
    if (!parsed || !(parsed.name in EVENTS)) continue;
    const name = parsed.name as EventName;
    const payload: Record<string, unknown> = {};
    for (const field of EVENTS[name].fields) payload[field.name] = decodeField(field.type, parsed.args.getValue(field.name));
    return { name, payload, txId: log.transactionHash, blockNumber: log.blockNumber };
  }
  return undefined;
}

export function decodeLogs(logs: readonly Log[], interfaces: readonly Interface[]): LedgerEvent[] {
  return [...logs]
    .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index)
    .map((log) => decodeLog(log, interfaces))
    .filter((event): event is LedgerEvent => event !== undefined);
}

function safeParseLog(iface: Interface, log: Log) {
  try {
    return parseLogOf(iface, log);
  } catch {
    return null;
  }
}
