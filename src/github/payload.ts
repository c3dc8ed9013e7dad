// The GitHub event, as project mode hands it to the container: upstream's own GitHub provider
// builds the trigger context from it there (src/agent-runtime/event-prompt.ts). A payload is often
// larger than the 32,768 bytes Cloud Run takes in one environment variable (EnvVar.value; the
// `repository` object alone is several KB), so it is slimmed, in stages that leave upstream's
// context unchanged for as long as possible:
//   1. every string longer than 4001 characters is cut to 4001, except the strings upstream reads
//      whole. Upstream cuts the texts it reads to 4000 characters and appends "..." when longer;
//      4001 characters are still longer, so its output is the same;
//   2. if still too large, only what upstream's provider reads (and the dispatch data the entry
//      adds to the prompt) is kept;
//   3. if still too large, every string is cut shorter, and the action warns that the prompt
//      differs from upstream's; 4. if nothing fits, the run stops before any cloud call.
import { readPayload } from './context.ts';

/** Cloud Run's limit on one environment variable's value (proto EnvVar.value). */
export const envValueLimitBytes = 32_768;
/** One more than upstream's MAX_TEXT_LENGTH (dist/webhooks/validation.js): still cut by upstream. */
export const textLimit = 4001;

/**
 * What upstream reads of a payload (GitHubWebhookProvider.parseEvent and extractContext in
 * dist/webhooks/providers/github.js, 0.29.1): `text` strings it passes through truncateEventText,
 * `whole` values it uses as they are, `data` the dispatch data the entry adds (its section cuts
 * long strings itself). An array of one spec applies it to every element.
 */
type Spec = 'text' | 'whole' | 'data' | Spec[] | { [key: string]: Spec };

const login = { login: 'whole' } as const;
const labels = [{ name: 'whole' }] as Spec[];
export const readByUpstream: Spec = {
  action: 'whole',
  repository: { full_name: 'whole' },
  sender: login,
  // issues, issue_comment
  issue: {
    number: 'whole',
    title: 'whole',
    body: 'text',
    html_url: 'whole',
    user: login,
    assignee: login,
    labels,
  },
  // pull_request (and pull_request_target), pull_request_review
  pull_request: {
    number: 'whole',
    title: 'whole',
    body: 'text',
    html_url: 'whole',
    user: login,
    assignee: login,
    labels,
    head: { ref: 'whole' },
  },
  comment: { html_url: 'whole', body: 'text' },
  review: { html_url: 'whole', body: 'text' },
  // push
  ref: 'whole',
  compare: 'whole',
  head_commit: { message: 'whole', author: { username: 'whole' } },
  pusher: { name: 'whole' },
  // workflow_run
  workflow_run: {
    name: 'whole',
    html_url: 'whole',
    head_branch: 'whole',
    actor: login,
    conclusion: 'whole',
    pull_requests: [{ number: 'whole' }],
  },
  // workflow_dispatch, repository_dispatch: added to the prompt by the entry
  inputs: 'data',
  client_payload: 'data',
};

interface Stage {
  /** Strings longer than this are cut to it. */
  cut: number;
  /** Drop what upstream does not read. */
  drop: boolean;
  /** Cut the strings upstream reads whole too (its context then differs). */
  cutWhole: boolean;
}

const stages: Stage[] = [
  { cut: textLimit, drop: false, cutWhole: false },
  { cut: textLimit, drop: true, cutWhole: false },
  ...[2000, 1000, 500, 200, 50].map((cut) => ({ cut, drop: true, cutWhole: true })),
];

export interface SlimEvent {
  /** The payload's JSON, at most `limitBytes` bytes of UTF-8. */
  json: string;
  /** Set when the context upstream builds from `json` differs from the full payload's. */
  lossy?: string;
}

/** The payload as JSON within `limitBytes`; throws when even the last stage does not fit. */
export function slimEvent(payload: unknown, limitBytes = envValueLimitBytes): SlimEvent {
  for (const stage of stages) {
    const json = JSON.stringify(slim(payload, readByUpstream, stage) ?? {});
    if (Buffer.byteLength(json) > limitBytes) continue;
    if (!stage.cutWhole) return { json };
    return {
      json,
      lossy: `its texts were cut to ${stage.cut} characters to fit Cloud Run's limit of ${limitBytes} bytes per environment variable, so the agent's prompt holds less than Action Llama's own would`,
    };
  }
  throw new Error(
    `The event payload is too large to pass to the agent's container, even with only the fields Action Llama reads (Cloud Run takes at most ${limitBytes} bytes per environment variable). Give the agent its task with the prompt input.`,
  );
}

function slim(value: unknown, spec: Spec | undefined, stage: Stage): unknown {
  if (spec === undefined && stage.drop) return undefined;
  if (typeof value === 'string') {
    const keep = spec === 'whole' && !stage.cutWhole;
    return keep || value.length <= stage.cut ? value : value.slice(0, stage.cut);
  }
  if (Array.isArray(value)) {
    const element = Array.isArray(spec) ? spec[0] : typeof spec === 'string' ? spec : undefined;
    return value.map((item) => slim(item, element, stage)).filter((item) => item !== undefined);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const child = spec === undefined ? undefined : typeof spec === 'string' ? spec : fieldSpec(spec, key);
      const slimmed = slim(item, child, stage);
      if (slimmed !== undefined) out[key] = slimmed;
    }
    return out;
  }
  return value;
}

function fieldSpec(spec: Spec[] | { [key: string]: Spec }, key: string): Spec | undefined {
  if (Array.isArray(spec)) return undefined;
  return Object.hasOwn(spec, key) ? spec[key] : undefined;
}

/**
 * The environment that tells the project-mode entry what started the run: the event's name, its
 * payload (slimmed) and the `prompt` input. `warn` hears when the payload had to lose what
 * upstream reads.
 */
export function eventEnv(
  env: NodeJS.ProcessEnv,
  prompt: string | undefined,
  warn: (message: string) => void,
): Record<string, string> {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const slimmed = slimEvent(readPayload(env.GITHUB_EVENT_PATH));
  if (slimmed.lossy) warn(`The ${name} event's payload: ${slimmed.lossy}.`);
  return {
    AL_EVENT_NAME: name,
    AL_EVENT: slimmed.json,
    ...(prompt && { AL_PROMPT: prompt }),
  };
}
