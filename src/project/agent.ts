// An Action Llama project as upstream 0.29 reads it: what one agent needs to run once. Read
// before anything is created, so that a missing model key or a timeout upstream would misread is
// an input error naming the file and the fix, not a failed job.
import fs from 'node:fs';
import path from 'node:path';
import { readToml, type Table } from './config.ts';

export interface Project {
  /** The project folder (absolute). */
  dir: string;
  agent: string;
  /** Credential refs the run needs: the agent's own, then each model provider's key. */
  credentials: string[];
  /** Refs that are model keys, with the field upstream reads (`token`). */
  modelKeys: { ref: string; field: string; model: string }[];
  /** The agent's timeout as upstream reads it, in seconds. */
  timeoutSeconds?: number;
  /** Where the timeout came from, for messages. */
  timeoutSource: string;
  /** A root Dockerfile with more than a FROM line (upstream builds the project base from it). */
  rootDockerfile?: string;
  /** agents/<agent>/Dockerfile (upstream builds the agent's image from it). */
  agentDockerfile?: string;
}

/** Upstream's default agent timeout (DEFAULT_AGENT_TIMEOUT), when neither config sets one. */
export const upstreamDefaultTimeoutSeconds = 3600;

/** Whether `dir` holds the Action Llama agent `agent` (upstream: agents/<agent>/SKILL.md). */
export function isProjectAgent(dir: string, agent: string): boolean {
  return validAgentName(agent) && fs.existsSync(path.join(dir, 'agents', agent, 'SKILL.md'));
}

/** The project's agents: the folders of agents/ holding a SKILL.md, sorted. */
export function projectAgents(dir: string): string[] {
  const agents = path.join(dir, 'agents');
  if (!fs.existsSync(agents)) return [];
  return fs
    .readdirSync(agents, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isProjectAgent(dir, entry.name))
    .map((entry) => entry.name)
    .sort();
}

// Upstream's validateAgentName: a directory name, nothing that walks out of agents/.
const validAgentName = (agent: string) => /^[a-z0-9][a-z0-9-]*$/i.test(agent) && !agent.includes('..');

/** Reads what the agent needs; `problems` lists every mistake found, each with its fix. */
export function readProject(dir: string, agent: string): { project?: Project; problems: string[] } {
  const problems: string[] = [];
  const rootFile = path.join(dir, 'config.toml');
  const agentDir = path.join(dir, 'agents', agent);
  const agentFile = path.join(agentDir, 'config.toml');
  const root = readToml(rootFile, problems) ?? {};
  const config = readToml(agentFile, problems);
  if (!config) {
    problems.push(
      `${agentFile} is missing: an Action Llama agent lists its models (and schedule or webhooks) there.`,
    );
    return { problems };
  }

  const credentials = stringList(config.credentials, `${agentFile}: "credentials"`, problems);
  const modelKeys = modelKeysOf(config, root, agentFile, rootFile, problems);
  if (config.scale !== 0 && !config.schedule && !(Array.isArray(config.webhooks) && config.webhooks.length))
    problems.push(
      `${agentFile}: the agent needs a "schedule" or "webhooks" (Action Llama refuses to load it otherwise).`,
    );
  const timeout = timeoutOf(config, root, agentFile, rootFile, problems);

  const rootDockerfile = path.join(dir, 'Dockerfile');
  const agentDockerfile = path.join(agentDir, 'Dockerfile');
  const project: Project = {
    dir,
    agent,
    credentials: [...new Set([...credentials, ...modelKeys.map((k) => k.ref)])],
    modelKeys,
    ...timeout,
    rootDockerfile: customised(rootDockerfile) ? rootDockerfile : undefined,
    agentDockerfile: fs.existsSync(agentDockerfile) ? agentDockerfile : undefined,
  };
  return { project: problems.length ? undefined : project, problems };
}

function stringList(value: unknown, where: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  problems.push(`${where} must be a list of strings.`);
  return [];
}

/** Each model's provider key, as upstream's credential loader reads it: `<provider>_key/default/token`. */
function modelKeysOf(config: Table, root: Table, agentFile: string, rootFile: string, problems: string[]) {
  const names = stringList(config.models, `${agentFile}: "models"`, problems);
  if (!names.length) {
    problems.push(
      `${agentFile}: "models" must name at least one model of ${rootFile} [models.<name>], e.g. models = ["sonnet"].`,
    );
    return [];
  }
  const models = (root.models ?? {}) as Record<string, Table>;
  const keys: Project['modelKeys'] = [];
  for (const name of names) {
    const model = models[name];
    if (!model || typeof model.provider !== 'string') {
      const known = Object.keys(models).join(', ') || 'none';
      problems.push(
        `${agentFile}: model "${name}" is not defined in ${rootFile} as [models.${name}] with a provider (defined: ${known}).`,
      );
      continue;
    }
    if (model.authType === 'pi_auth') continue; // signs in without a key
    const ref = `${model.provider}_key`;
    if (!keys.some((k) => k.ref === ref)) keys.push({ ref, field: 'token', model: name });
  }
  return keys;
}

/** Upstream: `agent timeout ?? [local] timeout ?? 3600`, multiplied by 1000 as it is. */
function timeoutOf(config: Table, root: Table, agentFile: string, rootFile: string, problems: string[]) {
  const local = (root.local ?? {}) as Table;
  const [value, source] =
    config.timeout !== undefined
      ? [config.timeout, `${agentFile}: "timeout"`]
      : local.timeout !== undefined
        ? [local.timeout, `${rootFile}: [local] "timeout"`]
        : [undefined, 'the default'];
  if (value === undefined) return { timeoutSource: source };
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    problems.push(
      `${source} must be a number of seconds such as 1800: Action Llama multiplies it by 1000, so ${JSON.stringify(value)} would end the run at once.`,
    );
    return { timeoutSource: source };
  }
  return { timeoutSeconds: value, timeoutSource: source };
}

/** Upstream's rule: a root Dockerfile counts only with an instruction beyond its FROM line. */
function customised(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const instructions = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  return instructions.length > 1;
}
