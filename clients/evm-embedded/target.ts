/**
 * The embedded EVM: Hardhat's in-process network (EDR). Each deployment is a fresh set of
 * contracts on one network; signers 0–5 are the named actors, signer 0 the first ADMIN.
 */
import { network } from "hardhat";
import { ACTOR_NAMES, type ActorLedgers, type LedgerClock, type LedgerTarget } from "../ledger.js";
import { connectTwinledger, deployTwinledger } from "../evm/deploy.js";
import { createEvmLedger } from "../evm/ledger.js";

export async function createEmbeddedEvmTarget(): Promise<LedgerTarget> {
  const connection = await network.create();
  const signers = await connection.ethers.getSigners();
  if (signers.length < ACTOR_NAMES.length) throw new Error(`the embedded network has only ${signers.length} accounts`);
  const provider = connection.ethers.provider;
  // One chain for every deployment: its clock only moves forward, for all of them.
  const clock: LedgerClock = {
    async now() {
      return (await provider.getBlock("latest"))!.timestamp + 1;
    },
    async setNextTime(time) {
      if (time < (await clock.now())) throw new RangeError(`the EVM clock cannot go back to ${time}`);
      await provider.send("evm_setNextBlockTimestamp", [time]);
    },
  };

  return {
    name: "evm",
    async deploy(): Promise<ActorLedgers> {
      const [deployer] = signers;
      const deployment = await deployTwinledger(deployer, deployer.address);
      const ledgers = ACTOR_NAMES.map((actor, index) => {
        const signer = signers[index];
        return [actor, createEvmLedger(connectTwinledger(deployment, signer), signer.address)] as const;
      });
      return Object.fromEntries(ledgers) as unknown as ActorLedgers;
    },
    clockOf: () => clock,
    async height() {
      return (await provider.getBlockNumber()) + 1;
    },
    async close() {
      await connection.close();
    },
  };
}
