export { readEvmDeployment, parseEvmDeployment, TWINLEDGER_CONTRACTS, type EvmDeployment, type TwinledgerContractName } from "../evm/deployment.js";
export { deployTwinledger, connectTwinledger } from "../evm/deploy.js";
export { connectEvm, createEvmRpcProvider, type ConnectEvmParams, type EvmRpcOptions } from "./ledger.js";
export { createEvmRpcTarget, createEvmSharedTarget, type EvmRpcTargetParams, type EvmSharedTargetParams } from "./target.js";
export type { EvmLedgerOptions } from "../evm/ledger.js";
