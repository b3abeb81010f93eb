/**
 * The private keys of `hardhat node`'s funded accounts, derived from the project's Hardhat
 * config (network `node`: by default Hardhat's public test mnemonic "test test … junk",
 * m/44'/60'/0'/0/i). Test keys only: they hold value on no real chain.
 */
import { HDNodeWallet, Mnemonic } from "ethers";
import hre from "hardhat";

export async function hardhatNodePrivateKeys(count: number): Promise<string[]> {
  const network = hre.config.networks.node;
  if (network?.type !== "edr-simulated") throw new Error("the Hardhat config has no simulated `node` network");
  const accounts = network.accounts;
  if (Array.isArray(accounts)) {
    if (accounts.length < count) throw new Error(`the \`node\` network has ${accounts.length} accounts, ${count} wanted`);
    return Promise.all(accounts.slice(0, count).map((account) => account.privateKey.get()));
  }
  if (accounts.count < count) throw new Error(`the \`node\` network has ${accounts.count} accounts, ${count} wanted`);
  const mnemonic = Mnemonic.fromPhrase(await accounts.mnemonic.get(), await accounts.passphrase.get());
  return Array.from({ length: count }, (_, i) => HDNodeWallet.fromMnemonic(mnemonic, `${accounts.path}/${accounts.initialIndex + i}`).privateKey);
}
