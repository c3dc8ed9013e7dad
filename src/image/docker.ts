// The docker CLI, for what only Docker can do: a Dockerfile build and its push. It runs with a
// private config dir holding the registry login (post deletes it); its output is untrusted (a
// Dockerfile's RUN steps control it), so it is mirrored inside the fence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { untrusted } from '../output/fence.ts';
import { splitLines } from '../output/lines.ts';

/** Where and how an image is built and pushed (a Dockerfile build, or project mode's). */
export interface BuildInputs {
  context: string;
  dockerfile: string;
  buildArgs: Record<string, string>;
  registry: string;
  /** The repository's Artifact Registry location, from the registry host (not the job's region). */
  registryLocation: string;
  repository: string;
  tag: string;
}

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
  return `${target}@${await push(configDir, tagged)}`;
}

/** `docker push`es a tag and returns the digest it printed. */
async function push(configDir: string, tagged: string): Promise<string> {
  const pushed = await docker(configDir, ['push', tagged], { what: `Pushing ${tagged}` });
  const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1];
  if (!digest) throw new Error(`Pushing ${tagged} printed no digest`);
  return digest;
}

/** Docker for project mode: logged in to the registry on first use, so a run that needs no build runs no docker command. */
export interface DockerSession {
  /** `docker build` with these arguments; its output is returned (and mirrored, fenced). */
  build(args: string[], what: string): Promise<string>;
  /** `docker push` of a tag; returns the pushed digest. */
  push(tagged: string): Promise<string>;
}

export function dockerSession(registry: string, accessToken: string, configDir: string): DockerSession {
  let loggedIn: Promise<void> | undefined;
  const ready = () => (loggedIn ??= login(registry, accessToken, configDir));
  return {
    async build(args, what) {
      await ready();
      return docker(configDir, ['build', ...args], { what });
    },
    async push(tagged) {
      await ready();
      return push(configDir, tagged);
    },
  };
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
 * Docker's advice about itself, which says nothing about the build: the login's "credentials are
 * stored unencrypted" (the config dir is private and deleted after the run) and the legacy
 * builder's deprecation notice (the runner's Docker decides which builder runs), and blank lines.
 */
export const dockerNoise =
  /^(\s*$|WARNING! Your credentials are stored unencrypted|Configure a credential helper to remove this warning|\s*https:\/\/docs\.docker\.com\/go\/(credential-store|buildx)\/|DEPRECATED: The legacy builder is deprecated|\s+Install the buildx component to build images with BuildKit:)/;

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
    untrusted.print(splitLines(text).filter((line) => !dockerNoise.test(line)));
  };
  // Loaded here: only builds need it.
  const exec = await import('@actions/exec');
  const code = await exec.exec('docker', ['--config', configDir, ...args], {
    silent: true,
    ignoreReturnCode: true,
    input: options.input,
    listeners: { stdout: mirror, stderr: mirror },
  });
  if (code !== 0) throw new DockerError(options.what, code, output);
  return output;
}

/** A docker command that failed: what it did, and the output it printed (for a diagnosis). */
export class DockerError extends Error {
  readonly output: string;
  constructor(what: string, code: number, output: string) {
    const tail = output.trim().split('\n').slice(-5).join('\n');
    super(`${what} failed (docker exited with ${code}):\n${tail}`);
    this.name = 'DockerError';
    this.output = output;
  }
}
