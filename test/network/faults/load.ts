/**
 * A steady load of submits from several Gateway clients at once: each client registers a
 * new asset, waits for its commit, and goes on. Every acknowledged transaction is recorded
 * (the client was told it committed), every failure too; the test labels phases.
 */
import type { IndustrialLedger } from "../../../clients/ledger.js";
import { hashOf } from "../../conformance/harness.js";

export interface LoadClient {
  name: string;
  ledger: IndustrialLedger;
}

export interface Acknowledged {
  txId: string;
  blockNumber: number;
  assetId: string;
  client: string;
  phase: string;
  latencyMs: number;
}

export interface Failed {
  client: string;
  phase: string;
  message: string;
}

/** After a failed submit a client waits this long, as an application would, before its next one. */
const PAUSE_AFTER_FAILURE_MS = 250;

export class SteadyLoad {
  readonly acknowledged: Acknowledged[] = [];
  readonly failed: Failed[] = [];
  /** Every phase the load has run under, in order. */
  readonly phases: string[] = [];
  private current = "";
  private running = false;
  private loops: Promise<void>[] = [];
  private counter = 0;

  constructor(
    private readonly clients: LoadClient[],
    private readonly idPrefix: string,
  ) {
    this.phase = "warm-up";
  }

  get phase(): string {
    return this.current;
  }

  /** Labels the submits started from now on. */
  set phase(name: string) {
    this.current = name;
    if (!this.phases.includes(name)) this.phases.push(name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = this.clients.map((client) => this.loop(client));
  }

  /** Stops issuing submits; resolves when every one in flight has its answer. */
  async pause(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  acknowledgedIn(phase: string): Acknowledged[] {
    return this.acknowledged.filter((ack) => ack.phase === phase);
  }

  failedIn(phase: string): Failed[] {
    return this.failed.filter((failure) => failure.phase === phase);
  }

  private async loop(client: LoadClient): Promise<void> {
    while (this.running) {
      const assetId = `${this.idPrefix}-${client.name}-${++this.counter}`;
      const phase = this.phase;
      const started = performance.now();
      try {
        const receipt = await client.ledger.registerAsset(assetId, "pump", hashOf(assetId), "");
        this.acknowledged.push({ txId: receipt.txId, blockNumber: receipt.blockNumber, assetId, client: client.name, phase, latencyMs: performance.now() - started });
      } catch (error) {
        this.failed.push({ client: client.name, phase, message: String((error as Error).message).split("\n")[0] });
        await new Promise((resolve) => setTimeout(resolve, PAUSE_AFTER_FAILURE_MS));
      }
    }
  }
}

/** p50/p95/max of the latencies, in ms. */
export function latencySummary(latencies: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
}
