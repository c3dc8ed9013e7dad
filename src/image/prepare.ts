// The agent's image, always run by digest: a prebuilt one resolved, one built from a Dockerfile
// and pushed to Artifact Registry, or, in project mode, one made from the Action Llama project.
import { missingRepositoryAdvice } from '../google/errors.ts';
import type { Cloud } from '../google/connect.ts';
import { log } from '../output/log.ts';
import type { ProjectMode } from '../project/mode.ts';
import { slug } from '../shared/names.ts';
import { buildAndPush, login, newDockerConfigDir, type BuildInputs } from './docker.ts';
import { imagePath } from '../registry/references.ts';
import { resolveDigest } from '../registry/resolve.ts';
import type { AgentImageLookup, LookupInputs } from './project-image.ts';

/** What the image phase reads of the inputs. */
export interface ImageInputs {
  agent: string;
  projectId: string;
  /** A prebuilt image reference, or undefined when the action builds one. */
  image?: string;
  build?: BuildInputs;
  projectMode?: ProjectMode;
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

/**
 * Project mode: the agent's image looked up, reading only (undefined in the other modes). A run
 * does it while it waits for its scale slot; prepareImage goes on from what it found.
 */
export async function findImage(
  cloud: Pick<Cloud, 'accessToken'>,
  inputs: ImageInputs,
): Promise<AgentImageLookup | undefined> {
  if (!inputs.build || !inputs.projectMode) return undefined;
  const { findProjectImage } = await import('./project-image.ts');
  return findProjectImage(
    lookupInputs(inputs.projectMode, inputs.build, inputs.projectId, await cloud.accessToken()),
  );
}

/** What finding a project's image reads, from the step's inputs. */
const lookupInputs = (
  projectMode: ProjectMode,
  build: BuildInputs,
  projectId: string,
  accessToken: string,
): LookupInputs => ({ ...projectMode, build, projectId, accessToken });

/** The image to run, by digest: a prebuilt one resolved, or one built and pushed now. */
export async function prepareImage(
  cloud: Pick<Cloud, 'accessToken' | 'artifacts'>,
  inputs: ImageInputs,
  /** Told the private Docker config dir before it is made, so post deletes it whatever happens. */
  record: (made: { dockerConfig: string }) => void,
  /** What findImage found out, in project mode. */
  lookup?: AgentImageLookup,
): Promise<string> {
  const token = await cloud.accessToken();
  if (!inputs.build) return resolveDigest(inputs.image!, token, { input: 'image' });
  const build = inputs.build;
  const beforeBuild = () => requireRepository(cloud, build, inputs.projectId);
  // Project mode asks only on a cache miss: an unchanged agent's image costs no extra call.
  if (!inputs.projectMode) await beforeBuild();
  const dockerConfig = newDockerConfigDir();
  record({ dockerConfig });
  if (inputs.projectMode) {
    const { projectImage } = await import('./project-image.ts');
    return projectImage(
      {
        ...lookupInputs(inputs.projectMode, build, inputs.projectId, token),
        dockerConfig,
        cloud,
        beforeBuild,
      },
      lookup,
    );
  }
  const target = imagePath(build, inputs.projectId, slug(inputs.agent));
  await login(build.registry, token, dockerConfig);
  log.info(`Building ${target}:${build.tag}`);
  return log.group(`Build and push ${target}`, () => buildAndPush(build, target, dockerConfig, process.env));
}
