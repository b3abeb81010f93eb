/**
 * A fresh-ledger target turned into a shared one: it deploys once and hands out that one
 * deployment to every test and every run, as a profile's existing deployment would be —
 * the way to prove, in-process, that the suite can run on a ledger it does not own.
 */
import type { ActorLedgers, LedgerTarget } from "../../clients/ledger.js";

export interface SharedDeployment {
  /** A target over the one deployment; closing it leaves the deployment for the next run. */
  target(name?: string): Promise<LedgerTarget>;
  close(): Promise<void>;
}

export function oneDeploymentOf(createTarget: () => Promise<LedgerTarget>): SharedDeployment {
  let inner: Promise<LedgerTarget> | undefined;
  let deployment: Promise<ActorLedgers> | undefined;
  return {
    async target(name) {
      const fresh = await (inner ??= createTarget());
      if (!fresh.height) throw new Error(`${fresh.name} cannot tell its height, which a shared deployment needs`);
      return {
        name: name ?? fresh.name,
        shared: true,
        deploy: () => (deployment ??= fresh.deploy()),
        height: () => fresh.height!(),
        ledgerTime: fresh.ledgerTime && (() => fresh.ledgerTime!()),
        close: async () => {},
      };
    },
    async close() {
      await (await inner)?.close();
    },
  };
}
