/**
 * Deterministic keys for local dev chains that are not Hardhat (geth --dev): Hardhat's
 * public test mnemonic at m/44'/60'/0'/0/i, so the actors have the same addresses on every
 * local chain. Test keys only: they hold value on no real chain.
 */
import { HDNodeWallet, Mnemonic } from "ethers";

const TEST_MNEMONIC = "test test test test test test test test test test test junk";

export function testPrivateKeys(count: number): string[] {
  const mnemonic = Mnemonic.fromPhrase(TEST_MNEMONIC);
  return Array.from({ length: count }, (_, i) => HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`).privateKey);
}
