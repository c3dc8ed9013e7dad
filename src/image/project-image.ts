// Project mode: the agent's image made from the user's Action Llama project, no Dockerfile needed.
// Two images, each addressed by its content:
//   - the runtime (runtime.ts), which every agent of the project shares: the base by digest,
//     upstream's tools, the project's own Dockerfiles, upstream's package and the one-shot entry;
//   - the agent image: the runtime plus one small layer of the agent's own files (agent-layer.ts),
//     appended through the registry API: no Docker, no npm.
// So an edited SKILL.md costs a hash, a few requests and a small upload; an unchanged agent three
// HEADs (the base, the runtime, the agent image), which findProjectImage makes before the run has
// its scale slot; only a change to what the runtime holds builds anything. docs/design.md has the
// figures.
import fs from 'node:fs';
import path from 'node:path';
import type { Cloud } from '../google/connect.ts';
import { log } from '../output/log.ts';
import type { Project } from '../project/agent.ts';
import { appendLayer } from '../registry/append.ts';
import { Registry } from '../registry/distribution.ts';
import { writeLayer, type LayerEntry } from '../registry/layer.ts';
import { googleRegistry, parseReference } from '../registry/references.ts';
import { resolveDigest } from '../registry/resolve.ts';
import { slug } from '../shared/names.ts';
import { agentEntries, agentTag } from './agent-layer.ts';
import { dockerSession, type BuildInputs, type DockerSession } from './docker.ts';
import { readDockerfile } from './dockerfiles.ts';
import { runtimeRepository } from './prune.ts';
import {
  findRuntime,
  makeRuntime,
  runtimeDir,
  type RuntimeInputs,
  type RuntimeLookup,
  type RuntimeSpec,
} from './runtime.ts';

/** What finding the agent's image reads: nothing is built or pushed. */
export interface LookupInputs {
  project: Project;
  build: BuildInputs;
  projectId: string;
  baseImage: string;
  actionLlamaVersion: string;
  accessToken: string;
}

/** What making it needs besides. */
export interface ProjectImageInputs extends LookupInputs {
  /** The private Docker config dir (created by the caller, deleted by cleanup). */
  dockerConfig: string;
  cloud: Pick<Cloud, 'artifacts'>;
  /** Runs on a cache miss, before anything is installed or built (the repository's check). */
  beforeBuild?: () => Promise<void>;
}

/** Where the agent's image is and what it is made of; `image` is its digest when the registry has it. */
export interface AgentImageLookup {
  registry: Registry;
  runtimeSpec: RuntimeSpec;
  runtime: RuntimeLookup;
  entries: LayerEntry[];
  /** The agent image's repository and tag, once the runtime is known. */
  name: string;
  tag?: string;
  image?: string;
}

/**
 * Finds the agent's image by its content tag: the runtime's tag is computed and looked up, then the
 * agent's (a few requests, nothing written). Safe to run before the run has its scale slot.
 */
export async function findProjectImage(inputs: LookupInputs): Promise<AgentImageLookup> {
  const registry = new Registry(inputs.build.registry, { accessToken: inputs.accessToken });
  const repository = `${inputs.projectId}/${inputs.build.repository}`;
  const [[runtimeSpec, runtime], entries] = await Promise.all([
    runtimeSpecOf(inputs, registry, `${repository}/${runtimeRepository}`).then(
      async (spec) => [spec, await findRuntime(spec)] as const,
    ),
    agentEntries(inputs.project.dir, inputs.project.agent),
  ]);
  const name = `${repository}/${slug(inputs.project.agent)}`;
  const lookup: AgentImageLookup = { registry, runtimeSpec, runtime, entries, name };
  if (!runtime.digest) return lookup;
  lookup.tag = await agentTag(runtime.digest, inputs.project.agent, entries);
  const found = await registry.headManifest(name, lookup.tag);
  if (found) lookup.image = `${registry.host}/${name}@${found}`;
  return lookup;
}

/**
 * The agent's image by digest: found by its content tag, or appended to its runtime now (the
 * runtime made first when it is missing). `lookup`: what findProjectImage already found out.
 */
export async function projectImage(inputs: ProjectImageInputs, lookup?: AgentImageLookup): Promise<string> {
  const started = Date.now();
  const found = lookup ?? (await findProjectImage(inputs));
  if (found.image) {
    log.info(`The image of ${inputs.project.agent} is unchanged (${found.tag}): nothing to build`);
    return found.image;
  }
  const runtimeDigest = found.runtime.digest ?? (await makeProjectRuntime(inputs, found));
  const tag = found.tag ?? (await agentTag(runtimeDigest, inputs.project.agent, found.entries));
  const { registry, entries } = found;
  const layer = await writeLayer(entries);
  try {
    const image = await appendLayer({
      registry,
      base: { name: found.runtimeSpec.name, reference: runtimeDigest },
      target: { name: found.name, tag },
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

/** The runtime was not found: made in a group of its own (Docker only for what runs a package manager). */
function makeProjectRuntime(inputs: ProjectImageInputs, found: AgentImageLookup): Promise<string> {
  let docker: DockerSession | undefined;
  const spec: RuntimeInputs = {
    ...found.runtimeSpec,
    docker: () => (docker ??= dockerSession(inputs.build.registry, inputs.accessToken, inputs.dockerConfig)),
    cloud: inputs.cloud,
    beforeBuild: inputs.beforeBuild,
  };
  return log.group(`Make the runtime image (${found.runtime.tag})`, () => makeRuntime(spec, found.runtime));
}

/** What the runtime is made of: the base by digest, the project's Dockerfiles, upstream's version. */
async function runtimeSpecOf(inputs: LookupInputs, registry: Registry, name: string): Promise<RuntimeSpec> {
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
    repository: { location: build.registryLocation, id: build.repository },
    report: (message) => log.info(message),
  };
}
