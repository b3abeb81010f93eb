/** What every model operation sees: the state, the caller, and the platform's party rule. */
import type { Party } from "../spec/types.js";
import { fail } from "./outcome.js";
import type { ModelState } from "./state.js";

export interface ModelContext {
  state: ModelState;
  caller: Party;
  /** The transaction's time, Unix seconds (for a query: the time it is asked). */
  now: number;
  /** The ledger's name in DID binding statements (core/spec/DID.md). */
  ledgerDomain: string;
  /** Whether a string is a party id of the platform being modelled (EVM address, Fabric x509 id). */
  isParty(value: unknown): boolean;
}

export function requireParty(ctx: ModelContext, name: string, value: unknown): asserts value is Party {
  if (!ctx.isParty(value)) fail("InvalidArgument", `${name} is not a party of this platform`);
}
