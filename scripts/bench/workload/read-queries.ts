/**
 * The reads the read-path benches time on every platform (scripts/bench/reads.ts on the EVM,
 * scripts/bench/fabric-reads.ts on Fabric): one page of each listing and one history, through
 * the platform-neutral IndustrialLedger, of the party that holds every filled record of its kind.
 */
import type { IndustrialLedger } from "../../../clients/ledger.js";
import type { BenchGoal } from "../report/part.js";
import { percentile } from "./drive.js";

export const READ_PAGE_SIZE = 10;

export interface ReadSubjects {
  /** The owner of every filled asset. */
  owner: string;
  /** The issuer of every filled certificate. */
  issuer: string;
  /** The seller of every filled receivable. */
  seller: string;
  /** One filled asset (its history and its certificates are read). */
  assetId: string;
}

export interface ReadQuery {
  name: string;
  /** Runs the read; returns how many records it gave, so that an empty answer shows. */
  run(ledger: IndustrialLedger, subjects: ReadSubjects): Promise<number>;
}

export const READ_QUERIES: ReadQuery[] = [
  { name: "listAssetsByOwner (first page)", run: async (l, s) => (await l.listAssetsByOwner(s.owner, READ_PAGE_SIZE, "")).items.length },
  { name: "getAssetHistory", run: async (l, s) => (await l.getAssetHistory(s.assetId)).length },
  { name: "listCertificates (one asset)", run: async (l, s) => (await l.listCertificates(s.assetId, READ_PAGE_SIZE, "")).items.length },
  { name: "listCertificatesByIssuer (first page)", run: async (l, s) => (await l.listCertificatesByIssuer(s.issuer, READ_PAGE_SIZE, "")).items.length },
  { name: "listReceivablesBySeller (first page)", run: async (l, s) => (await l.listReceivablesBySeller(s.seller, READ_PAGE_SIZE, "")).items.length },
];

/** The median by rank, as the throughput rows take their percentiles (workload/drive.ts). */
export const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 50);

/** The goal per read: a page with `large` records within 2× of one with `small` (median ms by read, then size). */
export function pageGrowthGoals(medians: ReadonlyMap<string, ReadonlyMap<number, number>>, small: number, large: number, platform: string, why: string): BenchGoal[] {
  return READ_QUERIES.map(({ name }) => {
    const few = medians.get(name)!.get(small)!;
    const many = medians.get(name)!.get(large)!;
    const met = many <= 2 * few;
    return {
      goal: `${platform}${name}: a page at ${large.toLocaleString("en-US")} records within 2× of one at ${small.toLocaleString("en-US")}`,
      measured: `${many.toFixed(2)} ms vs ${few.toFixed(2)} ms (${(many / few).toFixed(2)}×)`,
      met,
      why: met ? undefined : why,
    };
  });
}
