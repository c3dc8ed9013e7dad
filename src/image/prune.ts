// Pruning, after a build. An agent's images: all but the `keep_tags` newest are deleted, never one
// a run still uses (the one just pushed, and any a job of ours references). Project mode's runtime
// repository has its own retention: a runtime is deleted only when no agent image left in the
// repository stands on it (an agent image's tag starts with its runtime's digest) and it is more
// than a day old (a concurrent run may have just made it and not yet appended its agent); the
// caches Docker and npm made (tools-, system-, node-modules-) keep their two newest of each kind.
// Deleting an image never breaks another: the layers an image still references stay.
import type { Cloud, DockerImage } from '../google/connect.ts';
import { log } from '../output/log.ts';
import { imagePath } from '../registry/references.ts';
import { managedBy } from '../shared/ownership.ts';
import { slug } from '../shared/names.ts';
import type { BuildInputs } from './docker.ts';

/** The runtime's repository in project mode, beside the agents' own. */
export const runtimeRepository = 'cloud-run-agent-runtime';

/** How an agent image's tag names its runtime: the first 12 hex digits of the runtime's digest. */
export const runtimePrefix = (runtimeDigest: string): string =>
  runtimeDigest.replace(/^sha256:/, '').slice(0, 12);

/** An unused runtime younger than this stays: a concurrent run may be about to append to it. */
const runtimeGraceSeconds = 24 * 3600;
/** The newest images kept of each cache kind in the runtime repository. */
const cachesKept = 2;

/**
 * Deletes all but the `keep` newest images of `target` (by upload time) among `images` (all of the
 * repository, or listed now). Never deletes an image in `protect`. Returns the deleted references.
 */
export async function pruneImages(
  cloud: Pick<Cloud, 'artifacts'>,
  repository: { location: string; id: string },
  target: string,
  keep: number,
  protect: Set<string>,
  images?: DockerImage[],
): Promise<string[]> {
  const all = images ?? (await cloud.artifacts.listDockerImages(repository.location, repository.id));
  const newestFirst = newest(all.filter((image) => pathOf(image) === pathOfRef(target)));
  return deleteAll(cloud, newestFirst.slice(keep), target, protect);
}

/**
 * The runtime repository's retention (see the file comment), over `images`, the repository's
 * images once the agent's have been pruned. Returns the deleted references.
 */
export async function pruneRuntimes(
  cloud: Pick<Cloud, 'artifacts'>,
  runtimes: string,
  images: DockerImage[],
  protect: Set<string>,
  now = Date.now() / 1000,
): Promise<string[]> {
  const inRuntimes = newest(images.filter((image) => pathOf(image) === pathOfRef(runtimes)));
  const standOn = new Set(
    images
      .filter((image) => pathOf(image) !== pathOfRef(runtimes))
      .flatMap((image) => image.tags ?? [])
      .map((tag) => /^([0-9a-f]{12})-[0-9a-f]{32}$/.exec(tag)?.[1])
      .filter((prefix) => prefix !== undefined),
  );
  const kind = (image: DockerImage) =>
    /^(runtime|tools|system|node-modules)-/.exec(image.tags?.[0] ?? '')?.[1];
  const unused = inRuntimes.filter(
    (image) =>
      kind(image) === 'runtime' &&
      !standOn.has(runtimePrefix(digestOf(image) ?? '')) &&
      now - seconds(image.uploadTime) > runtimeGraceSeconds,
  );
  const oldCaches = ['tools', 'system', 'node-modules'].flatMap((name) =>
    inRuntimes.filter((image) => kind(image) === name).slice(cachesKept),
  );
  return deleteAll(cloud, [...unused, ...oldCaches], runtimes, protect);
}

async function deleteAll(
  cloud: Pick<Cloud, 'artifacts'>,
  images: DockerImage[],
  target: string,
  protect: Set<string>,
): Promise<string[]> {
  const deleted: string[] = [];
  for (const image of images) {
    const digest = digestOf(image);
    if (!digest || protect.has(digest)) continue;
    await cloud.artifacts.deleteVersion(versionName(image, digest));
    deleted.push(`${pathOfRef(target)}@${digest}`);
  }
  return deleted;
}

const newest = (images: DockerImage[]) =>
  [...images].sort((a, b) => seconds(b.uploadTime) - seconds(a.uploadTime));
const seconds = (t: DockerImage['uploadTime']): number => Number(t?.seconds ?? 0) + (t?.nanos ?? 0) / 1e9;
const digestOf = (image: DockerImage): string | undefined =>
  /@(sha256:[0-9a-f]{64})$/.exec(image.uri ?? '')?.[1];
/** Registry-independent `project/repository/name` of an image uri. */
const pathOf = (image: DockerImage): string =>
  pathOfRef((image.uri ?? '').replace(/@sha256:[0-9a-f]{64}$/, ''));
const pathOfRef = (ref: string): string => ref.split('/').slice(1).join('/');
export const digestOfRef = (ref: string): string | undefined => /@(sha256:[0-9a-f]{64})$/.exec(ref)?.[1];

/** `…/dockerImages/<name>@<digest>` → `…/packages/<name, URL-encoded>/versions/<digest>`. */
function versionName(image: DockerImage, digest: string): string {
  const [parent = '', rest = ''] = (image.name ?? '').split('/dockerImages/');
  const pkg = decodeURIComponent(rest.replace(/@sha256:[0-9a-f]{64}$/, ''));
  return `${parent}/packages/${encodeURIComponent(pkg)}/versions/${digest}`;
}

export interface PruneInputs {
  agent: string;
  projectId: string;
  build: BuildInputs;
  keepTags: number;
  /** Project mode: the runtime repository is pruned too. */
  runtimes?: string;
}

/** Keeps the newest images; never the one just pushed, nor any a job of ours still references. */
export async function pruneQuietly(
  cloud: Pick<Cloud, 'run' | 'artifacts'>,
  inputs: PruneInputs,
  image: string,
): Promise<void> {
  try {
    const inUse = await imagesInUse(cloud);
    inUse.add(digestOfRef(image)!);
    const target = imagePath(inputs.build, inputs.projectId, slug(inputs.agent));
    const repository = { location: inputs.build.registryLocation, id: inputs.build.repository };
    const images = await cloud.artifacts.listDockerImages(repository.location, repository.id);
    const deleted = await pruneImages(cloud, repository, target, inputs.keepTags, inUse, images);
    if (inputs.runtimes) {
      const left = images.filter((i) => !deleted.some((ref) => ref.endsWith(`@${digestOf(i)}`)));
      const runtimes = imagePath(inputs.build, inputs.projectId, inputs.runtimes);
      deleted.push(...(await pruneRuntimes(cloud, runtimes, left, inUse)));
    }
    for (const ref of deleted) log.info(`Pruned old image ${ref}`);
  } catch (error) {
    log.warning(`Pruning old images failed (the run itself is unaffected): ${(error as Error).message}`);
  }
}

/** The digests the jobs of this action in the region run. */
async function imagesInUse(cloud: Pick<Cloud, 'run'>): Promise<Set<string>> {
  const inUse = new Set<string>();
  for (const job of await cloud.run.listJobs()) {
    if (job.labels?.[managedBy.key] !== managedBy.value) continue;
    for (const container of job.template?.template?.containers ?? []) {
      const digest = digestOfRef(container.image ?? '');
      if (digest) inUse.add(digest);
    }
  }
  return inUse;
}
