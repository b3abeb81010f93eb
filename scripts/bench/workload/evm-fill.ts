/**
 * Filling an EVM deployment with many records fast, for the benches that ask how cost grows with
 * the ledger (scripts/bench/growth.ts, scripts/bench/reads.ts): contracts/test/BenchFiller.sol
 * writes many records per transaction through the registries' own functions, the filler being
 * the owner, namespace holder, certifier and seller of all of them.
 */
import type { ContractTransactionResponse } from "ethers";
import type { BenchFiller } from "../../../typechain-types/index.js";
import { canonicalize } from "../../../core/index.js";

export const FAR_FUTURE = 4_102_444_800;
export const URI_60 = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy5";
/** Below osaka's 2^24 gas per transaction. */
export const BATCH_GAS = 16_000_000;
/** Records per filler transaction, by kind: what fits in BATCH_GAS with room to spare. */
export const PER_TX = { assets: 80, certificates: 100, receivables: 100, nonces: 250, proofs: 90 };

/** Ids of one length at every size, so that calldata does not differ between rows. */
export const tag = (n: number): string => String(n).padStart(7, "0");
export const sgtin = (serial: string): string => canonicalize(`(01)09506000134352(21)${serial}`).canonical;

/** The ids record n gets: asset `fill-n` bound to SGTIN `Fn`, certificate `FCERT-n` on it, receivable `FINV-n` linking it. */
export const fillIds = (n: number) => ({ asset: `fill-${tag(n)}`, identifier: sgtin(`F${tag(n)}`), certificate: `FCERT-${tag(n)}`, invoice: `FINV-${tag(n)}` });

export function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_unused, k) => items.slice(k * size, (k + 1) * size));
}

export async function mined(send: Promise<ContractTransactionResponse>, what: string) {
  const receipt = await (await send).wait();
  if (!receipt || receipt.status !== 1) throw new Error(`filling ${what}: the transaction reverted`);
  return receipt;
}

/**
 * Records `numbers` of three kinds: an asset with an identifier bound, an ISO-9001 certificate
 * on it, a receivable of `debtor` linking it. The filler must hold GS1 prefix 9506000 and an
 * ISO-9001 accreditation.
 */
export async function fillRecords(filler: BenchFiller, numbers: number[], debtor: string): Promise<void> {
  const gas = { gasLimit: BATCH_GAS };
  const ids = numbers.map(fillIds);
  for (const batch of chunks(ids, PER_TX.assets)) {
    await mined(filler.registerAndBind(batch.map((n) => n.asset), batch.map((n) => n.identifier), URI_60, gas), "assets");
  }
  for (const batch of chunks(ids, PER_TX.certificates)) {
    await mined(filler.issueCertificates(batch.map((n) => n.certificate), batch.map((n) => n.asset), "ISO-9001", FAR_FUTURE, gas), "certificates");
  }
  for (const batch of chunks(ids, PER_TX.receivables)) {
    await mined(filler.issueReceivables(batch.map((n) => n.invoice), batch.map((n) => n.asset), debtor, FAR_FUTURE, gas), "receivables");
  }
}
