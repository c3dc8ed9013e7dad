// Docker CLI helpers for tests. The engine is the private one from scripts/docker-up.sh,
// reached through DOCKER_HOST; .ci/run starts it, a developer runs `eval "$(scripts/docker-up.sh)"`.
import { execFile } from 'node:child_process';
import type { TestContext } from 'node:test';

export interface DockerResult {
  code: number; // the CLI's exit code; -1 when it could not be run or timed out
  stdout: string;
  stderr: string;
}

export interface DockerOptions {
  input?: string | Buffer;
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs `docker <args>` and never throws: check `code`. */
export function docker(args: string[], opts: DockerOptions = {}): Promise<DockerResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'docker',
      args,
      {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        timeout: opts.timeoutMs ?? 300_000,
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr: err && code === -1 ? `${stderr}${err.message}` : stderr });
      },
    );
    child.stdin?.end(opts.input);
  });
}

let available: Promise<boolean> | undefined;

/** Whether a Docker engine answers at DOCKER_HOST (checked once per process). */
export function dockerAvailable(): Promise<boolean> {
  available ??= docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 10_000 }).then(
    (r) => r.code === 0 && r.stdout.trim() !== '',
  );
  return available;
}

export const START_DOCKER_HINT = 'start one with: eval "$(scripts/docker-up.sh)"';
/** Matches requireDocker's reason (a skip, or a failure under CI=true); group 1 is where it looked. */
export const NO_DOCKER = /no Docker engine answers at (.+?); start one with/;

/**
 * Resolves to false when Docker answers. Otherwise, under CI=true it throws (a missing engine
 * in CI is a failure, never a skip); elsewhere it resolves to a skip reason and, given a test
 * context, also marks that test skipped. Usable as `test(name, { skip: await requireDocker() }, fn)`
 * or `if (await requireDocker(t)) return;`.
 */
export async function requireDocker(t?: TestContext): Promise<string | false> {
  if (await dockerAvailable()) return false;
  const where = process.env.DOCKER_HOST ?? 'the default socket';
  const reason = `no Docker engine answers at ${where}; ${START_DOCKER_HINT}`;
  if (process.env.CI === 'true') throw new Error(reason);
  t?.skip(reason);
  return reason;
}
