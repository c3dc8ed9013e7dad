// What started this run, as the action passes it to the container (AL_EVENT_NAME, AL_EVENT: the
// GitHub event's name and its payload, slimmed by src/github/payload.ts; AL_PROMPT: the `prompt`
// input), turned into upstream's own prompt by upstream's own GitHub provider and prompt builders.
import { dispatchSection } from '../github/prompt.ts';
import type { AgentConfig, Upstream } from './upstream.ts';

export interface Trigger {
  /** GITHUB_EVENT_NAME; empty when unknown. */
  event: string;
  payload: Record<string, unknown>;
  /** The action's `prompt` input: the run's task. */
  prompt?: string;
}

export function parseTrigger(env: NodeJS.ProcessEnv): Trigger {
  const payload = env.AL_EVENT ? (JSON.parse(env.AL_EVENT) as unknown) : {};
  if (!payload || typeof payload !== 'object' || Array.isArray(payload))
    throw new Error('AL_EVENT is not a JSON object');
  return {
    event: env.AL_EVENT_NAME ?? '',
    payload: payload as Record<string, unknown>,
    prompt: env.AL_PROMPT || undefined,
  };
}

/** The prompt, the trigger info upstream's runner records, and a note for the log. */
export interface Built {
  prompt: string;
  info: { type: string; source?: string };
  note?: string;
}

// The scheduler's prompt context: it offers the lock skill to every agent.
const ctx = { skills: { locking: true } };

/**
 * A given prompt is the task of a manual run; a schedule is upstream's scheduled prompt;
 * workflow_dispatch a manual run; any other event goes through upstream's GitHub provider as a
 * webhook would. The dispatch events' data is appended in every case (src/github/prompt.ts).
 */
export function buildPrompt(upstream: Upstream, config: AgentConfig, trigger: Trigger): Built {
  const { event, payload, prompt } = trigger;
  const extra = dispatchSection(event, payload);
  const manual = (note?: string): Built => ({
    prompt: upstream.makeManualPrompt(config, ctx, prompt) + extra,
    info: { type: 'manual' },
    note,
  });
  if (prompt || event === 'workflow_dispatch' || !event) return manual();
  if (event === 'schedule')
    return { prompt: upstream.makeScheduledPrompt(config, ctx), info: { type: 'schedule' } };
  const context = upstream.parseGitHubEvent(webhookEvent(event), payload);
  if (!context)
    return manual(
      `Action Llama's GitHub provider finds no trigger context in the ${event} event (a ping, or a payload without its repository, issue, pull request, comment or review): the agent gets the manual prompt`,
    );
  return {
    prompt: upstream.makeWebhookPrompt(config, context, ctx) + extra,
    info: { type: 'webhook', source: 'github' },
  };
}

/** The webhook a workflow event corresponds to: pull_request_target carries a pull_request payload. */
export function webhookEvent(event: string): string {
  return event === 'pull_request_target' ? 'pull_request' : event;
}
