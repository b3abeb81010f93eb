// The chaincode robustness suite (test/network/chaincode-robustness.ts) through the real
// fabric-gateway client and the embedded Gateway peer: the same compiled chaincode, the
// same contract API and shim, in process — so liveness is the same chaincode answering.
import { createEmbeddedGatewayTarget } from "../../clients/fabric-embedded/gateway-target.js";
import { chaincodeAnswers, describeChaincodeRobustness } from "../network/chaincode-robustness.js";

describeChaincodeRobustness("fabric-gateway (embedded)", async () => {
  const target = await createEmbeddedGatewayTarget();
  await target.deploy();
  const { contract, height } = target.connections.alice.transport;
  return { contract, height, chaincodeAlive: () => chaincodeAnswers(contract), close: () => target.close() };
});
