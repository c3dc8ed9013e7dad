// Appends layers to an image through the registry API, without Docker: the base's manifest and
// config, the base's layers made present in the target repository, the new layer and a new config
// uploaded, and a manifest of the base's family (Docker v2 schema 2 or OCI) put by tag. Nothing in
// the result depends on the time or the machine, so the same inputs give the same digest in any run.
import { createReadStream } from 'node:fs';
import {
  copyBlob,
  MEDIA_TYPES,
  sha256,
  type Descriptor,
  type Manifest,
  type Registry,
} from './distribution.ts';
import type { Layer } from './layer.ts';

/** Changes to the base's runtime config, as a Dockerfile's ENV, ENTRYPOINT, CMD, WORKDIR, USER, LABEL would make. */
export interface ConfigChanges {
  /** Set (or replace) these variables; the others are kept. */
  Env?: Record<string, string>;
  /** Replaces the entrypoint, and, as in a Dockerfile, clears the base's Cmd unless Cmd is given too. */
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  User?: string;
  /** Added to (or replacing) the base's labels. */
  Labels?: Record<string, string>;
}

export interface AppendInputs {
  /** The registry the image is written to. */
  registry: Registry;
  /**
   * The image to append to (a tag or digest; an index resolves to linux/amd64), in `registry`
   * unless another is given. A `manifest` from getManifest saves fetching it again.
   */
  base: { registry?: Registry; name: string } & ({ reference: string } | { manifest: Manifest });
  target: { name: string; tag: string };
  layer: AppendedLayer;
  config?: ConfigChanges;
  /** The history entry's comment (what `docker history` shows for the layer). */
  comment?: string;
  /** Bytes of the new layer uploaded so far. */
  onProgress?: (sent: number) => void;
}

/** A layer to append: its blob is uploaded from `file` unless the target repository has it. */
export type AppendedLayer = Pick<Layer, 'diffId' | 'digest' | 'size'> & {
  /** The .tar.gz, when the blob may need uploading; none: it must be in the target already. */
  file?: string;
  /** The history entry's comment for this layer. */
  comment?: string;
};

/** Several layers at once: one config and one manifest for all of them. */
export type AppendManyInputs = Omit<AppendInputs, 'layer' | 'comment'> & { layers: AppendedLayer[] };

/** When the base config has no `created`: a fixed time, never the current one. */
const EPOCH = '1970-01-01T00:00:00Z';

const FAMILIES = {
  docker: {
    manifest: MEDIA_TYPES.dockerManifest,
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
  oci: {
    manifest: MEDIA_TYPES.ociManifest,
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
};

/** Appends `layer` to the base image, tags the result `target.tag`, and returns `host/name@digest`. */
export function appendLayer(inputs: AppendInputs): Promise<string> {
  const { layer, comment, ...rest } = inputs;
  return appendLayers({ ...rest, layers: [{ ...layer, comment: layer.comment ?? comment }] });
}

/** Appends `layers` in order, with one new config and manifest, tagged `target.tag`. */
export async function appendLayers(inputs: AppendManyInputs): Promise<string> {
  const { registry, target, layers } = inputs;
  const baseRegistry = inputs.base.registry ?? registry;
  registry.willPush(target.name);
  const base =
    'manifest' in inputs.base
      ? inputs.base.manifest
      : await baseRegistry.getManifest(inputs.base.name, inputs.base.reference);
  const family = base.mediaType === MEDIA_TYPES.ociManifest ? FAMILIES.oci : FAMILIES.docker;
  const baseConfig = (await baseRegistry.readJsonBlob(
    inputs.base.name,
    base.json.config.digest,
  )) as ImageConfig;
  const appended = layers.reduce(
    (config, layer, i) =>
      appendedConfig(
        config,
        layer.diffId,
        i === layers.length - 1 ? (inputs.config ?? {}) : {},
        layer.comment,
      ),
    baseConfig,
  );
  const config = canonicalJson(appended);
  const configDigest = sha256(config);

  await Promise.all([
    baseLayersIn(inputs, base.json.layers),
    ...layers.map((layer) =>
      uploadUnlessPresent(
        registry,
        target.name,
        layer.digest,
        () => {
          if (!layer.file) throw new Error(`${registry.host}/${target.name} lacks layer ${layer.digest}`);
          return createReadStream(layer.file);
        },
        inputs.onProgress,
      ),
    ),
    uploadUnlessPresent(registry, target.name, configDigest, () => config),
  ]);
  const manifest = canonicalJson({
    schemaVersion: 2,
    mediaType: family.manifest,
    config: { mediaType: family.config, digest: configDigest, size: config.length },
    layers: [
      ...base.json.layers,
      ...layers.map((layer) => ({ mediaType: family.layer, digest: layer.digest, size: layer.size })),
    ],
  });
  const digest = await registry.putManifest(target.name, target.tag, family.manifest, manifest);
  return `${registry.host}/${target.name}@${digest}`;
}

/** The parts of an image config this module reads or writes; everything else is kept as it is. */
interface ImageConfig {
  created?: string;
  config?: Record<string, unknown> | null;
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: Record<string, unknown>[];
  [key: string]: unknown;
}

/** The base config with the layer's diff_id, one history entry and the changes; the base object is not modified. */
export function appendedConfig(
  base: ImageConfig,
  diffId: string,
  changes: ConfigChanges,
  comment?: string,
): ImageConfig {
  const created = base.created ?? EPOCH;
  const history = { created, created_by: 'cloud-run-agent: append layer', ...(comment ? { comment } : {}) };
  return {
    ...base,
    config: changedRuntimeConfig(base.config ?? {}, changes),
    rootfs: { ...base.rootfs, type: 'layers', diff_ids: [...(base.rootfs?.diff_ids ?? []), diffId] },
    history: [...(base.history ?? []), history],
  };
}

function changedRuntimeConfig(
  base: Record<string, unknown>,
  changes: ConfigChanges,
): Record<string, unknown> {
  const config = { ...base };
  if (changes.Env) config.Env = withEnv((base.Env as string[] | null) ?? [], changes.Env);
  if (changes.Entrypoint) {
    config.Entrypoint = changes.Entrypoint;
    if (!changes.Cmd) delete config.Cmd; // the base's Cmd was arguments for the base's entrypoint
  }
  if (changes.Cmd) config.Cmd = changes.Cmd;
  if (changes.WorkingDir !== undefined) config.WorkingDir = changes.WorkingDir;
  if (changes.User !== undefined) config.User = changes.User;
  if (changes.Labels)
    config.Labels = { ...(base.Labels as Record<string, string> | null), ...changes.Labels };
  return config;
}

/** `NAME=value` entries: a variable already set is replaced where it stands, a new one appended. */
function withEnv(env: string[], changes: Record<string, string>): string[] {
  const result = [...env];
  for (const [name, value] of Object.entries(changes)) {
    const at = result.findIndex((entry) => entry.split('=')[0] === name);
    if (at === -1) result.push(`${name}=${value}`);
    else result[at] = `${name}=${value}`;
  }
  return result;
}

/**
 * Makes the base's layers present in the target repository. In the base's own repository they are
 * by definition; elsewhere each is checked, then mounted (same registry) or copied.
 */
async function baseLayersIn(inputs: AppendManyInputs, layers: Descriptor[]): Promise<void> {
  const from = { registry: inputs.base.registry ?? inputs.registry, name: inputs.base.name };
  const to = { registry: inputs.registry, name: inputs.target.name };
  if (from.registry.host === to.registry.host && from.name === to.name) return;
  await Promise.all(layers.map((layer) => copyBlob(from, to, layer.digest)));
}

async function uploadUnlessPresent(
  registry: Registry,
  name: string,
  digest: string,
  source: () => Buffer | AsyncIterable<Uint8Array>,
  onProgress?: (sent: number) => void,
): Promise<void> {
  if (!(await registry.blobExists(name, digest)))
    await registry.uploadBlob(name, digest, source(), { onProgress });
}

/** JSON with every object's keys sorted and no whitespace: equal values always give equal bytes. */
export function canonicalJson(value: unknown): Buffer {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v).filter(([, inner]) => inner !== undefined);
    return Object.fromEntries(
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, i]) => [k, sorted(i)]),
    );
  };
  return Buffer.from(JSON.stringify(sorted(value)), 'utf8');
}
