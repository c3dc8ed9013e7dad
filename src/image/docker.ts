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
