/**
 * `tsx network/evm/cli.ts up|down|status|build [--client hardhat|geth]`: the local EVM node
 * (`npm run evm:up` etc.; `npm run evm:up -- --client geth`). `build` only makes sure the
 * client's binary exists (geth is built from source once; Hardhat needs nothing).
 */
import { parseArgs } from "node:util";
import { ensureGeth, gethDown, gethStatus, gethUp, GETH_LOG } from "./geth.js";
import type { LocalNodeInfo, LocalNodeStatus } from "./local-node.js";
import { evmNodeDown, evmNodeStatus, evmNodeUp, EVM_NODE_LOG } from "./node.js";

const USAGE = "usage: tsx network/evm/cli.ts up|down|status|build [--client hardhat|geth]";

interface Client {
  up(): Promise<LocalNodeInfo>;
  down(): Promise<{ stopped: boolean }>;
  status(): Promise<LocalNodeStatus>;
  build(): Promise<string>;
  log: string;
}

const CLIENTS: Record<string, Client> = {
  hardhat: {
    up: () => evmNodeUp(),
    down: evmNodeDown,
    status: () => evmNodeStatus(),
    build: async () => "`hardhat node` needs no build",
    log: EVM_NODE_LOG,
  },
  geth: { up: () => gethUp({ log: console.log }), down: gethDown, status: gethStatus, build: () => ensureGeth(console.log), log: GETH_LOG },
};

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { client: { type: "string", default: "hardhat" } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const client = Object.hasOwn(CLIENTS, values.client) ? CLIENTS[values.client] : undefined;
  if (positionals.length !== 1 || !client) {
    console.error(USAGE);
    return 2;
  }
  switch (positionals[0]) {
    case "up": {
      const { rpcUrl, chainId, started } = await client.up();
      console.log(`${started ? "started" : "already up"}: ${rpcUrl} (chainId ${chainId}), log ${client.log}`);
      return 0;
    }
    case "down": {
      const { stopped } = await client.down();
      console.log(stopped ? "stopped" : `no ${values.client} node started by evm:up is running`);
      return 0;
    }
    case "status": {
      const status = await client.status();
      const owner = status.pid !== undefined ? `pid ${status.pid}` : "not started by evm:up";
      console.log(status.running ? `up: ${status.rpcUrl} (chainId ${status.chainId}), ${owner}` : `down: nothing answers at ${status.rpcUrl}`);
      return status.running ? 0 : 3;
    }
    case "build":
      console.log(await client.build());
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
