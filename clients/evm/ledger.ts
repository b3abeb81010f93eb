/**
 * `IndustrialLedger` over the Twinledger contracts on any EVM chain (in-process Hardhat
 * or JSON-RPC alike: it only needs TypeChain contracts connected to a signer).
 * Submits are contract calls whose one event becomes the receipt's event; queries the
 * contracts cannot answer are served from events by the index classes, over the logs that
 * log-index.ts keeps between reads (fetched in bounded windows, log-range.ts).
 */
import type { BaseContract, ContractTransactionResponse } from "ethers";
import { LedgerError, argumentShapeProblem, OPERATIONS, type LedgerEvent, type Party, type Primitive, type Receipt } from "../../core/index.js";
import { IMPLEMENTED_OPERATIONS, type ImplementedOperation, type IndustrialLedger } from "../ledger.js";
import { EvmAssetIndex } from "./asset-index.js";
import { EvmIdentifierIndex } from "./identifier-index.js";
import { EvmCertificateIndex } from "./certificate-index.js";
import { EvmReceivableIndex } from "./receivable-index.js";
import { CONTRACT_OF_PRIMITIVE, contractInterfaces, providerOf, type EvmContracts } from "./contracts.js";
import { decodeResult, encodeArg } from "./encoding.js";
import { toLedgerError } from "./errors.js";
import { minedReceipt, RevertedTransaction } from "./receipts.js";
import { decodeLogs } from "./events.js";
import { logSourceOf, type LogIndexOptions } from "./log-index.js";

/**
 * How the client reads the event log: `maxBlockRange` (default 5,000), `logRetries` (4),
 * `logRetryDelayMs` (250), `confirmations` (0), `indexFile` (none); see log-range.ts and
 * log-index.ts. Clients of one provider and deployment with the same options share one index.
 */
export type EvmLedgerOptions = LogIndexOptions;

/** Operations the contracts do not serve: the client answers them from the event log. */
export const EVENT_INDEXED_QUERIES = [
  "getAsset",
  "listAssetsByOwner",
  "getAssetHistory",
  "resolveIdentifier",
  "listIdentifiers",
  "getIdentifierHistory",
  "getCertificate",
  "listCertificates",
  "listCertificatesByIssuer",
  "getCertificateHistory",
  "getAccreditationHistory",
  "getReceivable",
  "getReceivableByFingerprint",
  "listReceivablesBySeller",
  "listReceivablesByDebtor",
  "listReceivablesByBeneficiary",
  "getReceivableHistory",
] as const satisfies readonly ImplementedOperation[];

/**
 * A node estimates gas in the latest block's context, but the transaction runs in a later
 * block: a write of `block.timestamp` that the latest block would leave unchanged (the same
 * second as the previous change) costs 2,800 gas more once the time has moved on, and geth's
 * estimate then runs out of gas. Unused gas is refunded, so the margin costs nothing.
 */
export function withHeadroom(estimate: bigint): bigint {
  return estimate + estimate / 5n + 10_000n;
}

export function createEvmLedger(contracts: EvmContracts, party: Party, options: EvmLedgerOptions = {}): IndustrialLedger {
  const interfaces = contractInterfaces(contracts);
  const logs = logSourceOf(contracts, options);
  const assetIndex = new EvmAssetIndex(contracts, logs);
  const identifierIndex = new EvmIdentifierIndex(contracts, logs);
  const certificateIndex = new EvmCertificateIndex(contracts, identifierIndex, logs);
  const receivableIndex = new EvmReceivableIndex(contracts, logs);
  const contractOf = (primitive: Primitive): BaseContract | undefined => {
    const key = CONTRACT_OF_PRIMITIVE[primitive];
    return key && contracts[key];
  };
  const indexed: Record<(typeof EVENT_INDEXED_QUERIES)[number], (...args: never[]) => Promise<unknown>> = {
    getAsset: (id: string) => assetIndex.getAsset(id),
    listAssetsByOwner: (owner: string, pageSize: number, bookmark: string) => assetIndex.listAssetsByOwner(owner, pageSize, bookmark),
    getAssetHistory: (id: string) => assetIndex.getAssetHistory(id),
    resolveIdentifier: (canonical: string) => identifierIndex.resolveIdentifier(canonical),
    listIdentifiers: (assetId: string) => identifierIndex.listIdentifiers(assetId),
    getIdentifierHistory: (canonical: string) => identifierIndex.getIdentifierHistory(canonical),
    getCertificate: (id: string) => certificateIndex.getCertificate(id),
    listCertificates: (subject: string, pageSize: number, bookmark: string) => certificateIndex.listCertificates(subject, pageSize, bookmark),
    listCertificatesByIssuer: (issuer: string, pageSize: number, bookmark: string) => certificateIndex.listCertificatesByIssuer(issuer, pageSize, bookmark),
    getCertificateHistory: (id: string) => certificateIndex.getCertificateHistory(id),
    getAccreditationHistory: (certifier: string, standard: string) => certificateIndex.getAccreditationHistory(certifier, standard),
    getReceivable: (id: string) => receivableIndex.getReceivable(id),
    getReceivableByFingerprint: (fingerprint: string) => receivableIndex.getReceivableByFingerprint(fingerprint),
    listReceivablesBySeller: (seller: string, pageSize: number, bookmark: string) => receivableIndex.listReceivablesBySeller(seller, pageSize, bookmark),
    listReceivablesByDebtor: (debtor: string, pageSize: number, bookmark: string) => receivableIndex.listReceivablesByDebtor(debtor, pageSize, bookmark),
    listReceivablesByBeneficiary: (beneficiary: string, pageSize: number, bookmark: string) =>
      receivableIndex.listReceivablesByBeneficiary(beneficiary, pageSize, bookmark),
    getReceivableHistory: (id: string) => receivableIndex.getReceivableHistory(id),
  };

  const ledger: Record<string, unknown> = {
    platform: "evm",
    party,
    async getEvents(fromBlock = 0): Promise<LedgerEvent[]> {
      // A start past the head has no events yet (the index never sends such a range: Hardhat's
      // EDR answers [], geth rejects it with "invalid block range params").
      const start = Number.isNaN(fromBlock) ? contracts.fromBlock : Math.max(Math.ceil(fromBlock), contracts.fromBlock);
      return decodeLogs((await logs.read(start)).logs, interfaces);
    },
    async ledgerDomain(): Promise<string> {
      const { chainId } = await providerOf(contracts).getNetwork();
      return `eip155:${chainId}:${(await contracts.identifiers.getAddress()).toLowerCase()}`;
    },
  };

  for (const name of IMPLEMENTED_OPERATIONS) {
    const operation = OPERATIONS[name];
    ledger[name] = async (...args: unknown[]) => {
      try {
        const malformed = argumentShapeProblem(operation.params, args);
        if (malformed) throw new LedgerError("InvalidArgument", malformed);
        // A copy: the index keeps what it folded for the next read.
        if (name in indexed) return structuredClone(await indexed[name as keyof typeof indexed](...(args as never[])));
        const contract = contractOf(operation.primitive);
        if (!contract) throw new Error(`no EVM contract serves the ${operation.primitive} primitive`);
        const abiArgs = operation.params.map((param, index) => encodeArg(param, args[index]));
        const method = contract.getFunction(name);
        if (operation.kind === "query") return decodeResult(operation.returns, await method.staticCall(...abiArgs));
        const gasLimit = withHeadroom(await method.estimateGas(...abiArgs));
        const response: ContractTransactionResponse = await method.send(...abiArgs, { gasLimit });
        try {
          return await toReceipt(response);
        } catch (error) {
          if (!(error instanceof RevertedTransaction)) throw error;
          // Estimated on one state, it ran on another: a transaction of the same block got there
          // first (geth packs concurrent senders into one block). Run again on the state the block
          // left, it gives the contract's reason, e.g. FingerprintTaken for the loser of two issues.
          await method.staticCall(...abiArgs, { blockTag: error.blockNumber });
          throw error;
        }
      } catch (error) {
        throw toLedgerError(error, interfaces);
      }
    };
  }

  async function toReceipt(response: ContractTransactionResponse): Promise<Receipt> {
    const mined = await minedReceipt(response.provider, response.hash);
    const events = decodeLogs(mined.logs, interfaces);
    if (events.length > 1) throw new Error(`transaction ${mined.hash} emitted ${events.length} events; the spec allows one`);
    return { txId: mined.hash, blockNumber: mined.blockNumber, event: events[0] };
  }

  return ledger as unknown as IndustrialLedger;
}
