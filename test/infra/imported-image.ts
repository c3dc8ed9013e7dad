// Local images made with `docker import` from a deterministic root-filesystem tar (rootfs.ts), and
// their pushes to test registries. The tar's hash is the cache key: the tag `<repository>:<key>` is
// imported once per Docker engine and reused until an input file changes. A lock file per engine
// keeps parallel node:test processes from importing the same image twice.
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { docker } from './docker.ts';

export interface ImportRecipe {
  repository: string; // local repository name, e.g. cra-node-base
  changes: string[]; // Dockerfile instructions for `docker import --change` (ENV, CMD, USER...)
  rootfs: () => Promise<Buffer>; // the deterministic tar
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

/** `docker <args>`, throwing with its stderr on failure; resolves to its trimmed stdout. */
export async function must(args: string[], input?: Buffer): Promise<string> {
  const r = await docker(args, { input });
  if (r.code !== 0) throw new Error(`docker ${args.slice(0, 2).join(' ')} failed (${r.code}):\n${r.stderr}`);
  return r.stdout.trim();
}

const exists = async (ref: string) =>
  (await docker(['image', 'inspect', '--format', '{{.Id}}', ref])).code === 0;

/** The first 16 hex digits of the sha256 of the tar and the import changes. */
export const cacheKey = (rootfs: Buffer, changes: string[]) =>
  createHash('sha256').update(rootfs).update(changes.join('\n')).digest('hex').slice(0, 16);

/** Imports the recipe's tar as `<repository>:<key>` unless this engine has it; resolves to that tag. */
export async function importOnce(recipe: ImportRecipe): Promise<string> {
  const rootfs = await recipe.rootfs();
  const ref = `${recipe.repository}:${cacheKey(rootfs, recipe.changes)}`;
  if (await exists(ref)) return ref;
  // One lock per engine: developers' and CI's engines on the same machine do not wait on each other.
  const engine = createHash('sha256')
    .update(process.env.DOCKER_HOST ?? '')
    .digest('hex')
    .slice(0, 8);
  return withLock(join(tmpdir(), `${recipe.repository}-${engine}.lock`), async () => {
    if (await exists(ref)) return ref; // another process imported it while we waited
    await must(['import', ...recipe.changes.flatMap((c) => ['--change', c]), '-', ref], rootfs);
    return ref;
  });
}

/** Tags `local` as `remote` (`host/name:tag`) and pushes it; resolves to `host/name@sha256:...`. */
export async function pushByDigest(local: string, remote: string): Promise<string> {
  await must(['tag', local, remote]);
  await must(['push', remote]);
  const name = remote.slice(0, remote.lastIndexOf(':'));
  const digests = await must(['image', 'inspect', '--format', '{{join .RepoDigests "\\n"}}', remote]);
  const digest = digests.split('\n').find((d) => d.startsWith(`${name}@sha256:`));
  if (!digest) throw new Error(`no digest for ${name} among the RepoDigests of ${local}:\n${digests}`);
  return digest;
}

/** A promise cached until it fails: a failed attempt is tried again on the next call. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    if (!cached) {
      cached = make();
      cached.catch(() => (cached = undefined));
    }
    return cached;
  };
}

/** Like once(), one cached promise per key (e.g. one push per registry). */
export function oncePerKey<T>(make: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let cached = cache.get(key);
    if (!cached) {
      cached = make(key);
      cached.catch(() => cache.delete(key));
      cache.set(key, cached);
    }
    return cached;
  };
}
