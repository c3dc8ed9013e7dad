// Pruning: all but the newest images of an agent are deleted after a build, never one a run still
// uses (the one just pushed, and any a job of ours references).
import type { Cloud, DockerImage } from '../google/connect.ts';
import { managedBy } from '../shared/ownership.ts';
import { slug } from '../shared/names.ts';
import { log } from '../output/log.ts';
import type { BuildInputs } from './docker.ts';
import { imagePath } from '../registry/references.ts';

/**
 * Deletes all but the `keep` newest images of `target` (by upload time). Never deletes an image
 * in `protect` (the one just pushed, and any a job of ours still references).
 */
export async function pruneImages(
  cloud: Pick<Cloud, 'artifacts'>,
  repository: { location: string; id: string },
  target: string,
  keep: number,
  protect: Set<string>,
): Promise<string[]> {
  const images = (await cloud.artifacts.listDockerImages(repository.location, repository.id)).filter(
    (image) => pathOf(image) === pathOfRef(target),
  );
  const newestFirst = images.sort((a, b) => seconds(b.uploadTime) - seconds(a.uploadTime));
  const deleted: string[] = [];
  for (const image of newestFirst.slice(keep)) {
    const digest = digestOf(image);
    if (!digest || protect.has(digest)) continue;
    await cloud.artifacts.deleteVersion(versionName(image, digest));
    deleted.push(`${pathOfRef(target)}@${digest}`);
  }
  return deleted;
}

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

/** Keeps the newest images; never the one just pushed, nor any a job of ours still references. */
export async function pruneQuietly(
  cloud: Pick<Cloud, 'run' | 'artifacts'>,
  inputs: { agent: string; projectId: string; build: BuildInputs; keepTags: number },
  image: string,
): Promise<void> {
  try {
    const inUse = new Set<string>();
    for (const job of await cloud.run.listJobs()) {
      if (job.labels?.[managedBy.key] !== managedBy.value) continue;
      for (const container of job.template?.template?.containers ?? []) {
        const digest = digestOfRef(container.image ?? '');
        if (digest) inUse.add(digest);
      }
    }
    inUse.add(digestOfRef(image)!);
    const target = imagePath(inputs.build, inputs.projectId, slug(inputs.agent));
    const { registryLocation: location, repository: id } = inputs.build;
    const deleted = await pruneImages(cloud, { location, id }, target, inputs.keepTags, inUse);
    for (const ref of deleted) log.info(`Pruned old image ${ref}`);
  } catch (error) {
    log.warning(`Pruning old images failed (the run itself is unaffected): ${(error as Error).message}`);
  }
}
