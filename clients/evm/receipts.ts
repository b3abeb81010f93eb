/**
 * Waiting for a transaction's receipt on any node. ethers' `wait()` looks once, then again
 * only when a new block arrives; geth may answer that first look with "transaction indexing
 * is in progress" while its indexer catches up with the block it has just sealed — and on a
 * dev chain that seals on demand no further block comes, so `wait()` would wait forever.
 * This polls until the receipt is there.
 */
import type { Provider, TransactionReceipt } from "ethers";

const INDEXING = /transaction indexing is in progress/;

/** A transaction that was mined and reverted: a receipt carries no revert data. */
export class RevertedTransaction extends Error {
  constructor(
    readonly hash: string,
    readonly blockNumber: number,
  ) {
    super(`transaction ${hash} reverted in block ${blockNumber}`);
  }
}

export async function minedReceipt(provider: Provider, hash: string, timeoutMs = 120_000, intervalMs = 50): Promise<TransactionReceipt> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const receipt = await provider.getTransactionReceipt(hash);
      if (receipt) {
        if (receipt.status === 0) throw new RevertedTransaction(hash, receipt.blockNumber);
        return receipt;
      }
    } catch (error) {
      if (!INDEXING.test(String((error as Error).message))) throw error;
    }
    if (Date.now() > deadline) throw new Error(`transaction ${hash} was not mined within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
