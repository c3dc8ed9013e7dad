// The GitHub REST API client (a GET with retries), and what reap mode asks it: whether the
// workflow run that created a resource is over:
// GET {GITHUB_API_URL}/repos/{owner}/{repo}/actions/runs/{run_id}
// (https://docs.github.com/en/rest/actions/workflow-runs#get-a-workflow-run). A run is over when
// its status is `completed`, or when a later attempt exists (a run can only be re-run once it has
// completed). Anything else — in progress, queued, waiting, or no answer — is not "over".
import { backoff, pause, type BackoffPolicy } from './backoff.ts';
import type { RunRef } from './ownership.ts';

export type RunVerdict = { over: true; why: string } | { over: false; known: boolean; why: string };

interface RunResponse {
  status?: string;
  run_attempt?: number;
}

export interface GitHubRunsOptions extends GitHubOptions {
  debug?: (message: string) => void;
}

/** Between the 3 attempts: about 1 s, then 2 s. */
const retryPolicy: BackoffPolicy = { baseMs: 500, jitter: 'half' };

export interface GitHubOptions {
  apiUrl: string;
  token: string;
  fetch?: typeof fetch;
}

/** GitHub's answer: the body of a 2xx, or why there is none (with the status when GitHub gave one). */
export type GitHubAnswer = { ok: true; body: unknown } | { ok: false; status?: number; why: string };

/**
 * GET {apiUrl}{path}, tried 3 times when GitHub is unavailable (5xx, 429, no answer). A 4xx is
 * GitHub's final word and comes back at once.
 */
export async function githubGet(options: GitHubOptions, path: string): Promise<GitHubAnswer> {
  const url = `${options.apiUrl.replace(/\/+$/, '')}${path}`;
  const doFetch = options.fetch ?? fetch;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await doFetch(url, {
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${options.token}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'cloud-run-agent',
        },
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) return { ok: true, body: await response.json() };
      await response.body?.cancel();
      const why = `GitHub answered ${response.status}`;
      if (response.status < 500 && response.status !== 429)
        return { ok: false, status: response.status, why };
      if (attempt >= 3) return { ok: false, status: response.status, why };
    } catch (error) {
      if (attempt >= 3) return { ok: false, why: `GitHub did not answer (${(error as Error).message})` };
    }
    await pause(backoff(retryPolicy, attempt));
  }
}

/** A cached lookup of workflow runs; one request per run, whatever the number of resources. */
export function githubRuns(options: GitHubRunsOptions): (run: RunRef) => Promise<RunVerdict> {
  const cache = new Map<string, Promise<RunResponse | string>>();

  // 404: no such run, or a token of another repository; 401/403: no permission. Either way the
  // run's state is unknown, and the age rule decides.
  async function get(run: RunRef): Promise<RunResponse | string> {
    const answer = await githubGet(options, `/repos/${run.repository}/actions/runs/${run.runId}`);
    return answer.ok ? (answer.body as RunResponse) : answer.why;
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
