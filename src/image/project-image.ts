// Project mode: the agent's image made from the user's Action Llama project, no Dockerfile needed.
// It holds the base image (pinned by digest), upstream's package at a pinned version, only what
// this agent needs of the project (config.toml, agents/<agent>/, shared/) and the one-shot entry
// (src/agent-runtime). Its tag is a hash of all of that, so an unchanged agent is found in the
// registry with one manifest request and nothing is built or pushed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { untrusted } from '../output/fence.ts';
import { splitLines } from '../output/lines.ts';
import { log } from '../output/log.ts';
import type { Project } from '../project/agent.ts';
import { docker, login, type BuildInputs } from './docker.ts';
import { dockerHubName, manifestDigest } from './registry.ts';

/** The upstream version whose lockfile ships with the action (dist/agent-runtime/package.json's). */
function shippedVersion(runtime: string): string | undefined {
  const manifest = JSON.parse(fs.readFileSync(path.join(runtime, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return manifest.dependencies?.['@action-llama/action-llama'];
}

export interface ProjectImageInputs {
  project: Project;
  build: BuildInputs;
  /** registry/project/repository/name, without tag. */
  target: string;
  baseImage: string;
  actionLlamaVersion: string;
  accessToken: string;
  /** The private Docker config dir (created by the caller, deleted by cleanup). */
  dockerConfig: string;
  /** Runs on a cache miss, before anything is installed or built (the repository check). */
  beforeBuild?: () => Promise<void>;
}

/** Returns the image by digest: found by its content tag, or built and pushed now. */
export async function projectImage(inputs: ProjectImageInputs): Promise<string> {
  const base = await baseDigest(inputs.baseImage, inputs.accessToken);
  if (!('digest' in base))
    throw new Error(
      `Input "base_image": ${base.registry} answered ${base.status} for ${base.name}. Use an image the runner can pull.`,
    );
  const staging = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'cloud-run-agent-image-'));
  try {
    const app = path.join(staging, 'app');
    await stageApp(app, inputs.project, inputs.actionLlamaVersion);
    const tag = `al-${imageKey(inputs, base.digest, app)}`;
    const cached = await manifestDigest(`${inputs.target}:${tag}`, inputs.accessToken);
    if ('digest' in cached) {
      log.info(`The image of ${inputs.project.agent} is unchanged (${tag}): nothing to build`);
      return cached.digest;
    }
    await inputs.beforeBuild?.();
    return await log.group(`Build and push ${inputs.target}:${tag}`, async () => {
      await npm(app, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']);
      await login(inputs.build.registry, inputs.accessToken, inputs.dockerConfig);
      const from = await userLayers(inputs, base.digest, staging, tag);
      fs.writeFileSync(path.join(staging, 'Dockerfile'), dockerfile(from, inputs.project.agent));
      const tagged = `${inputs.target}:${tag}`;
      await docker(inputs.dockerConfig, ['build', '--platform', 'linux/amd64', '--tag', tagged, staging], {
        what: `Building ${tagged}`,
      });
      const pushed = await docker(inputs.dockerConfig, ['push', tagged], { what: `Pushing ${tagged}` });
      const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1];
      if (!digest) throw new Error(`Pushing ${tagged} printed no digest`);
      return `${inputs.target}@${digest}`;
    });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The base image by digest; a Docker Hub name (node:24-alpine) is looked up at Docker Hub's registry host. */
async function baseDigest(image: string, accessToken: string): ReturnType<typeof manifestDigest> {
  const hub = 'registry-1.docker.io/';
  const found = await manifestDigest(dockerHubName(image).replace(/^docker\.io\//, hub), accessToken);
  return 'digest' in found && found.digest.startsWith(hub)
    ? { digest: `docker.io/${found.digest.slice(hub.length)}` }
    : found;
}

/**
 * The image's /app: the project's parts this agent needs, the entry, and upstream's package
 * manifest and lockfile (node_modules is installed only when the image is built).
 */
async function stageApp(app: string, project: Project, version: string): Promise<void> {
  const runtime = runtimeDir();
  fs.mkdirSync(path.join(app, 'project', 'agents'), { recursive: true });
  const copy = (from: string, to: string) => {
    if (fs.existsSync(from)) fs.cpSync(from, path.join(app, to), { recursive: true });
  };
  copy(path.join(project.dir, 'config.toml'), 'project/config.toml');
  copy(path.join(project.dir, 'agents', project.agent), `project/agents/${project.agent}`);
  copy(path.join(project.dir, 'shared'), 'project/shared');
  fs.copyFileSync(path.join(runtime, 'entry.cjs'), path.join(app, 'entry.cjs'));
  if (version === shippedVersion(runtime)) {
    copy(path.join(runtime, 'package.json'), 'package.json');
    copy(path.join(runtime, 'package-lock.json'), 'package-lock.json');
  } else {
    // Another version: resolve its lockfile now, so the tag covers every package the image holds.
    const manifest = {
      name: 'agent-runtime',
      private: true,
      dependencies: { '@action-llama/action-llama': version },
    };
    fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await npm(app, ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund']);
  }
}

/** A hash of everything that makes the image: its files, the base digest, the version, build args. */
function imageKey(inputs: ProjectImageInputs, baseDigest: string, app: string): string {
  const hash = createHash('sha256');
  const add = (label: string, value: string | Buffer) =>
    hash.update(`${label}\0${value.length}\0`).update(value);
  add('format', '1');
  add('base', baseDigest);
  add('version', inputs.actionLlamaVersion);
  add('dockerfile', dockerfile('BASE', inputs.project.agent));
  for (const [name, value] of Object.entries(inputs.build.buildArgs).sort()) add(`arg:${name}`, value);
  for (const file of filesUnder(app)) add(`app:${path.relative(app, file)}`, fs.readFileSync(file));
  // A user Dockerfile's build context is part of the image too.
  const { rootDockerfile, agentDockerfile, dir } = inputs.project;
  if (rootDockerfile)
    for (const file of filesUnder(dir)) add(`root:${path.relative(dir, file)}`, fs.readFileSync(file));
  if (agentDockerfile) add('agent-dockerfile', fs.readFileSync(agentDockerfile));
  return hash.digest('hex').slice(0, 40);
}

/**
 * The project's own Dockerfiles, as upstream uses them: the root one (when it does more than FROM)
 * makes the project base from the base image, then agents/<agent>/Dockerfile extends that; each
 * first FROM is replaced. Built locally, not pushed; returns the image the final layer starts from.
 */
async function userLayers(
  inputs: ProjectImageInputs,
  baseDigest: string,
  staging: string,
  tag: string,
): Promise<string> {
  let from = baseDigest;
  const { rootDockerfile, agentDockerfile, dir, agent } = inputs.project;
  const steps = [
    rootDockerfile && { file: rootDockerfile, context: dir, name: 'project' },
    agentDockerfile && { file: agentDockerfile, context: path.join(dir, 'agents', agent), name: 'agent' },
  ].filter((step) => !!step);
  for (const step of steps) {
    const rewritten = path.join(staging, `${step.name}.Dockerfile`);
    fs.writeFileSync(rewritten, fs.readFileSync(step.file, 'utf8').replace(/^FROM\s+\S+/m, `FROM ${from}`));
    const local = `cloud-run-agent-local/${step.name}:${tag}`;
    const args = ['build', '--platform', 'linux/amd64', '--file', rewritten, '--tag', local];
    for (const [name, value] of Object.entries(inputs.build.buildArgs))
      args.push('--build-arg', `${name}=${value}`);
    await docker(inputs.dockerConfig, [...args, step.context], {
      what: `Building ${path.relative(dir, step.file)}`,
    });
    from = local;
  }
  return from;
}

/** The last layer: /app read-only for the agent, which runs as uid 1000 with HOME at /tmp. */
function dockerfile(from: string, agent: string): string {
  return [
    `FROM ${from}`,
    'COPY app/ /app/',
    `ENV AL_AGENT=${agent} AL_PROJECT_DIR=/app/project AL_UPSTREAM_DIR=/app/node_modules/@action-llama/action-llama \\`,
    '    AL_CREDENTIALS_DIR=/credentials AL_CREDENTIALS_PATH=/credentials HOME=/tmp NODE_ENV=production',
    'WORKDIR /tmp',
    'USER 1000:1000',
    'ENTRYPOINT ["node", "/app/entry.cjs"]',
    '',
  ].join('\n');
}

const skipped = new Set(['.git', 'node_modules', '.al']);

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (skipped.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full));
    else if (entry.isFile()) found.push(full);
  }
  return found;
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
