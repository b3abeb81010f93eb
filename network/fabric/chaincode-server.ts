/**
 * The Twinledger chaincode as a service: `fabric-chaincode-node server` on the project's
 * Node 22 (node_modules/.bin first on PATH), keyed by the installed package id — by default
 * with mutual TLS: its certificate and key from crypto.ts (ensureChaincodeTls), and only
 * clients whose certificate the chaincode TLS CA issued (the peers, per connection.json)
 * are let in.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHAINCODE_DIR, HOST, PORTS, REPO_ROOT, WORK_DIR } from "./constants.js";
import { ensureChaincodeTls } from "./crypto.js";
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
  /** Mutual TLS (default true); must match the package's connection.json (buildCcaasPackage `tls`). */
  tls?: boolean;
}

const TWINLEDGER_SERVER: ChaincodeServerOptions = { name: CHAINCODE_PROCESS, port: PORTS.chaincodeServer, modulePath: CHAINCODE_DIR };

/** What a running server was started with: a server started otherwise is restarted. */
const serverStatePath = (name: string) => join(WORK_DIR, "chaincode", `${name}.server.json`);

function serverState(name: string): string | undefined {
  return existsSync(serverStatePath(name)) ? readFileSync(serverStatePath(name), "utf8") : undefined;
}

/** The `fabric-chaincode-node server` flags (files of PEM: the `-file` flags; the `-path` ones take base64). */
export async function chaincodeServerArgs(packageId: string, address: string, modulePath: string, tls: boolean): Promise<string[]> {
  const args = ["server", "--chaincode-address", address, "--chaincode-id", packageId, "--module-path", modulePath];
  if (!tls) return args;
  const files = await ensureChaincodeTls();
  return [
    ...args,
    "--chaincode-tls-cert-file", files.serverCert,
    "--chaincode-tls-key-file", files.serverKey,
    // A client CA makes the server require and verify a client certificate.
    "--chaincode-tls-client-cacert-file", files.caCert,
  ];
}

/**
 * Starts the server for `packageId`, or keeps the one running if it was started the same way
 * (package id, address, module, TLS); otherwise (a new package: an upgrade) restarts it.
 */
export async function startChaincodeServer(packageId: string, options: ChaincodeServerOptions = TWINLEDGER_SERVER): Promise<number> {
  const { name, port, modulePath } = options;
  const address = `${HOST}:${port}`;
  const args = await chaincodeServerArgs(packageId, address, modulePath, options.tls ?? true);
  const state = JSON.stringify({ args }) + "\n";
  const running = readPid(name);
  if (isAlive(running) && serverState(name) === state && (await portOpen(HOST, port))) return running!;
  await stopProcess(name);
  const pid = startProcess(
    name,
    join(REPO_ROOT, "node_modules", ".bin", "fabric-chaincode-node"),
    args,
    { ...projectNodeEnv(), CORE_CHAINCODE_LOGGING_LEVEL: "INFO", CORE_CHAINCODE_ID: packageId, CORE_CHAINCODE_ADDRESS: address },
    REPO_ROOT,
  );
  mkdirSync(join(WORK_DIR, "chaincode"), { recursive: true });
  writeFileSync(serverStatePath(name), state);
  if (!(await waitFor(() => portOpen(HOST, port), 20_000))) {
    throw new StepError("chaincode server", `nothing listens on ${address}`, logPath(name));
  }
  return pid;
}
