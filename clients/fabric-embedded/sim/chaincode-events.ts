// Chaincode events as the peer delivers them: only a VALID transaction's event counts.
import type { BlockRecord } from "./world-state.js";

export interface ChaincodeEvent {
  name: string;
  payload: Buffer;
  txId: string;
  blockNumber: number;
}

export function toEvent(block: BlockRecord): ChaincodeEvent | undefined {
  if (block.validationCode !== "VALID" || !block.event) return undefined;
  return { name: block.event.name, payload: Buffer.from(block.event.payload), txId: block.txId, blockNumber: block.number };
}
