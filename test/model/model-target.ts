/**
 * The reference model as a `LedgerTarget`: the conformance cases of a primitive run against
 * the specification itself before (and besides) any platform. Parties are `party:<actor>`;
 * the clock is the model's own, one second per transaction unless set.
 */
import { LedgerError, OPERATIONS, type LedgerEvent, type OperationName } from "../../core/index.js";
import { ReferenceModel } from "../../core/model/index.js";
import { ACTOR_NAMES, type ActorLedgers, type IndustrialLedger, type LedgerClock, type LedgerTarget } from "../../clients/ledger.js";

const isModelParty = (value: unknown) => typeof value === "string" && /^party:[a-z]+$/.test(value);
const HISTORY_QUERIES = new Set(["getAssetHistory", "getIdentifierHistory", "getAccreditationHistory", "getCertificateHistory", "getReceivableHistory"]);

export function createModelTarget(): LedgerTarget {
  const clocks = new WeakMap<ActorLedgers, LedgerClock>();
  return {
    name: "model",
    async deploy() {
      const model = new ReferenceModel({ firstAdmin: "party:admin", isParty: isModelParty, ledgerDomain: "model:" });
      let time = 1_800_000_000;
      let block = 0;
      const events: LedgerEvent[] = [];
      const ledgerOf = (party: string): IndustrialLedger => {
        const ledger: Record<string, unknown> = {
          platform: "model",
          party,
          getEvents: async (from = 0) => events.filter((event) => event.blockNumber >= from),
          ledgerDomain: async () => "model:",
        };
        for (const name of Object.keys(OPERATIONS) as OperationName[]) {
          ledger[name] = async (...args: unknown[]) => {
            if (OPERATIONS[name].kind === "query") {
              const outcome = model.query(name, args, party, time);
              if (!outcome.ok) throw new LedgerError(outcome.code, name);
              // Histories carry the transaction's id and time on a platform; the model keeps values.
              return HISTORY_QUERIES.has(name) ? (outcome.value as unknown[]).map((value) => ({ txId: "", timestamp: 0, value })) : outcome.value;
            }
            const outcome = model.submit(name, args, party, time++);
            if (!outcome.ok) throw new LedgerError(outcome.code, name);
            block += 1;
            const txId = `tx-${block}`;
            const event = outcome.event && ({ ...outcome.event, txId, blockNumber: block } as LedgerEvent);
            if (event) events.push(event);
            return { txId, blockNumber: block, event };
          };
        }
        return ledger as unknown as IndustrialLedger;
      };
      const actors = Object.fromEntries(ACTOR_NAMES.map((actor) => [actor, ledgerOf(`party:${actor}`)])) as unknown as ActorLedgers;
      clocks.set(actors, {
        now: async () => time,
        async setNextTime(next) {
          if (next < time) throw new RangeError(`the next transaction's time ${next} is before ${time}`);
          time = next;
        },
      });
      return actors;
    },
    clockOf: (deployment) => clocks.get(deployment)!,
    async close() {},
  };
}
