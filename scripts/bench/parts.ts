/**
 * The parts of `npm run bench`, in the order they run. Each is its own process (the EVM parts
 * under `hardhat run`, so that each has a fresh in-process chain) and hands its BenchPart to the
 * runner through BENCH_PART_OUT (scripts/bench/report/part.ts).
 */
export interface BenchPartSpec {
  id: string;
  /** What the part measures, for the progress lines. */
  title: string;
  /** A gas part: `npm run bench:gas` (and CI) runs it, and a missed goal of it fails the run. */
  gas: boolean;
  /** Set when the part needs a real network: `--no-network` leaves it out and says so. */
  network?: string;
  command: [string, ...string[]];
}

const hardhatRun = (script: string): [string, ...string[]] => ["hardhat", "run", "--no-compile", script];

export const BENCH_PARTS: BenchPartSpec[] = [
  { id: "evm-gas", title: "EVM gas of every operation vs its floor", gas: true, command: hardhatRun("scripts/bench/gas.ts") },
  { id: "evm-interop", title: "EVM gas of the cross-ledger verifier", gas: true, command: hardhatRun("scripts/bench/interop-gas.ts") },
  {
    id: "evm-anchors",
    title: "OpenZeppelin and EAS, compiled from npm and measured",
    gas: true,
    command: ["hardhat", "--config", "scripts/bench/anchors/hardhat.config.ts", "run", "scripts/bench/anchors/measure.ts"],
  },
  { id: "evm-growth", title: "EVM gas with 1, 100 and 10,000 records", gas: true, command: hardhatRun("scripts/bench/growth.ts") },
  { id: "evm-reads", title: "EVM page reads over JSON-RPC with 10 and 10,000 records", gas: false, command: ["tsx", "scripts/bench/reads.ts"] },
  { id: "fabric-inprocess", title: "Fabric in-process tx/s per write operation", gas: false, command: ["tsx", "scripts/bench/fabric-inprocess.ts"] },
  {
    id: "fabric-network",
    title: "Fabric on the real network: tx/s and latency per write operation vs a bare putState",
    gas: false,
    network: "the local 2-org Fabric network, which the part brings up itself (npm run network:up)",
    command: ["tsx", "scripts/bench/fabric-network.ts"],
  },
  {
    id: "fabric-caliper",
    title: "Hyperledger Caliper on the real network: the same writes beside a bare putState",
    gas: false,
    network: "the local 2-org Fabric network (brought up by the part) and Caliper 0.6.0 from npm, installed once into ~/.cache/twinledger",
    command: ["tsx", "scripts/bench/caliper.ts"],
  },
  {
    id: "fabric-scale",
    title: "Fabric on the real network: write latency and page reads with 1 to 10,000 records",
    gas: false,
    network: "the local 2-org Fabric network, which the part brings up itself (npm run network:up)",
    command: ["tsx", "scripts/bench/fabric-scale.ts"],
  },
];
