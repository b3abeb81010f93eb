/**
 * The Twinledger chaincode as a service: `fabric-chaincode-node server` on the project's
 * Node 22 (node_modules/.bin first on PATH), keyed by the installed package id.
 */
import { join } from "node:path";
import { CHAINCODE_DIR, HOST, PORTS, REPO_ROOT } from "./constants.js";
import { isAlive, logPath, portOpen, readPid, startProcess, stopProcess, waitFor } from "./processes.js";
import { StepError, run } from "./run.js";

export const CHAINCODE_PROCESS = "chaincode";

export async function buildChaincode(): Promise<void> {
  await run("npm", ["run", "-s", "build:chaincode"], { cwd: REPO_ROOT, env: projectNodeEnv() });
}

function projectNodeEnv(): NodeJS.ProcessEnv {
  const bin = join(REPO_ROOT, "node_modules", ".bin");
  return { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` };
}

/** Which chaincode a server runs; the default is the Twinledger chaincode. */
export interface ChaincodeServerOptions {
  /** The process name: pids/<name>.pid, logs/<name>.log */
  name: string;
  port: number;
  modulePath: string;
}

const TWINLEDGER_SERVER: ChaincodeServerOptions = { name: CHAINCODE_PROCESS, port: PORTS.chaincodeServer, modulePath: CHAINCODE_DIR };

export async function startChaincodeServer(packageId: string, options: ChaincodeServerOptions = TWINLEDGER_SERVER): Promise<number> {
  const { name, port, modulePath } = options;
  const running = readPid(name);
  if (isAlive(running) && (await portOpen(HOST, port))) return running!;
  await stopProcess(name);
  const address = `${HOST}:${port}`;
  const pid = startProcess(
    name,
    join(REPO_ROOT, "node_modules", ".bin", "fabric-chaincode-node"),
    ["server", "--chaincode-address", address, "--chaincode-id", packageId, "--module-path", modulePath],
    { ...projectNodeEnv(), CORE_CHAINCODE_LOGGING_LEVEL: "INFO", CORE_CHAINCODE_ID: packageId, CORE_CHAINCODE_ADDRESS: address },
    REPO_ROOT,
  );
  if (!(await waitFor(() => portOpen(HOST, port), 20_000))) {
    throw new StepError("chaincode server", `nothing listens on ${address}`, logPath(name));
  }
  return pid;
}
