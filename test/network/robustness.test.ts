/**
 * The chaincode robustness suite (test/network/chaincode-robustness.ts) on the real
 * network: hostile argument bytes through the real Gateway to the node chaincode that each
 * peer builds and launches. "Still alive" is checked on the processes themselves: the
 * chaincode answers, and both peers run the same chaincode processes as before the suite —
 * a crash would show as a new one, launched on the next call.
 *
 *   npm run test:network:fabric:scrutiny
 */
import { PeerClients } from "../../clients/fabric-gateway/shared-target.js";
import { deployForCast } from "../../network/fabric/conformance-target.js";
import { PEER_ORGS } from "../../network/fabric/layout.js";
import { chaincodeProcesses } from "../../network/fabric/node-control.js";
import { chaincodeAnswers, describeChaincodeRobustness } from "./chaincode-robustness.js";
import { defaultNetwork } from "./default-network.js";

const runningChaincodes = () => PEER_ORGS.flatMap((org) => chaincodeProcesses(org)).sort((a, b) => a - b).join(",");

describeChaincodeRobustness("fabric-network", async () => {
  const profile = await defaultNetwork();
  const clients = new PeerClients();
  const connections = await deployForCast(profile, clients);
  const { contract, height } = connections.connections.alice.transport;
  // Launched by now on both peers: initLedger was endorsed by both.
  const before = runningChaincodes();
  return {
    contract,
    height,
    chaincodeAlive: async () => before !== "" && runningChaincodes() === before && (await chaincodeAnswers(contract)),
    close: async () => {
      await connections.close();
      clients.close();
    },
  };
});
