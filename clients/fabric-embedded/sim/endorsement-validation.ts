// The committer's endorsement check for a one-peer channel (ENDORSEMENT_POLICY_FAILURE when it fails).
import { decodeCreator, type Creator, type DecodedTransaction } from "./transaction.js";

/**
 * The endorsement check this one-peer channel can make: the transaction is for this
 * chaincode, every endorsement is a channel member's valid signature over the
 * response payload, and when this peer endorses (it has an identity) there is one.
 */
export function hasValidEndorsements(
  transaction: DecodedTransaction,
  chaincodeName: string,
  endorsementRequired: boolean,
  checkSigned: (creator: Creator, signedData: Uint8Array, signature: Uint8Array) => void,
): boolean {
  if (transaction.chaincodeName !== chaincodeName) return false;
  if (endorsementRequired && transaction.endorsements.length === 0) return false;
  return transaction.endorsements.every(({ endorser, signature }) => {
    try {
      const creator = decodeCreator(endorser);
      checkSigned(creator, Buffer.concat([transaction.responsePayloadBytes, endorser]), signature);
      return true;
    } catch {
      return false;
    }
  });
}
