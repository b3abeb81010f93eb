/**
 * `IndustrialLedger` over JSON-RPC: the Twinledger contracts of a deployment file on any
 * EVM node, signing with one private key. The ledger logic is `clients/evm/`; this file
 * only makes the provider, the wallet and the TypeChain contracts.
 */
import { Network, Wallet, type JsonRpcProvider } from "ethers";
import { EvmRpcProvider } from "./http.js";
import type { IndustrialLedger } from "../ledger.js";
import { createEvmLedger, type EvmLedgerOptions } from "../evm/ledger.js";
import { connectTwinledger } from "../evm/deploy.js";
import type { EvmDeployment } from "../evm/deployment.js";

/**
 * Besides the poll interval, how the event log is read (EvmLedgerOptions: `maxBlockRange`
 * 5,000, `logRetries` 4, `logRetryDelayMs` 250, `confirmations` 0, `indexFile` none). Public
 * providers (Infura, Alchemy, …) refuse an `eth_getLogs` over more than 2,000–10,000 blocks:
 * set `maxBlockRange` to theirs, and `confirmations` to a few blocks (a load-balanced provider's
 * backends lag; a reorg is detected either way, by the checkpoint block's hash).
 */
export interface EvmRpcOptions extends EvmLedgerOptions {
  /** Poll interval (ms) for receipts and events; a local node mines at once. Default 50. */
  pollingInterval?: number;
}

/**
 * A provider fit for a ledger client: a fixed chain (no `eth_chainId` before every call),
 * no request batching and no response cache — ethers' default 250 ms cache would answer
 * an identical `eth_getLogs` right after a transaction with the logs from before it.
 */
export function createEvmRpcProvider(rpcUrl: string, chainId: number, options: EvmRpcOptions = {}): JsonRpcProvider {
  const pollingInterval = options.pollingInterval ?? 50;
  const provider = new EvmRpcProvider(rpcUrl, Network.from(chainId), {
    staticNetwork: true,
    batchMaxCount: 1,
    cacheTimeout: -1,
    pollingInterval,
  });
  provider.pollingInterval = pollingInterval;
  return provider;
}

export interface ConnectEvmParams extends EvmRpcOptions {
  rpcUrl: string;
  deployment: EvmDeployment;
  /** The key this client signs with; its address is the client's party. */
  privateKey: string;
  /** Share one provider between several clients (it must be on `deployment.chainId`). */
  provider?: JsonRpcProvider;
}

/**
 * One client acting as the key's address. Transactions take their nonce from the node
 * (`pending`) each time, so calls from one key must be sequential — as the conformance
 * suite's are. (ethers' NonceManager is no fit: it counts a nonce even for a call that
 * reverts in gas estimation, i.e. for every rejected operation, and then waits forever.)
 */
export function connectEvm({ rpcUrl, deployment, privateKey, provider, ...options }: ConnectEvmParams): IndustrialLedger {
  const wallet = new Wallet(privateKey, provider ?? createEvmRpcProvider(rpcUrl, deployment.chainId, options));
  const { maxBlockRange, logRetries, logRetryDelayMs, confirmations, indexFile } = options;
  return createEvmLedger(connectTwinledger(deployment, wallet), wallet.address, { maxBlockRange, logRetries, logRetryDelayMs, confirmations, indexFile });
}
