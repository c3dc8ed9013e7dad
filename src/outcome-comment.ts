// The run's comment on its pull request or issue, as main and post use it: "running" when the
// execution starts, the outcome when it ends, and, from post, "stopped" when main never got there
// (cancelled, or it failed). The comment's id is saved in the step state as soon as it exists.
import { outcomeBody, runningBody, stoppedBody, type CommentOutcome, type Links } from './comment-body.ts';
import { threadComment, threadOf } from './comment.ts';
import type { RecordState, SavedComment } from './state.ts';

export interface OutcomeComment {
  running(links: Links): Promise<void>;
  finished(report: Omit<CommentOutcome, 'agent' | 'links'>, links: Links): Promise<void>;
}

interface Options {
  agent: string;
  token: string | undefined;
  env: NodeJS.ProcessEnv;
  record: RecordState;
  warn(message: string): void;
  debug(message: string): void;
}

/** The comment of this run, or undefined when the event names no pull request or issue. */
export function openOutcomeComment(options: Options): OutcomeComment | undefined {
  const { agent, env, record } = options;
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
    written: (id) => record({ comment: (saved = { ...thread, id, agent, logs }) }),
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
      if (saved) record({ comment: { ...saved, final: true } });
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
