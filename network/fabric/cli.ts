/**
 * npm run network:up [-- --chaincode node|ccaas] [--orderers 1|3] | network:deploy [-- --chaincode node|ccaas]
 * [--package <node package>] [--name <chaincode name>] | network:check | network:down |
 * network:status | network:clean
 */
import { existsSync, readFileSync } from "node:fs";
import { parseCommandLine } from "../../scripts/common/command-line.js";
import {
  deployChaincode, ensureBinaries, networkClean, networkDeploy, networkDown, networkStatus, networkUp, parseChaincodeType, StepError,
} from "./index.js";
import { parseOrdererCount } from "./layout.js";
import { lastLines } from "./run.js";

const { positionals, values } = parseCommandLine("network", "npm run network:up|deploy|check|down|status|clean [-- --chaincode node|ccaas] [--orderers 1|3] [--package <file>] [--name <chaincode>]", {
  allowPositionals: true,
  options: { chaincode: { type: "string" }, orderers: { type: "string" }, package: { type: "string" }, name: { type: "string" } },
});
const [command] = positionals;
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  switch (command) {
    case "check":
      await ensureBinaries(log);
      break;
    case "up":
      await networkUp({
        log,
        chaincode: parseChaincodeType(values.chaincode),
        packageFile: values.package,
        orderers: values.orderers === undefined ? undefined : parseOrdererCount(values.orderers),
      });
      break;
    case "deploy": {
      const started = Date.now();
      if (values.name) {
        // Another definition on the installed package: a second, empty world state.
        await deployChaincode(values.name);
        log(`${values.name} committed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } else {
        const profile = await networkDeploy({ log, chaincode: parseChaincodeType(values.chaincode), packageFile: values.package });
        log(`${profile.chaincode.name} runs ${profile.chaincode.packageId} (${profile.chaincode.type}); deployed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      break;
    }
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
    default:
      console.error("usage: tsx network/fabric/cli.ts check | up [--chaincode node|ccaas] [--orderers 1|3] [--package file] | deploy [--chaincode node|ccaas] [--package file] [--name n] | down | status | clean");
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
    console.error(error instanceof Error ? error.message : error);
  }
  process.exitCode = 1;
});
