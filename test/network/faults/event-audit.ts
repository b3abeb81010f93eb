/**
 * A client's chaincode event stream that survives its peer going away: it resumes from a
 * file checkpoint (fabric-gateway's own), so after any fault each committed transaction's
 * event must have been delivered exactly once — counted here per transaction id.
 */
import { checkpointers, type Checkpointer, type Network } from "@hyperledger/fabric-gateway";

export class CheckpointedEventStream {
  /** Deliveries per transaction id: every value must be 1. */
  readonly deliveries = new Map<string, number>();
  reconnects = 0;
  private stopped = false;
  private closeStream: (() => void) | undefined;
  private done: Promise<void> | undefined;

  private constructor(
    readonly name: string,
    private readonly network: Network,
    private readonly chaincode: string,
    private readonly checkpoint: Checkpointer,
  ) {}

  static async open(name: string, network: Network, chaincode: string, checkpointFile: string): Promise<CheckpointedEventStream> {
    const stream = new CheckpointedEventStream(name, network, chaincode, await checkpointers.file(checkpointFile));
    stream.done = stream.run();
    return stream;
  }

  duplicates(): string[] {
    return [...this.deliveries].filter(([, count]) => count > 1).map(([txId]) => txId);
  }

  /** Resolves when every one of `txIds` has been delivered, or rejects naming how many have not. */
  async delivered(txIds: string[], timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const missing = txIds.filter((txId) => !this.deliveries.has(txId));
      if (missing.length === 0) return;
      if (Date.now() > deadline) throw new Error(`${this.name}: ${missing.length} of ${txIds.length} events not delivered within ${timeoutMs} ms (first ${missing[0]})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.closeStream?.();
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const events = await this.network.getChaincodeEvents(this.chaincode, { startBlock: 0n, checkpoint: this.checkpoint });
        this.closeStream = () => events.close();
        for await (const event of events) {
          this.deliveries.set(event.transactionId, (this.deliveries.get(event.transactionId) ?? 0) + 1);
          await this.checkpoint.checkpointChaincodeEvent(event);
        }
      } catch {
        if (this.stopped) return;
        // The peer went away (or the stream was cut): resume from the checkpoint once it is back.
        this.reconnects++;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}
