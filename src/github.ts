// Asks GitHub whether the workflow run that created a resource is over, for reap mode:
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

export interface GitHubRunsOptions {
  apiUrl: string;
  token: string;
  debug?: (message: string) => void;
  fetch?: typeof fetch;
}

/** Between the 3 attempts: about 1 s, then 2 s. */
const retryPolicy: BackoffPolicy = { baseMs: 500, jitter: 'half' };

/** A cached lookup of workflow runs; one request per run, whatever the number of resources. */
export function githubRuns(options: GitHubRunsOptions): (run: RunRef) => Promise<RunVerdict> {
  const cache = new Map<string, Promise<RunResponse | string>>();
  const doFetch = options.fetch ?? fetch;
  const base = options.apiUrl.replace(/\/+$/, '');

  async function get(run: RunRef): Promise<RunResponse | string> {
    const url = `${base}/repos/${run.repository}/actions/runs/${run.runId}`;
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
        if (response.ok) return (await response.json()) as RunResponse;
        // 404: no such run, or a token of another repository; 401/403: no permission. Either way the
        // run's state is unknown, and the age rule decides.
        if (response.status < 500 && response.status !== 429) {
          await response.body?.cancel();
          return `GitHub answered ${response.status}`;
        }
        await response.body?.cancel();
        if (attempt >= 3) return `GitHub answered ${response.status}`;
      } catch (error) {
        if (attempt >= 3) return `GitHub did not answer (${(error as Error).message})`;
      }
      await pause(backoff(retryPolicy, attempt));
    }
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
