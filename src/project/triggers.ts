// The agent's own trigger filters: the GitHub webhooks its agents/<agent>/config.toml declares
// ([[webhooks]], each naming a root config.toml [webhooks.<name>] of type "github"), read as
// upstream's scheduler reads them (buildFilterFromTrigger) and decided as upstream's gateway
// decides (GitHubWebhookProvider.matchesFilter over the event's context): the agent runs when any
// of its GitHub webhooks matches. test/unit/project/triggers.test.ts holds both to upstream's own code.
import path from 'node:path';
import { eventContext, type GitHubContext } from '../github/context.ts';
import { readToml, type Table } from './config.ts';

/** Upstream's GitHubWebhookFilter, as buildFilterFromTrigger builds it (`org` joins `orgs`). */
export interface GitHubFilter {
  events?: string[];
  actions?: string[];
  repos?: string[];
  orgs?: string[];
  labels?: string[];
  assignee?: string;
  author?: string;
  branches?: string[];
  conclusions?: string[];
}

/** One [[webhooks]] entry of a GitHub source; no filter: every event of the source. */
export interface GitHubTrigger {
  /** Its place among the agent's [[webhooks]], from 1, for messages. */
  index: number;
  source: string;
  filter?: GitHubFilter;
}

export interface AgentTriggers {
  /** agents/<agent>/config.toml, for messages. */
  file: string;
  /** Only the entries of GitHub sources; other providers never see a GitHub event. */
  github: GitHubTrigger[];
}

const listFields = ['events', 'actions', 'repos', 'orgs', 'labels', 'branches', 'conclusions'] as const;
const textFields = ['org', 'assignee', 'author'] as const;
const known = new Set<string>(['source', ...listFields, ...textFields]);
// Upstream's FIELD_SUGGESTIONS, for the GitHub provider's fields.
const suggestions: Record<string, string> = {
  repository: 'repos',
  repo: 'repos',
  event: 'events',
  action: 'actions',
  label: 'labels',
  branch: 'branches',
  conclusion: 'conclusions',
};

/**
 * The agent's GitHub webhooks; undefined when `projectDir` has no agents/<agent>/config.toml.
 * `problems` lists what upstream would refuse to load (or silently misread), each with its fix.
 */
export function readAgentTriggers(
  projectDir: string,
  agent: string,
): { triggers?: AgentTriggers; problems: string[] } {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(agent) || agent.includes('..')) return { problems: [] };
  const file = path.join(projectDir, 'agents', agent, 'config.toml');
  const rootFile = path.join(projectDir, 'config.toml');
  const problems: string[] = [];
  // Not TOML: src/project/config.ts has said so already, under the "agent" input.
  const config = readToml(file, []);
  if (!config) return { problems };
  const entries = config.webhooks ?? [];
  if (!Array.isArray(entries)) {
    problems.push(`${file}: "webhooks" must be a list of [[webhooks]] tables, each with a "source".`);
    return { problems };
  }
  const sources = entries.length ? ((readToml(rootFile, problems)?.webhooks ?? {}) as Table) : {};
  const github: GitHubTrigger[] = [];
  entries.forEach((entry: unknown, i) => {
    const where = `${file}: [[webhooks]] #${i + 1}`;
    const trigger = readTrigger(entry, where, rootFile, sources, problems);
    if (trigger) github.push({ index: i + 1, ...trigger });
  });
  return { triggers: problems.length ? undefined : { file, github }, problems };
}

/** One entry, when its source is a GitHub one; else undefined (with a problem when it is wrong). */
function readTrigger(
  entry: unknown,
  where: string,
  rootFile: string,
  sources: Table,
  problems: string[],
): Omit<GitHubTrigger, 'index'> | undefined {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    problems.push(`${where} must be a table such as { source = "github", events = ["issues"] }.`);
    return undefined;
  }
  const trigger = entry as Table;
  if (typeof trigger.source !== 'string' || !trigger.source) {
    problems.push(
      `${where} needs a "source" naming a [webhooks.<name>] of ${rootFile}, e.g. source = "github".`,
    );
    return undefined;
  }
  const source = sources[trigger.source] as Table | undefined;
  if (!source || typeof source !== 'object') {
    const defined = Object.keys(sources).join(', ') || 'none';
    problems.push(
      `${where}: source "${trigger.source}" is not defined in ${rootFile} (defined: ${defined}). Add [webhooks.${trigger.source}] with type = "github" there; Action Llama refuses to start otherwise.`,
    );
    return undefined;
  }
  if (source.type !== 'github') return undefined;
  const found = fieldProblems(trigger, where);
  problems.push(...found);
  return found.length ? undefined : { source: trigger.source, filter: buildFilter(trigger) };
}

function fieldProblems(trigger: Table, where: string): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(trigger)) {
    if (known.has(key)) continue;
    const hint = suggestions[key] ? ` Did you mean "${suggestions[key]}"?` : '';
    problems.push(
      `${where}: "${key}" is not a filter of GitHub webhooks (${[...known].filter((k) => k !== 'source').join(', ')}).${hint}`,
    );
  }
  for (const key of listFields) {
    const value = trigger[key];
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string')))
      problems.push(`${where}: "${key}" must be a list of strings, e.g. ${key} = ["${example[key]}"].`);
  }
  for (const key of textFields) {
    const value = trigger[key];
    if (value !== undefined && typeof value !== 'string')
      problems.push(`${where}: "${key}" must be a string, e.g. ${key} = "octocat".`);
  }
  return problems;
}

const example: Record<(typeof listFields)[number], string> = {
  events: 'issues',
  actions: 'opened',
  repos: 'acme/app',
  orgs: 'acme',
  labels: 'agent',
  branches: 'main',
  conclusions: 'failure',
};

/** Upstream's buildFilterFromTrigger for a GitHub source: given fields only, `org` first in `orgs`. */
export function buildFilter(trigger: Table): GitHubFilter | undefined {
  const t = trigger as GitHubFilter & { org?: string };
  const f: GitHubFilter = {};
  if (t.events) f.events = t.events;
  if (t.actions) f.actions = t.actions;
  if (t.repos) f.repos = t.repos;
  if (t.org) f.orgs = [t.org, ...(t.orgs ?? [])];
  else if (t.orgs) f.orgs = t.orgs;
  if (t.labels) f.labels = t.labels;
  if (t.assignee) f.assignee = t.assignee;
  if (t.author) f.author = t.author;
  if (t.branches) f.branches = t.branches;
  if (t.conclusions) f.conclusions = t.conclusions;
  return Object.keys(f).length > 0 ? f : undefined;
}

/** Upstream's matchesFilter. */
export function matchesFilter(context: GitHubContext, filter: GitHubFilter): boolean {
  return mismatch(context, filter) === undefined;
}

const list = (values: readonly unknown[]) => JSON.stringify(values);
const quoted = (value: unknown) => (value === undefined || value === null ? 'none' : JSON.stringify(value));

/**
 * Why `filter` declines `context`, upstream's checks in upstream's order; undefined when it
 * accepts. Payload text is printed as JSON, so it cannot start a line (a workflow command).
 */
export function mismatch(context: GitHubContext, f: GitHubFilter): string | undefined {
  if (f.events?.length && !f.events.includes(context.event))
    return `wants events ${list(f.events)}, got ${quoted(context.event)}`;
  if (f.actions?.length && !(context.action && f.actions.includes(context.action)))
    return `wants actions ${list(f.actions)}, got ${quoted(context.action)}`;
  if (f.repos?.length && !f.repos.includes(context.repo))
    return `wants repos ${list(f.repos)}, got ${quoted(context.repo)}`;
  const org = context.repo.split('/')[0]!;
  if (f.orgs?.length && !f.orgs.includes(org)) return `wants orgs ${list(f.orgs)}, got ${quoted(org)}`;
  const labels = context.labels || [];
  if (f.labels?.length && !f.labels.some((l) => labels.includes(l)))
    return `wants one of labels ${list(f.labels)}, got ${list(labels)}`;
  if (f.assignee && context.assignee !== f.assignee)
    return `wants assignee ${quoted(f.assignee)}, got ${quoted(context.assignee)}`;
  if (f.author && context.author !== f.author)
    return `wants author ${quoted(f.author)}, got ${quoted(context.author)}`;
  // As upstream: an event without a branch (an issue, a comment) passes a branch filter.
  if (f.branches?.length && context.branch && !f.branches.includes(context.branch))
    return `wants branches ${list(f.branches)}, got ${quoted(context.branch)}`;
  // As upstream: only an event with a conclusion (a completed workflow_run) meets this filter.
  if (f.conclusions?.length && context.conclusion && !f.conclusions.includes(context.conclusion))
    return `wants conclusions ${list(f.conclusions)}, got ${quoted(context.conclusion)}`;
  return undefined;
}

export type TriggerDecision = { verdict: 'run'; why: string } | { verdict: 'skip'; why: string };

/** Upstream's other two triggers: its cron and `al run`. No webhook, so no webhook filter. */
const notWebhooks = new Set(['schedule', 'workflow_dispatch']);

/** Whether the agent accepts the workflow's event, and why (the skip's why is the step's one line). */
export function decideTrigger(
  agent: string,
  triggers: AgentTriggers | undefined,
  env: NodeJS.ProcessEnv,
): TriggerDecision {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  if (notWebhooks.has(eventName) || !eventName)
    return { verdict: 'run', why: `a ${eventName || 'local'} run is not a webhook event` };
  if (!triggers?.github.length)
    return {
      verdict: 'run',
      why: `agent "${agent}" declares no GitHub webhooks: the workflow's "on:" decides`,
    };
  const context = eventContext(env);
  const file = inWorkspace(triggers.file, env);
  const fix = 'Set "respect_triggers: false" to run it anyway.';
  if (!context)
    return {
      verdict: 'skip',
      why: `Skipped: Action Llama reads no trigger context from this ${eventName} event (its payload lacks what upstream needs), so none of the [[webhooks]] of ${file} accepts it. ${fix}`,
    };
  const declined: string[] = [];
  for (const trigger of triggers.github) {
    const why = trigger.filter && mismatch(context, trigger.filter);
    if (!why) return { verdict: 'run', why: `accepted by [[webhooks]] #${trigger.index} of ${file}` };
    declined.push(`#${trigger.index} (source "${trigger.source}") ${why}`);
  }
  const action = context.action ? ` (action ${quoted(context.action)})` : '';
  return {
    verdict: 'skip',
    why: `Skipped: agent "${agent}" does not accept this ${context.event} event${action}: [[webhooks]] of ${file}: ${declined.join('; ')}. ${fix}`,
  };
}

/** The file as the repository names it (relative to the workspace), for the step's log. */
function inWorkspace(file: string, env: NodeJS.ProcessEnv): string {
  const relative = path.relative(env.GITHUB_WORKSPACE || process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
