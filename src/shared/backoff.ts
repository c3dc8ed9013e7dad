// How every loop of the action waits: between retries (a backoff, with jitter so runs that failed
// together do not retry together) and between polls (a pause that ends early when its loop stops).
import { setTimeout as sleep } from 'node:timers/promises';

export interface BackoffPolicy {
  /** The delay at 0 failures, before jitter; it doubles with each failure (or, when linear, is multiplied by their number). */
  baseMs: number;
  /** The longest delay, before jitter. */
  capMs?: number;
  growth?: 'exponential' | 'linear';
  /** 'full': anywhere in [0, delay); 'half': in [delay / 2, delay × 1.5), never much shorter than the delay. */
  jitter: 'full' | 'half';
}

/** The delay before the next attempt, after `failures` failures in a row. */
export function backoff(policy: BackoffPolicy, failures: number): number {
  const grown = policy.growth === 'linear' ? policy.baseMs * failures : policy.baseMs * 2 ** failures;
  const delay = Math.min(policy.capMs ?? Infinity, grown);
  return delay * (policy.jitter === 'full' ? Math.random() : 0.5 + Math.random());
}

/** Sleeps `ms` (at once when it is not positive); resolves early, never rejects, when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return sleep(Math.max(0, ms), undefined, { signal }).catch(() => {});
}
