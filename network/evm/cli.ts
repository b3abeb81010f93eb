/** `tsx network/evm/cli.ts up|down|status`: the local EVM node (`npm run evm:up` etc.). */
import { evmNodeDown, evmNodeStatus, evmNodeUp, EVM_NODE_LOG } from "./node.js";

const USAGE = "usage: tsx network/evm/cli.ts up|down|status";

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case "up": {
      const { rpcUrl, chainId, started } = await evmNodeUp();
      console.log(`${started ? "started" : "already up"}: ${rpcUrl} (chainId ${chainId}), log ${EVM_NODE_LOG}`);
      return 0;
    }
    case "down": {
      const { stopped } = await evmNodeDown();
      console.log(stopped ? "stopped" : "no node started by evm:up is running");
      return 0;
    }
    case "status": {
      const status = await evmNodeStatus();
      const owner = status.pid !== undefined ? `pid ${status.pid}` : "not started by evm:up";
      console.log(status.running ? `up: ${status.rpcUrl} (chainId ${status.chainId}), ${owner}` : `down: nothing answers at ${status.rpcUrl}`);
      return status.running ? 0 : 3;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
