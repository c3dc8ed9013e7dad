// What a dispatch event adds to the agent's prompt: workflow_dispatch's `inputs` and
// repository_dispatch's `client_payload`, which no Action Llama prompt builder carries. Each is a
// block in the form of upstream's own `<webhook-trigger>`: a tag around the JSON, then one sentence.
// Shared by the project-mode entry and the contract images' builder (src/prompt.ts).

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
