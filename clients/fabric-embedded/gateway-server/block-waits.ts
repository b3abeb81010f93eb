// Waiting for blocks that are not committed yet, until the client cancels its call.
import type { EventEmitter } from "node:events";
import * as grpc from "@grpc/grpc-js";
import type { EmbeddedFabric } from "../sim/index.js";
import { rpcError } from "./errors.js";

/** The part of a server call that tells when the client went away. */
export type Cancellable = { cancelled: boolean } & Pick<EventEmitter, "once" | "removeListener">;

/** Resolves with `probe()` once it is defined, re-probing after each block; rejects when the call is cancelled. */
export function waitFor<T>(fabric: EmbeddedFabric, call: Cancellable, probe: () => T | undefined): Promise<T> {
  const now = probe();
  if (now !== undefined) return Promise.resolve(now);
  if (call.cancelled) return Promise.reject(rpcError(grpc.status.CANCELLED, "call cancelled"));
  return new Promise<T>((resolve, reject) => {
    const onCancel = () => {
      stop();
      reject(rpcError(grpc.status.CANCELLED, "call cancelled"));
    };
    const stop = fabric.onBlock(() => {
      const value = probe();
      if (value === undefined) return;
      stop();
      call.removeListener("cancelled", onCancel);
      resolve(value);
    });
    call.once("cancelled", onCancel);
  });
}

/** Waits until block `number` exists (or the call is cancelled: then false). */
export async function blockReady(fabric: EmbeddedFabric, number: number, call: Cancellable): Promise<boolean> {
  try {
    await waitFor(fabric, call, () => (fabric.height > number ? true : undefined));
    return true;
  } catch {
    return false;
  }
}
