/**
 * Turns results from different platforms into comparable form — parties become actor
 * names, transaction ids and times become placeholders — and prints them side by side.
 */
import { EVENTS, LedgerError, type EventName } from "../../core/index.js";
import type { ActorLedgers } from "../../clients/ledger.js";

export type Outcome = { ok: true; value: unknown } | { ok: false; code: string };

export async function attempt(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof LedgerError) return { ok: false, code: error.code };
    throw error;
  }
}

/** Replaces platform-specific values so that equal behaviour compares equal. */
export function normalise(value: unknown, actors: ActorLedgers): unknown {
  const names = new Map(Object.entries(actors).map(([name, ledger]) => [ledger.party, name]));
  const walk = (node: unknown, key = ""): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item));
    if (node && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    }
    if (typeof node === "string" && names.has(node)) return names.get(node);
    if (key === "txId") return "<tx>";
    if (key === "blockNumber") return "<block>";
    if (["createdAt", "updatedAt", "timestamp", "boundAt", "validFrom", "validUntil", "issuedAt", "accreditedAt", "withdrawnAt", "dueDate"].includes(key)) return "<time>";
    return node;
  };
  return walk(value);
}

/** A one-line summary of a normalised outcome. */
export function summarise(outcome: Outcome): string {
  if (!outcome.ok) return `rejected: ${outcome.code}`;
  if (typeof outcome.value === "string") return outcome.value;
  const value = outcome.value as Record<string, any>;
  if (value && "event" in value && "txId" in value) {
    const event = value.event;
    return event ? `${event.name} ${compact(event.payload, EVENTS[event.name as EventName].fields.map((field) => field.name))}` : "no change";
  }
  if (value && "items" in value) return `[${value.items.map(itemSummary).join(", ")}] bookmark="${value.bookmark}"`;
  if (Array.isArray(value)) {
    return value.map((entry: any) => `v${entry.value.version}/${entry.value.owner}/${entry.value.status}`).join(" → ");
  }
  if (value && "canonical" in value) return `${value.canonical} → ${value.assetId} (bound by ${value.boundBy})`;
  if (value && "owner" in value) return `${value.id} owner=${value.owner} ${value.status} v${value.version}`;
  return JSON.stringify(value);
}

/** A listed asset by id, a certificate with its status, a receivable with its state and what is still owed. */
function itemSummary(item: any): string {
  if (item.standard) return `${item.id} ${item.status}`;
  if (item.outstanding !== undefined) return `${item.id} ${item.state} outstanding=${item.outstanding}`;
  return item.id;
}

/** Identity, parties and states only: hashes, keys and URIs would not fit a column. */
function compact(payload: Record<string, unknown>, order: string[]): string {
  return order
    .filter((key) => !/(Hash|Uri|Class|Ref)$|^(key|canonical|subject|validFrom|validUntil|fingerprint|dueDate|gracePeriod|currency|assetIds|requiredStandard)$/.test(key))
    .map((key) => `${key}=${payload[key]}`)
    .join(" ");
}

export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join(" │ ");
  console.log(line(headers));
  console.log(widths.map((width) => "─".repeat(width)).join("─┼─"));
  for (const row of rows) console.log(line(row));
}
