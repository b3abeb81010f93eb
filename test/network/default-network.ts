/**
 * The default local network (1 Raft orderer, 2 peers, the node package) for suites that
 * share it in one mocha run: the first to ask brings it up, and it goes down after the run
 * if it was started here. Root hooks, registered once however many files import this.
 */
import { type FabricNetworkProfile, networkDown, networkKillNow, networkStatus, networkUp } from "../../network/fabric/index.js";

let profile: Promise<FabricNetworkProfile> | undefined;
let startedHere = false;

after(async function () {
  this.timeout(60_000);
  if (startedHere) await networkDown();
});

export function defaultNetwork(): Promise<FabricNetworkProfile> {
  profile ??= (async () => {
    startedHere = !(await networkStatus()).every((node) => node.healthy);
    // Should the run die before its `after` hook, the nodes go with it.
    if (startedHere) process.once("exit", networkKillNow);
    return networkUp({ log: (line) => console.log(`    network: ${line}`) });
  })();
  return profile;
}
