// Helpers for the tests of the stand-in base images (alpine-base.test.ts, debian-base.test.ts):
// build a Dockerfile without network, run a bash script in a container, and read an image's
// platform from its config in a registry.
import { stripVTControlCharacters } from 'node:util';
import { docker } from './docker.ts';

export interface Outcome {
  code: number;
  output: string; // stdout then stderr
}

let builds = 0;

/**
 * `docker build --network none` of `dockerfile` (no context: the Dockerfile comes on stdin).
 * Resolves to the outcome and the tag it built, which `removeImages` deletes.
 */
export async function build(dockerfile: string): Promise<Outcome & { tag: string }> {
  const tag = `cra-stand-in-test:${process.pid}-${++builds}`;
  // --force-rm: a failed step's container goes too (on the vfs driver it is a full rootfs copy).
  const r = await docker(['build', '--network', 'none', '--force-rm', '--tag', tag, '-'], {
    input: dockerfile,
    timeoutMs: 180_000,
  });
  // The legacy builder colours a step's stderr, one escape sequence per chunk it receives.
  const output = stripVTControlCharacters(`${r.stdout}${r.stderr}`);
  return { code: r.code, output, tag };
}

/** `docker run --rm --network none [options] image command...`, never throwing. */
export async function run(options: string[], image: string, command: string[]): Promise<Outcome> {
  const r = await docker(['run', '--rm', '--network', 'none', ...options, image, ...command], {
    timeoutMs: 120_000,
  });
  return { code: r.code, output: `${r.stdout}${r.stderr}` };
}

/** Runs `script` with `bash -s` as uid 1000 with HOME=/tmp, as project images run agents. */
export async function runBash(image: string, script: string): Promise<Outcome> {
  const user = ['--user', '1000:1000', '-e', 'HOME=/tmp'];
  const r = await docker(['run', '--rm', '-i', '--network', 'none', ...user, image, 'bash', '-s'], {
    input: script,
    timeoutMs: 120_000,
  });
  return { code: r.code, output: `${r.stdout}${r.stderr}` };
}

export async function removeImages(tags: string[]): Promise<void> {
  if (tags.length > 0) await docker(['rmi', '--force', ...tags]);
}

/** The os and architecture in the config of `ref` (`host/name@sha256:...`), read from its registry. */
export async function registryPlatform(ref: string): Promise<{ os: string; architecture: string }> {
  const [, host, name, digest] = /^([^/]+)\/(.+)@(sha256:[0-9a-f]{64})$/.exec(ref) ?? [];
  if (!host || !name || !digest) throw new Error(`not a reference by digest: ${ref}`);
  const manifest = await fetch(`http://${host}/v2/${name}/manifests/${digest}`, {
    headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  const { config } = (await manifest.json()) as { config: { digest: string } };
  const blob = await fetch(`http://${host}/v2/${name}/blobs/${config.digest}`);
  const { os, architecture } = (await blob.json()) as { os: string; architecture: string };
  return { os, architecture };
}
