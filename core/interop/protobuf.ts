/**
 * A strict reader for the canonical protobuf a Fabric peer writes (Go's proto.Marshal
 * with deterministic field order): fields in increasing number, each at most once, only
 * the wire types a message declares, lengths inside their buffer. Anything else is
 * refused, so one byte string has one meaning — the same rules the EVM verifier applies,
 * to test it differentially (INTEROP.md §3, §7.3).
 */

export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtobufError";
  }
}

/** "repeated": length-delimited entries of one field, consecutive (as Go writes them). */
export type WireType = "varint" | "bytes" | "repeated";

/** A message's field layout: field number → wire type. Unknown numbers are refused. */
export type Layout = Readonly<Record<number, WireType>>;

export type Fields = Map<number, bigint | Uint8Array | Uint8Array[]>;

const MAX_VARINT_BYTES = 10;

/** Reads one varint at `offset`: its value and the offset after it. Minimal encodings only. */
export function readVarint(bytes: Uint8Array, offset: number): [value: bigint, next: number] {
  let value = 0n;
  for (let index = 0; index < MAX_VARINT_BYTES; index++) {
    if (offset + index >= bytes.length) throw new ProtobufError(`varint at byte ${offset} runs past the end`);
    const byte = bytes[offset + index]!;
    value |= BigInt(byte & 0x7f) << BigInt(7 * index);
    if ((byte & 0x80) === 0) {
      // A trailing zero byte (other than a lone 0) is a second spelling of the same number.
      if (index > 0 && byte === 0) throw new ProtobufError(`varint at byte ${offset} is not minimally encoded`);
      if (value >= 1n << 64n) throw new ProtobufError(`varint at byte ${offset} exceeds 64 bits`);
      return [value, offset + index + 1];
    }
  }
  throw new ProtobufError(`varint at byte ${offset} is longer than ${MAX_VARINT_BYTES} bytes`);
}

/** Parses a whole message against its layout; absent fields are absent from the map. */
export function readMessage(bytes: Uint8Array, layout: Layout, name: string): Fields {
  const fields: Fields = new Map();
  let offset = 0;
  let last = 0;
  while (offset < bytes.length) {
    const [key, afterKey] = readVarint(bytes, offset);
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    const expected = layout[number];
    if (expected === undefined) throw new ProtobufError(`${name}: unknown field ${number} at byte ${offset}`);
    const anotherEntry = expected === "repeated" && number === last;
    if (number <= last && !anotherEntry) throw new ProtobufError(`${name}: field ${number} at byte ${offset} is out of order or repeated`);
    last = number;
    if (expected === "varint") {
      if (wire !== 0) throw new ProtobufError(`${name}: field ${number} has wire type ${wire}, expected varint`);
      const [value, next] = readVarint(bytes, afterKey);
      fields.set(number, value);
      offset = next;
    } else {
      if (wire !== 2) throw new ProtobufError(`${name}: field ${number} has wire type ${wire}, expected length-delimited`);
      const [length, start] = readVarint(bytes, afterKey);
      const end = start + Number(length);
      if (length > BigInt(bytes.length) || end > bytes.length) throw new ProtobufError(`${name}: field ${number} of ${length} bytes runs past the end`);
      const value = bytes.subarray(start, end);
      if (expected === "repeated") fields.set(number, [...((fields.get(number) as Uint8Array[] | undefined) ?? []), value]);
      else fields.set(number, value);
      offset = end;
    }
  }
  return fields;
}

/** A length-delimited field that must be there. */
export function requiredBytes(fields: Fields, number: number, name: string): Uint8Array {
  const value = fields.get(number);
  if (!(value instanceof Uint8Array)) throw new ProtobufError(`${name}: field ${number} is missing`);
  return value;
}

/** The entries of a repeated field, none when absent. */
export function repeatedBytes(fields: Fields, number: number): Uint8Array[] {
  return (fields.get(number) as Uint8Array[] | undefined) ?? [];
}
