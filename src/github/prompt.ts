// The PROMPT an agent receives, in the shapes Action Llama's scheduler uses, derived from the event
// that triggered the workflow when the user gives none; and what a dispatch event adds to any
// prompt: workflow_dispatch's `inputs` and repository_dispatch's `client_payload`, which no Action
// Llama prompt builder carries. Each is a block in the form of upstream's own `<webhook-trigger>`: a
// tag around the JSON, then one sentence. The dispatch blocks are shared with the project-mode
// entry (src/agent-runtime), which builds the rest of its prompt with upstream's own code.
import { eventContext, readPayload } from './context.ts';

const scheduled = 'You are running on a schedule. Check for new work and act on anything you find.';
const manual = 'You have been triggered manually. Check for new work and act on anything you find.';

export function userPrompt(text: string): string {
  return `<user-prompt>\n${text}\n</user-prompt>\n\nYou have been given a specific task. Complete the task described above.`;
}

function webhookPrompt(context: object): string {
  return `<webhook-trigger>\n${JSON.stringify(context)}\n</webhook-trigger>\n\nA webhook event just fired. Review the trigger context above and take appropriate action.`;
}

/**
 * The contract image's prompt: the user's text if given, else one shaped by the triggering event,
 * for every event the trigger context upstream's GitHub provider builds (src/github/context.ts).
 * An event upstream reads no context from reads as a manual run.
 */
export function defaultPrompt(env: NodeJS.ProcessEnv, given: string | undefined): string {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  // workflow_dispatch inputs and repository_dispatch client payloads follow the prompt, as in project mode.
  const extra = dispatchSection(eventName, readPayload(env.GITHUB_EVENT_PATH));
  if (given) return userPrompt(given) + extra;
  if (eventName === 'schedule') return scheduled;
  const context = eventName === 'workflow_dispatch' ? null : eventContext(env);
  return (context ? webhookPrompt(context) : manual) + extra;
}

/** Upstream's rule for event texts (truncateEventText): longer than 4000 characters, cut and "...". */
const maxText = 4000;

const sections = {
  workflow_dispatch: {
    field: 'inputs',
    tag: 'workflow-inputs',
    sentence: 'The workflow_dispatch event that started this run carried the inputs above.',
  },
  repository_dispatch: {
    field: 'client_payload',
    tag: 'client-payload',
    sentence: 'The repository_dispatch event that started this run carried the client payload above.',
  },
} as const;

/**
 * The block to append to the prompt for event `name`, with its leading blank line; empty for
 * other events and for a dispatch that carried nothing.
 */
export function dispatchSection(name: string, payload: unknown): string {
  if (name !== 'workflow_dispatch' && name !== 'repository_dispatch') return '';
  const section = sections[name];
  const data = (payload as Record<string, unknown> | null)?.[section.field];
  if (!data || typeof data !== 'object' || !Object.keys(data).length) return '';
  return `\n\n<${section.tag}>\n${blockJson(data)}\n</${section.tag}>\n\n${section.sentence}`;
}

/** JSON whose text cannot close the tag around it: `<` is written as its escape, the same value. */
function blockJson(data: object): string {
  return JSON.stringify(cutTexts(data)).replaceAll('<', '\\u003c');
}

function cutTexts(value: unknown): unknown {
  if (typeof value === 'string') return value.length > maxText ? `${value.slice(0, maxText)}...` : value;
  if (Array.isArray(value)) return value.map(cutTexts);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cutTexts(item)]));
  return value;
}
