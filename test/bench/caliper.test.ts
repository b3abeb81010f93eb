/** Reading Caliper's console summary (scripts/bench/caliper/summary.ts). */
import { expect } from "chai";
import { summaryRows } from "../../scripts/bench/caliper/summary.js";

const output = [
  "2026.12.03-14:22:31.791 info  [caliper] [report-builder] \t",
  "+---------------+------+------+-----------------+-----------------+-----------------+-----------------+------------------+",
  "| Name          | Succ | Fail | Send Rate (TPS) | Max Latency (s) | Min Latency (s) | Avg Latency (s) | Throughput (TPS) |",
  "|---------------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|",
  "| bare-putState | 200  | 0    | 47.8            | 0.42            | 0.10            | 0.22            | 44.5             |",
  "### All test results ###",
  "| Name           | Succ | Fail | Send Rate (TPS) | Max Latency (s) | Min Latency (s) | Avg Latency (s) | Throughput (TPS) |",
  "| bare-putState  | 2000 | 0    | 160.1           | 0.52            | 0.08            | 0.19            | 158.3            |",
  "| registerAsset  | 1998 | 2    | 150.0           | 0.61            | 0.09            | 0.21            | 149.2            |",
].join("\n");

describe("bench: Caliper's summary", () => {
  it("reads each round's row, the last table's where a round is printed twice", () => {
    expect(summaryRows(output, ["bare-putState", "registerAsset"])).to.deep.equal([
      { label: "bare-putState", succ: 2000, fail: 0, sendRate: 160.1, max: 0.52, min: 0.08, avg: 0.19, tps: 158.3 },
      { label: "registerAsset", succ: 1998, fail: 2, sendRate: 150, max: 0.61, min: 0.09, avg: 0.21, tps: 149.2 },
    ]);
  });

  it("fails naming a round Caliper printed no row for", () => {
    expect(() => summaryRows(output, ["bare-putState", "bindIdentifier"])).to.throw(/no summary row for bindIdentifier/);
  });
});
