// Builds the scripted test agent image (test/agents) with the docker CLI.
import { rmSync } from 'node:fs';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docker } from './docker.ts';

const AGENT_DIR = fileURLToPath(new URL('../agents/', import.meta.url));
// Debian's busybox-static: one static binary, so it runs in a FROM scratch image.
const BUSYBOX = '/bin/busybox';

const contexts: string[] = [];
process.once('exit', () => {
  for (const dir of contexts) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh temp directory holding Dockerfile, agent.sh and busybox: a build context a test can
 * hand to code that builds images itself. Removed when the process exits.
 */
export async function testAgentContext(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cra-agent-ctx-'));
  contexts.push(dir);
  await Promise.all([
    copyFile(join(AGENT_DIR, 'Dockerfile'), join(dir, 'Dockerfile')),
    copyFile(join(AGENT_DIR, 'agent.sh'), join(dir, 'agent.sh')),
    copyFile(BUSYBOX, join(dir, 'busybox')).catch((err: unknown) => {
      throw new Error(`${BUSYBOX} is missing (apt-get install -y busybox-static): ${String(err)}`);
    }),
  ]);
  return dir;
}

async function must(args: string[]): Promise<string> {
  const r = await docker(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
  return r.stdout.trim();
}

let imageId: Promise<string> | undefined;

function buildOnce(): Promise<string> {
  imageId ??= (async () => {
    const dir = await testAgentContext();
    return must(['build', '--quiet', dir]);
  })();
  return imageId;
}

/** The repository part of a reference: `host:5000/a/b:tag` → `host:5000/a/b`. */
function repositoryOf(ref: string): string {
  const noDigest = ref.split('@')[0] ?? ref;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** True when the first path component names a registry host (as the docker CLI decides). */
function namesRegistry(ref: string): boolean {
  const first = ref.split('/')[0] ?? '';
  return ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}

/**
 * Tags the test agent image as `ref` (built once per process) and, when `ref` names a
 * registry, pushes it. `digest` is the registry's manifest digest after a push, otherwise the
 * local image id.
 */
export async function buildTestAgentImage(ref: string): Promise<{ ref: string; digest: string }> {
  const id = await buildOnce();
  await must(['tag', id, ref]);
  if (!namesRegistry(ref)) return { ref, digest: id };
  await must(['push', ref]);
  const repoDigests = JSON.parse(
    await must(['image', 'inspect', '--format', '{{json .RepoDigests}}', ref]),
  ) as string[];
  const repo = repositoryOf(ref);
  const found = repoDigests.find((d) => d.startsWith(`${repo}@`));
  if (!found) throw new Error(`no digest for ${repo} after push (RepoDigests: ${repoDigests.join(', ')})`);
  return { ref, digest: found.slice(repo.length + 1) };
}

/** Pushes a one-file `FROM scratch` image to `ref`: an old image for pruning to find. */
export async function pushTinyImage(ref: string, content: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cra-tiny-'));
  try {
    await writeFile(join(dir, 'f'), content);
    await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY f /f\n');
    for (const args of [
      ['build', '-q', '-t', ref, dir],
      ['push', ref],
    ]) {
      const done = await docker(args);
      if (done.code !== 0) throw new Error(`docker ${args[0]} ${ref} failed: ${done.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
