// The runtime's system: the base image with the tools upstream's own agent image offers agents,
// installed by the base's package manager, then the project's own Dockerfiles. This is the one part
// of an agent's image only Docker can make (a package manager must run), so it is built once per
// content and kept in the registry: `tools-<key>` (the base and the tools) and, when the project has
// Dockerfiles, `system-<key>` on top. Nothing else of the image needs Docker.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Manifest, Registry } from '../registry/distribution.ts';
import { DockerError, type DockerSession } from './docker.ts';
import { dockerfileHash, replaceFirstFrom, stageContext, type UserDockerfile } from './dockerfiles.ts';
import type { Platform } from './platform.ts';

/** What upstream's agent image (its docker/Dockerfile) installs for agents, in this order. */
export const agentTools = ['git', 'bash', 'curl', 'jq', 'ca-certificates', 'openssh-client'];

export interface SystemInputs {
  docker: DockerSession;
  /** The registry the runtime lives in, and the runtime's repository there. */
  registry: Registry;
  name: string;
  /** The base image by digest, and the base_image input as the user wrote it (for messages). */
  base: string;
  baseImage: string;
  platform: Platform;
  /** The project's Dockerfiles in build order: the root one, then the agent's. */
  dockerfiles: UserDockerfile[];
  buildArgs: Record<string, string>;
  /** Where the project is, for paths in messages. */
  projectDir: string;
  /** Told what is being built (a line each), and the time it took. */
  report: (message: string) => void;
}

/** The system image's manifest, in the runtime's repository: found by its key, or built now. */
export async function systemImage(inputs: SystemInputs): Promise<{ manifest: Manifest; tag: string }> {
  const toolsTag = `tools-${key('tools-1', inputs.base, agentTools.join(' '))}`;
  await findOrBuild(inputs, toolsTag, () => buildTools(inputs, toolsTag));
  if (!inputs.dockerfiles.length) return found(inputs, toolsTag);
  const systemTag = `system-${key(
    'system-1',
    toolsTag,
    ...inputs.dockerfiles.map(dockerfileHash),
    ...Object.entries(inputs.buildArgs)
      .sort()
      .map(([name, value]) => `${name}=${value}`),
  )}`;
  await findOrBuild(inputs, systemTag, () => buildDockerfiles(inputs, toolsTag, systemTag));
  return found(inputs, systemTag);
}

const key = (...parts: string[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}\0${part}\0`);
  return hash.digest('hex').slice(0, 24);
};

async function found(inputs: SystemInputs, tag: string): Promise<{ manifest: Manifest; tag: string }> {
  return { manifest: await inputs.registry.getManifest(inputs.name, tag), tag };
}

async function findOrBuild(inputs: SystemInputs, tag: string, build: () => Promise<void>): Promise<void> {
  if (await inputs.registry.headManifest(inputs.name, tag)) return;
  await build();
}

/** `FROM base`, the tools installed as root, and the agent's user (uid 1000, upstream's `node`) again. */
async function buildTools(inputs: SystemInputs, tag: string): Promise<void> {
  const { platform, baseImage } = inputs;
  const install = installCommand(platform);
  if (!install)
    throw new Error(
      `Input "base_image": ${baseImage} is ${platform.name}, which has neither apk nor apt-get, so the tools agents expect (${agentTools.join(' ')}) cannot be installed. Use an Alpine based Node.js image (Action Llama's own family, and the default) or a Debian based one (a -slim or -bookworm tag of node).`,
    );
  const started = Date.now();
  inputs.report(`Installing ${agentTools.join(' ')} with ${platform.packageManager} on ${platform.name}`);
  const dir = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'cloud-run-agent-tools-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      `FROM ${inputs.base}\nUSER root\nRUN ${install}\nUSER 1000:1000\n`,
    );
    const tagged = `${inputs.registry.host}/${inputs.name}:${tag}`;
    await inputs.docker.build(
      ['--platform', 'linux/amd64', '--tag', tagged, dir],
      `Installing the tools on ${baseImage}`,
    );
    await inputs.docker.push(tagged);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  inputs.report(`Tools installed and pushed in ${seconds(started)}`);
}

function installCommand(platform: Platform): string | undefined {
  const tools = agentTools.join(' ');
  if (platform.packageManager === 'apk') return `apk add --no-cache ${tools}`;
  if (platform.packageManager === 'apt-get')
    return `apt-get update && apt-get install -y --no-install-recommends ${tools} && rm -rf /var/lib/apt/lists/*`;
  return undefined;
}

/**
 * The project's Dockerfiles, as upstream builds them: each first FROM replaced by the image before
 * it (the tools image first), each with a context of only the files its COPY and ADD read.
 */
async function buildDockerfiles(inputs: SystemInputs, toolsTag: string, tag: string): Promise<void> {
  let from = `${inputs.registry.host}/${inputs.name}:${toolsTag}`;
  const final = `${inputs.registry.host}/${inputs.name}:${tag}`;
  for (const [i, dockerfile] of inputs.dockerfiles.entries()) {
    const shown = path.relative(inputs.projectDir, dockerfile.file);
    const started = Date.now();
    inputs.report(`Building ${shown}`);
    const tagged = i === inputs.dockerfiles.length - 1 ? final : `cloud-run-agent-local/step-${i}:${tag}`;
    await buildOne(inputs, dockerfile, from, tagged, shown);
    inputs.report(`Built ${shown} in ${seconds(started)}`);
    from = tagged;
  }
  await inputs.docker.push(final);
}

async function buildOne(
  inputs: SystemInputs,
  dockerfile: UserDockerfile,
  from: string,
  tagged: string,
  shown: string,
): Promise<void> {
  const staging = fs.mkdtempSync(
    path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'cloud-run-agent-context-'),
  );
  try {
    const context = path.join(staging, 'context');
    fs.mkdirSync(context);
    stageContext(dockerfile, context);
    const file = path.join(staging, 'Dockerfile');
    fs.writeFileSync(file, replaceFirstFrom(dockerfile.text, from));
    const args = ['--platform', 'linux/amd64', '--file', file, '--tag', tagged];
    for (const [name, value] of Object.entries(inputs.buildArgs))
      args.push('--build-arg', `${name}=${value}`);
    await inputs.docker.build([...args, context], `Building ${shown}`).catch((error: unknown) => {
      throw explainBuildFailure(error, shown, inputs);
    });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** A package manager the base does not have gets its own message: the base's family and the fix. */
export function explainBuildFailure(
  error: unknown,
  shown: string,
  inputs: Pick<SystemInputs, 'platform' | 'baseImage'>,
): unknown {
  if (!(error instanceof DockerError)) return error;
  // Docker colours a step's stderr write by write, so escapes can split "sh: 1: apk: not found".
  // eslint-disable-next-line no-control-regex -- the escapes are what is removed
  const plain = error.output.replace(/\x1b\[[0-9;]*m/g, '');
  const missing = /(?:^|\s|\/)(apk|apt-get|apt|yum|dnf|microdnf): (?:command )?not found/m.exec(plain)?.[1];
  if (!missing) return error;
  const { platform, baseImage } = inputs;
  const has = platform.packageManager ? `, which has ${platform.packageManager}` : '';
  const family = missing === 'apk' ? 'Alpine' : missing.startsWith('apt') ? 'Debian and Ubuntu' : 'Red Hat';
  const suggestion =
    missing === 'apk'
      ? 'Set "base_image" to an Alpine image (Action Llama\'s own family, and the default)'
      : missing.startsWith('apt')
        ? 'Set "base_image" to a Debian image (a -slim or -bookworm tag of node)'
        : 'Set "base_image" to an image of that family';
  return new Error(
    `${shown} runs ${missing}, the package manager of ${family} images, but the base image ${baseImage} is ${platform.name}${has}. ${suggestion}, or install with ${platform.packageManager ?? "the base image's package manager"} in ${shown}.\n${error.message}`,
  );
}

const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
