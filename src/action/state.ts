// What main leaves for post, in one place. Each resource is saved the moment before it is created,
// so post can clean up whatever exists even if main dies between two calls.
import * as core from '@actions/core';
import type { SavedComment } from '../github/comment.ts';

export interface RunState {
  project: string;
  region: string;
  /** Full resource name of the job. */
  job?: string;
  /**
   * Full resource name of the execution the job's start token names (saved before CreateJob, like
   * the job; Cloud Run's own name once it has started, if it differs).
   */
  execution?: string;
  /** Full resource names of the secrets this run may have created. */
  secrets: string[];
  /** Temporary Docker config directory holding the registry login. */
  dockerConfig?: string;
  /** Set when main finished its own cleanup of the execution (it ended). */
  executionEnded?: boolean;
  /** Set when main itself deleted the job, the secrets and the login: post has nothing to do. */
  cleanedUp?: boolean;
  /** The agent's comment on its pull request or issue, once written; `final` once it has the outcome. */
  comment?: SavedComment;
  /**
   * The scale slots (secret ids) this run may hold, each saved before it is asked for, and the
   * random holder id written on them: post gives back those still this run's (src/scale/).
   */
  scale?: { holder: string; ids: string[] };
}

const key = 'run';

/** Merges a change into the run's state and saves the whole of it for post. */
export type RecordState = (patch: Partial<RunState>) => void;

/**
 * Saves the run's state now and returns it with `record`, the one way main changes it: so what
 * post reads is always the state main last had, whichever step stopped it.
 */
export function openState(initial: RunState): { state: Readonly<RunState>; record: RecordState } {
  const state = { ...initial };
  const record: RecordState = (patch) => {
    Object.assign(state, patch);
    saveState(state);
  };
  record({});
  return { state, record };
}

/** Forgets the run's state: post finds nothing to clean up (a run that created nothing). */
export function clearState(): void {
  core.saveState(key, '');
}

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
