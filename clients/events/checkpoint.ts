/**
 * Where an event listener got to, so a restarted listener neither misses nor repeats
 * events. A position names the last event handled: its block and transaction id.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface EventPosition {
  blockNumber: number;
  txId: string;
}

export interface EventCheckpoint {
  load(): Promise<EventPosition | undefined>;
  save(position: EventPosition): Promise<void>;
}

export function memoryCheckpoint(initial?: EventPosition): EventCheckpoint {
  let position = initial;
  return {
    async load() {
      return position;
    },
    async save(next) {
      position = next;
    },
  };
}

/** A JSON file, replaced atomically (write, then rename) so a crash never leaves half a checkpoint. */
export function fileCheckpoint(path: string): EventCheckpoint {
  return {
    async load() {
      try {
        const { blockNumber, txId } = JSON.parse(await readFile(path, "utf8")) as EventPosition;
        if (!Number.isInteger(blockNumber) || typeof txId !== "string") throw new Error(`${path} is not an event checkpoint`);
        return { blockNumber, txId };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async save(position) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(`${path}.tmp`, `${JSON.stringify(position)}\n`);
      await rename(`${path}.tmp`, path);
    },
  };
}
