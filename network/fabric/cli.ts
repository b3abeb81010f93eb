/** npm run network:up | network:down | network:status | network:clean; `tsx network/fabric/cli.ts deploy <name>`. */
import { existsSync, readFileSync } from "node:fs";
import { deployChaincode, networkClean, networkDown, networkStatus, networkUp, StepError } from "./index.js";
import { lastLines } from "./run.js";

const [command, argument] = process.argv.slice(2);
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  switch (command) {
    case "up":
      await networkUp({ log });
      break;
    case "down":
      await networkDown();
      log("network stopped (crypto material and ledgers kept)");
      break;
    case "clean":
      await networkClean();
      log("network stopped and .twinledger/fabric deleted");
      break;
    case "status":
      for (const s of await networkStatus()) log(`${s.process.padEnd(18)} ${s.healthy ? "healthy" : "down   "} ${s.pid ?? ""}`);
      break;
    case "deploy": {
      if (!argument) throw new Error("usage: cli.ts deploy <chaincode name>");
      const started = Date.now();
      await deployChaincode(argument);
      log(`${argument} committed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      break;
    }
    default:
      console.error("usage: tsx network/fabric/cli.ts up|down|status|clean|deploy <name>");
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  if (error instanceof StepError) {
    console.error(`✘ step failed: ${error.message}`);
    if (error.logPath && existsSync(error.logPath)) {
      console.error(`--- last lines of ${error.logPath}`);
      console.error(lastLines(readFileSync(error.logPath, "utf8")));
    } else if (error.output) {
      console.error(lastLines(error.output));
    }
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
