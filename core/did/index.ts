export { didController, type DidController } from "./control.js";
export { didBindingStatement, personalMessageHash, proofProblem } from "./proof.js";
export { decodeBase58, encodeBase58 } from "./base58.js";
