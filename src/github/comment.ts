// The agent's one comment on the pull request or issue that started the run (`comment: true`):
// found again by its marker among the comments of the token's own identity, created once, then
// updated. Every failure (no permission, GitHub down) is a warning for the caller to print, never
// a failed run. REST: https://docs.github.com/en/rest/issues/comments (a pull request's
// conversation comments are issue comments). As main and post use it: "running" when the execution
// starts, the outcome when it ends, and, from post, "stopped" when main never got there (cancelled,
// or it failed). The comment's id is saved in the step state as soon as it exists. Its text is
// markdown.ts's.
import fs from 'node:fs';
import {
  isMarked,
  outcomeBody,
  runningBody,
  stoppedBody,
  type CommentOutcome,
  type Links,
} from './markdown.ts';
import { githubRequest, type GitHubAnswer, type GitHubApi } from './api.ts';

/** The events whose payload names a pull request or an issue, and where its number is. */
const threadNumber: Record<string, (event: EventPayload) => number | undefined> = {
  pull_request: (e) => e.pull_request?.number ?? e.number,
  pull_request_target: (e) => e.pull_request?.number ?? e.number,
  pull_request_review: (e) => e.pull_request?.number,
  pull_request_review_comment: (e) => e.pull_request?.number,
  issues: (e) => e.issue?.number,
  issue_comment: (e) => e.issue?.number,
};

interface EventPayload {
  number?: number;
  pull_request?: { number?: number };
  issue?: { number?: number };
}

export interface Thread {
  repository: string;
  number: number;
}

/** The pull request or issue of the triggering event, or undefined for any other event. */
export function threadOf(env: NodeJS.ProcessEnv): Thread | undefined {
  const numberOf = threadNumber[env.GITHUB_EVENT_NAME ?? ''];
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!numberOf || !/^[\w.-]+\/[\w.-]+$/.test(repository) || !env.GITHUB_EVENT_PATH) return undefined;
  try {
    const number = numberOf(JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as EventPayload);
    return Number.isInteger(number) && number! > 0 ? { repository, number: number! } : undefined;
  } catch {
    return undefined;
  }
}

/** The identity GITHUB_TOKEN acts as; its comments are github-actions[bot]'s. */
export const workflowTokenLogin = 'github-actions[bot]';

/**
 * Whom the token acts as. GraphQL's `viewer` answers for every kind of token (GET /user refuses
 * installation tokens such as GITHUB_TOKEN); without an answer, the workflow token's bot.
 */
export async function tokenLogin(api: GitHubApi, graphqlUrl: string): Promise<string> {
  const answer = await githubRequest({ ...api, apiUrl: graphqlUrl }, 'POST', '', {
    query: 'query { viewer { login } }',
  });
  const login = answer.ok
    ? (answer.body as { data?: { viewer?: { login?: unknown } } })?.data?.viewer?.login
    : '';
  return typeof login === 'string' && login ? login : workflowTokenLogin;
}

interface IssueComment {
  id: number;
  body?: string;
  user?: { login?: string } | null;
}

const perPage = 100;
/** 10,000 comments: far beyond any thread, short of an endless loop on a misbehaving server. */
const maxPages = 100;

/** A failure to comment, in words for a warning, with GitHub's status. */
export class CommentError extends Error {
  readonly status?: number;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

function failure(doing: string, answer: GitHubAnswer & { ok: false }): CommentError {
  const hint =
    answer.status === 403 || answer.status === 404
      ? '; the job needs `permissions: { issues: write, pull-requests: write }` for github_token'
      : '';
  const message = answer.message ? ` (${answer.message})` : '';
  return new CommentError(`Could not ${doing}: ${answer.why}${message}${hint}`, answer.status);
}

/** The oldest comment of `login` whose first line is the agent's marker; every page is read. */
export async function findComment(
  api: GitHubApi,
  thread: Thread,
  agent: string,
  login: string,
): Promise<number | undefined> {
  for (let page = 1; page <= maxPages; page++) {
    const path = `/repos/${thread.repository}/issues/${thread.number}/comments?per_page=${perPage}&page=${page}`;
    const answer = await githubRequest(api, 'GET', path);
    if (!answer.ok) throw failure(`list the comments of #${thread.number}`, answer);
    const comments = Array.isArray(answer.body) ? (answer.body as IssueComment[]) : [];
    // Only the token's own comments count: anyone can write the marker into theirs.
    const mine = comments.find((c) => c.user?.login === login && isMarked(c.body ?? '', agent));
    if (mine) return mine.id;
    if (comments.length < perPage) return undefined;
  }
  return undefined;
}

/** Updates the comment `id`, or creates one when there is none; returns its id. */
export async function writeComment(
  api: GitHubApi,
  thread: Thread,
  id: number | undefined,
  body: string,
): Promise<number> {
  const create = () =>
    githubRequest(api, 'POST', `/repos/${thread.repository}/issues/${thread.number}/comments`, { body });
  let answer =
    id === undefined
      ? await create()
      : await githubRequest(api, 'PATCH', `/repos/${thread.repository}/issues/comments/${id}`, { body });
  // Deleted since it was found: a new one takes its place.
  if (id !== undefined && !answer.ok && answer.status === 404) answer = await create();
  if (!answer.ok) throw failure(`comment on #${thread.number}`, answer);
  const written = (answer.body as IssueComment | undefined)?.id;
  if (typeof written !== 'number') throw new CommentError('GitHub answered without the comment');
  return written;
}

export interface ThreadCommentOptions extends GitHubApi {
  graphqlUrl: string;
  thread: Thread;
  agent: string;
  /** The comment's id when already known (post: the one main wrote). */
  id?: number;
  warn(message: string): void;
  /** Told the comment's id once it is written. */
  written?(id: number): void;
}

export type ThreadComment = ReturnType<typeof threadComment>;

/**
 * The agent's comment on the thread. Writes are queued, so "running" never lands after the
 * outcome; each failure is one warning, and after a refusal (401, 403, 404: no permission) the
 * rest are skipped, since asking again will not change it.
 */
export function threadComment(options: ThreadCommentOptions) {
  let id = options.id;
  let refused = false;
  let queue = Promise.resolve();
  async function write(body: string): Promise<void> {
    if (refused) return;
    try {
      if (id === undefined) {
        const login = await tokenLogin(options, options.graphqlUrl);
        id = await findComment(options, options.thread, options.agent, login);
      }
      id = await writeComment(options, options.thread, id, body);
      options.written?.(id);
    } catch (error) {
      const status = error instanceof CommentError ? error.status : undefined;
      refused = status === 401 || status === 403 || status === 404;
      options.warn((error as Error).message);
    }
  }
  return {
    thread: options.thread,
    /** Writes `body` after any write before it; never rejects. */
    write(body: string): Promise<void> {
      queue = queue.then(() => write(body));
      return queue;
    },
  };
}

/** What post needs of the comment main wrote: where it is, and whether it has the outcome. */
export interface SavedComment {
  repository: string;
  number: number;
  id: number;
  agent: string;
  logs: string;
  final?: boolean;
}

export interface OutcomeComment {
  running(links: Links): Promise<void>;
  finished(report: Omit<CommentOutcome, 'agent' | 'links'>, links: Links): Promise<void>;
}

interface Options {
  agent: string;
  token: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Saves the comment for post once it exists (the step state). */
  save(comment: SavedComment): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** The comment of this run, or undefined when the event names no pull request or issue. */
export function openOutcomeComment(options: Options): OutcomeComment | undefined {
  const { agent, env, save } = options;
  const thread = threadOf(env);
  if (!thread) {
    options.debug(`comment: a ${env.GITHUB_EVENT_NAME ?? 'local'} event names no pull request or issue`);
    return undefined;
  }
  if (!options.token) {
    options.warn('Input "comment" is true but "github_token" is empty: no comment is written.');
    return undefined;
  }
  let logs = '';
  let saved: SavedComment | undefined;
  const comment = threadComment({
    ...apiOf(env, options.token),
    thread,
    agent,
    warn: options.warn,
    written: (id) => save((saved = { ...thread, id, agent, logs })),
  });
  return {
    running(links) {
      logs = links.logs;
      return comment.write(runningBody(agent, { ...links, run: runUrl(env) }));
    },
    async finished(report, links) {
      logs = links.logs;
      await comment.write(outcomeBody({ ...report, agent, links: { ...links, run: runUrl(env) } }));
      // Written or not, after the outcome post has nothing to add.
      if (saved) save({ ...saved, final: true });
    },
  };
}

/** Post: a comment main left at "running" says the run stopped. */
export async function closeStoppedComment(
  saved: SavedComment | undefined,
  token: string | undefined,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): Promise<void> {
  if (!saved || saved.final || !token) return;
  const { repository, number, id, agent } = saved;
  const comment = threadComment({ ...apiOf(env, token), thread: { repository, number }, id, agent, warn });
  await comment.write(stoppedBody(agent, { logs: saved.logs, run: runUrl(env) }));
}

function apiOf(env: NodeJS.ProcessEnv, token: string) {
  const apiUrl = env.GITHUB_API_URL || 'https://api.github.com';
  return { apiUrl, token, graphqlUrl: env.GITHUB_GRAPHQL_URL || `${apiUrl.replace(/\/+$/, '')}/graphql` };
}

/** The workflow run (this attempt) on GitHub. */
function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  if (!server || !repo || !id) return undefined;
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? 1);
  return `${server}/${repo}/actions/runs/${id}${attempt > 1 ? `/attempts/${attempt}` : ''}`;
}
