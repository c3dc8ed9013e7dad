// The trigger context of the event that started the workflow, in the shape Action Llama's GitHub
// webhook provider builds it (GitHubWebhookProvider.parseEvent and extractContext, 0.29): the same
// keys in the same order, the same fallbacks, texts cut at 4,000 characters plus "...", null where
// upstream reads no context. The agent's prompt and its trigger filters (src/project/triggers.ts) both read
// it, so an agent sees and accepts in a workflow what it would see and accept behind upstream's
// gateway. test/unit/github/context.test.ts compares it with upstream's own on recorded payloads.
import fs from 'node:fs';

/** Upstream's WebhookContext, keys in the order upstream writes them. */
export interface GitHubContext {
  source: 'github';
  event: string;
  action?: string;
  repo: string;
  sender: string;
  timestamp: string;
  // A payload's null (a run's conclusion before it completes, a deleted branch) is kept, as upstream.
  number?: number | null;
  title?: string | null;
  body?: string;
  url?: string | null;
  author?: string | null;
  assignee?: string | null;
  labels?: (string | undefined)[];
  branch?: string | null;
  conclusion?: string | null;
  comment?: string;
}

interface User {
  login?: string;
}
interface Labelled {
  number?: number;
  title?: string;
  body?: string | null;
  html_url?: string;
  user?: User | null;
  assignee?: User | null;
  labels?: { name?: string }[];
}
interface Comment {
  body?: string | null;
  html_url?: string;
}

/** The parts of a GitHub event payload upstream reads. */
export interface GitHubPayload {
  action?: string;
  repository?: { full_name?: string };
  sender?: User;
  issue?: Labelled;
  pull_request?: Labelled & { head?: { ref?: string } };
  comment?: Comment;
  review?: Comment;
  ref?: string;
  compare?: string;
  head_commit?: { message?: string; author?: { username?: string } } | null;
  pusher?: { name?: string };
  workflow_run?: {
    name?: string | null;
    html_url?: string;
    head_branch?: string | null;
    actor?: User;
    conclusion?: string | null;
    pull_requests?: { number?: number }[];
  };
}

/**
 * The webhook event GitHub would deliver for an Actions event. Only pull_request_target differs:
 * it is Actions' name for a `pull_request` delivery run in the base repository's context, with the
 * same payload, so upstream (and an agent's `events = ["pull_request"]`) sees "pull_request".
 */
export function webhookEventName(actionsEvent: string): string {
  return actionsEvent === 'pull_request_target' ? 'pull_request' : actionsEvent;
}

/** The context of the workflow's event (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH), or null as upstream. */
export function eventContext(env: NodeJS.ProcessEnv, now = new Date()): GitHubContext | null {
  const event = env.GITHUB_EVENT_NAME;
  if (!event) return null;
  return githubContext(webhookEventName(event), readPayload(env.GITHUB_EVENT_PATH), now);
}

/** Upstream's parseEvent for the webhook event `event` with payload `body`. */
export function githubContext(event: string, body: GitHubPayload, now = new Date()): GitHubContext | null {
  if (event === 'ping') return null; // webhook set-up, not an event
  const repo = body.repository?.full_name;
  if (!repo) return null;
  const base = {
    source: 'github' as const,
    event,
    action: body.action,
    repo,
    sender: body.sender?.login || 'unknown',
    timestamp: now.toISOString(),
  };
  return extract(event, body, base);
}

type Base = Pick<GitHubContext, 'source' | 'event' | 'action' | 'repo' | 'sender' | 'timestamp'>;

function extract(event: string, body: GitHubPayload, base: Base): GitHubContext | null {
  switch (event) {
    case 'issues':
      return body.issue ? issues(body.issue, base) : null;
    case 'pull_request':
      return body.pull_request ? pullRequest(body.pull_request, base) : null;
    case 'issue_comment':
      return body.issue && body.comment ? issueComment(body.issue, body.comment, base) : null;
    case 'pull_request_review':
      return body.pull_request && body.review ? review(body.pull_request, body.review, base) : null;
    case 'push':
      return push(body, base);
    case 'workflow_run':
      return body.workflow_run ? workflowRun(body.workflow_run, base) : null;
    default:
      // Every other event: upstream's generic context.
      return { ...base, title: body.action || event };
  }
}

const names = (labels: { name?: string }[] | undefined) => labels?.map((l) => l.name) || [];

function issues(issue: Labelled, base: Base): GitHubContext {
  return {
    ...base,
    number: issue.number,
    title: issue.title,
    body: truncate(issue.body),
    url: issue.html_url,
    author: issue.user?.login,
    assignee: issue.assignee?.login,
    labels: names(issue.labels),
  };
}

function pullRequest(pr: NonNullable<GitHubPayload['pull_request']>, base: Base): GitHubContext {
  return { ...issues(pr, base), branch: pr.head?.ref };
}

function issueComment(issue: Labelled, comment: Comment, base: Base): GitHubContext {
  return {
    ...base,
    number: issue.number,
    title: issue.title,
    url: comment.html_url,
    author: issue.user?.login,
    comment: truncate(comment.body),
    labels: names(issue.labels),
  };
}

function review(pr: NonNullable<GitHubPayload['pull_request']>, review: Comment, base: Base): GitHubContext {
  return {
    ...base,
    number: pr.number,
    title: pr.title,
    url: review.html_url,
    author: pr.user?.login,
    comment: truncate(review.body),
    branch: pr.head?.ref,
  };
}

function push(body: GitHubPayload, base: Base): GitHubContext {
  // As upstream: the first "refs/heads/" goes, so a tag push keeps its whole ref.
  const branch = (body.ref || '').replace('refs/heads/', '');
  return {
    ...base,
    branch,
    url: body.compare,
    title: body.head_commit?.message,
    author: body.head_commit?.author?.username || body.pusher?.name,
  };
}

function workflowRun(run: NonNullable<GitHubPayload['workflow_run']>, base: Base): GitHubContext {
  const first = run.pull_requests?.length ? run.pull_requests[0] : undefined;
  return {
    ...base,
    title: run.name,
    url: run.html_url,
    branch: run.head_branch,
    author: run.actor?.login,
    conclusion: run.conclusion,
    number: first?.number,
  };
}

/** Upstream's truncateEventText: empty is undefined, more than 4,000 characters is cut with "...". */
function truncate(text: string | null | undefined, max = 4000): string | undefined {
  if (!text) return undefined;
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** The payload at GITHUB_EVENT_PATH; one that cannot be read is empty (and so has no context). */
export function readPayload(file: string | undefined): GitHubPayload {
  if (!file) return {};
  try {
    const payload: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return payload && typeof payload === 'object' ? (payload as GitHubPayload) : {};
  } catch {
    return {};
  }
}
