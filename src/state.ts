// What main leaves for post, in one place. Each resource is saved the moment before it is created,
// so post can clean up whatever exists even if main dies between two calls.
import * as core from '@actions/core';

export interface RunState {
  project: string;
  region: string;
  /** Full resource name of the job. */
  job?: string;
  /** Full resource name of the execution, once RunJob has named it. */
  execution?: string;
  /** Full resource names of the secrets this run may have created. */
  secrets: string[];
  /** Temporary Docker config directory holding the registry login. */
  dockerConfig?: string;
  /** Set when main finished its own cleanup of the execution (it ended). */
  executionEnded?: boolean;
  /** Set when main itself deleted the job, the secrets and the login: post has nothing to do. */
  cleanedUp?: boolean;
}

const key = 'run';

export function saveState(state: RunState): void {
  core.saveState(key, JSON.stringify(state));
}

export function loadState(): RunState | undefined {
  const text = core.getState(key);
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as RunState;
    return typeof parsed.project === 'string' && Array.isArray(parsed.secrets) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
