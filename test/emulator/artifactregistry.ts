// Artifact Registry v1 for Docker repositories, backed by the real registry at ctx.registry:
// `projects/P/locations/L/repositories/R` holds the registry's images `P/R/<image>`. The location
// is not part of the path (one registry stands for every `<location>-docker.pkg.dev`), but each
// repository is in one location, as on Google: under any other it is not found.
// API: https://cloud.google.com/artifact-registry/docs/reference/rpc/google.devtools.artifactregistry.v1
// Docker resources: https://cloud.google.com/artifact-registry/docs/docker/manage-images
import { randomUUID } from 'node:crypto';
import type { Context, ServiceImpl, UnaryHandler } from './context.ts';
import { evaluate, parseFilter, type Fields, type Schema } from './listfilter.ts';
import { toStruct } from './logstore.ts';
import { packAny } from './protos.ts';
import {
  alreadyExists,
  failedPrecondition,
  invalidArgument,
  notFound,
  paginate,
  parseName,
  timestamp,
} from './rpc.ts';
import { isIndex, registryClient, type Manifest } from './registryclient.ts';

const SERVICE = 'google.devtools.artifactregistry.v1.ArtifactRegistry';

interface Repo {
  project: string;
  location: string;
  repository: string;
  /** projects/P/locations/L/repositories/R */
  name: string;
}

interface Platform {
  architecture?: string;
  os?: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
}

/** What a manifest says, read once per digest (a digest's content never changes). */
interface ImageInfo {
  manifest: Manifest;
  sizeBytes: number;
  /** The image config's `created`. */
  buildMs?: number;
  /** The platform manifests of an index (multi-arch image). */
  children: { digest: string; mediaType?: string; platform?: Platform }[];
}

/** One version of a package: a manifest in the registry, its tags and its times. */
interface ImageVersion {
  repo: Repo;
  image: string;
  digest: string;
  tags: string[];
  info: ImageInfo;
  uploadMs: number;
  updateMs: number;
}

interface Seen {
  firstSeenMs: number;
  /** When the emulator saw the digest's tags change (0: never). */
  tagsChangedMs: number;
  tagKey: string;
}

// The list page sizes of the protos ("Maximum page size is 1,000"); the default is unspecified.
const pageLimits = { defaultSize: 100, maxSize: 1000 };
const repoPattern = 'projects/{project}/locations/{location}/repositories/{repository}';
const digestPattern = /^sha256:[a-f0-9]{64}$/;
// https://docs.docker.com/reference/cli/docker/image/tag/: a tag is up to 128 of [A-Za-z0-9_.-], not starting with . or -.
const tagPattern = /^[\w][\w.-]{0,127}$/;

// ---- Names. Package ids are image paths with "/" escaped as %2F (Package.name in package.proto).

const encodeImage = (image: string): string => encodeURIComponent(image);

function decodeId(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    throw invalidArgument(`Invalid resource id "${id}"`);
  }
}

function repoOf(parts: Record<string, string>): Repo {
  const { project = '', location = '', repository = '' } = parts;
  return {
    project,
    location,
    repository,
    name: `projects/${project}/locations/${location}/repositories/${repository}`,
  };
}

const parseRepo = (name: string | undefined): Repo => repoOf(parseName(name ?? '', repoPattern));

function parsePackage(name: string | undefined): { repo: Repo; image: string } {
  const parts = parseName(name ?? '', `${repoPattern}/packages/{package}`);
  return { repo: repoOf(parts), image: decodeId(parts.package ?? '') };
}

function parseVersion(name: string | undefined): { repo: Repo; image: string; digest: string } {
  const parts = parseName(name ?? '', `${repoPattern}/packages/{package}/versions/{version}`);
  return {
    repo: repoOf(parts),
    image: decodeId(parts.package ?? ''),
    digest: decodeId(parts.version ?? ''),
  };
}

function parseTag(name: string | undefined): { repo: Repo; image: string; tag: string } {
  const parts = parseName(name ?? '', `${repoPattern}/packages/{package}/tags/{tag}`);
  return {
    repo: repoOf(parts),
    image: decodeId(parts.package ?? ''),
    tag: decodeId(parts.tag ?? ''),
  };
}

// dockerImages/<image>@sha256:... (DockerImage.name in artifact.proto).
function parseDockerImage(name: string | undefined): { repo: Repo; image: string; digest: string } {
  const parts = parseName(name ?? '', `${repoPattern}/dockerImages/{image}`);
  const id = decodeId(parts.image ?? '');
  const at = id.lastIndexOf('@');
  if (at <= 0) throw invalidArgument(`Invalid docker image name "${name}": expected <image>@sha256:<digest>`);
  return { repo: repoOf(parts), image: id.slice(0, at), digest: id.slice(at + 1) };
}

const registryPath = (repo: Repo, image: string): string => `${repo.project}/${repo.repository}/${image}`;
const packageName = (repo: Repo, image: string): string => `${repo.name}/packages/${encodeImage(image)}`;
const versionName = (v: ImageVersion): string => `${packageName(v.repo, v.image)}/versions/${v.digest}`;
const tagName = (v: ImageVersion, tag: string): string => `${packageName(v.repo, v.image)}/tags/${tag}`;
const dockerImageName = (v: ImageVersion): string =>
  `${v.repo.name}/dockerImages/${encodeImage(v.image)}@${v.digest}`;

// Google's generic NOT_FOUND wording, with the name for whoever debugs a test.
const missing = (name: string) => notFound(`Requested entity was not found. (${name})`);

// ---- order_by: "field [desc], ..." (AIP-132); camelCase is accepted as well.

function ordering<T>(
  orderBy: string | undefined,
  keys: Record<string, (item: T) => number | string>,
  tieBreak: (item: T) => string,
) {
  const terms = (orderBy ?? '')
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .map((term) => {
      const [field = '', direction = 'asc', ...rest] = term.split(/\s+/);
      const key = keys[field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
      if (!key || rest.length || !/^(asc|desc)$/i.test(direction)) {
        throw invalidArgument(
          `Invalid order_by "${orderBy}": use ${Object.keys(keys).join(', ')}, each optionally followed by "desc".`,
        );
      }
      return { key, sign: direction.toLowerCase() === 'desc' ? -1 : 1 };
    });
  const compare = (x: number | string, y: number | string) => (x < y ? -1 : x > y ? 1 : 0);
  return (a: T, b: T): number => {
    for (const { key, sign } of terms) {
      const c = compare(key(a), key(b));
      if (c) return c * sign;
    }
    return compare(tieBreak(a), tieBreak(b));
  };
}

// ---- Filters: "Filter rules are case insensitive" (ListPackagesRequest.filter). The emulator's
// packages and versions carry no annotations, so annotation terms match nothing.

const namedSchema =
  (extra: string[]): Schema =>
  (field) => {
    if (field === 'name' || extra.includes(field)) return { kind: 'text', ignoreCase: true };
    if (field === 'annotations') return { kind: 'keys' };
    if (field.startsWith('annotations.')) return { kind: 'text', ignoreCase: true };
    return undefined;
  };

function filtered<T>(
  items: T[],
  filter: string | undefined,
  schema: Schema,
  fields: (item: T) => Fields,
): T[] {
  if (!filter) return items;
  const tree = parseFilter(filter, schema);
  return items.filter((item) => evaluate(tree, fields(item)));
}

/** A 2000-or-later `created` no later than the first sighting; reproducible builds set 1970. */
function plausibleBuild(buildMs: number | undefined, firstSeenMs: number): number | undefined {
  return buildMs !== undefined && buildMs >= Date.UTC(2000, 0, 1) && buildMs <= firstSeenMs
    ? buildMs
    : undefined;
}

export function artifactRegistryServices(ctx: Context): Record<string, ServiceImpl> {
  const registry = registryClient(() => ctx.registry);
  const infos = new Map<string, ImageInfo>();
  const seen = new Map<string, Map<string, Seen>>();
  /** The versions of each image as last observed, for the inspector (which must be synchronous). */
  const lastObserved = new Map<string, ImageVersion[]>();

  /**
   * A repository lives in one location (its name is location-scoped: Repository.name in
   * repository.proto): the one configured, else the first a call names. Elsewhere NOT_FOUND.
   */
  function checkLocation(repo: Repo): void {
    // With a list of the repositories that exist, any other is NOT_FOUND (never created).
    if (ctx.repositories && !ctx.repositories.has(repo.name)) throw missing(repo.name);
    const key = `${repo.project}/${repo.repository}`;
    const location = ctx.repositoryLocations.get(key);
    if (location === undefined) ctx.repositoryLocations.set(key, repo.location);
    else if (location !== repo.location) throw missing(repo.name);
  }

  async function imageInfo(path: string, digest: string): Promise<ImageInfo | undefined> {
    const key = `${path}@${digest}`;
    const cached = infos.get(key);
    if (cached) return cached;
    const manifest = await registry.manifest(path, digest);
    if (!manifest) return undefined;
    const body = JSON.parse(manifest.body.toString('utf8')) as {
      mediaType?: string;
      config?: { mediaType?: string; size?: number; digest?: string };
      layers?: { size?: number }[];
      manifests?: { digest: string; mediaType?: string; platform?: Platform }[];
    };
    manifest.mediaType = body.mediaType || manifest.mediaType;
    let info: ImageInfo;
    if (isIndex(manifest.mediaType) || Array.isArray(body.manifests)) {
      const children = (body.manifests ?? []).map(({ digest, mediaType, platform }) => ({
        digest,
        mediaType,
        platform,
      }));
      let sizeBytes = 0;
      for (const child of children) sizeBytes += (await imageInfo(path, child.digest))?.sizeBytes ?? 0;
      info = { manifest, sizeBytes, children };
    } else {
      // The image's size: its config and (compressed) layers, as stored.
      const sizeBytes =
        (body.config?.size ?? 0) + (body.layers ?? []).reduce((sum, layer) => sum + (layer.size ?? 0), 0);
      info = { manifest, sizeBytes, buildMs: await buildTime(path, body.config), children: [] };
    }
    infos.set(key, info);
    return info;
  }

  async function buildTime(
    path: string,
    config: { mediaType?: string; digest?: string } | undefined,
  ): Promise<number | undefined> {
    if (!config?.digest || !/(container\.image\.v1|image\.config\.v1)\+json$/.test(config.mediaType ?? ''))
      return undefined;
    const created = ((await registry.blobJson(path, config.digest).catch(() => ({}))) as { created?: string })
      .created;
    const ms = created ? Date.parse(created) : NaN;
    return Number.isNaN(ms) ? undefined : ms;
  }

  /**
   * The versions of one image now. The registry API lists tags only, so an untagged manifest is
   * known from an earlier sighting (or as a platform manifest of an index) and kept while the
   * registry still serves it. Times: see uploadMs below and the README.
   */
  async function versionsOf(repo: Repo, image: string): Promise<ImageVersion[]> {
    checkLocation(repo);
    const path = registryPath(repo, image);
    const known = seen.get(path) ?? new Map<string, Seen>();
    seen.set(path, known);
    const tagsByDigest = new Map<string, string[]>();
    for (const tag of await registry.tags(path)) {
      const digest = await registry.resolve(path, tag);
      if (digest) tagsByDigest.set(digest, [...(tagsByDigest.get(digest) ?? []), tag]);
    }
    const live = new Map<string, ImageInfo>();
    const queue = [...new Set([...tagsByDigest.keys(), ...known.keys()])];
    for (let digest = queue.shift(); digest !== undefined; digest = queue.shift()) {
      if (live.has(digest)) continue;
      const served = tagsByDigest.has(digest) || (await registry.resolve(path, digest)) !== undefined;
      const info = served ? await imageInfo(path, digest) : undefined;
      if (!info) {
        known.delete(digest);
        continue;
      }
      live.set(digest, info);
      queue.push(...info.children.map((child) => child.digest));
    }
    const now = Date.now();
    const versions = [...live].map(([digest, info]): ImageVersion => {
      const tags = (tagsByDigest.get(digest) ?? []).sort();
      const tagKey = tags.join(',');
      let sighting = known.get(digest);
      if (!sighting) {
        sighting = { firstSeenMs: now, tagsChangedMs: 0, tagKey };
        known.set(digest, sighting);
      } else if (sighting.tagKey !== tagKey) {
        sighting.tagKey = tagKey;
        sighting.tagsChangedMs = now;
      }
      // The registry records no push time: upload time is the config's `created` (build time,
      // which precedes the push by the build-to-push delay), else the first sighting.
      const uploadMs = plausibleBuild(info.buildMs, sighting.firstSeenMs) ?? sighting.firstSeenMs;
      return {
        repo,
        image,
        digest,
        tags,
        info,
        uploadMs,
        updateMs: Math.max(uploadMs, sighting.tagsChangedMs),
      };
    });
    lastObserved.set(path, versions);
    return versions;
  }

  async function imagesIn(repo: Repo): Promise<string[]> {
    checkLocation(repo);
    const prefix = `${repo.project}/${repo.repository}/`;
    return (await registry.catalog())
      .filter((path) => path.startsWith(prefix) && path.length > prefix.length)
      .map((path) => path.slice(prefix.length));
  }

  async function allVersions(repo: Repo): Promise<ImageVersion[]> {
    const all: ImageVersion[] = [];
    for (const image of await imagesIn(repo)) all.push(...(await versionsOf(repo, image)));
    return all;
  }

  async function findVersion(repo: Repo, image: string, digest: string, name: string): Promise<ImageVersion> {
    const version = (await versionsOf(repo, image)).find((v) => v.digest === digest);
    if (!version) throw missing(name);
    return version;
  }

  async function findTag(name: string | undefined): Promise<{ version: ImageVersion; tag: string }> {
    const { repo, image, tag } = parseTag(name);
    const version = (await versionsOf(repo, image)).find((v) => v.tags.includes(tag));
    if (!version) throw missing(name ?? '');
    return { version, tag };
  }

  // ---- Output

  function toDockerImage(v: ImageVersion): object {
    return {
      name: dockerImageName(v),
      uri: `${ctx.registry}/${registryPath(v.repo, v.image)}@${v.digest}`,
      tags: v.tags,
      imageSizeBytes: String(v.info.sizeBytes),
      uploadTime: timestamp(v.uploadMs),
      mediaType: v.info.manifest.mediaType,
      ...(v.info.buildMs !== undefined ? { buildTime: timestamp(v.info.buildMs) } : {}),
      updateTime: timestamp(v.updateMs),
      imageManifests: v.info.children.map(({ digest, mediaType, platform = {} }) => ({
        architecture: platform.architecture ?? '',
        os: platform.os ?? '',
        digest,
        mediaType: mediaType ?? '',
        osVersion: platform['os.version'] ?? '',
        osFeatures: platform['os.features'] ?? [],
        variant: platform.variant ?? '',
      })),
    };
  }

  // Version.metadata repeats the DockerImage's name, imageSizeBytes, mediaType and buildTime
  // (the DockerImage field comments in artifact.proto); related tags only in the FULL view.
  function toVersion(v: ImageVersion, view: string | undefined): object {
    const metadata: Record<string, unknown> = {
      name: dockerImageName(v),
      imageSizeBytes: String(v.info.sizeBytes),
      mediaType: v.info.manifest.mediaType,
    };
    if (v.info.buildMs !== undefined) metadata.buildTime = new Date(v.info.buildMs).toISOString();
    return {
      name: versionName(v),
      createTime: timestamp(v.uploadMs),
      updateTime: timestamp(v.updateMs),
      metadata: toStruct(metadata),
      ...(view === 'FULL' ? { relatedTags: v.tags.slice(0, 100).map((tag) => toTag(v, tag)) } : {}),
    };
  }

  const toTag = (v: ImageVersion, tag: string): object => ({
    name: tagName(v, tag),
    version: versionName(v),
  });

  function toPackage(repo: Repo, image: string, versions: ImageVersion[]): object {
    return {
      name: packageName(repo, image),
      createTime: timestamp(Math.min(...versions.map((v) => v.uploadMs))),
      updateTime: timestamp(Math.max(...versions.map((v) => v.updateMs))),
    };
  }

  // DeleteVersion and DeletePackage are long-running; the emulator finishes them before it
  // answers, so the client's operation.promise() resolves without polling GetOperation.
  function doneOperation(repo: Repo): object {
    return {
      name: `projects/${repo.project}/locations/${repo.location}/operations/${randomUUID()}`,
      done: true,
      metadata: packAny('google.devtools.artifactregistry.v1.OperationMetadata', {}),
      response: packAny('google.protobuf.Empty', {}),
    };
  }

  async function deleteVersions(versions: ImageVersion[]): Promise<void> {
    for (const v of versions) {
      await registry.remove(registryPath(v.repo, v.image), v.digest);
      ctx.log(
        `artifactregistry: deleted ${registryPath(v.repo, v.image)}@${v.digest}${v.tags.length ? ` with tags ${v.tags.join(', ')}` : ''}`,
      );
    }
  }

  /** When each repository was first named, its create time (the emulator creates none itself). */
  const created = new Map<string, number>();

  const unary: Record<string, UnaryHandler> = {
    // A missing repository is Google's bare NOT_FOUND, without its name (as gcloud shows it:
    // "NOT_FOUND: Requested entity was not found."); the caller knows what it asked for.
    async GetRepository(req) {
      const repo = parseRepo(req.name);
      try {
        checkLocation(repo);
      } catch {
        throw notFound('Requested entity was not found.');
      }
      const createMs = created.get(repo.name) ?? Date.now();
      created.set(repo.name, createMs);
      const sizeBytes = (await allVersions(repo)).reduce((sum, v) => sum + v.info.sizeBytes, 0);
      // Repository in repository.proto; registry_uri is "us-docker.pkg.dev/my-proj/my-repo".
      return {
        name: repo.name,
        format: 'DOCKER',
        mode: 'STANDARD_REPOSITORY',
        description: '',
        labels: {},
        createTime: timestamp(createMs),
        updateTime: timestamp(createMs),
        sizeBytes: String(sizeBytes),
        registryUri: `${repo.location}-docker.pkg.dev/${repo.project}/${repo.repository}`,
      };
    },

    async ListDockerImages(req) {
      const repo = parseRepo(req.parent);
      const sort = ordering<ImageVersion>(
        req.orderBy,
        {
          name: dockerImageName,
          upload_time: (v) => v.uploadMs,
          update_time: (v) => v.updateMs,
          build_time: (v) => v.info.buildMs ?? 0,
        },
        dockerImageName,
      );
      const { page, nextPageToken } = paginate((await allVersions(repo)).sort(sort), req, pageLimits);
      return { dockerImages: page.map(toDockerImage), nextPageToken };
    },

    async GetDockerImage(req) {
      const { repo, image, digest } = parseDockerImage(req.name);
      if (!digestPattern.test(digest))
        throw invalidArgument(`Invalid docker image name "${req.name}": expected <image>@sha256:<digest>`);
      return toDockerImage(await findVersion(repo, image, digest, req.name));
    },

    async ListPackages(req) {
      const repo = parseRepo(req.parent);
      type Pkg = { image: string; versions: ImageVersion[] };
      const packages: Pkg[] = [];
      for (const image of await imagesIn(repo)) {
        const versions = await versionsOf(repo, image);
        // The registry keeps a repository's path after its last manifest is deleted.
        if (versions.length) packages.push({ image, versions });
      }
      const name = (p: Pkg) => packageName(repo, p.image);
      const matching = filtered(
        packages,
        req.filter,
        namedSchema([]),
        (p) => (field) => (field === 'name' ? [name(p)] : []),
      );
      const sort = ordering<Pkg>(
        req.orderBy,
        {
          name,
          create_time: (p) => Math.min(...p.versions.map((v) => v.uploadMs)),
          update_time: (p) => Math.max(...p.versions.map((v) => v.updateMs)),
        },
        name,
      );
      const { page, nextPageToken } = paginate(matching.sort(sort), req, pageLimits);
      return { packages: page.map((p) => toPackage(repo, p.image, p.versions)), nextPageToken };
    },

    async GetPackage(req) {
      const { repo, image } = parsePackage(req.name);
      const versions = await versionsOf(repo, image);
      if (!versions.length) throw missing(req.name);
      return toPackage(repo, image, versions);
    },

    // "Deletes a package and all of its versions and tags" (DeletePackage in service.proto).
    async DeletePackage(req) {
      const { repo, image } = parsePackage(req.name);
      const versions = await versionsOf(repo, image);
      if (!versions.length) throw missing(req.name);
      await deleteVersions(versions);
      await versionsOf(repo, image);
      return doneOperation(repo);
    },

    async ListVersions(req) {
      const { repo, image } = parsePackage(req.parent);
      const versions = filtered(
        await versionsOf(repo, image),
        req.filter,
        namedSchema([]),
        (v) => (field) => (field === 'name' ? [versionName(v)] : []),
      );
      const sort = ordering<ImageVersion>(
        req.orderBy,
        { name: versionName, create_time: (v) => v.uploadMs, update_time: (v) => v.updateMs },
        versionName,
      );
      const { page, nextPageToken } = paginate(versions.sort(sort), req, pageLimits);
      return { versions: page.map((v) => toVersion(v, req.view)), nextPageToken };
    },

    async GetVersion(req) {
      const { repo, image, digest } = parseVersion(req.name);
      return toVersion(await findVersion(repo, image, digest, req.name), req.view);
    },

    // "By default, a version that is tagged may not be deleted. If force=true, the version and
    // any tags pointing to the version are deleted." (DeleteVersionRequest in version.proto)
    async DeleteVersion(req) {
      const { repo, image, digest } = parseVersion(req.name);
      const version = await findVersion(repo, image, digest, req.name);
      if (version.tags.length && !req.force) {
        throw failedPrecondition(
          `Version ${req.name} is tagged (${version.tags.join(', ')}); delete its tags first or set force.`,
        );
      }
      await deleteVersions([version]);
      await versionsOf(repo, image);
      return doneOperation(repo);
    },

    async ListTags(req) {
      const { repo, image } = parsePackage(req.parent);
      type TagOf = { version: ImageVersion; tag: string };
      const tags: TagOf[] = (await versionsOf(repo, image)).flatMap((version) =>
        version.tags.map((tag) => ({ version, tag })),
      );
      const matching = filtered(tags, req.filter, namedSchema(['version']), (t) => (field) => {
        if (field === 'name') return [tagName(t.version, t.tag)];
        if (field === 'version') return [versionName(t.version)];
        return [];
      });
      matching.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
      const { page, nextPageToken } = paginate(matching, req, pageLimits);
      return { tags: page.map((t) => toTag(t.version, t.tag)), nextPageToken };
    },

    async GetTag(req) {
      const { version, tag } = await findTag(req.name);
      return toTag(version, tag);
    },

    async CreateTag(req) {
      const { repo, image } = parsePackage(req.parent);
      const tag: string = req.tagId ?? '';
      if (!tagPattern.test(tag))
        throw invalidArgument(
          `Invalid tag id "${tag}": up to 128 letters, digits, "_", "." or "-", not starting with "." or "-".`,
        );
      const target = await versionInPackage(repo, image, req.tag?.version);
      const versions = await versionsOf(repo, image);
      if (versions.some((v) => v.tags.includes(tag)))
        throw alreadyExists(`Tag ${packageName(repo, image)}/tags/${tag} already exists.`);
      await registry.put(registryPath(repo, image), tag, target.info.manifest);
      await versionsOf(repo, image);
      return toTag(target, tag);
    },

    // "The request to create or update a tag" (UpdateTagRequest): points the tag at tag.version.
    async UpdateTag(req) {
      const { repo, image, tag } = parseTag(req.tag?.name);
      const paths: string[] = req.updateMask?.paths ?? [];
      if (paths.some((p) => p !== 'version'))
        throw invalidArgument(`Only "version" can be updated on a tag; got ${paths.join(', ')}.`);
      const target = await versionInPackage(repo, image, req.tag?.version);
      await registry.put(registryPath(repo, image), tag, target.info.manifest);
      await versionsOf(repo, image);
      return toTag(target, tag);
    },

    // Deleting a tag keeps the image. Registry API v2 cannot delete a tag, so the emulator deletes
    // the manifest (which drops all its tags), stores it again by digest, and re-tags the rest.
    async DeleteTag(req) {
      const { version, tag } = await findTag(req.name);
      const path = registryPath(version.repo, version.image);
      await registry.remove(path, version.digest);
      await registry.put(path, version.digest, version.info.manifest);
      for (const other of version.tags)
        if (other !== tag) await registry.put(path, other, version.info.manifest);
      await versionsOf(version.repo, version.image);
      return {};
    },
  };

  async function versionInPackage(
    repo: Repo,
    image: string,
    name: string | undefined,
  ): Promise<ImageVersion> {
    if (!name) throw invalidArgument('Field [tag.version] is required.');
    const target = parseVersion(name);
    if (packageName(target.repo, target.image) !== packageName(repo, image)) {
      throw invalidArgument(`Version ${name} is not in package ${packageName(repo, image)}.`);
    }
    return findVersion(repo, image, target.digest, name);
  }

  ctx.inspectors.artifactregistry = () => ({
    // As of the last Artifact Registry call that looked at each image.
    images: [...lastObserved.values()].flat().map((v) => ({
      uri: `${ctx.registry}/${registryPath(v.repo, v.image)}@${v.digest}`,
      tags: v.tags,
      mediaType: v.info.manifest.mediaType,
      imageSizeBytes: v.info.sizeBytes,
      uploadTime: new Date(v.uploadMs).toISOString(),
      updateTime: new Date(v.updateMs).toISOString(),
    })),
  });

  return { [SERVICE]: { unary } };
}
