// Base images for the image tests, pushed by hand through the distribution client (no Docker): one
// layer, a config, a manifest of the chosen family and, optionally, an index whose linux/amd64 entry
// sits beside an arm64 one.
import { readFile, rm } from 'node:fs/promises';
import { canonicalJson } from '../../../src/registry/append.ts';
import { MEDIA_TYPES, sha256, type Registry } from '../../../src/registry/distribution.ts';
import { writeLayer, type LayerEntry } from '../../../src/registry/layer.ts';

export type Family = 'docker' | 'oci';

export interface BaseOptions {
  family: Family;
  /** Push an index (OCI index or Docker manifest list) by the tag, the image only by digest. */
  index?: boolean;
  /** Leave linux/amd64 out of the index. */
  noAmd64?: boolean;
  files?: LayerEntry[];
  env?: string[];
}

export interface Base {
  /** What the tag points at: the index's digest for an index. */
  digest: string;
  /** The linux/amd64 image manifest's digest. */
  imageDigest: string;
  diffId: string;
  layerDigest: string;
}

const TYPES = {
  docker: {
    manifest: MEDIA_TYPES.dockerManifest,
    index: MEDIA_TYPES.dockerList,
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
  oci: {
    manifest: MEDIA_TYPES.ociManifest,
    index: MEDIA_TYPES.ociIndex,
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
};

export const BASE_CREATED = '2026-01-02T03:04:05Z';

export async function pushBase(
  registry: Registry,
  name: string,
  tag: string,
  options: BaseOptions,
): Promise<Base> {
  const types = TYPES[options.family];
  const files = options.files ?? [{ path: 'etc/base-release', type: 'file', data: Buffer.from(`${name}\n`) }];
  const layer = await writeLayer(files);
  try {
    await registry.uploadBlob(name, layer.digest, await readFile(layer.file));
  } finally {
    await rm(layer.file, { force: true });
  }
  const image = async (architecture: string, reference: string) => {
    const config = canonicalJson({
      architecture,
      os: 'linux',
      created: BASE_CREATED,
      config: { Env: options.env ?? ['PATH=/bin'], Cmd: ['sh'] },
      rootfs: { type: 'layers', diff_ids: [layer.diffId] },
      history: [{ created: BASE_CREATED, created_by: 'base-images.ts' }],
    });
    await registry.uploadBlob(name, sha256(config), config);
    const manifest = canonicalJson({
      schemaVersion: 2,
      mediaType: types.manifest,
      config: { mediaType: types.config, digest: sha256(config), size: config.length },
      layers: [{ mediaType: types.layer, digest: layer.digest, size: layer.size }],
    });
    const digest = await registry.putManifest(name, reference, types.manifest, manifest);
    return {
      mediaType: types.manifest,
      digest,
      size: manifest.length,
      platform: { os: 'linux', architecture },
    };
  };
  const result = { diffId: layer.diffId, layerDigest: layer.digest };
  if (!options.index) {
    const digest = (await image('amd64', tag)).digest;
    return { ...result, digest, imageDigest: digest };
  }
  const arm = await image('arm64', `${tag}-arm64`);
  const amd = options.noAmd64 ? undefined : await image('amd64', `${tag}-amd64`);
  const index = canonicalJson({
    schemaVersion: 2,
    mediaType: types.index,
    manifests: [{ ...arm, platform: { ...arm.platform, variant: 'v8' } }, ...(amd ? [amd] : [])],
  });
  const digest = await registry.putManifest(name, tag, types.index, index);
  return { ...result, digest, imageDigest: amd?.digest ?? '' };
}
