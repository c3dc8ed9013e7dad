// The agent's image: built with Docker and pushed to Artifact Registry (or taken prebuilt),
// always run by digest, and old images pruned without touching one a run still uses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { untrusted } from './fence.ts';
import { missingRepositoryAdvice } from './first-use.ts';
import type { Cloud, DockerImage } from './google.ts';
import type { BuildInputs, Inputs } from './inputs.ts';
import { log } from './log.ts';
import { slug } from './names.ts';
import { managedBy } from './ownership.ts';
import { splitLines } from './render.ts';
import type { RecordState } from './state.ts';

/** `registry/project/repository/name` without tag or digest. */
export const imagePath = (build: BuildInputs, project: string, name: string): string =>
  `${build.registry}/${project}/${build.repository}/${name}`;

/** Logs in to the registry with an access token, in a private Docker config that post deletes. */
export async function login(registry: string, accessToken: string, configDir: string): Promise<void> {
  fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
  await docker(
    configDir,
    ['login', '--username', 'oauth2accesstoken', '--password-stdin', `https://${registry}`],
    {
      input: Buffer.from(accessToken),
      what: `Logging in to ${registry}`,
    },
  );
}

export const newDockerConfigDir = (): string =>
  fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'cloud-run-agent-docker-'));

/**
 * Builds and pushes `<path>:<tag>` and returns `<path>@<digest>`. The credentials file that
 * google-github-actions/auth writes into the workspace is moved out of the build context for the
 * build, so it cannot be baked into the image.
 */
export async function buildAndPush(
  build: BuildInputs,
  target: string,
  configDir: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const tagged = `${target}:${build.tag}`;
  const args = ['build', '--platform', 'linux/amd64', '--file', build.dockerfile, '--tag', tagged];
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  if (env.GITHUB_REPOSITORY)
    args.push('--label', `org.opencontainers.image.source=${server}/${env.GITHUB_REPOSITORY}`);
  if (env.GITHUB_SHA) args.push('--label', `org.opencontainers.image.revision=${env.GITHUB_SHA}`);
  for (const [name, value] of Object.entries(build.buildArgs)) args.push('--build-arg', `${name}=${value}`);
  args.push(build.context);
  await withCredentialFilesMovedAside(build.context, () =>
    docker(configDir, args, { what: `Building ${tagged}` }),
  );
  const pushed = await docker(configDir, ['push', tagged], { what: `Pushing ${tagged}` });
  const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1];
  if (!digest) throw new Error(`Pushing ${tagged} printed no digest`);
  return `${target}@${digest}`;
}

const credentialFile = /^gha-creds-[A-Za-z0-9_-]+\.json$/;

async function withCredentialFilesMovedAside<T>(context: string, run: () => Promise<T>): Promise<T> {
  const found = fs.readdirSync(context).filter((name) => credentialFile.test(name));
  if (!found.length) return run();
  const aside = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'cloud-run-agent-creds-'));
  for (const name of found) fs.renameSync(path.join(context, name), path.join(aside, name));
  try {
    return await run();
  } finally {
    for (const name of found) fs.renameSync(path.join(aside, name), path.join(context, name));
    fs.rmSync(aside, { recursive: true, force: true });
  }
}

/**
 * Resolves a prebuilt image to a digest reference by asking its registry (plain HTTP for
 * loopback registries, as Docker does), so every run uses exactly the image it resolved.
 */
export async function resolveDigest(image: string, accessToken: string): Promise<string> {
  const found = await manifestDigest(image, accessToken);
  if ('digest' in found) return found.digest;
  throw new Error(
    `Input "image": ${found.registry} answered ${found.status} for ${found.name}. Check that the image exists and the account may read it.`,
  );
}

/** One manifest request: `registry/name@digest` when the registry has `image`, else what it answered. */
export async function manifestDigest(
  image: string,
  accessToken: string,
): Promise<{ digest: string } | { registry: string; name: string; status: number }> {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return { digest: image };
  const match = /^([^/]+)\/(.+?)(?::([\w][\w.-]{0,127}))?$/.exec(image);
  if (!match || (!match[1]!.includes('.') && !match[1]!.includes(':'))) {
    throw new Error(
      `Input "image": "${image}" must be a full reference such as us-central1-docker.pkg.dev/project/repo/agent:tag`,
    );
  }
  const [, registry, name, tag = 'latest'] = match;
  const scheme = loopback.test(registry!) ? 'http' : 'https';
  const url = `${scheme}://${registry}/v2/${name}/manifests/${tag}`;
  const accept = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
  ].join(', ');
  let response = await fetch(url, { method: 'HEAD', headers: { accept } });
  const challenge = response.headers.get('www-authenticate');
  if (response.status === 401 && challenge?.startsWith('Bearer ')) {
    const token = await registryToken(challenge, googleRegistry(registry!) ? accessToken : undefined);
    response = await fetch(url, { method: 'HEAD', headers: { accept, authorization: `Bearer ${token}` } });
  }
  const digest = response.headers.get('docker-content-digest');
  if (!response.ok || !digest)
    return { registry: registry!, name: `${name}:${tag}`, status: response.status };
  return { digest: `${registry}/${name}@${digest}` };
}

/** `node:24-slim` → `docker.io/library/node:24-slim`, as Docker reads a name without a registry. */
export function dockerHubName(image: string): string {
  const first = image.split('/')[0]!;
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost'))
    return image;
  return `docker.io/${image.includes('/') ? image : `library/${image}`}`;
}

// A whole host, so that a name such as 127.example.com is not taken for loopback.
const loopback = /^(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?$/;

/**
 * Whether the Google access token may go to this registry: Google's own, or loopback (the local
 * emulator). Any other registry (Docker Hub, ghcr.io, …) is asked anonymously: a cloud-platform
 * token must never reach a third party.
 */
export const googleRegistry = (registry: string): boolean =>
  loopback.test(registry) || /(^|\.)(pkg\.dev|gcr\.io)$/.test(registry.replace(/:\d+$/, ''));

/** The Docker registry token dance, with the access token (if any) as the `oauth2accesstoken` password. */
async function registryToken(challenge: string, accessToken: string | undefined): Promise<string> {
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const url = new URL(params.realm ?? '');
  if (params.service) url.searchParams.set('service', params.service);
  if (params.scope) url.searchParams.set('scope', params.scope);
  const basic = accessToken && Buffer.from(`oauth2accesstoken:${accessToken}`).toString('base64');
  const response = await fetch(url, { headers: basic ? { authorization: `Basic ${basic}` } : {} });
  const body = (await response.json()) as { token?: string; access_token?: string };
  return body.token ?? body.access_token ?? '';
}

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

interface DockerOptions {
  what: string;
  input?: Buffer;
}

/**
 * Runs the docker CLI with a private config. Its output (which a Dockerfile's RUN steps control)
 * is mirrored fenced, like the agent's logs, so it cannot issue workflow commands.
 */
export async function docker(configDir: string, args: string[], options: DockerOptions): Promise<string> {
  let output = '';
  const mirror = (data: Buffer) => {
    const text = data.toString('utf8');
    output += text.length < 1_000_000 ? text : '';
    untrusted.print(splitLines(text));
  };
  // Loaded here: only builds need it.
  const exec = await import('@actions/exec');
  const code = await exec.exec('docker', ['--config', configDir, ...args], {
    silent: true,
    ignoreReturnCode: true,
    input: options.input,
    listeners: { stdout: mirror, stderr: mirror },
  });
  if (code !== 0) {
    const tail = output.trim().split('\n').slice(-5).join('\n');
    throw new Error(`${options.what} failed (docker exited with ${code}):\n${tail}`);
  }
  return output;
}

/**
 * Before a build, that the repository it pushes to exists: `docker push` would otherwise fail only
 * after the build, which can take minutes. One GetRepository, in the repository's own location.
 */
export async function requireRepository(
  cloud: Pick<Cloud, 'artifacts'>,
  build: BuildInputs,
  project: string,
): Promise<void> {
  const found = await cloud.artifacts.getRepository(build.registryLocation, build.repository);
  const name = `projects/${project}/locations/${build.registryLocation}/repositories/${build.repository}`;
  if (!found) throw new Error(`${missingRepositoryAdvice(name, build.registry)} Nothing was built.`);
  // A Maven or npm repository of that name refuses Docker images; gax answers the enum by name.
  if (found.format !== undefined && found.format !== null && found.format !== 'DOCKER' && found.format !== 1)
    throw new Error(
      `The Artifact Registry repository ${name} is a ${String(found.format)} repository, not a Docker one. Set "repository" to a Docker repository (gcloud artifacts repositories create <id> --repository-format=docker --location=${build.registryLocation} --project ${project}). Nothing was built.`,
    );
}

/** The image to run, by digest: a prebuilt one resolved, or one built and pushed now. */
export async function prepareImage(
  cloud: Pick<Cloud, 'accessToken' | 'artifacts'>,
  inputs: Inputs,
  record: RecordState,
): Promise<string> {
  const token = await cloud.accessToken();
  if (!inputs.build) return resolveDigest(inputs.image!, token);
  const build = inputs.build;
  const beforeBuild = () => requireRepository(cloud, build, inputs.projectId);
  // Project mode asks only on a cache miss: an unchanged agent's image costs no extra call.
  if (!inputs.projectMode) await beforeBuild();
  const dockerConfig = newDockerConfigDir();
  record({ dockerConfig });
  const target = imagePath(build, inputs.projectId, slug(inputs.agent));
  if (inputs.projectMode) {
    const { projectImage } = await import('./agent-image.ts');
    return projectImage({
      ...inputs.projectMode,
      build,
      target,
      accessToken: token,
      dockerConfig,
      beforeBuild,
    });
  }
  await login(build.registry, token, dockerConfig);
  log.info(`Building ${target}:${build.tag}`);
  return log.group(`Build and push ${target}`, () => buildAndPush(build, target, dockerConfig, process.env));
}

/** Keeps the newest images; never the one just pushed, nor any a job of ours still references. */
export async function pruneQuietly(
  cloud: Pick<Cloud, 'run' | 'artifacts'>,
  inputs: Inputs,
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
    const target = imagePath(inputs.build!, inputs.projectId, slug(inputs.agent));
    const { registryLocation: location, repository: id } = inputs.build!;
    const deleted = await pruneImages(cloud, { location, id }, target, inputs.keepTags, inUse);
    for (const ref of deleted) log.info(`Pruned old image ${ref}`);
  } catch (error) {
    log.warning(`Pruning old images failed (the run itself is unaffected): ${(error as Error).message}`);
  }
}
