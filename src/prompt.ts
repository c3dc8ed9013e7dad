// The PROMPT an agent receives, in the shapes Action Llama's scheduler uses, derived from the event
// that triggered the workflow when the user gives none.
import { dispatchSection } from './dispatch-prompt.ts';
import { eventContext, readPayload } from './github-context.ts';

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
 * for every event the trigger context upstream's GitHub provider builds (src/github-context.ts).
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
