// Who may start this run, as src/authorisation.ts decides it, with GitHub asked at most once and
// only when the decision needs it: an event only a writer can cause, an allow-listed actor, a bot
// or the action's own comment never reach the API. Runs before any cloud call.
import { readPayload } from './github-context.ts';
import { decide, type Decision, type EventPayload, type Facts } from './authorisation.ts';
import { collaboratorPermission } from './collaborators.ts';
import type { Inputs } from './inputs.ts';

export async function whoMayStart(
  inputs: Pick<Inputs, 'allowedUsers' | 'allowedBots' | 'githubToken'>,
  env: NodeJS.ProcessEnv,
): Promise<Decision> {
  const facts: Facts = {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload: readPayload(env.GITHUB_EVENT_PATH) as EventPayload,
    actor: env.GITHUB_ACTOR || undefined,
    triggeringActor: env.GITHUB_TRIGGERING_ACTOR || undefined,
    repository: env.GITHUB_REPOSITORY ?? '',
    allowedUsers: inputs.allowedUsers,
    allowedBots: inputs.allowedBots,
  };
  const first = decide(facts);
  if (first.verdict !== 'ask') return first;
  const permission = await collaboratorPermission(
    { apiUrl: env.GITHUB_API_URL || 'https://api.github.com', token: inputs.githubToken ?? '' },
    facts.repository,
    first.login,
  );
  return decide({ ...facts, permission });
}
