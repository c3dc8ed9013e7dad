// Project mode: the agent's image made from the user's Action Llama project, no Dockerfile needed.
// Two images, each addressed by its content:
//   - the runtime (runtime.ts), which every agent of the project shares: the base by digest,
//     upstream's tools, the project's own Dockerfiles, upstream's package and the one-shot entry;
//   - the agent image: the runtime plus one small layer of the agent's own files (agent-layer.ts),
//     appended through the registry API: no Docker, no npm.
// So an edited SKILL.md costs a hash, a few requests and a small upload; an unchanged agent one
// HEAD; only a change to what the runtime holds builds anything. docs/design.md has the figures.
import fs from 'node:fs';
import path from 'node:path';
import type { Cloud } from '../google/connect.ts';
import { log } from '../output/log.ts';
import type { Project } from '../project/agent.ts';
import { appendLayer } from '../registry/append.ts';
import { Registry } from '../registry/distribution.ts';
import { writeLayer } from '../registry/layer.ts';
import { googleRegistry, parseReference } from '../registry/references.ts';
import { resolveDigest } from '../registry/resolve.ts';
import { slug } from '../shared/names.ts';
import { agentEntries, agentTag } from './agent-layer.ts';
import { dockerSession, type BuildInputs, type DockerSession } from './docker.ts';
import { readDockerfile } from './dockerfiles.ts';
import { runtimeRepository } from './prune.ts';
import { findRuntime, makeRuntime, runtimeDir, type RuntimeInputs } from './runtime.ts';

export interface ProjectImageInputs {
  project: Project;
  build: BuildInputs;
  projectId: string;
  baseImage: string;
  actionLlamaVersion: string;
  accessToken: string;
  /** The private Docker config dir (created by the caller, deleted by cleanup). */
  dockerConfig: string;
  cloud: Pick<Cloud, 'artifacts'>;
  /** Runs on a cache miss, before anything is installed or built (the repository's check). */
  beforeBuild?: () => Promise<void>;
}

/** The agent's image by digest: found by its content tag, or appended to its runtime now. */
export async function projectImage(inputs: ProjectImageInputs): Promise<string> {
  const started = Date.now();
  const registry = new Registry(inputs.build.registry, { accessToken: inputs.accessToken });
  const repository = `${inputs.projectId}/${inputs.build.repository}`;
  const [runtime, entries] = await Promise.all([
    projectRuntime(inputs, registry, `${repository}/${runtimeRepository}`),
    agentEntries(inputs.project.dir, inputs.project.agent),
  ]);
  const name = `${repository}/${slug(inputs.project.agent)}`;
  const tag = await agentTag(runtime.digest, inputs.project.agent, entries);
  const found = await registry.headManifest(name, tag);
  if (found) {
    log.info(`The image of ${inputs.project.agent} is unchanged (${tag}): nothing to build`);
    return `${registry.host}/${name}@${found}`;
  }
  const layer = await writeLayer(entries);
  try {
    const image = await appendLayer({
      registry,
      base: { name: `${repository}/${runtimeRepository}`, reference: runtime.digest },
      target: { name, tag },
      layer,
      comment: `the agent ${inputs.project.agent}: config.toml, agents/${inputs.project.agent}/, shared/`,
      config: { Env: { AL_AGENT: inputs.project.agent } },
    });
    const took = ((Date.now() - started) / 1000).toFixed(2);
    log.info(
      `The image of ${inputs.project.agent}: its files (${entries.filter((e) => e.type === 'file').length}, ${layer.size} bytes compressed) appended to the runtime in ${took} s, ${registry.requests} requests`,
    );
    return image;
  } finally {
    fs.rmSync(layer.file, { force: true });
  }
}

/** The project's runtime: its tag computed locally, found with one request, or made in a group of its own. */
async function projectRuntime(
  inputs: ProjectImageInputs,
  registry: Registry,
  name: string,
): Promise<{ digest: string }> {
  const spec = await runtimeInputs(inputs, registry, name);
  const found = await findRuntime(spec);
  if (found.digest) return { digest: found.digest };
  return { digest: await log.group(`Make the runtime image (${found.tag})`, () => makeRuntime(spec, found)) };
}

/** What the runtime is made of: the base by digest, the project's Dockerfiles, upstream's version. */
async function runtimeInputs(
  inputs: ProjectImageInputs,
  registry: Registry,
  name: string,
): Promise<RuntimeInputs> {
  const base = await resolveDigest(inputs.baseImage, inputs.accessToken, {
    input: 'base_image',
    dockerHub: true,
  });
  const baseRef = parseReference(base)!;
  const baseRegistry =
    baseRef.host === registry.host
      ? registry
      : new Registry(baseRef.host, googleRegistry(baseRef.host) ? { accessToken: inputs.accessToken } : {});
  const { project, build } = inputs;
  const dockerfiles = [
    project.rootDockerfile && readDockerfile(project.rootDockerfile, project.dir),
    project.agentDockerfile &&
      readDockerfile(project.agentDockerfile, path.join(project.dir, 'agents', project.agent)),
  ].filter((d) => !!d);
  let docker: DockerSession | undefined;
  return {
    registry,
    name,
    base,
    baseRegistry,
    baseName: baseRef.name,
    baseImage: inputs.baseImage,
    dockerfiles,
    buildArgs: build.buildArgs,
    version: inputs.actionLlamaVersion,
    runtimeDir: runtimeDir(),
    projectDir: project.dir,
    docker: () => (docker ??= dockerSession(build.registry, inputs.accessToken, inputs.dockerConfig)),
    cloud: inputs.cloud,
    repository: { location: build.registryLocation, id: build.repository },
    beforeBuild: inputs.beforeBuild,
    report: (message) => log.info(message),
  };
}
