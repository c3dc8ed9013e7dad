// The PROMPT an agent receives, in the shapes Action Llama's scheduler uses, derived from the event
// that triggered the workflow when the user gives none.
import fs from 'node:fs';
import { dispatchSection } from './dispatch-prompt.ts';

const scheduled = 'You are running on a schedule. Check for new work and act on anything you find.';
const manual = 'You have been triggered manually. Check for new work and act on anything you find.';

export function userPrompt(text: string): string {
  return `<user-prompt>\n${text}\n</user-prompt>\n\nYou have been given a specific task. Complete the task described above.`;
}

function webhookPrompt(context: Record<string, unknown>): string {
  return `<webhook-trigger>\n${JSON.stringify(context)}\n</webhook-trigger>\n\nA webhook event just fired. Review the trigger context above and take appropriate action.`;
}

interface GitHubEvent {
  action?: string;
  repository?: { full_name?: string };
  sender?: { login?: string };
  pull_request?: {
    number?: number;
    title?: string;
    body?: string | null;
    html_url?: string;
    user?: { login?: string };
    assignee?: { login?: string } | null;
    labels?: { name?: string }[];
    head?: { ref?: string };
  };
}

/** The prompt for this run: the user's text if given, else one shaped by the triggering event. */
export function defaultPrompt(env: NodeJS.ProcessEnv, given: string | undefined): string {
  const trigger = projectTrigger(env, given);
  const extra = dispatchSection(env.GITHUB_EVENT_NAME ?? '', readEvent(env.GITHUB_EVENT_PATH));
  if (trigger.type === 'manual') return (trigger.prompt ? userPrompt(trigger.prompt) : manual) + extra;
  if (trigger.type === 'schedule') return scheduled;
  return webhookPrompt(trigger.context) + extra;
}

/** What started the run, as the contract images' prompt is built from it. */
export type Trigger =
  | { type: 'schedule' }
  | { type: 'manual'; prompt?: string }
  | { type: 'webhook'; source: 'github'; context: Record<string, unknown> };

export function projectTrigger(env: NodeJS.ProcessEnv, given: string | undefined): Trigger {
  if (given) return { type: 'manual', prompt: given };
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  if (eventName === 'schedule') return { type: 'schedule' };
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const event = readEvent(env.GITHUB_EVENT_PATH);
    const pr = event.pull_request ?? {};
    const body = pr.body || undefined;
    // The same keys, in the same order and with the same fallbacks, as upstream's GitHub webhook context.
    const context = {
      source: 'github',
      event: 'pull_request',
      action: event.action,
      repo: event.repository?.full_name ?? env.GITHUB_REPOSITORY,
      sender: event.sender?.login || 'unknown',
      timestamp: new Date().toISOString(),
      number: pr.number,
      title: pr.title,
      body: body && body.length > 4000 ? `${body.slice(0, 4000)}...` : body,
      url: pr.html_url,
      author: pr.user?.login,
      assignee: pr.assignee?.login,
      labels: (pr.labels ?? []).map((l) => l.name),
      branch: pr.head?.ref,
    };
    return { type: 'webhook', source: 'github', context };
  }
  return { type: 'manual' };
}

function readEvent(file: string | undefined): GitHubEvent {
  if (!file) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as GitHubEvent;
  } catch {
    return {};
  }
}
