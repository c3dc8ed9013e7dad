// The GitHub REST API, through one request function with the action's retry rule, and the two
// questions the action asks it. Who may start a run: what access a login has to the repository,
// GET {GITHUB_API_URL}/repos/{owner}/{repo}/collaborators/{username}/permission
// (https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user):
// its `permission` is the base role (admin, write, read, none; maintain reads as write, triage as
// read), 404 for a login that is not a collaborator; the token needs only metadata: read.
// And, for reap mode, whether the workflow run that created a resource is over,
// GET {GITHUB_API_URL}/repos/{owner}/{repo}/actions/runs/{run_id}
// (https://docs.github.com/en/rest/actions/workflow-runs#get-a-workflow-run). A run is over when
// its status is `completed`, or when a later attempt exists (a run can only be re-run once it has
// completed). Anything else — in progress, queued, waiting, or no answer — is not "over".
import { backoff, pause, type BackoffPolicy } from '../shared/backoff.ts';
import type { RunRef } from '../shared/ownership.ts';

export type RunVerdict = { over: true; why: string } | { over: false; known: boolean; why: string };

interface RunResponse {
  status?: string;
  run_attempt?: number;
}

export interface GitHubApi {
  /** GITHUB_API_URL. */
  apiUrl: string;
  token: string;
  fetch?: typeof fetch;
}

export interface GitHubRunsOptions extends GitHubApi {
  debug?: (message: string) => void;
}

/** GitHub's answer: the JSON body of a 2xx, or why there is none (with GitHub's own message, if any). */
export type GitHubAnswer =
  { ok: true; status: number; body: unknown } | { ok: false; status?: number; why: string; message?: string };

/** Between the 3 attempts: about 1 s, then 2 s. */
const retryPolicy: BackoffPolicy = { baseMs: 500, jitter: 'half' };

/**
 * One REST call with the token. 5xx, 429 and no answer are retried (3 attempts); any other status
 * is the answer at once: 401, 403 and 404 will not change by asking again.
 */
export async function githubRequest(
  api: GitHubApi,
  method: string,
  path: string,
  body?: object,
): Promise<GitHubAnswer> {
  const doFetch = api.fetch ?? fetch;
  const url = `${api.apiUrl.replace(/\/+$/, '')}${path}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await doFetch(url, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${api.token}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'cloud-run-agent',
          ...(body && { 'content-type': 'application/json' }),
        },
        body: body && JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) {
        const text = await response.text();
        return { ok: true, status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
      }
      const why = `GitHub answered ${response.status}`;
      if ((response.status < 500 && response.status !== 429) || attempt >= 3) {
        return { ok: false, status: response.status, why, message: await errorMessage(response) };
      }
      await response.body?.cancel();
    } catch (error) {
      if (attempt >= 3) return { ok: false, why: `GitHub did not answer (${(error as Error).message})` };
    }
    await pause(backoff(retryPolicy, attempt));
  }
}

/** GitHub's `message` of an error answer ("Resource not accessible by integration"). */
async function errorMessage(response: Response): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await response.text()) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/** A cached lookup of workflow runs; one request per run, whatever the number of resources. */
export function githubRuns(options: GitHubRunsOptions): (run: RunRef) => Promise<RunVerdict> {
  const cache = new Map<string, Promise<RunResponse | string>>();

  async function get(run: RunRef): Promise<RunResponse | string> {
    // 404: no such run, or a token of another repository; 401/403: no permission. Either way the
    // run's state is unknown, and the age rule decides.
    const answer = await githubRequest(options, 'GET', `/repos/${run.repository}/actions/runs/${run.runId}`);
    return answer.ok ? ((answer.body ?? {}) as RunResponse) : answer.why;
  }

  return async (run) => {
    const key = `${run.repository}/${run.runId}`;
    let pending = cache.get(key);
    if (!pending) cache.set(key, (pending = get(run)));
    const answer = await pending;
    if (typeof answer === 'string') {
      options.debug?.(`run ${key}: ${answer}`);
      return { over: false, known: false, why: answer };
    }
    if (answer.status === 'completed') return { over: true, why: 'its workflow run has completed' };
    if (Number(answer.run_attempt ?? 0) > run.attempt) {
      return { over: true, why: `its workflow run is on attempt ${answer.run_attempt}` };
    }
    return { over: false, known: true, why: `its workflow run is ${answer.status ?? 'not completed'}` };
  };
}

/** The options of a GitHub call (the API URL, the token). */
export type GitHubOptions = GitHubApi;

/** GET {apiUrl}{path}, with the retry rule of githubRequest. */
export const githubGet = (options: GitHubOptions, path: string): Promise<GitHubAnswer> =>
  githubRequest(options, 'GET', path);

/** GitHub's answer about a login's access (collaboratorPermission). */
export type PermissionAnswer =
  { permission: string; role?: string } | { notCollaborator: true } | { error: string };

export async function collaboratorPermission(
  options: GitHubOptions,
  repository: string,
  login: string,
): Promise<PermissionAnswer> {
  if (!options.token) return { error: 'the "github_token" input is empty' };
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository))
    return { error: 'GITHUB_REPOSITORY does not name a repository (owner/name)' };
  const answer = await githubGet(
    options,
    `/repos/${repository}/collaborators/${encodeURIComponent(login)}/permission`,
  );
  if (!answer.ok) return answer.status === 404 ? { notCollaborator: true } : { error: answer.why };
  const { permission, role_name: role } = answer.body as { permission?: unknown; role_name?: unknown };
  if (typeof permission !== 'string') return { error: 'GitHub answered without a permission' };
  return typeof role === 'string' ? { permission, role } : { permission };
}
