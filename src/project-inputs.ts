// The inputs of project mode: when no image or Dockerfile is given and the project holds the
// agent (agents/<agent>/SKILL.md), the action makes the image from the project itself.
import fs from 'node:fs';
import path from 'node:path';
import { defaultActionLlamaVersion } from './agent-image.ts';
import { envName } from './credentials.ts';
import { isProjectAgent, readProject, type Project } from './project.ts';

export interface ProjectMode {
  project: Project;
  baseImage: string;
  actionLlamaVersion: string;
}

export const defaultBaseImage = 'node:24-slim';

const imageReference =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$/;
const exactVersion = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** The project folder the `project` input names (default: the workspace). */
export function projectDir(text: (name: string) => string, workspace: string, problems: string[]): string {
  const given = text('project') || '.';
  const dir = path.resolve(workspace, given);
  if (path.relative(workspace, dir).startsWith('..'))
    problems.push(
      `Input "project": "${given}" is outside the workspace; give a folder of the repository, such as "agents-project".`,
    );
  else if (given !== '.' && !(fs.existsSync(dir) && fs.statSync(dir).isDirectory()))
    problems.push(
      `Input "project": folder "${given}" does not exist. Check out the repository first (actions/checkout).`,
    );
  return dir;
}

/** Project mode's settings, or undefined when `dir` has no such agent (a Dockerfile build then). */
export function readProjectMode(
  text: (name: string) => string,
  dir: string,
  agent: string,
  problems: string[],
): ProjectMode | undefined {
  if (!agent || !isProjectAgent(dir, agent)) return undefined;
  const read = readProject(dir, agent);
  problems.push(...read.problems);
  const baseImage = text('base_image') || defaultBaseImage;
  if (!imageReference.test(baseImage))
    problems.push(`Input "base_image": "${baseImage}" is not an image reference such as node:24-slim.`);
  const actionLlamaVersion = text('action_llama_version') || defaultActionLlamaVersion;
  if (!exactVersion.test(actionLlamaVersion))
    problems.push(
      `Input "action_llama_version": "${actionLlamaVersion}" must be an exact version such as ${defaultActionLlamaVersion}, not a range: the agent's entry couples to upstream's internal files, so versions are pinned.`,
    );
  if (text('tag'))
    problems.push(
      'Input "tag" is not used in project mode: the image is tagged by a hash of its content (the cache). Remove it.',
    );
  if (text('gateway_url'))
    problems.push(
      'Input "gateway_url" is not used in project mode: Action Llama 0.29 runs locks and return values inside the agent process. Remove it.',
    );
  return read.project && { project: read.project, baseImage, actionLlamaVersion };
}

/** A model's key missing from the step's environment: named with the model and the variable to set. */
export function modelKeyProblems(mode: ProjectMode, env: NodeJS.ProcessEnv): string[] {
  return mode.project.modelKeys
    .filter((key) => !env[envName({ type: key.ref, instance: 'default' }, key.field)])
    .map(
      (key) =>
        `Model "${key.model}" of ${path.join(mode.project.dir, 'config.toml')} needs the credential ${key.ref}: add ${envName({ type: key.ref, instance: 'default' }, key.field)}: \${{ secrets.YOUR_KEY }} to the step's env.`,
    );
}
