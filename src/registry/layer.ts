// Deterministic image layers. A layer is a POSIX tar (ustar, with PAX records for long or
// non-ASCII names) of normalised entries: sorted by path, parents before children, owned by root,
// modes 0755/0644 (0755 for executables, 0777 for symlinks), one fixed mtime. The same files
// therefore always give the same tar, whatever their mtimes, owners or the order they were made in.
// The tar streams through sha256 (the diff_id), gzip and sha256 again (the blob digest) into a temp
// file, so a ~450 MB node_modules tree is never held in memory.
//
// The gzip bytes depend on the zlib build (another zlib may compress differently), so cache keys
// must use the diff_id (the uncompressed digest), never the blob digest.
import { createHash, type Hash, randomUUID } from 'node:crypto';
import { closeSync, createWriteStream, type Dirent, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw } from 'node:zlib';

/** One entry of a layer. `path` is relative and POSIX (`app/node_modules/x/index.js`). */
export type LayerEntry =
  | { path: string; type: 'dir' }
  | { path: string; type: 'file'; data: Buffer; executable?: boolean }
  /** `executable` defaults to the source file's mode (any execute bit set). */
  | { path: string; type: 'file'; source: string; executable?: boolean }
  | { path: string; type: 'symlink'; target: string };

export interface Layer {
  /** The .tar.gz, a new file in the temp directory; the caller removes it. */
  file: string;
  /** sha256 of the uncompressed tar: the image config's diff_id, and what cache keys should use. */
  diffId: string;
  /** sha256 of the gzip: the blob's digest in the manifest. */
  digest: string;
  /** Size of the gzip in bytes. */
  size: number;
  /** Size of the uncompressed tar in bytes. */
  tarSize: number;
}

export interface WriteOptions {
  /** Where the .tar.gz goes (default: the OS temp directory). */
  dir?: string;
  /** zlib level, 1 (fast) to 9 (small); default 6, as gzip's own default. */
  level?: number;
}

/**
 * Every entry's mtime: 2000-01-01T00:00:00Z. Any fixed value keeps the tar stable; one after 1980
 * keeps tools that copy files into zip archives (whose dates start in 1980) working.
 */
export const LAYER_MTIME = 946_684_800;

// Fixed gzip header: no name, mtime 0, no extra flags, OS 255 ("unknown"), so it never varies by machine.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const BLOCK = 512;
const READ_CHUNK = 1 << 20;
const BATCH = 256 << 10;

/** Writes the entries as a gzipped layer and returns its digests; see the file comment for the rules. */
export async function writeLayer(entries: LayerEntry[], options: WriteOptions = {}): Promise<Layer> {
  const items = normalise(entries);
  const file = path.join(options.dir ?? tmpdir(), `cra-layer-${randomUUID()}.tar.gz`);
  const tar = tally();
  const gzip = tally();
  try {
    await pipeline(
      tar.tap(batches(tarChunks(items))),
      createDeflateRaw({ level: options.level ?? 6 }),
      (deflated: AsyncIterable<Buffer>) => gzip.tap(gzipFrame(deflated, tar)),
      createWriteStream(file),
    );
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return { file, diffId: tar.digest(), digest: gzip.digest(), size: gzip.size, tarSize: tar.size };
}

/** Just the diff_id of the entries' tar (no gzip, no file): a cheap cache key for a tree. */
export async function layerDiffId(entries: LayerEntry[]): Promise<string> {
  const tar = tally();
  let sinceBreak = 0;
  for await (const chunk of tarChunks(normalise(entries))) {
    tar.update(chunk);
    sinceBreak += chunk.length;
    if (sinceBreak < BATCH * 64) continue;
    // Reading and hashing never wait on anything else: let timers and I/O run every 16 MiB.
    await new Promise(setImmediate);
    sinceBreak = 0;
  }
  return tar.digest();
}

export interface CollectOptions {
  /** Where the tree goes in the layer, e.g. `app` (default: the layer's root). */
  prefix?: string;
  /** Return false to leave a path out (for a directory: its whole subtree). Paths are relative, POSIX. */
  filter?: (relativePath: string, type: 'dir' | 'file' | 'symlink') => boolean;
}

/**
 * The entries of the directory tree under `root` (not `root` itself): files by source path, so they
 * are read only when the layer is written. Sockets, FIFOs and devices are refused.
 */
export async function collectTree(root: string, options: CollectOptions = {}): Promise<LayerEntry[]> {
  const entries: LayerEntry[] = [];
  const prefix = options.prefix ? `${options.prefix}/` : '';
  const walk = async (relative: string): Promise<void> => {
    const dir = path.join(root, ...relative.split('/').filter(Boolean));
    for (const dirent of await readdir(dir, { withFileTypes: true })) {
      const rel = relative ? `${relative}/${dirent.name}` : dirent.name;
      const source = path.join(dir, dirent.name);
      const type = typeOf(dirent);
      if (!type)
        throw new Error(`${source} is neither a file, a directory nor a symlink: it cannot go in a layer`);
      if (options.filter && !options.filter(rel, type)) continue;
      if (type === 'dir') {
        entries.push({ path: prefix + rel, type });
        await walk(rel);
      } else if (type === 'file') entries.push({ path: prefix + rel, type, source });
      else entries.push({ path: prefix + rel, type, target: await readlink(source) });
    }
  };
  await walk('');
  return entries;
}

const typeOf = (dirent: Dirent): 'dir' | 'file' | 'symlink' | undefined =>
  dirent.isDirectory() ? 'dir' : dirent.isFile() ? 'file' : dirent.isSymbolicLink() ? 'symlink' : undefined;

/** A path of the tar: a given entry, or a parent directory nobody listed. */
interface Item {
  path: string;
  type: 'dir' | 'file' | 'symlink';
  entry?: LayerEntry;
}

/** Checks the paths, adds missing parent directories and sorts by path (UTF-16 code units). */
function normalise(entries: LayerEntry[]): Item[] {
  const items = new Map<string, Item>();
  for (const entry of entries) {
    const segments = checkPath(entry.path);
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/');
      const found = items.get(parent);
      if (found && found.type !== 'dir')
        throw new Error(`Layer path ${parent} is a ${found.type} and a directory`);
      if (!found) items.set(parent, { path: parent, type: 'dir' });
    }
    const found = items.get(entry.path);
    if (found && (found.type !== 'dir' || entry.type !== 'dir'))
      throw new Error(`Layer path ${entry.path} is given twice`);
    items.set(entry.path, { path: entry.path, type: entry.type, entry });
  }
  // A parent is a prefix of its children, so it always sorts first.
  return [...items.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A relative POSIX path with no empty, `.` or `..` segment; returns its segments. */
function checkPath(p: string): string[] {
  const segments = p.split('/');
  if (p.startsWith('/') || p.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..'))
    throw new Error(`Layer path ${JSON.stringify(p)} must be relative, without empty, "." or ".." segments`);
  return segments;
}

/** The tar's bytes: for each item its header(s), then its data padded to a block; two zero blocks at the end. */
async function* tarChunks(items: Item[]): AsyncGenerator<Buffer> {
  for (const item of items) {
    const entry = item.entry;
    if (entry?.type === 'file' && 'source' in entry) {
      yield* sourceFile(item.path, entry.source, entry.executable);
    } else if (entry?.type === 'file') {
      yield* headers({
        name: item.path,
        type: '0',
        mode: entry.executable ? 0o755 : 0o644,
        size: entry.data.length,
      });
      yield entry.data;
      yield padding(entry.data.length);
    } else if (entry?.type === 'symlink') {
      yield* headers({ name: item.path, type: '2', mode: 0o777, size: 0, linkname: entry.target });
    } else {
      yield* headers({ name: `${item.path}/`, type: '5', mode: 0o755, size: 0 });
    }
  }
  yield Buffer.alloc(2 * BLOCK);
}

/**
 * A file read from disk in chunks; its size and mode come from the open descriptor, so they match
 * what is read. Synchronous on purpose: for a node_modules tree (56k files) it takes 1.1 s where
 * fs.promises takes 9-12 s, and no call blocks for more than one READ_CHUNK.
 */
function* sourceFile(name: string, source: string, executable?: boolean): Generator<Buffer> {
  const fd = openSync(source, 'r');
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${source} is not a regular file`);
    const mode = (executable ?? (stat.mode & 0o111) !== 0) ? 0o755 : 0o644;
    yield* headers({ name, type: '0', mode, size: stat.size });
    let left = stat.size;
    while (left > 0) {
      const chunk = Buffer.allocUnsafe(Math.min(left, READ_CHUNK));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) throw new Error(`${source} shrank while it was being read`);
      left -= read;
      yield chunk.subarray(0, read);
    }
    if (readSync(fd, Buffer.alloc(1), 0, 1, null) !== 0)
      throw new Error(`${source} grew while it was being read`);
    yield padding(stat.size);
  } finally {
    closeSync(fd);
  }
}

interface Header {
  name: string;
  type: '0' | '2' | '5' | 'x';
  mode: number;
  size: number;
  linkname?: string;
}

/** The ustar header, preceded by a PAX header when the name or link target does not fit ustar. */
function* headers(h: Header): Generator<Buffer> {
  const records = [
    fitsUstar(h.name) ? '' : paxRecord('path', h.name),
    h.linkname === undefined || fitsUstar(h.linkname) ? '' : paxRecord('linkpath', h.linkname),
  ].join('');
  if (records) {
    const body = Buffer.from(records, 'utf8');
    yield ustarHeader({
      name: ustarFallback(`PaxHeaders/${h.name}`),
      type: 'x',
      mode: 0o644,
      size: body.length,
    });
    yield body;
    yield padding(body.length);
  }
  yield ustarHeader({
    ...h,
    name: ustarFallback(h.name),
    linkname: h.linkname === undefined ? undefined : ustarFallback(h.linkname),
  });
}

// ustar fields hold bytes, and readers disagree on their encoding: anything but short ASCII goes to PAX.
const fitsUstar = (value: string): boolean => value.length <= 100 && /^[\x20-\x7e]*$/.test(value);
const ustarFallback = (value: string): string => value.replace(/[^\x20-\x7e]/g, '_').slice(0, 100);

/** One PAX record, `<length> <key>=<value>\n`, where length counts the whole record, its own digits too. */
function paxRecord(key: string, value: string): string {
  const rest = Buffer.byteLength(` ${key}=${value}\n`);
  let length = rest + String(rest).length;
  if (String(length).length + rest !== length) length = rest + String(length).length;
  return `${length} ${key}=${value}\n`;
}

/** A 512-byte ustar header: root-owned (uid/gid 0, "root"), LAYER_MTIME, no device numbers. */
function ustarHeader(h: Header): Buffer {
  if (h.size > 0o77777777777) throw new Error(`${h.name} is over 8 GiB, too big for a tar header`);
  const block = Buffer.alloc(BLOCK);
  const octal = (value: number, offset: number, width: number) =>
    block.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, 'ascii');
  block.write(h.name, 0, 'ascii');
  octal(h.mode, 100, 8);
  octal(0, 108, 8); // uid
  octal(0, 116, 8); // gid
  octal(h.size, 124, 12);
  octal(LAYER_MTIME, 136, 12);
  block.write(h.type, 156, 'ascii');
  if (h.linkname) block.write(h.linkname, 157, 'ascii');
  block.write('ustar\x0000', 257, 'ascii');
  block.write('root', 265, 'ascii'); // uname
  block.write('root', 297, 'ascii'); // gname
  octal(0, 329, 8); // devmajor
  octal(0, 337, 8); // devminor
  // The checksum is the sum of all bytes, counting its own field as spaces.
  block.write(' '.repeat(8), 148, 'ascii');
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/**
 * Joins small chunks (a node_modules tar is mostly 512-byte headers and small files) into ~256 KiB
 * ones: each write into zlib is a trip to the thread pool, and batching halves the time of a big layer.
 */
async function* batches(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    pending.push(chunk);
    size += chunk.length;
    if (size < BATCH) continue;
    yield pending.length === 1 ? chunk : Buffer.concat(pending, size);
    pending = [];
    size = 0;
  }
  if (size) yield Buffer.concat(pending, size);
}

/** A running sha256, CRC-32 and byte count, with a pass-through stream stage that feeds them. */
function tally() {
  const hash: Hash = createHash('sha256');
  const state = {
    size: 0,
    crc: 0,
    update(chunk: Buffer) {
      hash.update(chunk);
      state.crc = crc32(chunk, state.crc);
      state.size += chunk.length;
    },
    async *tap(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of source) {
        state.update(chunk);
        yield chunk;
      }
    },
    digest: () => `sha256:${hash.digest('hex')}`,
  };
  return state;
}

/** Wraps raw deflate output in gzip's framing: the fixed header, then CRC-32 and size (mod 2^32) of the tar. */
async function* gzipFrame(deflated: AsyncIterable<Buffer>, tar: { crc: number; size: number }) {
  yield GZIP_HEADER;
  yield* deflated;
  // The deflate stream ends only after all of the tar went through the tally, so both are final.
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(tar.crc >>> 0, 0);
  trailer.writeUInt32LE(tar.size % 2 ** 32, 4);
  yield trailer;
}
