/**
 * The orderer's batch settings of the channel (BatchTimeout, BatchSize): read from its latest
 * config block, and changed on the running channel by a config update signed by the orderer
 * organisation's Admin — the way a consortium tunes a live channel, with no new genesis block.
 * A benchmark states them, because a row bound by the batch timer measures the timer.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary } from "./binaries.js";
import { CHANNEL } from "./constants.js";
import { PEER_ORGS } from "./layout.js";
import { ordererAdmin, ordererArgs, peerAdmin } from "./peer-cli.js";
import { retrying, run } from "./run.js";

export interface BatchSettings {
  /** A Go duration, e.g. "250ms", "2s". */
  timeout: string;
  maxMessageCount: number;
  absoluteMaxBytes: number;
  preferredMaxBytes: number;
}

const MB = 1024 * 1024;
/** What network/fabric/configtx.ts makes a channel with: quick blocks for tests. */
export const TEST_BATCHING: BatchSettings = { timeout: "250ms", maxMessageCount: 10, absoluteMaxBytes: 99 * MB, preferredMaxBytes: 512 * 1024 };
/** Fabric's sample configtx.yaml, which production channels usually start from. */
export const PRODUCTION_BATCHING: BatchSettings = { timeout: "2s", maxMessageCount: 500, absoluteMaxBytes: 10 * MB, preferredMaxBytes: 2 * MB };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const configtxlator = (...args: string[]) => run(binary("configtxlator"), args);

async function withTemporaryDir<T>(action: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "twinledger-batch-"));
  try {
    return await action(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How long a fetch waits for a just-started orderer to elect its Raft leader (it answers SERVICE_UNAVAILABLE until then). */
const ORDERER_READY_MS = 60_000;

/** The channel's current config (common.Config as configtxlator's JSON). */
async function fetchConfig(cfg: string, dir: string): Promise<Json> {
  const block = join(dir, "config_block.pb");
  const fetch = () => peerAdmin(cfg, PEER_ORGS[0])("channel", "fetch", "config", block, "-c", CHANNEL, ...ordererArgs());
  await retrying(fetch, (error) => String((error as Error).message).includes("SERVICE_UNAVAILABLE"), ORDERER_READY_MS);
  await configtxlator("proto_decode", "--input", block, "--type", "common.Block", "--output", join(dir, "config_block.json"));
  return JSON.parse(readFileSync(join(dir, "config_block.json"), "utf8")).data.data[0].payload.data.config;
}

function batchSettingsOf(config: Json): BatchSettings {
  const values = config.channel_group.groups.Orderer.values;
  const size = values.BatchSize.value;
  return {
    timeout: values.BatchTimeout.value.timeout,
    maxMessageCount: Number(size.max_message_count),
    absoluteMaxBytes: Number(size.absolute_max_bytes),
    preferredMaxBytes: Number(size.preferred_max_bytes),
  };
}

/** The batch timeout in milliseconds (Go durations as configtx writes them: "250ms", "2s", "1m"). */
export function batchTimeoutMs(settings: BatchSettings): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(settings.timeout);
  if (!match) throw new Error(`unrecognised batch timeout ${settings.timeout}`);
  return Number(match[1]) * { ms: 1, s: 1_000, m: 60_000 }[match[2] as "ms" | "s" | "m"];
}

export function sameBatchSettings(a: BatchSettings, b: BatchSettings): boolean {
  return a.timeout === b.timeout && a.maxMessageCount === b.maxMessageCount && a.absoluteMaxBytes === b.absoluteMaxBytes && a.preferredMaxBytes === b.preferredMaxBytes;
}

export function describeBatchSettings(settings: BatchSettings): string {
  return `BatchTimeout ${settings.timeout}, MaxMessageCount ${settings.maxMessageCount}, PreferredMaxBytes ${settings.preferredMaxBytes / 1024} KiB, AbsoluteMaxBytes ${settings.absoluteMaxBytes / MB} MiB`;
}

export function readBatchSettings(cfg: string): Promise<BatchSettings> {
  return withTemporaryDir(async (dir) => batchSettingsOf(await fetchConfig(cfg, dir)));
}

/** Changes the channel's batch settings, and returns once its config block carries them. */
export async function updateBatchSettings(cfg: string, settings: BatchSettings): Promise<void> {
  await withTemporaryDir(async (dir) => {
    const original = await fetchConfig(cfg, dir);
    if (sameBatchSettings(batchSettingsOf(original), settings)) return;
    const updated: Json = structuredClone(original);
    const values = updated.channel_group.groups.Orderer.values;
    values.BatchTimeout.value.timeout = settings.timeout;
    values.BatchSize.value = {
      max_message_count: settings.maxMessageCount,
      absolute_max_bytes: settings.absoluteMaxBytes,
      preferred_max_bytes: settings.preferredMaxBytes,
    };
    const file = (name: string) => join(dir, name);
    writeFileSync(file("original.json"), JSON.stringify(original));
    writeFileSync(file("updated.json"), JSON.stringify(updated));
    await configtxlator("proto_encode", "--input", file("original.json"), "--type", "common.Config", "--output", file("original.pb"));
    await configtxlator("proto_encode", "--input", file("updated.json"), "--type", "common.Config", "--output", file("updated.pb"));
    await configtxlator("compute_update", "--channel_id", CHANNEL, "--original", file("original.pb"), "--updated", file("updated.pb"), "--output", file("update.pb"));
    await configtxlator("proto_decode", "--input", file("update.pb"), "--type", "common.ConfigUpdate", "--output", file("update.json"));
    const envelope = {
      payload: {
        header: { channel_header: { channel_id: CHANNEL, type: 2 } }, // CONFIG_UPDATE
        data: { config_update: JSON.parse(readFileSync(file("update.json"), "utf8")) },
      },
    };
    writeFileSync(file("envelope.json"), JSON.stringify(envelope));
    await configtxlator("proto_encode", "--input", file("envelope.json"), "--type", "common.Envelope", "--output", file("envelope.pb"));
    // BatchSize and BatchTimeout answer to /Channel/Orderer/Admins: the orderer org's Admin signs (and sends).
    await ordererAdmin(cfg)("channel", "update", "-f", file("envelope.pb"), "-c", CHANNEL, ...ordererArgs());
  });
  const deadline = Date.now() + 30_000;
  while (!sameBatchSettings(await readBatchSettings(cfg), settings)) {
    if (Date.now() > deadline) throw new Error(`the channel's batch settings are not ${describeBatchSettings(settings)} 30 s after the update`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
