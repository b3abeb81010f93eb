/**
 * Part "evm-reads" of `npm run bench`: what a page read costs the EVM client over JSON-RPC when
 * the ledger holds 10 and 10,000 records of each kind. The client serves listings and histories
 * from the contracts' events (clients/evm/log-index.ts): a first read fetches every log since
 * the deployment, later reads only the new blocks. Measured here, on a `hardhat node` of its own
 * on 127.0.0.1 (started and stopped by this part):
 *   - a page read right after a new block (the client syncs one block, then answers): median of
 *     READS_REPEATS, with the RPC calls it made;
 *   - a new client's first read, at each size and on a chain grown by READS_EMPTY_BLOCKS empty
 *     blocks, with eth_getLogs windows of 5,000 (the default), 2,000 and 500 blocks: what a user
 *     of a provider with an eth_getLogs range limit gets on a long chain.
 *
 *   npx tsx scripts/bench/reads.ts       (READS_SIZES=10,10000  READS_REPEATS=15  READS_EMPTY_BLOCKS=200000)
 */
import { performance } from "node:perf_hooks";
import { Wallet, ZeroAddress, type JsonRpcProvider } from "ethers";
import { BenchFiller__factory } from "../../typechain-types/index.js";
import { connectTwinledger, deployTwinledger } from "../../clients/evm/deploy.js";
import { createEvmLedger, type EvmLedgerOptions } from "../../clients/evm/ledger.js";
import { createEvmRpcProvider } from "../../clients/evm-rpc/ledger.js";
import type { IndustrialLedger } from "../../clients/ledger.js";
import { evmNodeDown, evmNodeUp } from "../../network/evm/node.js";
import { testPrivateKeys } from "../../network/evm/test-keys.js";
import { FAR_FUTURE, fillIds, fillRecords } from "./workload/evm-fill.js";
import { READ_PAGE_SIZE, READ_QUERIES, median, pageGrowthGoals, type ReadSubjects } from "./workload/read-queries.js";
import { progress, writePart, type BenchPart } from "./report/part.js";
import { renderConsoleTable } from "./report/markdown.js";

const PART = "evm-reads";
const SIZES = (process.env.READS_SIZES ?? "10,10000").split(",").map(Number);
const REPEATS = Number(process.env.READS_REPEATS ?? 15);
const EMPTY_BLOCKS = Number(process.env.READS_EMPTY_BLOCKS ?? 200_000);
const WINDOWS = [5_000, 2_000, 500];
const PORT = 8547;
const started = Date.now();

/** Counts the JSON-RPC calls a provider makes, by method. */
function counted(provider: JsonRpcProvider): { provider: JsonRpcProvider; calls: Map<string, number>; total(): number } {
  const calls = new Map<string, number>();
  const send = provider.send.bind(provider);
  provider.send = (method: string, params: unknown[] | Record<string, unknown>) => {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    return send(method, params);
  };
  return { provider, calls, total: () => [...calls.values()].reduce((a, b) => a + b, 0) };
}

const node = await evmNodeUp({ port: PORT, instance: "bench-reads" });
if (!node.started) throw new Error(`something already answers at ${node.rpcUrl}: the bench wants a chain of its own (stop it, or free port ${PORT})`);
try {
  await run(node.rpcUrl, node.chainId);
} finally {
  await evmNodeDown({ instance: "bench-reads" });
}

async function run(rpcUrl: string, chainId: number) {
  const setup = createEvmRpcProvider(rpcUrl, chainId);
  const [admin, debtor] = testPrivateKeys(2).map((key) => new Wallet(key, setup));
  const deployment = await deployTwinledger(admin, admin.address);
  const { roles, identifiers, certification } = connectTwinledger(deployment, admin);
  const filler = await new BenchFiller__factory(admin).deploy(
    deployment.contracts.AssetRegistry,
    deployment.contracts.IdentifierRegistry,
    deployment.contracts.CertificationRegistry,
    deployment.contracts.ReceivableRegistry,
    ZeroAddress, // no proofs are filled here
  );
  const holder = await filler.getAddress();
  await (await identifiers.registerNamespace(0, "9506000", holder)).wait();
  await (await roles.grantRole(await roles.ACCREDITOR_ROLE(), admin.address)).wait();
  await (await certification.accredit(holder, "ISO-9001", FAR_FUTURE)).wait();
  const subjects: ReadSubjects = { owner: holder, issuer: holder, seller: holder, assetId: fillIds(1).asset };

  /** A new client on a provider of its own: its first read fetches every log since the deployment. */
  const newClient = (options: EvmLedgerOptions = {}) => {
    const rpc = counted(createEvmRpcProvider(rpcUrl, chainId));
    const ledger = createEvmLedger(connectTwinledger(deployment, rpc.provider), admin.address, options);
    return { ledger, rpc };
  };
  const mineBlock = () => setup.send("evm_mine", []);

  const warmRows: (string | number)[][] = [];
  const warm = new Map<string, Map<number, number>>();
  const coldRows: (string | number)[][] = [];
  let filled = 0;
  for (const size of SIZES) {
    progress(PART, `filling to ${size.toLocaleString("en-US")} records of each kind`);
    await fillRecords(filler, Array.from({ length: size - filled }, (_unused, k) => filled + 1 + k), debtor.address);
    filled = size;
    const blocks = (await setup.getBlockNumber()) - deployment.fromBlock;

    progress(PART, `${size.toLocaleString("en-US")} records: a new client's first read`);
    coldRows.push(await coldRead(newClient, subjects, size, blocks, WINDOWS[0]));

    const { ledger, rpc } = newClient();
    await READ_QUERIES[0].run(ledger, subjects); // the first read, measured above
    for (const query of READ_QUERIES) {
      progress(PART, `${size.toLocaleString("en-US")} records: ${query.name} × ${REPEATS}`);
      const times: number[] = [];
      let calls = 0;
      let records = 0;
      for (let k = 0; k < REPEATS; k += 1) {
        await mineBlock();
        const before = rpc.total();
        const t0 = performance.now();
        records = await query.run(ledger, subjects);
        times.push(performance.now() - t0);
        calls += rpc.total() - before;
      }
      const ms = median(times);
      warmRows.push([query.name, size, records, Number(ms.toFixed(2)), Number(Math.max(...times).toFixed(2)), Math.round(calls / REPEATS)]);
      if (!warm.has(query.name)) warm.set(query.name, new Map());
      warm.get(query.name)!.set(size, ms);
    }
  }

  // The chain grows without Twinledger records: what does a new client pay to catch up?
  progress(PART, `mining ${EMPTY_BLOCKS.toLocaleString("en-US")} empty blocks`);
  await setup.send("hardhat_mine", [`0x${EMPTY_BLOCKS.toString(16)}`]);
  const blocks = (await setup.getBlockNumber()) - deployment.fromBlock;
  for (const window of WINDOWS) {
    progress(PART, `${blocks.toLocaleString("en-US")} blocks: a new client's first read, eth_getLogs windows of ${window.toLocaleString("en-US")}`);
    coldRows.push(await coldRead(newClient, subjects, filled, blocks, window));
  }
  setup.destroy();

  const goals = pageGrowthGoals(warm, SIZES[0], SIZES.at(-1)!, "", "the read still does work in proportion to the records on the ledger");

  const part: BenchPart = {
    part: PART,
    title: "EVM read path over JSON-RPC: a page with 10 and 10,000 records",
    seconds: (Date.now() - started) / 1000,
    tables: [
      {
        id: `${PART}-warm`,
        title: "A page read right after a new block (the client syncs that block, then answers)",
        columns: ["read", "records of each kind", "items", "median ms", "max ms", "RPC calls"],
        numeric: [false, true, true, true, true, true],
        rows: warmRows,
        note: `Median of ${REPEATS} reads of one long-lived client over HTTP JSON-RPC to \`hardhat node\`, page size ${READ_PAGE_SIZE}; before each read one empty block is mined. The holder owns, issued and sold every filled record.`,
      },
      {
        id: `${PART}-cold`,
        title: "A new client's first read: every log since the deployment",
        columns: ["records of each kind", "blocks since deployment", "eth_getLogs window", "eth_getLogs calls", "RPC calls", "ms"],
        numeric: [false, true, true, true, true, true],
        rows: coldRows,
        note: "listAssetsByOwner (first page) as the first read of a client on a provider of its own. A client keeps what it fetched (with `indexFile`, across processes too): the cost is paid once per client, then per new block.",
      },
    ],
    charts: [
      {
        id: `${PART}-warm`,
        title: "Page read after a new block, by records on the ledger",
        kind: "bars",
        xLabel: "read",
        yLabel: "median ms",
        series: SIZES.map((size) => ({ name: `${size.toLocaleString("en-US")} records`, points: READ_QUERIES.map(({ name }) => ({ x: name.split(" ")[0], y: warm.get(name)!.get(size)! })) })),
      },
    ],
    goals,
    notes: [`Node: \`hardhat node\` (EDR) on 127.0.0.1:${PORT}, HTTP JSON-RPC, one request per call (no batching), no response cache.`],
  };
  for (const table of part.tables) console.log(`\n${renderConsoleTable(table)}`);
  for (const goal of goals) console.log(goal.met ? `Target met: ${goal.goal}: ${goal.measured}.` : `TARGET MISSED: ${goal.goal}: ${goal.measured}.`);
  writePart(part);
}

async function coldRead(
  newClient: (options?: EvmLedgerOptions) => { ledger: IndustrialLedger; rpc: ReturnType<typeof counted> },
  subjects: ReadSubjects,
  size: number,
  blocks: number,
  window: number,
): Promise<(string | number)[]> {
  const { ledger, rpc } = newClient({ maxBlockRange: window });
  const t0 = performance.now();
  await READ_QUERIES[0].run(ledger, subjects);
  const ms = performance.now() - t0;
  return [size.toLocaleString("en-US"), blocks, window, rpc.calls.get("eth_getLogs") ?? 0, rpc.total(), Math.round(ms)];
}
