// The inputs of project mode: when no image, context or Dockerfile is given and the project holds
// the agent (agents/<agent>/SKILL.md), the action makes the image from the project itself.
import path from 'node:path';
import { envName } from '../credentials/env.ts';
import { isProjectAgent, readProject, type Project } from './agent.ts';

export interface ProjectMode {
  project: Project;
  baseImage: string;
  actionLlamaVersion: string;
}

interface Given {
  project: string;
  agent: string;
  base_image: string;
  action_llama_version: string;
  tag: string;
  gateway_url?: string;
}

/** Project mode's settings, or undefined when the project has no such agent (a Dockerfile build then). */
export function readProjectMode(given: Given, problems: string[]): ProjectMode | undefined {
  if (!given.agent || !isProjectAgent(given.project, given.agent)) return undefined;
  const read = readProject(given.project, given.agent);
  problems.push(...read.problems);
  if (given.tag)
    problems.push(
      'Input "tag" is not used in project mode: the image is tagged by a hash of its content (the cache). Remove it.',
    );
  if (given.gateway_url)
    problems.push(
      'Input "gateway_url" is not used in project mode: Action Llama 0.29 runs locks and return values inside the agent process. Remove it.',
    );
  return (
    read.project && {
      project: read.project,
      baseImage: given.base_image,
      actionLlamaVersion: given.action_llama_version,
    }
  );
}

/**
 * Each model key absent from the step's environment and from the existing secrets (`fromSecrets`,
 * the `type/instance/field` paths of input "secrets"), named with its model and the variable to set.
 */
export function missingModelKeys(
  mode: ProjectMode,
  env: NodeJS.ProcessEnv,
  fromSecrets: ReadonlySet<string> = new Set(),
): { ref: string; problem: string }[] {
  const file = path.join(mode.project.dir, 'config.toml');
  // Set but empty is not missing: the credentials' check names it as empty (a fork's pull request), once.
  return mode.project.modelKeys
    .map((key) => ({ key, variable: envName({ type: key.ref, instance: 'default' }, key.field) }))
    .filter(
      ({ key, variable }) =>
        env[variable] === undefined && !fromSecrets.has(`${key.ref}/default/${key.field}`),
    )
    .map(({ key, variable }) => ({
      ref: key.ref,
      problem: `Model "${key.model}" of ${file} needs the credential ${key.ref}: add ${variable}: \${{ secrets.YOUR_KEY }} to the step's env, or ${key.ref}/default/${key.field}=SECRET_NAME:latest to the input "secrets".`,
    }));
}
