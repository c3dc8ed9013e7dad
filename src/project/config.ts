// The project's TOML files, read in one place: readToml for any of them (the root config.toml, an
// agent's config.toml), and readAgentConfig for what every mode takes from an agent's
// config.toml as its defaults (the credentials it requires, its timeout, its Dockerfile).
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
}

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
  };
}
