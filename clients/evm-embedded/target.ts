/**
 * The embedded EVM: Hardhat's in-process network (EDR). Each deployment is a fresh pair
 * of contracts on one network; signers 0–5 are the named actors, signer 0 the first ADMIN.
 */
import { network } from "hardhat";
import { AssetRegistry__factory, RoleRegistry__factory } from "../../typechain-types/index.js";
import { ACTOR_NAMES, type ActorLedgers, type LedgerTarget } from "../ledger.js";
import { createEvmLedger } from "../evm/ledger.js";

export async function createEmbeddedEvmTarget(): Promise<LedgerTarget> {
  const connection = await network.create();
  const signers = await connection.ethers.getSigners();
  if (signers.length < ACTOR_NAMES.length) throw new Error(`the embedded network has only ${signers.length} accounts`);

  return {
    name: "evm",
    async deploy(): Promise<ActorLedgers> {
      const [deployer] = signers;
      const roles = await new RoleRegistry__factory(deployer).deploy(deployer.address);
      const assets = await new AssetRegistry__factory(deployer).deploy();
      const fromBlock = (await roles.deploymentTransaction()!.wait())!.blockNumber;
      await assets.waitForDeployment();
      const ledgers = ACTOR_NAMES.map((actor, index) => {
        const signer = signers[index];
        const contracts = { roles: roles.connect(signer), assets: assets.connect(signer), fromBlock };
        return [actor, createEvmLedger(contracts, signer.address)] as const;
      });
      return Object.fromEntries(ledgers) as unknown as ActorLedgers;
    },
    async close() {
      await connection.close();
    },
  };
}
