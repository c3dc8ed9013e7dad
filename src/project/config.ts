// The project's TOML files, read in one place: readToml for any of them (the root config.toml, an
// agent's config.toml), and readAgentConfig for what every mode takes from an agent's
// config.toml as its defaults (the credentials it requires, its timeout, its Dockerfile, its scale).
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';

export type Table = Record<string, unknown>;

/** A TOML file's tables; a missing file is undefined, a broken one a problem naming it. */
export function readToml(file: string, problems: string[]): Table | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return parse(fs.readFileSync(file, 'utf8')) as Table;
  } catch (error) {
    problems.push(`${file} is not valid TOML: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

export interface AgentConfig {
  /** Where the config was read from, for messages. */
  file: string;
  /** Credential refs as written: `type` or `type:instance`. */
  credentials: string[];
  /** The agent's timeout as written (seconds or a duration string), if any. */
  timeout?: string | number;
  /** The agent's own Dockerfile, if it has one. */
  dockerfile?: string;
  /** How many runs of the agent (and of the project) may run at once; only with a config.toml. */
  scale?: Scale;
}

/**
 * `scale` as upstream's scheduler reads it (research-19 C): the agent's `scale`, else the root
 * config.toml's `defaultAgentScale`, else 1 (runner-setup.js); 0 disables the agent. The root's own
 * `scale` caps the runs of all the project's agents together; without it there is no cap.
 */
export interface Scale {
  agent: number;
  /** Where `agent` came from, for messages (paths relative to the project folder). */
  agentSource: string;
  project?: number;
  projectSource?: string;
}

/** Upstream's scale of an agent that sets none, in a project without defaultAgentScale. */
export const upstreamDefaultScale = 1;

/**
 * Reads `agents/<agent>/` under `root` (its config.toml, if any, and its Dockerfile); undefined when
 * the project has no such agent directory.
 */
export function readAgentConfig(root: string, agent: string): AgentConfig | undefined {
  // Only a plain directory name can name an agent directory; anything else is not looked up.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(agent) || agent.includes('..')) return undefined;
  const dir = path.join(root, 'agents', agent);
  const file = path.join(dir, 'config.toml');
  if (!fs.existsSync(dir)) return undefined;
  const problems: string[] = [];
  const parsed = readToml(file, problems) ?? {};
  if (problems.length) throw new Error(problems[0]);
  const credentials = parsed.credentials ?? [];
  if (!Array.isArray(credentials) || credentials.some((c) => typeof c !== 'string')) {
    throw new Error(
      `${file}: "credentials" must be a list of strings such as ["github_token", "git_ssh:botty"]`,
    );
  }
  const timeout = parsed.timeout;
  if (timeout !== undefined && typeof timeout !== 'string' && typeof timeout !== 'number') {
    throw new Error(`${file}: "timeout" must be a number of seconds or a duration such as "30m"`);
  }
  const dockerfile = path.join(dir, 'Dockerfile');
  return {
    file,
    credentials: credentials as string[],
    timeout: timeout as string | number | undefined,
    dockerfile: fs.existsSync(dockerfile) ? dockerfile : undefined,
    scale: fs.existsSync(file) ? readScale(root, agent, parsed) : undefined,
  };
}

/** The agent's scale and the project's cap; a value upstream would misread throws, naming its file. */
function readScale(root: string, agent: string, config: Table): Scale {
  const agentFile = `agents/${agent}/config.toml`;
  const problems: string[] = [];
  const project = readToml(path.join(root, 'config.toml'), problems) ?? {};
  if (problems.length) throw new Error(problems[0]);
  const [value, agentSource] =
    config.scale !== undefined
      ? [wholeNumber(config.scale, `${agentFile}: "scale"`, 0), `${agentFile}: "scale"`]
      : project.defaultAgentScale !== undefined
        ? [
            wholeNumber(project.defaultAgentScale, 'config.toml: "defaultAgentScale"', 0),
            'config.toml: "defaultAgentScale"',
          ]
        : [upstreamDefaultScale, "Action Llama's default (no scale in config.toml)"];
  if (project.scale === undefined) return { agent: value, agentSource };
  // 1 at least: upstream gives every agent a runner whatever the cap, so a cap of 0 means nothing there.
  const cap = wholeNumber(project.scale, 'config.toml: "scale"', 1);
  return { agent: value, agentSource, project: cap, projectSource: 'config.toml: "scale"' };
}

function wholeNumber(value: unknown, where: string, least: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= least) return value;
  throw new Error(
    `${where} must be a whole number of at least ${least} (how many runs at once), got ${JSON.stringify(value)}.`,
  );
}
