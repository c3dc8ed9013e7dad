// What started this run, as the action passes it to the container (AL_TRIGGER, JSON), turned into
// upstream's own prompt by upstream's own builders.
import type { AgentConfig, Upstream } from './upstream.ts';

export type Trigger =
  | { type: 'schedule' }
  | { type: 'manual'; prompt?: string }
  | { type: 'webhook'; source?: string; context: Record<string, unknown> };

export function parseTrigger(text: string | undefined): Trigger {
  if (!text) return { type: 'manual' };
  const value = JSON.parse(text) as Partial<Trigger> & Record<string, unknown>;
  if (value.type === 'schedule') return { type: 'schedule' };
  if (value.type === 'webhook' && value.context && typeof value.context === 'object')
    return {
      type: 'webhook',
      source: typeof value.source === 'string' ? value.source : undefined,
      context: value.context as Record<string, unknown>,
    };
  if (value.type === 'manual')
    return {
      type: 'manual',
      prompt: typeof value.prompt === 'string' && value.prompt ? value.prompt : undefined,
    };
  throw new Error(`AL_TRIGGER has an unknown type: ${JSON.stringify(value.type)}`);
}

// The scheduler's prompt context: it offers the lock skill to every agent.
const ctx = { skills: { locking: true } };

export function buildPrompt(upstream: Upstream, config: AgentConfig, trigger: Trigger): string {
  if (trigger.type === 'schedule') return upstream.makeScheduledPrompt(config, ctx);
  if (trigger.type === 'webhook') return upstream.makeWebhookPrompt(config, trigger.context, ctx);
  return upstream.makeManualPrompt(config, ctx, trigger.prompt);
}

/** The trigger info upstream's runner records for the run. */
export function triggerInfo(trigger: Trigger): { type: string; source?: string } {
  return trigger.type === 'webhook'
    ? { type: 'webhook', source: trigger.source ?? 'github' }
    : { type: trigger.type };
}
