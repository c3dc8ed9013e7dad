// Who may start a run. On events anyone can cause (a comment, an issue, a review, a discussion, a
// fork's pull request) the workflow holds the repository's secrets, so whoever caused the event
// must have write access (GitHub's collaborator permission API), or be named in `allowed_users`;
// a bot must be named in `allowed_bots`. The action's own comments and unlisted bots end the step
// as skipped, so nothing re-triggers a run by accident. `decide` is a pure decision over the event
// and what GitHub said; `whoMayStart` asks GitHub at most once, and only when the decision needs it
// (an event only a writer can cause, an allow-listed actor, a bot or the action's own comment never
// reach the API). Runs before any cloud call.
import { collaboratorPermission, type PermissionAnswer } from './api.ts';
import { readPayload } from './context.ts';

/** Found in the body of every comment the action writes, so it never starts a run itself. */
export const commentMarker = '<!-- cloud-run-agent:';

/** Only someone with write access (or GitHub, or an app installed by an admin) can cause these. */
const writerOnlyEvents = new Set([
  'schedule',
  'workflow_dispatch',
  'repository_dispatch',
  'push',
  'create',
  'delete',
  'release',
  'merge_group',
  'deployment',
  'deployment_status',
  'check_run',
  'check_suite',
  'status',
  'page_build',
  'registry_package',
  'label',
  'milestone',
  'branch_protection_rule',
  'public',
]);

/** The parts of an event payload the decision reads. */
export interface EventPayload {
  sender?: { login?: unknown; type?: unknown };
  comment?: { body?: unknown; user?: { login?: unknown; type?: unknown } };
  pull_request?: {
    head?: { repo?: { full_name?: unknown } | null };
    base?: { repo?: { full_name?: unknown } };
  };
}

/** GitHub's answer for the actor: its `permission` (admin, write, read, none), or why there is none. */
export interface Facts {
  eventName: string;
  payload: EventPayload;
  /** GITHUB_ACTOR: who caused the event, when the payload names no sender. */
  actor?: string;
  /** GITHUB_TRIGGERING_ACTOR: who started this attempt (a re-run's is not the event's actor). */
  triggeringActor?: string;
  repository: string;
  allowedUsers: string[];
  allowedBots: string[];
  /** Undefined until asked: the decision says when it needs it. */
  permission?: PermissionAnswer;
}

export type Decision =
  | { verdict: 'run'; why: string }
  | { verdict: 'skip'; why: string }
  | { verdict: 'refuse'; why: string }
  /** Ask GitHub for this login's permission, then decide again with it. */
  | { verdict: 'ask'; login: string };

// A GitHub login (letters, digits, hyphens; at most 39), or an app's, with `[bot]` after it. Only
// a login of this shape is ever printed: the payload is the event's, not the action's.
const loginPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$/;

export const isLogin = (text: string): boolean => loginPattern.test(text);

const sameLogin = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const withoutBot = (login: string): string => login.replace(/\[bot\]$/i, '');

export function decide(facts: Facts): Decision {
  const { eventName, payload } = facts;
  const needsCheck = eventNeedsCheck(eventName, payload);
  if (!needsCheck) return { verdict: 'run', why: `a ${eventName} event needs no check` };

  const body = payload.comment?.body;
  if (typeof body === 'string' && body.includes(commentMarker))
    return {
      verdict: 'skip',
      why: 'The comment is one the action wrote (it carries the cloud-run-agent marker): the action never starts a run on its own comments.',
    };

  const sender = text(payload.sender?.login) ?? facts.actor;
  if (!sender || !isLogin(sender))
    return {
      verdict: 'refuse',
      why: `The ${eventName} event names no GitHub login as its sender, so nobody can be checked: nothing was created.`,
    };

  if (sender.endsWith('[bot]') || payload.sender?.type === 'Bot') {
    if (facts.allowedBots.some((bot) => bot === '*' || sameLogin(withoutBot(bot), withoutBot(sender))))
      return { verdict: 'run', why: `${sender} is in "allowed_bots"` };
    return {
      verdict: 'skip',
      why: `The ${eventName} event was caused by the bot ${sender}, which is not in "allowed_bots": nothing was created. To let it start runs, add ${withoutBot(sender)} to "allowed_bots".`,
    };
  }

  if (facts.allowedUsers.some((user) => sameLogin(user, sender)))
    return { verdict: 'run', why: `${sender} is in "allowed_users"` };
  if (!facts.permission) return { verdict: 'ask', login: sender };
  return judgePermission(facts, sender, needsCheck, facts.permission);
}

/** Why the event needs a check (a phrase), or undefined when only a writer can cause it. */
function eventNeedsCheck(eventName: string, payload: EventPayload): string | undefined {
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const head = text(payload.pull_request?.head?.repo?.full_name);
    const base = text(payload.pull_request?.base?.repo?.full_name);
    // A deleted fork has no head repository: a fork still.
    return head && base && head === base ? undefined : `a ${eventName} event from a fork`;
  }
  // Every other event, including those this list does not know, is checked: fail closed.
  return writerOnlyEvents.has(eventName) ? undefined : `an ${eventName || 'unnamed'} event`;
}

function judgePermission(facts: Facts, login: string, event: string, answer: PermissionAnswer): Decision {
  const how = `To let ${login} start runs, give them write access to ${facts.repository}, or add ${login} to the "allowed_users" input.`;
  const reRun =
    facts.triggeringActor && isLogin(facts.triggeringActor) && !sameLogin(facts.triggeringActor, login)
      ? ` This attempt was started by ${facts.triggeringActor}, but a re-run is judged by who caused the event.`
      : '';
  if ('error' in answer)
    return {
      verdict: 'refuse',
      why: `Could not check whether ${login} may start a run on ${event}: ${answer.error}. Nothing was created (the check fails closed). The "github_token" input needs only metadata: read, which every GITHUB_TOKEN has: check that it is this repository's token, then re-run. ${how}`,
    };
  if ('notCollaborator' in answer)
    return {
      verdict: 'refuse',
      why: `${login} is not a collaborator of ${facts.repository} (permission: none), and ${event} needs write access or more to start a run. Nothing was created.${reRun} ${how}`,
    };
  const level = /^[a-z_]{1,20}$/.test(answer.permission) ? answer.permission : 'unknown';
  if (level === 'admin' || level === 'write')
    return { verdict: 'run', why: `${login} has ${level} access to ${facts.repository}` };
  return {
    verdict: 'refuse',
    why: `${login} has ${level} access to ${facts.repository}, and ${event} needs write access or more to start a run. Nothing was created.${reRun} ${how}`,
  };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** The inputs the decision reads. */
export interface WhoMayStartInputs {
  allowedUsers: string[];
  allowedBots: string[];
  githubToken?: string;
}

export async function whoMayStart(inputs: WhoMayStartInputs, env: NodeJS.ProcessEnv): Promise<Decision> {
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
