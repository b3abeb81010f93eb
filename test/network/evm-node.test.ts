/**
 * The conformance suite over JSON-RPC against a local `hardhat node` (started here unless
 * one already answers, and stopped after only if started here). Not part of `npm test`:
 *
 *   npm run test:network:evm
 *   npx hardhat test mocha test/network/evm-node.test.ts
 */
import { ACTOR_NAMES } from "../../clients/ledger.js";
import { createEvmRpcTarget } from "../../clients/evm-rpc/target.js";
import { hardhatNodePrivateKeys } from "../../network/evm/accounts.js";
import { evmNodeDown, evmNodeUp } from "../../network/evm/node.js";
import { runConformance } from "../conformance/harness.js";
import { CONFORMANCE_SPECS } from "../conformance/suites.js";
import { describeModel } from "../model/describe-model.js";
import { NETWORK_MODEL_RUN } from "../model/network-run.js";

let node: Awaited<ReturnType<typeof evmNodeUp>> | undefined;

// Root hooks: the node is up before the suite's own `before` creates the target.
before(async function () {
  this.timeout(90_000);
  node = await evmNodeUp();
});
after(async function () {
  this.timeout(30_000);
  if (node?.started) await evmNodeDown();
});

const createTarget = async () => createEvmRpcTarget({ rpcUrl: node!.rpcUrl, privateKeys: await hardhatNodePrivateKeys(ACTOR_NAMES.length) });

runConformance("evm-rpc", createTarget, CONFORMANCE_SPECS);
// The model test, shorter: the embedded targets' sequences, over JSON-RPC.
describeModel("evm-rpc", createTarget, NETWORK_MODEL_RUN);
