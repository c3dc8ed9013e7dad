// Upstream Action Llama's own code, the reference for the differential tests: the exact version
// the project-mode image pins (a devDependency; test/unit/github/context.test.ts checks they agree).
// Its package exports none of these modules, so they are loaded by file, beside its entry point.
import type { GitHubContext, GitHubPayload } from '../../src/github/context.ts';
import type { GitHubFilter } from '../../src/project/triggers.ts';

const entry = import.meta.resolve('@action-llama/action-llama'); // dist/cli/main.js (not run)
const load = (file: string): Promise<unknown> => import(new URL(`../${file}`, entry).href);

interface Provider {
  parseEvent(headers: Record<string, string | undefined>, body: GitHubPayload): GitHubContext | null;
  matchesFilter(context: GitHubContext, filter: GitHubFilter): boolean;
}

const { GitHubWebhookProvider } = (await load('webhooks/providers/github.js')) as {
  GitHubWebhookProvider: new () => Provider;
};
const setup = (await load('events/webhook-setup.js')) as {
  buildFilterFromTrigger(trigger: object, providerType: string): GitHubFilter | undefined;
};
const prompts = (await load('agents/prompt.js')) as { buildWebhookSuffix(context: object): string };

const provider = new GitHubWebhookProvider();

export const upstream = {
  /** What upstream's gateway reads from a delivery of webhook event `event`. */
  parseEvent: (event: string, body: GitHubPayload) => provider.parseEvent({ 'x-github-event': event }, body),
  matchesFilter: (context: GitHubContext, filter: GitHubFilter) => provider.matchesFilter(context, filter),
  buildFilter: (trigger: object) => setup.buildFilterFromTrigger(trigger, 'github'),
  webhookSuffix: (context: object) => prompts.buildWebhookSuffix(context),
};
