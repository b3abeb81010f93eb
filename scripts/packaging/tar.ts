/**
 * A deterministic tar (POSIX ustar) writer for chaincode packages: regular files only, in
 * the order given, with fixed mode, owner and mtime — the same input gives the same bytes,
 * so a package (and its Fabric package id) is reproducible. Headers are node-tar's
 * (`Header`), the writer node-tar itself uses; entries come from memory, not the file
 * system, so neither umask, owners nor timestamps of a checkout can leak in.
 */
import { gzipSync } from "node:zlib";
import { Header } from "tar";

export interface TarEntry {
  /** Path inside the archive, `/`-separated, relative. */
  path: string;
  data: Uint8Array | string;
  /** Permission bits; default 0o644. */
  mode?: number;
}

const BLOCK = 512;
/** Portable: no owner names or ids, the epoch as mtime (node-tar's `portable` option does the same). */
const PORTABLE = { uid: 0, gid: 0, uname: "", gname: "", mtime: new Date(0) } as const;

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
  const block = new Header({ ...PORTABLE, path, mode, size, type: "File" });
  // A pax extension header would be needed (a name over ustar's 100 + 155 bytes, a size over
  // 8 GiB): peers read plain ustar, so refuse rather than write an extended archive.
  if (block.encode()) throw new Error(`tar: entry does not fit a ustar header: ${path}`);
  return block.block!;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** Reads back what `tar` writes (regular files only), with node-tar's header parser: for checks and tests. */
export function untar(archive: Buffer): { path: string; mode: number; mtime: number; data: Buffer }[] {
  const entries = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const parsed = new Header(archive, offset);
    if (parsed.nullBlock) break;
    if (!parsed.cksumValid) throw new Error(`untar: bad header checksum at byte ${offset}`);
    if (parsed.type !== "File" && parsed.type !== "OldFile") throw new Error(`untar: unsupported entry type ${parsed.type} for ${parsed.path}`);
    const size = parsed.size ?? 0;
    offset += BLOCK;
    entries.push({
      path: parsed.path ?? "",
      mode: parsed.mode ?? 0,
      mtime: Math.floor((parsed.mtime?.getTime() ?? 0) / 1000),
      data: Buffer.from(archive.subarray(offset, offset + size)),
    });
    offset += size + padding(size);
  }
  return entries;
}
