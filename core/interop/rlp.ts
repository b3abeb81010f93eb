/**
 * Recursive Length Prefix (Ethereum Yellow Paper, appendix B), read strictly: one spelling
 * per value. The decoder refuses what a lenient reader would accept —
 *
 *   - a single byte below 0x80 spelled as a one-byte string (0x81 0x05 instead of 0x05);
 *   - a long form (0xb8…, 0xf8…) for a length under 56, or a length with a leading zero byte;
 *   - a length that runs past the end of its input or of its enclosing list;
 *   - anything after the item;
 *   - nesting deeper than `maxDepth` (32 unless told) — the reader recurses once per level.
 *
 * Pure, deterministic, no dependency: compiled into the chaincode (core/interop). Lengths
 * are read as JavaScript numbers, refused above 2^32 long before the input bound matters.
 */

/** A decoded RLP item: a byte string, or a list of items. */
export type RlpItem = Uint8Array | RlpList;
export interface RlpList extends ReadonlyArray<RlpItem> {}

export class RlpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RlpError";
  }
}

export const RLP_DEFAULT_MAX_DEPTH = 32;

/** The one item `input` encodes, canonical and with nothing after it. */
export function decodeRlp(input: Uint8Array, maxDepth = RLP_DEFAULT_MAX_DEPTH): RlpItem {
  const [item, end] = readItem(input, 0, input.length, 0, maxDepth);
  if (end !== input.length) throw new RlpError(`${input.length - end} byte(s) after the item`);
  return item;
}

export function isRlpList(item: RlpItem): item is RlpList {
  return !(item instanceof Uint8Array);
}

/** The item at `offset`, which must end by `limit`; returns the item and the offset after it. */
function readItem(input: Uint8Array, offset: number, limit: number, depth: number, maxDepth: number): [RlpItem, number] {
  if (offset >= limit) throw new RlpError(`an item expected at offset ${offset}, the input ends`);
  const prefix = input[offset]!;
  if (prefix < 0x80) return [input.slice(offset, offset + 1), offset + 1];
  if (prefix <= 0xb7) {
    const length = prefix - 0x80;
    const start = offset + 1;
    requireWithin(start, length, limit, offset);
    if (length === 1 && input[start]! < 0x80) throw new RlpError(`offset ${offset}: a single byte below 0x80 must encode itself`);
    return [input.slice(start, start + length), start + length];
  }
  if (prefix <= 0xbf) {
    const [length, start] = readLongLength(input, offset, prefix - 0xb7, limit);
    requireWithin(start, length, limit, offset);
    return [input.slice(start, start + length), start + length];
  }
  if (depth >= maxDepth) throw new RlpError(`offset ${offset}: lists nested deeper than ${maxDepth}`);
  let length: number;
  let start: number;
  if (prefix <= 0xf7) {
    length = prefix - 0xc0;
    start = offset + 1;
  } else {
    [length, start] = readLongLength(input, offset, prefix - 0xf7, limit);
  }
  requireWithin(start, length, limit, offset);
  const end = start + length;
  const items: RlpItem[] = [];
  let cursor = start;
  while (cursor < end) {
    const [item, next] = readItem(input, cursor, end, depth + 1, maxDepth);
    items.push(item);
    cursor = next;
  }
  return [items, end];
}

/** A long form's big-endian length of `lengthOfLength` bytes: minimal, and at least 56. */
function readLongLength(input: Uint8Array, offset: number, lengthOfLength: number, limit: number): [number, number] {
  const start = offset + 1;
  if (lengthOfLength > 4) throw new RlpError(`offset ${offset}: a length of ${lengthOfLength} bytes is beyond any input here`);
  requireWithin(start, lengthOfLength, limit, offset);
  if (input[start] === 0) throw new RlpError(`offset ${offset}: the length has a leading zero byte`);
  let length = 0;
  for (let i = 0; i < lengthOfLength; i++) length = length * 256 + input[start + i]!;
  if (length < 56) throw new RlpError(`offset ${offset}: a length of ${length} must use the short form`);
  return [length, start + lengthOfLength];
}

function requireWithin(start: number, length: number, limit: number, offset: number): void {
  if (start + length > limit) throw new RlpError(`offset ${offset}: ${length} byte(s) declared, ${Math.max(0, limit - start)} available`);
}

/** The canonical encoding of `item` (the one spelling `decodeRlp` accepts). */
export function encodeRlp(item: RlpItem): Uint8Array {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0]! < 0x80) return Uint8Array.from(item);
    return concat([lengthPrefix(item.length, 0x80), item]);
  }
  const body = concat(item.map(encodeRlp));
  return concat([lengthPrefix(body.length, 0xc0), body]);
}

function lengthPrefix(length: number, offset: 0x80 | 0xc0): Uint8Array {
  if (length < 56) return Uint8Array.of(offset + length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(offset + 55 + bytes.length, ...bytes);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
