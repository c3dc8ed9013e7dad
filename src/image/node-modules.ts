// Upstream's package installed for the image's platform, as one layer at /app: package.json, its
// lockfile and node_modules. npm runs on the runner, but with the image's C library and CPU
// (--os, --cpu, --libc): the runner's own would pick the glibc builds of upstream's optional native
// packages, which an Alpine (musl) image cannot load. The layer is kept in the registry as a
// one-layer image `node-modules-<key>` (key: upstream's version and lockfile, libc, CPU), so npm runs
// once per version and platform in a repository, whatever the project.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { untrusted } from '../output/fence.ts';
import { splitLines } from '../output/lines.ts';
import { canonicalJson, type AppendedLayer } from '../registry/append.ts';
import { MEDIA_TYPES, sha256, type Registry } from '../registry/distribution.ts';
import { collectTree, writeLayer } from '../registry/layer.ts';
import type { Libc } from './platform.ts';

export interface NodeModulesInputs {
  registry: Registry;
  /** The runtime's repository in `registry`. */
  name: string;
  /** The exact @action-llama/action-llama version. */
  version: string;
  /** The action's agent-runtime folder: the shipped package.json and lockfile. */
  runtimeDir: string;
  libc: Libc;
  report: (message: string) => void;
}

/** The node_modules layer: found by its key (no npm), or installed and pushed now (`file` set). */
export async function nodeModulesLayer(inputs: NodeModulesInputs): Promise<AppendedLayer & { tag: string }> {
  const lockfile = shippedLockfile(inputs);
  // Another version's lockfile is resolved only when it is built: its key is the version alone.
  const tag = `node-modules-${key(inputs.version, lockfile ?? '', inputs.libc, 'x64')}`;
  const existing = await inputs.registry.headManifest(inputs.name, tag);
  if (existing) return { ...(await storedLayer(inputs, tag)), tag };
  const staging = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'cloud-run-agent-app-'));
  try {
    await install(inputs, staging, lockfile);
    const started = Date.now();
    const layer = await writeLayer(await collectTree(staging, { prefix: 'app' }), { level: 1 });
    inputs.report(
      `node_modules as a layer: ${megabytes(layer.tarSize)} (${megabytes(layer.size)} compressed) in ${seconds(started)}`,
    );
    await push(inputs, tag, layer);
    return { digest: layer.digest, size: layer.size, diffId: layer.diffId, file: layer.file, tag };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The lockfile the action ships, when `version` is the one it was made for. */
function shippedLockfile(inputs: NodeModulesInputs): string | undefined {
  const manifest = JSON.parse(fs.readFileSync(path.join(inputs.runtimeDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  if (manifest.dependencies?.['@action-llama/action-llama'] !== inputs.version) return undefined;
  return fs.readFileSync(path.join(inputs.runtimeDir, 'package-lock.json'), 'utf8');
}

const key = (...parts: string[]): string => {
  const hash = createHash('sha256').update('node-modules-1\0');
  for (const part of parts) hash.update(`${part.length}\0${part}\0`);
  return hash.digest('hex').slice(0, 24);
};

/** The layer of a stored node_modules image: its blob, and its diff_id from the image's config. */
async function storedLayer(inputs: NodeModulesInputs, tag: string): Promise<AppendedLayer> {
  const manifest = await inputs.registry.getManifest(inputs.name, tag);
  const config = (await inputs.registry.readJsonBlob(inputs.name, manifest.json.config.digest)) as {
    rootfs?: { diff_ids?: string[] };
  };
  const layer = manifest.json.layers[0];
  const diffId = config.rootfs?.diff_ids?.[0];
  if (!layer || !diffId) throw new Error(`${inputs.registry.host}/${inputs.name}:${tag} holds no layer`);
  return { digest: layer.digest, size: layer.size, diffId };
}

/** npm ci of upstream's package for the image's platform, scripts off (nothing compiles on the runner). */
async function install(inputs: NodeModulesInputs, dir: string, lockfile: string | undefined): Promise<void> {
  const started = Date.now();
  inputs.report(
    `Installing @action-llama/action-llama ${inputs.version} for linux x64 ${inputs.libc} (npm ci)`,
  );
  if (lockfile) {
    fs.copyFileSync(path.join(inputs.runtimeDir, 'package.json'), path.join(dir, 'package.json'));
    fs.writeFileSync(path.join(dir, 'package-lock.json'), lockfile);
  } else {
    const manifest = {
      name: 'agent-runtime',
      private: true,
      dependencies: { '@action-llama/action-llama': inputs.version },
    };
    fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await npm(dir, ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund']);
  }
  const platform = ['--os=linux', '--cpu=x64', `--libc=${inputs.libc}`];
  await npm(dir, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', ...platform]);
  inputs.report(`npm ci took ${seconds(started)}`);
}

/** Pushes the layer as a one-layer image tagged `tag`, reporting the upload's progress. */
async function push(
  inputs: NodeModulesInputs,
  tag: string,
  layer: { file: string; digest: string; size: number; diffId: string },
): Promise<void> {
  const { registry, name } = inputs;
  registry.willPush(name);
  const started = Date.now();
  let reported = started;
  const onProgress = (sent: number) => {
    if (Date.now() - reported < 5000) return;
    reported = Date.now();
    inputs.report(`Uploading node_modules: ${megabytes(sent)} of ${megabytes(layer.size)}`);
  };
  const config = canonicalJson({
    architecture: 'amd64',
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
    history: [{ created: '1970-01-01T00:00:00Z', created_by: 'cloud-run-agent: node_modules' }],
  });
  if (!(await registry.blobExists(name, layer.digest)))
    await registry.uploadBlob(name, layer.digest, fs.createReadStream(layer.file), { onProgress });
  await registry.uploadBlob(name, sha256(config), config);
  const manifest = canonicalJson({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      digest: sha256(config),
      size: config.length,
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        digest: layer.digest,
        size: layer.size,
      },
    ],
  });
  await registry.putManifest(name, tag, MEDIA_TYPES.dockerManifest, manifest);
  inputs.report(`Uploaded node_modules (${megabytes(layer.size)}) in ${seconds(started)}`);
}

/** Runs npm on the runner; its output is mirrored fenced (a package's messages are not ours). */
async function npm(cwd: string, args: string[]): Promise<void> {
  const exec = await import('@actions/exec');
  const mirror = (data: Buffer) => untrusted.print(splitLines(data.toString('utf8')));
  const code = await exec
    .exec('npm', args, {
      cwd,
      silent: true,
      ignoreReturnCode: true,
      listeners: { stdout: mirror, stderr: mirror },
    })
    .catch((error: Error) => {
      throw new Error(
        `Project mode runs npm on the runner, which failed to start (${error.message}); install Node.js with actions/setup-node.`,
      );
    });
  if (code !== 0)
    throw new Error(
      `npm ${args[0]} for @action-llama/action-llama failed (exit ${code}); see the lines above.`,
    );
}

export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
