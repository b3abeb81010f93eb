/**
 * Target profiles: JSON files that say which ledger a command talks to and as whom.
 * Relative paths in a profile resolve against the profile file's folder. See profiles/README.md.
 *
 *   { "platform": "evm", "rpcUrl": "http://127.0.0.1:8545", "deployment": "../deployments/localhost.json",
 *     "privateKeyEnv": "TWINLEDGER_EVM_KEY" }
 *   { "platform": "fabric", "peer": { "endpoint": "127.0.0.1:7051", "hostOverride": "peer0.org1.example.com",
 *     "tlsCACertPath": "…" }, "mspId": "Org1MSP", "certPath": "…", "keyPath": "…",
 *     "channel": "twinledger", "chaincode": "twinledger" }
 *
 * A Fabric identity (the profile's own, or an actor's) whose private key is in an HSM gives
 * "hsm" instead of "keyPath"; the certificate is still a file. The key is found by its CKA_ID,
 * by default the certificate's SKI (SHA-256 of its public point, Fabric's convention):
 *   "hsm": { "library": "/usr/lib/softhsm/libsofthsm2.so", "label": "twinledger",
 *            "pinEnv": "TWINLEDGER_HSM_PIN", "keyId"?: "<hex CKA_ID>" }
 * "pinEnv" names the environment variable holding the user PIN, read when the ledger opens;
 * "pin" inline is accepted with a warning.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Wallet } from "ethers";
import { ACTOR_NAMES, type ActorName, type IndustrialLedger } from "../../clients/ledger.js";
import { connectEvm, createEvmRpcProvider, readEvmDeployment, TWINLEDGER_CONTRACTS } from "../../clients/evm-rpc/index.js";
import { connectPeer, type GatewayPeer } from "../../clients/fabric-gateway/connection.js";
import type { FabricUser } from "../../clients/fabric-gateway/identity.js";
import { connectFabricGateway } from "../../clients/fabric-gateway/ledger.js";
import { CliFailure, oneLine } from "./common.js";

export interface EvmProfile {
  platform: "evm";
  /** The profile file (absolute), for messages. */
  file: string;
  rpcUrl: string;
  /** Absolute path of the deployment file (`npm run deploy:evm` writes one). */
  deployment?: string;
  privateKey?: string;
  privateKeyEnv?: string;
  /** Six keys, in actor order (admin, alice, bob, carol, accreditor, financier): `conformance` only. */
  privateKeys?: string[];
  privateKeysEnv?: string;
  /** How the client reads the event log (EvmLedgerOptions): public providers cap eth_getLogs ranges. */
  logs: { maxBlockRange?: number; confirmations?: number; indexFile?: string };
}

/** Where a profile identity's private key is: a PEM file (`keyPath`) or an HSM (`hsm`), exactly one. */
export type FabricProfileKey = { keyPath: string; hsm?: undefined } | { hsm: FabricProfileHsm; keyPath?: undefined };

export interface FabricProfileHsm {
  /** Absolute path of the PKCS#11 module. */
  library: string;
  label: string;
  /** The user PIN inline, or the name of the environment variable holding it: exactly one. */
  pin?: string;
  pinEnv?: string;
  /** The key's CKA_ID as hex; default the certificate's SKI. */
  keyId?: string;
}

export type FabricProfile = {
  platform: "fabric";
  file: string;
  peer: { endpoint: string; hostOverride?: string; tlsCACertPath: string; tlsClient?: { certPath: string; keyPath: string } };
  mspId: string;
  certPath: string;
  channel: string;
  chaincode: string;
  /** The six conformance actors (admin, alice, …): each an identity, on the profile's peer unless it names its own. */
  actors?: Record<ActorName, FabricProfileActor>;
} & FabricProfileKey;

export type FabricProfileActor = {
  mspId: string;
  certPath: string;
  peer: FabricProfile["peer"];
} & FabricProfileKey;

export type Profile = EvmProfile | FabricProfile;

const COMMON_KEYS = ["platform", "description"];
const EVM_KEYS = [...COMMON_KEYS, "rpcUrl", "deployment", "privateKey", "privateKeyEnv", "privateKeys", "privateKeysEnv", "maxBlockRange", "confirmations", "indexFile"];
const FABRIC_KEYS = [...COMMON_KEYS, "peer", "mspId", "certPath", "keyPath", "hsm", "channel", "chaincode", "actors"];
const ACTOR_KEYS = ["mspId", "certPath", "keyPath", "hsm", "peer"];
const HSM_KEYS = ["library", "label", "pin", "pinEnv", "keyId"];
const HEX_ID = /^(0x)?([0-9a-fA-F]{2})+$/;
const PEER_KEYS = ["endpoint", "hostOverride", "tlsCACertPath", "tlsClientCertPath", "tlsClientKeyPath"];
const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads and checks a profile; every problem is a CliFailure naming the file and the field. */
export function loadProfile(path: string, warn: (line: string) => void = (line) => console.error(line)): Profile {
  const file = resolve(path);
  const fail = (why: string): never => {
    throw new CliFailure(`profile ${path}: ${why}`);
  };
  if (!existsSync(file)) fail("no such file");
  if (statSync(file).isDirectory()) fail("is a directory, not a JSON file");
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    fail(`not valid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail("must be a JSON object");
  const raw = value as Record<string, unknown>;
  const folder = dirname(file);

  const onlyKeys = (object: Record<string, unknown>, allowed: string[], where: string) => {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) fail(`unknown field ${where}${key} (allowed: ${allowed.join(", ")})`);
    }
  };
  const text = (object: Record<string, unknown>, key: string, where = "", optional = false): string | undefined => {
    const item = object[key];
    if (item === undefined && optional) return undefined;
    if (typeof item !== "string" || item.trim() === "") fail(`${where}${key} must be a non-empty string`);
    return item as string;
  };
  const file_ = (object: Record<string, unknown>, key: string, where = "", mustExist = true, optional = false): string | undefined => {
    const relative = text(object, key, where, optional);
    if (relative === undefined) return undefined;
    const absolute = resolve(folder, relative);
    if (mustExist && !existsSync(absolute)) fail(`${where}${key}: no such file ${absolute}`);
    return absolute;
  };
  const envName = (key: string, object: Record<string, unknown> = raw, where = ""): string | undefined => {
    const name = text(object, key, where, true);
    if (name !== undefined && !ENV_NAME.test(name)) fail(`${where}${key} must name an environment variable, got ${JSON.stringify(name)}`);
    return name;
  };
  /** The private key of an identity: `keyPath` (a PEM file) or `hsm` (a PKCS#11 token), exactly one. */
  const keyOf = (object: Record<string, unknown>, where: string): FabricProfileKey => {
    if (object.keyPath !== undefined && object.hsm !== undefined) fail(`give ${where}keyPath or ${where}hsm, not both`);
    if (object.hsm === undefined) {
      if (object.keyPath === undefined) fail(`${where}keyPath is missing (the private key's PEM file; or "hsm" for a key in an HSM)`);
      return { keyPath: file_(object, "keyPath", where)! };
    }
    const hsmWhere = `${where}hsm.`;
    if (object.hsm === null || typeof object.hsm !== "object" || Array.isArray(object.hsm)) {
      fail(`${where}hsm must be an object { "library", "label", "pinEnv" (or "pin"), "keyId"? }`);
    }
    const hsm = object.hsm as Record<string, unknown>;
    onlyKeys(hsm, HSM_KEYS, hsmWhere);
    if ((hsm.pin === undefined) === (hsm.pinEnv === undefined)) fail(`give ${hsmWhere}pinEnv (the name of an environment variable holding the PIN) or ${hsmWhere}pin, exactly one`);
    const pin = text(hsm, "pin", hsmWhere, true);
    if (pin !== undefined) warn(`twinledger: warning: profile ${path} holds an HSM PIN inline (${hsmWhere}pin); prefer "pinEnv" (the name of an environment variable)`);
    const keyId = text(hsm, "keyId", hsmWhere, true);
    if (keyId !== undefined && !HEX_ID.test(keyId)) fail(`${hsmWhere}keyId must be the key's CKA_ID as hex, got ${JSON.stringify(keyId)}`);
    return {
      hsm: {
        library: file_(hsm, "library", hsmWhere)!,
        label: text(hsm, "label", hsmWhere)!,
        ...(pin !== undefined ? { pin } : { pinEnv: envName("pinEnv", hsm, hsmWhere) }),
        ...(keyId !== undefined ? { keyId } : {}),
      },
    };
  };

  if (raw.description !== undefined && typeof raw.description !== "string") fail("description must be a string");
  switch (raw.platform) {
    case "evm": {
      onlyKeys(raw, EVM_KEYS, "");
      const rpcUrl = text(raw, "rpcUrl")!;
      let url: URL | undefined;
      try {
        url = new URL(rpcUrl);
      } catch {
        url = undefined;
      }
      if (url === undefined || !["http:", "https:"].includes(url.protocol)) fail(`rpcUrl must be an http(s) URL, got ${JSON.stringify(rpcUrl)}`);
      if (raw.privateKey !== undefined && raw.privateKeyEnv !== undefined) fail("give privateKey or privateKeyEnv, not both");
      if (raw.privateKeys !== undefined && raw.privateKeysEnv !== undefined) fail("give privateKeys or privateKeysEnv, not both");
      const privateKey = text(raw, "privateKey", "", true);
      if (privateKey !== undefined) {
        if (!PRIVATE_KEY.test(privateKey)) fail("privateKey must be 32 bytes of hex (0x + 64 hex digits)");
        warn(`twinledger: warning: profile ${path} holds a private key inline; prefer "privateKeyEnv" (the name of an environment variable)`);
      }
      let privateKeys: string[] | undefined;
      if (raw.privateKeys !== undefined) {
        if (!Array.isArray(raw.privateKeys)) fail(`privateKeys must be an array of ${ACTOR_NAMES.length} keys (${ACTOR_NAMES.join(", ")})`);
        privateKeys = checkKeys(raw.privateKeys as unknown[], "privateKeys", fail);
        warn(`twinledger: warning: profile ${path} holds private keys inline; prefer "privateKeysEnv" (the name of an environment variable)`);
      }
      const wholeNumber = (key: string, min: number): number | undefined => {
        const item = raw[key];
        if (item === undefined) return undefined;
        if (!Number.isSafeInteger(item) || (item as number) < min) fail(`${key} must be an integer of at least ${min}, got ${JSON.stringify(item)}`);
        return item as number;
      };
      return {
        platform: "evm",
        file,
        rpcUrl,
        logs: {
          maxBlockRange: wholeNumber("maxBlockRange", 1),
          confirmations: wholeNumber("confirmations", 0),
          indexFile: file_(raw, "indexFile", "", false, true),
        },
        deployment: file_(raw, "deployment", "", false, true),
        privateKey: privateKey === undefined ? undefined : withPrefix(privateKey),
        privateKeyEnv: envName("privateKeyEnv"),
        privateKeys,
        privateKeysEnv: envName("privateKeysEnv"),
      };
    }
    case "fabric": {
      onlyKeys(raw, FABRIC_KEYS, "");
      const peer = raw.peer;
      if (peer === null || typeof peer !== "object" || Array.isArray(peer)) fail('peer must be an object { "endpoint", "hostOverride"?, "tlsCACertPath" }');
      const peerObject = peer as Record<string, unknown>;
      onlyKeys(peerObject, PEER_KEYS, "peer.");
      const peerOf = (object: Record<string, unknown>, where: string): FabricProfile["peer"] => {
        onlyKeys(object, PEER_KEYS, where);
        const endpoint = text(object, "endpoint", where)!;
        if (!/^[^\s:/]+:\d{1,5}$/.test(endpoint)) fail(`${where}endpoint must be host:port, got ${JSON.stringify(endpoint)}`);
        const clientCert = file_(object, "tlsClientCertPath", where, true, true);
        const clientKey = file_(object, "tlsClientKeyPath", where, true, true);
        if ((clientCert === undefined) !== (clientKey === undefined)) fail(`${where}tlsClientCertPath and ${where}tlsClientKeyPath go together (mutual TLS)`);
        return {
          endpoint,
          hostOverride: text(object, "hostOverride", where, true),
          tlsCACertPath: file_(object, "tlsCACertPath", where)!,
          ...(clientCert && clientKey ? { tlsClient: { certPath: clientCert, keyPath: clientKey } } : {}),
        };
      };
      const profilePeer = peerOf(peerObject, "peer.");
      const mspId = text(raw, "mspId")!;
      let actors: Record<ActorName, FabricProfileActor> | undefined;
      if (raw.actors !== undefined) {
        if (raw.actors === null || typeof raw.actors !== "object" || Array.isArray(raw.actors)) fail(`actors must be an object with ${ACTOR_NAMES.join(", ")}`);
        const given = raw.actors as Record<string, unknown>;
        onlyKeys(given, [...ACTOR_NAMES], "actors.");
        actors = Object.fromEntries(
          ACTOR_NAMES.map((actor) => {
            const where = `actors.${actor}.`;
            const entry = given[actor];
            if (entry === null || typeof entry !== "object" || Array.isArray(entry)) fail(`${where.slice(0, -1)} must be an object { "mspId"?, "certPath", "keyPath" (or "hsm"), "peer"? }`);
            const object = entry as Record<string, unknown>;
            onlyKeys(object, ACTOR_KEYS, where);
            const peer = object.peer === undefined ? profilePeer : peerOf(object.peer as Record<string, unknown>, `${where}peer.`);
            return [actor, { mspId: text(object, "mspId", where, true) ?? mspId, certPath: file_(object, "certPath", where)!, ...keyOf(object, where), peer }];
          }),
        ) as Record<ActorName, FabricProfileActor>;
      }
      return {
        platform: "fabric",
        file,
        peer: profilePeer,
        actors,
        mspId,
        certPath: file_(raw, "certPath")!,
        ...keyOf(raw, ""),
        channel: text(raw, "channel")!,
        chaincode: text(raw, "chaincode")!,
      };
    }
    case undefined:
      return fail('platform is missing (expected "evm" or "fabric")');
    default:
      return fail(`platform must be "evm" or "fabric", got ${JSON.stringify(raw.platform)}`);
  }
}

function checkKeys(keys: unknown[], source: string, fail: (why: string) => never): string[] {
  if (keys.length < ACTOR_NAMES.length) fail(`${source} must hold ${ACTOR_NAMES.length} keys (${ACTOR_NAMES.join(", ")}), got ${keys.length}`);
  return keys.map((key, index) => {
    if (typeof key !== "string" || !PRIVATE_KEY.test(key)) fail(`${source}[${index}] must be 32 bytes of hex (0x + 64 hex digits)`);
    return withPrefix(key as string);
  });
}

const withPrefix = (key: string) => (key.startsWith("0x") ? key : `0x${key}`);

function fromEnv(name: string, field: string, profile: Profile): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === "") {
    throw new CliFailure(`environment variable ${name} (${field} of profile ${profile.file}) is not set`);
  }
  return value.trim();
}

/**
 * The client identity of a Fabric profile or one of its actors, as the Gateway client loads
 * it; an HSM's PIN is read from its variable now, so a profile need not hold it.
 */
export function fabricUserOf(identity: { mspId: string; certPath: string } & FabricProfileKey, profile: FabricProfile): FabricUser {
  const { mspId, certPath } = identity;
  if (identity.hsm === undefined) return { mspId, certPath, keyPath: identity.keyPath };
  const { library, label, keyId } = identity.hsm;
  const pin = identity.hsm.pin ?? fromEnv(identity.hsm.pinEnv!, "hsm.pinEnv", profile);
  return { mspId, certPath, hsm: { library, label, pin, ...(keyId !== undefined ? { keyId } : {}) } };
}

/** The key a client signs with, or undefined when the profile names none. */
export function signingKey(profile: EvmProfile): string | undefined {
  if (profile.privateKey !== undefined) return profile.privateKey;
  if (profile.privateKeyEnv === undefined) return undefined;
  const key = fromEnv(profile.privateKeyEnv, "privateKeyEnv", profile);
  if (!PRIVATE_KEY.test(key)) throw new CliFailure(`environment variable ${profile.privateKeyEnv}: not a private key (0x + 64 hex digits)`);
  return withPrefix(key);
}

/** The six actor keys of an EVM profile (for `conformance`). */
export function actorKeys(profile: EvmProfile): string[] {
  const fail = (why: string): never => {
    throw new CliFailure(`profile ${profile.file}: ${why}`);
  };
  if (profile.privateKeys !== undefined) return profile.privateKeys;
  if (profile.privateKeysEnv !== undefined) {
    const keys = fromEnv(profile.privateKeysEnv, "privateKeysEnv", profile).split(/[\s,]+/).filter((key) => key !== "");
    return checkKeys(keys, `environment variable ${profile.privateKeysEnv}`, fail);
  }
  return fail(
    `conformance needs "privateKeys" (${ACTOR_NAMES.length} funded keys: ${ACTOR_NAMES.join(", ")}) or "privateKeysEnv" (a variable holding them, comma-separated)`,
  );
}

/** `eth_chainId` of a node, or a CliFailure saying why it cannot be reached. */
export async function probeEvmNode(rpcUrl: string, timeoutMs = 10_000): Promise<number> {
  let response: Response;
  try {
    response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new CliFailure(`cannot reach the EVM node at ${rpcUrl}: ${why === "ECONNREFUSED" ? "connection refused (is it running? npm run evm:up)" : why}`);
  }
  const body = (await response.json().catch(() => undefined)) as { result?: unknown } | undefined;
  if (!response.ok || typeof body?.result !== "string") {
    throw new CliFailure(`${rpcUrl} does not answer eth_chainId like an EVM node (HTTP ${response.status})`);
  }
  return Number(BigInt(body.result));
}

export interface OpenLedger {
  ledger: IndustrialLedger;
  close(): Promise<void>;
}

/**
 * A client for the profile's ledger. `signing`: the command submits a transaction, so an
 * EVM profile must name a key; queries never read it (they run with a throwaway key).
 */
export async function openLedger(profile: Profile, signing: boolean): Promise<OpenLedger> {
  return profile.platform === "evm" ? openEvm(profile, signing) : openFabric(profile);
}

async function openEvm(profile: EvmProfile, signing: boolean): Promise<OpenLedger> {
  if (profile.deployment === undefined) {
    throw new CliFailure(`profile ${profile.file}: "deployment" is missing (the deployment file npm run deploy:evm writes, e.g. deployments/localhost.json)`);
  }
  let deployment;
  try {
    deployment = await readEvmDeployment(profile.deployment);
  } catch (error) {
    throw new CliFailure(oneLine(error));
  }
  // A query reads with any key (contracts answer views whoever asks); only a submit signs.
  let key = Wallet.createRandom().privateKey;
  if (signing) {
    const configured = signingKey(profile);
    if (configured === undefined) throw new CliFailure(`profile ${profile.file}: a submit needs a signing key: set "privateKeyEnv" (or "privateKey")`);
    key = configured;
  }
  const chainId = await probeEvmNode(profile.rpcUrl);
  if (chainId !== deployment.chainId) {
    throw new CliFailure(`the node at ${profile.rpcUrl} is chain ${chainId}, but ${profile.deployment} is a deployment on chain ${deployment.chainId}`);
  }
  const provider = createEvmRpcProvider(profile.rpcUrl, chainId, profile.logs);
  for (const name of TWINLEDGER_CONTRACTS) {
    if ((await provider.getCode(deployment.contracts[name])) === "0x") {
      provider.destroy();
      throw new CliFailure(
        `no ${name} contract at ${deployment.contracts[name]} on chain ${chainId}: ${profile.deployment} is stale (node restarted?); redeploy with npm run deploy:evm`,
      );
    }
  }
  const ledger = connectEvm({ ...profile.logs, rpcUrl: profile.rpcUrl, deployment, privateKey: key, provider });
  return {
    ledger,
    async close() {
      provider.destroy();
    },
  };
}

async function openFabric(profile: FabricProfile): Promise<OpenLedger> {
  const peer: GatewayPeer = { ...profile.peer };
  const client = connectPeer(peer);
  try {
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + 10_000, (error) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    client.close();
    const name = profile.peer.hostOverride ? `${profile.peer.endpoint} (${profile.peer.hostOverride})` : profile.peer.endpoint;
    throw new CliFailure(`cannot reach the Fabric peer at ${name} within 10 s: ${oneLine(error)}`);
  }
  let connected;
  try {
    connected = connectFabricGateway({ peer, client, user: fabricUserOf(profile, profile), channel: profile.channel, chaincode: profile.chaincode });
  } catch (error) {
    client.close();
    if (error instanceof CliFailure) throw error;
    const key = profile.hsm ? `HSM token "${profile.hsm.label}"` : profile.keyPath;
    throw new CliFailure(`profile ${profile.file}: cannot load the identity ${profile.certPath} / ${key}: ${oneLine(error)}`);
  }
  return {
    ledger: connected.ledger,
    async close() {
      await connected.close();
      client.close();
    },
  };
}
