/**
 * The conformance suite over JSON-RPC against a local geth (`geth --dev`, Osaka, funded
 * test keys), the second real EVM client next to `hardhat node`: started here unless one
 * already answers, stopped after only if started here. Where geth cannot be had (no Go, a
 * failed build) the suite is unavailable, saying why. Not part of `npm test`:
 *
 *   npx hardhat test mocha test/network/evm-geth.test.ts
 */
import { expect } from "chai";
import { createEvmRpcTarget } from "../../clients/evm-rpc/target.js";
import { ensureGeth, gethDown, gethUp, type GethInfo } from "../../network/evm/geth.js";
import { runConformance, TargetUnavailable } from "../conformance/harness.js";
import { CONFORMANCE_SPECS } from "../conformance/suites.js";
import { describeModel } from "../model/describe-model.js";
import { NETWORK_MODEL_RUN } from "../model/network-run.js";

let node: GethInfo | undefined;
let unavailable = "geth was not started";

// Root hooks: geth is up before the suite's own `before` creates the target. A cold build
// of geth takes minutes (12 on a loaded 2-core machine), hence the long timeout.
before(async function () {
  this.timeout(30 * 60_000);
  let binary: string;
  try {
    binary = await ensureGeth((line) => console.log(`    ${line}`));
  } catch (error) {
    unavailable = (error as Error).message;
    return;
  }
  node = await gethUp({ binary });
});
after(async function () {
  this.timeout(30_000);
  if (node?.started) await gethDown();
});

const createTarget = async () => {
  if (!node) throw new TargetUnavailable(unavailable);
  return createEvmRpcTarget({ rpcUrl: node.rpcUrl, privateKeys: node.privateKeys, name: "evm-geth" });
};

runConformance("evm-geth", createTarget, CONFORMANCE_SPECS);
// The model test, shorter: the embedded targets' sequences, on geth.
describeModel("evm-geth", createTarget, NETWORK_MODEL_RUN);

// What geth answers differently from Hardhat's EDR, held here until the suite covers it.
describe("evm-geth: where geth differs from EDR", function () {
  it("getEvents from a block past the head is empty (geth rejects such an eth_getLogs range)", async function () {
    if (!node) this.skip();
    const target = await createTarget();
    try {
      const { admin } = await target.deploy();
      const head = (await admin.getEvents(0)).at(-1)!.blockNumber;
      expect(await admin.getEvents(head + 1_000)).to.deep.equal([]);
    } finally {
      await target.close();
    }
  });
});
