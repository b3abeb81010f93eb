/**
 * A minimal, dependency-free, deterministic tar (POSIX ustar) writer: regular files only,
 * in the order given, with fixed mode, owner and mtime — the same input gives the same
 * bytes, so a chaincode package (and its Fabric package id) is reproducible.
 */
import { gzipSync } from "node:zlib";

export interface TarEntry {
  /** Path inside the archive, `/`-separated, relative. */
  path: string;
  data: Uint8Array | string;
  /** Permission bits; default 0o644. */
  mode?: number;
}

const BLOCK = 512;

export function tar(entries: readonly TarEntry[]): Buffer {
  const seen = new Set<string>();
  const chunks: Buffer[] = [];
  for (const entry of entries) {
    if (seen.has(entry.path)) throw new Error(`tar: duplicate entry ${entry.path}`);
    seen.add(entry.path);
    const data = typeof entry.data === "string" ? Buffer.from(entry.data, "utf8") : Buffer.from(entry.data);
    chunks.push(header(entry.path, data.length, entry.mode ?? 0o644), data, Buffer.alloc(padding(data.length)));
  }
  chunks.push(Buffer.alloc(2 * BLOCK)); // end of archive
  return Buffer.concat(chunks);
}

/** gzip with a fixed header (no name, mtime 0) and fixed level. */
export function gzip(data: Uint8Array): Buffer {
  return gzipSync(data, { level: 9 });
}

export const tarGz = (entries: readonly TarEntry[]): Buffer => gzip(tar(entries));

function header(path: string, size: number, mode: number): Buffer {
  if (path.startsWith("/") || path.split("/").some((part) => part === "" || part === "." || part === "..")) {
    throw new Error(`tar: not a clean relative path: ${path}`);
  }
  const [prefix, name] = splitPath(path);
  const block = Buffer.alloc(BLOCK);
  writeString(block, 0, 100, name);
  writeOctal(block, 100, 8, mode);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, 0); // mtime: the epoch
  block.fill(0x20, 148, 156); // checksum field counts as spaces
  block.write("0", 156, "latin1"); // regular file
  writeString(block, 257, 6, "ustar\0");
  writeString(block, 263, 2, "00");
  writeOctal(block, 329, 8, 0); // devmajor
  writeOctal(block, 337, 8, 0); // devminor
  writeString(block, 345, 155, prefix);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  return block;
}

/** ustar keeps names of up to 100 bytes, plus a prefix of up to 155 split at a `/`. */
function splitPath(path: string): [string, string] {
  if (Buffer.byteLength(path) <= 100) return ["", path];
  for (let cut = path.indexOf("/"); cut !== -1; cut = path.indexOf("/", cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return [prefix, name];
  }
  throw new Error(`tar: path too long for ustar: ${path}`);
}

function writeString(block: Buffer, offset: number, length: number, value: string) {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length > length) throw new Error(`tar: field too long: ${value}`);
  bytes.copy(block, offset);
}

function writeOctal(block: Buffer, offset: number, length: number, value: number) {
  const text = value.toString(8).padStart(length - 1, "0");
  if (text.length > length - 1) throw new Error(`tar: value too large: ${value}`);
  block.write(`${text}\0`, offset, "latin1");
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** Reads back what `tar` writes (regular files only): for checks and tests. */
export function untar(archive: Buffer): { path: string; mode: number; mtime: number; data: Buffer }[] {
  const entries = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) => block.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
    const octal = (start: number, length: number) => parseInt(field(start, length).trim() || "0", 8);
    const prefix = field(345, 155);
    const name = field(0, 100);
    const size = octal(124, 12);
    const type = field(156, 1);
    if (type !== "0" && type !== "") throw new Error(`untar: unsupported entry type ${JSON.stringify(type)} for ${name}`);
    offset += BLOCK;
    entries.push({ path: prefix ? `${prefix}/${name}` : name, mode: octal(100, 8), mtime: octal(136, 12), data: Buffer.from(archive.subarray(offset, offset + size)) });
    offset += size + padding(size);
  }
  return entries;
}
