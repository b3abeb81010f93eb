// Why the peer refused or invalidated a transaction; callers tell them apart by class.
import type { ValidationCode } from "./world-state.js";

/** The chaincode answered with status >= 400 (or threw). `message` is the chaincode's message, unmodified. */
export class EndorsementError extends Error {
  readonly status: number;
  readonly txId: string;
  constructor(message: string, status: number, txId: string) {
    super(message);
    this.name = "EndorsementError";
    this.status = status;
    this.txId = txId;
  }
}

/** Endorsed but invalidated at commit (MVCC or phantom read conflict); the block still records it. */
export class CommitError extends Error {
  readonly validationCode: ValidationCode;
  readonly txId: string;
  readonly blockNumber: number;
  constructor(txId: string, validationCode: ValidationCode, blockNumber: number) {
    super(`transaction ${txId} failed to commit with status code ${validationCode}`);
    this.name = "CommitError";
    this.validationCode = validationCode;
    this.txId = txId;
    this.blockNumber = blockNumber;
  }
}

/** The proposal was refused before the chaincode ran (unknown MSP, bad certificate or signature). */
export class AccessDeniedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccessDeniedError";
  }
}
