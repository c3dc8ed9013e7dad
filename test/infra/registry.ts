// A real OCI registry for tests: Debian's CNCF distribution (`docker-registry serve`), on a
// free loopback port with filesystem storage and deletes enabled. Docker treats registries on
// 127.0.0.0/8 as insecure (plain HTTP), so `docker push 127.0.0.1:PORT/a/b/c:tag` works as is.
import { spawn } from 'node:child_process';
import { constants, openSync, closeSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Registry {
  address: string; // 127.0.0.1:PORT
  dir: string; // storage root and log (registry.log)
  stop(): Promise<void>;
}

async function findRegistryBinary(): Promise<string> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'docker-registry');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error('docker-registry not found: apt-get install -y docker-registry');
}

/** A port free on 127.0.0.1 now: `wanted` when it is, else one the system picks. */
function freePort(wanted = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) =>
      wanted && error.code === 'EADDRINUSE' ? resolve(freePort()) : reject(error),
    );
    server.listen(wanted, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

function config(dir: string, address: string): string {
  return `version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${join(dir, 'data')}
  delete:
    enabled: true
http:
  addr: ${address}
`;
}

/**
 * Starts a registry; `opts.dir` keeps its storage in a directory the caller owns (not removed
 * by stop), otherwise a temp dir is used and removed. `opts.port` is tried first (a stable
 * address, for image references that name it), any free port otherwise. Retries on a port taken
 * in between.
 */
export async function startRegistry(opts: { dir?: string; port?: number } = {}): Promise<Registry> {
  const binary = await findRegistryBinary();
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'cra-registry-')));
  await mkdir(dir, { recursive: true });
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(binary, dir, opts.dir === undefined, attempt === 0 ? opts.port : undefined);
    } catch (err) {
      lastError = err;
    }
  }
  if (opts.dir === undefined) await rm(dir, { recursive: true, force: true });
  throw lastError;
}

async function startOnce(binary: string, dir: string, ownsDir: boolean, port?: number): Promise<Registry> {
  const address = `127.0.0.1:${await freePort(port)}`;
  const configPath = join(dir, 'config.yml');
  const logPath = join(dir, 'registry.log');
  await writeFile(configPath, config(dir, address));
  const log = openSync(logPath, 'w');
  const child = spawn(binary, ['serve', configPath], { stdio: ['ignore', log, log] });
  closeSync(log);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    const done = () => {
      exited = true;
      resolve();
    };
    child.once('exit', done);
    child.once('error', done);
  });
  // A test that forgets stop() must not keep its process alive, nor leave the registry behind.
  child.unref();
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const kill = async () => {
    process.removeListener('exit', killOnExit);
    if (exited) return;
    child.ref(); // keep the event loop alive while we wait for it
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
  };
  const stop = async () => {
    await kill();
    if (ownsDir) await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`http://${address}/v2/`);
      await res.body?.cancel();
      if (res.status === 200) return { address, dir, stop };
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  const output = await readFile(logPath, 'utf8').catch(() => '');
  await kill();
  throw new Error(`registry at ${address} did not answer ${exited ? '(it exited)' : 'in 15 s'}:\n${output}`);
}
