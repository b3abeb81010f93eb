/**
 * Parsing a log by its contract's ABI, the event looked up by topic once per ABI: ethers'
 * `Interface.parseLog` hashes every event's signature again on every call, which was most of
 * the time a client spent folding 10,000 records' logs (scripts/bench/reads.ts).
 */
import { LogDescription, type EventFragment, type Interface } from "ethers";

const eventsByTopic = new WeakMap<Interface, Map<string, EventFragment>>();

/** As `iface.parseLog(log)`: null for a log of no event of the ABI (or an anonymous one). */
export function parseLogOf(iface: Interface, log: { topics: readonly string[]; data: string }): LogDescription | null {
  let events = eventsByTopic.get(iface);
  if (!events) {
    events = new Map();
    iface.forEachEvent((fragment) => {
      if (!fragment.anonymous) events!.set(fragment.topicHash.toLowerCase(), fragment);
    });
    eventsByTopic.set(iface, events);
  }
  const fragment = log.topics[0] === undefined ? undefined : events.get(log.topics[0].toLowerCase());
  if (!fragment) return null;
  return new LogDescription(fragment, fragment.topicHash, iface.decodeEventLog(fragment, log.data, log.topics));
}
