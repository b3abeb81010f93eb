// Minimal ASN.1 DER encoder: just enough to build X.509 certificates and ECDSA
// signatures with node:crypto and no npm dependency. Every helper returns the
// complete TLV (tag, length, value) as a Buffer so they compose by nesting.

/** Encodes a DER length: short form below 128, long form (0x80 | byte count) above. */
function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with an explicit tag byte. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

/** SET OF: DER requires the encoded elements in ascending byte order. */
export function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));
}

export function boolean(value: boolean): Buffer {
  return tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

/**
 * INTEGER from a non-negative bigint or unsigned big-endian bytes: minimal
 * length, plus a leading 0x00 when the top bit is set so it stays positive.
 */
export function integer(value: bigint | number | Buffer): Buffer {
  let bytes: Buffer;
  if (Buffer.isBuffer(value)) {
    bytes = value;
  } else {
    let n = BigInt(value);
    if (n < 0n) throw new RangeError("der.integer: negative integers are not supported");
    const out: number[] = [];
    do {
      out.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n > 0n);
    bytes = Buffer.from(out);
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

/** OBJECT IDENTIFIER from dotted notation, base-128 arcs. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split(".").map((a) => BigInt(a));
  if (arcs.length < 2) throw new RangeError(`der.oid: invalid OID ${dotted}`);
  const body: number[] = [];
  const pushArc = (arc: bigint): void => {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let n = arc >> 7n; n > 0n; n >>= 7n) chunk.unshift(Number((n & 0x7fn) | 0x80n));
    body.push(...chunk);
  };
  pushArc(arcs[0]! * 40n + arcs[1]!);
  for (const arc of arcs.slice(2)) pushArc(arc);
  return tlv(0x06, Buffer.from(body));
}

export function nullValue(): Buffer {
  return Buffer.from([0x05, 0x00]);
}

export function utf8String(value: string): Buffer {
  return tlv(0x0c, Buffer.from(value, "utf8"));
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

export function printableString(value: string): Buffer {
  if (!PRINTABLE.test(value)) throw new RangeError(`der.printableString: not printable: ${value}`);
  return tlv(0x13, Buffer.from(value, "ascii"));
}

/** Go's crypto/x509 (and so cryptogen) picks PrintableString when it can, UTF8String otherwise. */
export function directoryString(value: string): Buffer {
  return PRINTABLE.test(value) ? printableString(value) : utf8String(value);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** UTCTime YYMMDDHHMMSSZ (RFC 5280: only for years 1950-2049). */
export function utcTime(date: Date): Buffer {
  const y = date.getUTCFullYear();
  if (y < 1950 || y > 2049) throw new RangeError("der.utcTime: year outside 1950-2049");
  const text =
    pad(y % 100) + pad(date.getUTCMonth() + 1) + pad(date.getUTCDate()) +
    pad(date.getUTCHours()) + pad(date.getUTCMinutes()) + pad(date.getUTCSeconds()) + "Z";
  return tlv(0x17, Buffer.from(text, "ascii"));
}

/** GeneralizedTime YYYYMMDDHHMMSSZ. */
export function generalizedTime(date: Date): Buffer {
  const text =
    pad(date.getUTCFullYear(), 4) + pad(date.getUTCMonth() + 1) + pad(date.getUTCDate()) +
    pad(date.getUTCHours()) + pad(date.getUTCMinutes()) + pad(date.getUTCSeconds()) + "Z";
  return tlv(0x18, Buffer.from(text, "ascii"));
}

/** X.509 Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function x509Time(date: Date): Buffer {
  const y = date.getUTCFullYear();
  return y >= 1950 && y <= 2049 ? utcTime(date) : generalizedTime(date);
}

export function bitString(bytes: Buffer, unusedBits = 0): Buffer {
  if (unusedBits < 0 || unusedBits > 7) throw new RangeError("der.bitString: unusedBits must be 0-7");
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

/**
 * Named-bit BIT STRING (e.g. keyUsage): bit 0 is the most significant bit of the
 * first byte; DER drops trailing zero bits and records how many bits of the
 * last byte are unused.
 */
export function namedBitString(bits: number[]): Buffer {
  if (bits.length === 0) return bitString(Buffer.alloc(0));
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)]! |= 0x80 >> bit % 8;
  return bitString(bytes, 7 - (highest % 8));
}

export function octetString(bytes: Buffer): Buffer {
  return tlv(0x04, bytes);
}

/** [n] EXPLICIT: a constructed context tag wrapping a complete TLV. */
export function contextExplicit(tagNumber: number, inner: Buffer): Buffer {
  return tlv(0xa0 | tagNumber, inner);
}

/** [n] IMPLICIT on a primitive type: replaces the tag, keeps the content octets. */
export function contextImplicit(tagNumber: number, content: Buffer): Buffer {
  return tlv(0x80 | tagNumber, content);
}
