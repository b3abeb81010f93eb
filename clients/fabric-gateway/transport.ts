/**
 * FabricTransport over the Fabric Gateway: submit (endorse by every org the policy
 * needs, order, wait for commit), evaluate, bounded event replay from blocks, and the
 * Gateway's own chaincode event stream (resumable from a checkpoint) for followers.
 */
import { connect, type Contract, type Gateway, type Network } from "@hyperledger/fabric-gateway";
import { common, peer } from "@hyperledger/fabric-protos";
import type * as grpc from "@grpc/grpc-js";
import type { FabricChaincodeEvent, FabricSubmitResult, FabricTransport, FollowEventsOptions } from "../fabric/transport.js";
import { chaincodeEventOfPrepared, chaincodeEventsInBlock } from "./blocks.js";
import type { SigningUser } from "./identity.js";

export interface GatewayTarget {
  client: grpc.Client;
  user: SigningUser;
  channel: string;
  chaincode: string;
  /** Shared by the ledgers of one application session: see {@link CommitSession}. */
  session?: CommitSession;
}

/**
 * Read-your-writes across the peers of several organisations. A submit returns once its own
 * Gateway peer has committed the block; another org's peer may commit it a moment later, and
 * a call through that peer in between would read the state before it (a stale answer, or an
 * endorsement that fails on it). The ledgers of one session share the highest block any of
 * them saw committed, and each waits until its own peer has it before it calls.
 */
export interface CommitSession {
  block: number;
}

/** How long a call waits for its peer to reach the session's block before it fails. */
const CATCH_UP_MS = 20_000;

export interface GatewayTransport extends FabricTransport {
  readonly gateway: Gateway;
  readonly network: Network;
  readonly contract: Contract;
  /** The channel's height on this peer: the number of the next block. */
  height(): Promise<number>;
  close(): void;
}

/** Timeouts per Gateway call, generous enough for a loaded 2-core machine. */
const CALL_TIMEOUTS = {
  evaluateOptions: () => ({ deadline: Date.now() + 15_000 }),
  endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
  submitOptions: () => ({ deadline: Date.now() + 15_000 }),
  commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  blockEventsOptions: () => ({ deadline: Date.now() + 60_000 }),
};

export function gatewayTransport(target: GatewayTarget): GatewayTransport {
  const gateway = connect({ client: target.client, identity: target.user.identity, signer: target.user.signer, ...CALL_TIMEOUTS });
  const network = gateway.getNetwork(target.channel);
  const contract = network.getContract(target.chaincode);
  let peerHeight = 0;
  const session = target.session;
  const caughtUp = async () => {
    if (!session || peerHeight > session.block) return;
    const deadline = Date.now() + CATCH_UP_MS;
    while ((peerHeight = await chainHeight(network)) <= session.block) {
      if (Date.now() > deadline) throw new Error(`the peer did not commit block ${session.block} within ${CATCH_UP_MS} ms (its height is ${peerHeight})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const committed = (blockNumber: number) => {
    peerHeight = Math.max(peerHeight, blockNumber + 1);
    if (session) session.block = Math.max(session.block, blockNumber);
  };

  return {
    channel: target.channel,
    gateway,
    network,
    contract,
    async submit(transaction, args): Promise<FabricSubmitResult> {
      await caughtUp();
      const endorsed = await contract.newProposal(transaction, { arguments: args }).endorse();
      const status = await (await endorsed.submit()).getStatus();
      // An invalidated transaction is committed too, in its block.
      committed(Number(status.blockNumber));
      if (!status.successful) {
        // The validation code by name (MVCC_READ_CONFLICT, not 11), as the embedded transport reports it.
        const code = Object.entries(peer.TxValidationCode).find(([, value]) => value === status.code)?.[0] ?? String(status.code);
        throw new Error(`transaction ${status.transactionId} failed to commit with status code ${code}`);
      }
      // A valid transaction commits exactly the event it was endorsed with: read it from the
      // endorsed envelope rather than fetching the block.
      const blockNumber = Number(status.blockNumber);
      const event = chaincodeEventOfPrepared((endorsed as unknown as { getBytes(): Uint8Array }).getBytes(), target.chaincode, blockNumber);
      return { txId: status.transactionId, blockNumber, event };
    },
    async evaluate(transaction, args) {
      await caughtUp();
      return contract.evaluate(transaction, { arguments: args });
    },
    async events(fromBlock): Promise<FabricChaincodeEvent[]> {
      if (!Number.isFinite(fromBlock)) throw new RangeError(`fromBlock must be a block number, got ${fromBlock}`);
      // A negative start would become a uint64 seek near 2^64 and wait for that block forever.
      const first = Math.max(0, Math.ceil(fromBlock));
      await caughtUp();
      const head = (await chainHeight(network)) - 1;
      if (first > head) return [];
      const blocks = await readBlocks(network, first, head);
      return blocks.flatMap((block) => chaincodeEventsInBlock(block, target.chaincode));
    },
    followEvents: (options) => followChaincodeEvents(network, target.chaincode, options),
    height: () => chainHeight(network),
    close() {
      gateway.close();
    },
  };
}

/**
 * The Gateway's ChaincodeEvents stream: the peer pushes each valid transaction's event as
 * its block commits; with a checkpoint the peer itself resumes after the position recorded.
 * Aborting the signal closes the stream, which ends the iteration quietly.
 */
async function* followChaincodeEvents(network: Network, chaincode: string, options: FollowEventsOptions): AsyncGenerator<FabricChaincodeEvent> {
  const { startBlock = 0, checkpoint, signal } = options;
  if (signal?.aborted) return;
  const stream = await network.getChaincodeEvents(chaincode, { startBlock: BigInt(Math.max(0, Math.ceil(startBlock))), checkpoint });
  const close = () => stream.close();
  signal?.addEventListener("abort", close, { once: true });
  try {
    for await (const event of stream) {
      yield { name: event.eventName, payload: event.payload, txId: event.transactionId, blockNumber: Number(event.blockNumber) };
    }
  } catch (error) {
    if (!signal?.aborted) throw error; // closing the stream cancels the call: that is the end, not a failure
  } finally {
    signal?.removeEventListener("abort", close);
    stream.close();
  }
}

/** Blocks `first..last` from the peer's deliver service, then the stream is closed. */
async function readBlocks(network: Network, first: number, last: number) {
  const stream = await network.getBlockEvents({ startBlock: BigInt(first) });
  const blocks = [];
  try {
    for await (const block of stream) {
      blocks.push(block);
      if (Number(block.getHeader()!.getNumber()) >= last) break;
    }
  } finally {
    stream.close();
  }
  const reached = blocks.length > 0 ? Number(blocks.at(-1)!.getHeader()!.getNumber()) : first - 1;
  if (reached < last) throw new Error(`the deliver stream ended at block ${reached}, before block ${last}`);
  return blocks;
}

/** The ledger height from the query system chaincode (qscc GetChainInfo). */
async function chainHeight(network: Network): Promise<number> {
  const bytes = await network.getContract("qscc").evaluateTransaction("GetChainInfo", network.getName());
  return Number(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
}
