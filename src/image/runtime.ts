// The runtime image every agent of a project shares: the system (the base, upstream's tools and the
// project's Dockerfiles: system.ts), upstream's package for the image's platform (node-modules.ts)
// and the one-shot entry, with the agent container's settings. Its tag is a hash of exactly what it
// holds, computed without any request but the base's digest, so an agent's edit finds it with one
// HEAD. On a miss it is put together through the registry API; only a missing system runs Docker.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Cloud } from '../google/connect.ts';
import { appendLayers, type ConfigChanges } from '../registry/append.ts';
import type { Registry } from '../registry/distribution.ts';
import { writeLayer } from '../registry/layer.ts';
import type { DockerSession } from './docker.ts';
import { dockerfileHash, type UserDockerfile } from './dockerfiles.ts';
import { nodeModulesLayer } from './node-modules.ts';
import { detectPlatform, type Platform } from './platform.ts';
import { systemImage } from './system.ts';

/** What the runtime's tag is made of (bump when its layout changes). */
const format = 'runtime-1';
/** The labels that say what a runtime holds, so a miss can say what changed. */
const label = (name: string) => `dev.cloud-run-agent.runtime.${name}`;

export interface RuntimeInputs {
  registry: Registry;
  /** The runtime's repository in `registry`. */
  name: string;
  /** The base by digest; the registry it is in (for its layers); base_image as written. */
  base: string;
  baseRegistry: Registry;
  baseName: string;
  baseImage: string;
  dockerfiles: UserDockerfile[];
  buildArgs: Record<string, string>;
  version: string;
  /** The action's agent-runtime folder: entry.cjs, package.json, package-lock.json. */
  runtimeDir: string;
  projectDir: string;
  /** Docker, logged in on first use: only a missing system needs it. */
  docker: () => DockerSession;
  cloud: Pick<Cloud, 'artifacts'>;
  repository: { location: string; id: string };
  /** Before anything is built (the repository's check). */
  beforeBuild?: () => Promise<void>;
  report: (message: string) => void;
}

/** What the runtime's tag is computed from, and where it is looked up: no Docker, no write. */
export type RuntimeSpec = Omit<RuntimeInputs, 'docker' | 'cloud' | 'beforeBuild'>;

/** What a runtime holds, as its labels say it (and as its key is made from). */
export function runtimeLabels(inputs: RuntimeSpec): Record<string, string> {
  const hash = (text: string | Buffer) => createHash('sha256').update(text).digest('hex').slice(0, 16);
  const args = Object.entries(inputs.buildArgs)
    .sort()
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
  return {
    [label('format')]: format,
    [label('base')]: inputs.base,
    [label('action-llama')]: inputs.version,
    [label('lockfile')]: hash(fs.readFileSync(path.join(inputs.runtimeDir, 'package-lock.json'))),
    [label('entry')]: hash(fs.readFileSync(path.join(inputs.runtimeDir, 'entry.cjs'))),
    [label('dockerfiles')]:
      inputs.dockerfiles
        .map((d) => `${path.relative(inputs.projectDir, d.file)}:${dockerfileHash(d).slice(0, 16)}`)
        .join(' ') || 'none',
    // Build arguments reach only the project's Dockerfiles: without any, they change nothing.
    [label('build-args')]: args && inputs.dockerfiles.length ? hash(args) : 'none',
  };
}

/** The runtime's tag: a hash of its labels, which cover everything it holds. */
export function runtimeTag(labels: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const [name, value] of Object.entries(labels).sort()) hash.update(`${name}\0${value}\0`);
  return `runtime-${hash.digest('hex').slice(0, 40)}`;
}

/** The runtime these inputs make: its labels and tag, and its digest when the registry has it. */
export interface RuntimeLookup {
  labels: Record<string, string>;
  tag: string;
  digest?: string;
}

/** Looks the runtime up by its tag: one request. */
export async function findRuntime(inputs: RuntimeSpec): Promise<RuntimeLookup> {
  const labels = runtimeLabels(inputs);
  const tag = runtimeTag(labels);
  return { labels, tag, digest: await inputs.registry.headManifest(inputs.name, tag) };
}

/** Puts the runtime together (it was not found) and returns its digest; says why, and what took how long. */
export async function makeRuntime(inputs: RuntimeInputs, { labels, tag }: RuntimeLookup): Promise<string> {
  await inputs.beforeBuild?.();
  const started = Date.now();
  inputs.report(`Making the runtime image ${inputs.name}:${tag}: ${await whatChanged(inputs, labels)}`);
  const digest = await assemble(inputs, labels, tag);
  inputs.report(`Runtime image ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return digest;
}

/** The system and node_modules (each found or made, side by side), then the entry, appended. */
async function assemble(inputs: RuntimeInputs, labels: Record<string, string>, tag: string): Promise<string> {
  const platform = await basePlatform(inputs);
  inputs.report(`The base is ${platform.name} (${platform.libc})`);
  const [system, nodeModules] = await Promise.all([
    systemImage({ ...inputs, docker: inputs.docker(), platform }),
    nodeModulesLayer({ ...inputs, libc: platform.libc }),
  ]);
  const entry = await writeLayer([
    { path: 'app/entry.cjs', type: 'file', source: path.join(inputs.runtimeDir, 'entry.cjs') },
  ]);
  try {
    const ref = await appendLayers({
      registry: inputs.registry,
      base: { name: inputs.name, manifest: system.manifest },
      target: { name: inputs.name, tag },
      layers: [
        { ...nodeModules, comment: `@action-llama/action-llama ${inputs.version}, ${platform.libc}` },
        { ...entry, comment: 'the one-shot entry' },
      ],
      config: agentContainer(labels),
    });
    return ref.slice(ref.lastIndexOf('@') + 1);
  } finally {
    fs.rmSync(entry.file, { force: true });
    if (nodeModules.file) fs.rmSync(nodeModules.file, { force: true });
  }
}

/**
 * The agent container's settings: upstream's package and the project under /app, read-only for
 * the agent, which runs as uid 1000 (upstream's `node`) with HOME at /tmp.
 */
function agentContainer(labels: Record<string, string>): ConfigChanges {
  return {
    Env: {
      AL_PROJECT_DIR: '/app/project',
      AL_UPSTREAM_DIR: '/app/node_modules/@action-llama/action-llama',
      AL_CREDENTIALS_DIR: '/credentials',
      AL_CREDENTIALS_PATH: '/credentials',
      HOME: '/tmp',
      NODE_ENV: 'production',
    },
    Entrypoint: ['node', '/app/entry.cjs'],
    WorkingDir: '/tmp',
    User: '1000:1000',
    Labels: labels,
  };
}

/** The base's family and C library, read from its layers through the registry. */
async function basePlatform(inputs: RuntimeInputs): Promise<Platform> {
  const reference = inputs.base.slice(inputs.base.lastIndexOf('@') + 1);
  const manifest = await inputs.baseRegistry.getManifest(inputs.baseName, reference);
  const registry = inputs.baseRegistry;
  async function* layers() {
    for (const layer of manifest.json.layers)
      yield (await registry.getBlob(inputs.baseName, layer.digest)).body;
  }
  return detectPlatform(layers());
}

/**
 * Why there is no runtime for these labels: what differs from the newest runtime in the
 * repository (its labels), or that there is none yet. Best effort: a failed look is not an error.
 */
async function whatChanged(inputs: RuntimeInputs, labels: Record<string, string>): Promise<string> {
  try {
    const images = await inputs.cloud.artifacts.listDockerImages(
      inputs.repository.location,
      inputs.repository.id,
    );
    const runtimes = images
      .filter((image) => (image.uri ?? '').includes(`/${inputs.name.split('/').pop()}@`))
      .filter((image) => (image.tags ?? []).some((t) => t.startsWith('runtime-')))
      .sort((a, b) => Number(b.uploadTime?.seconds ?? 0) - Number(a.uploadTime?.seconds ?? 0));
    const newest = runtimes[0]?.uri?.split('@')[1];
    if (!newest) return 'the first runtime in this repository';
    const manifest = await inputs.registry.getManifest(inputs.name, newest);
    const config = (await inputs.registry.readJsonBlob(inputs.name, manifest.json.config.digest)) as {
      config?: { Labels?: Record<string, string> };
    };
    const before = config.config?.Labels ?? {};
    const changed = Object.entries(labels)
      .filter(([name, value]) => before[name] !== value)
      .map(([name, value]) => `${name.replace(label(''), '')} ${before[name] ?? '(none)'} → ${value}`);
    return changed.length
      ? `changed since the newest runtime: ${changed.join('; ')}`
      : 'no runtime of this content';
  } catch {
    return 'no runtime of this content';
  }
}

/** The action's agent-runtime folder (entry and lockfile), beside the running bundle. */
export function runtimeDir(): string {
  let dir = path.dirname(process.argv[1] ?? '.');
  for (let i = 0; i < 3; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'agent-runtime');
    if (fs.existsSync(path.join(candidate, 'entry.cjs'))) return candidate;
  }
  throw new Error(
    'The action is incomplete: dist/agent-runtime/entry.cjs is missing (rebuild with npm run build).',
  );
}
