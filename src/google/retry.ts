// One retry policy for every Google call: transient statuses are retried with exponential backoff
// and full jitter inside a deadline; everything else fails at once with a message that says what
// was being done and how to fix it.
import { backoff, pause, type BackoffPolicy } from '../shared/backoff.ts';
import { Code, codeNames, errorCode, firstUseAdvice } from './errors.ts';

const transient = new Set<number>([
  Code.UNAVAILABLE,
  Code.INTERNAL,
  Code.DEADLINE_EXCEEDED,
  Code.RESOURCE_EXHAUSTED,
  Code.ABORTED,
]);

export const isTransient = (error: unknown): boolean => transient.has(errorCode(error) ?? -1);

const hints: Record<number, string> = {
  [Code.PERMISSION_DENIED]:
    'Check the roles of the account google-github-actions/auth signed in as (see "Required roles" in the README).',
  [Code.UNAUTHENTICATED]:
    'Run google-github-actions/auth before this action so that Application Default Credentials exist.',
  [Code.RESOURCE_EXHAUSTED]: 'A Google Cloud quota is exhausted; retry later or request a higher quota.',
};

/** An error from Google, reworded to say what failed and, where we know it, what to do. */
export class CloudError extends Error {
  readonly code: number | undefined;
  constructor(what: string, cause: unknown) {
    const code = errorCode(cause);
    const details =
      (cause as { details?: string } | null | undefined)?.details ||
      (cause instanceof Error ? cause.message : String(cause));
    // A first-run mistake gets its fix; other failures the status's general hint.
    const hint = firstUseAdvice(cause) ?? (code !== undefined ? hints[code] : undefined);
    super(
      `${what} failed: ${code !== undefined ? `${codeNames[code] ?? code}: ` : ''}${details}${hint ? `\n${hint}` : ''}`,
    );
    this.code = code;
    this.name = 'CloudError';
  }
}

export interface RetryOptions {
  /** Give up retrying after this long (ms). */
  deadlineMs?: number;
  /** At most this many attempts (for a caller that retries in its own loop). */
  attempts?: number;
  /** Stop retrying when this is aborted. */
  signal?: AbortSignal;
  /** Called before each retry, for debug logs. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** The backoff after a failed Google call: quota refusals clear within a minute, so they wait longer than a blip. */
export const retryPolicy = (error: unknown): BackoffPolicy => ({
  baseMs: 200,
  capMs: errorCode(error) === Code.RESOURCE_EXHAUSTED ? 20_000 : 5_000,
  jitter: 'full',
});

/**
 * Runs `fn`, retrying transient failures. `what` names the operation for the error message.
 * Non-idempotent calls must make a retry safe themselves (e.g. treat ALREADY_EXISTS as done).
 * `fn` gets the time left before the deadline, to bound the attempt itself (a call's timeout);
 * no attempt starts, and no backoff sleeps, past the deadline.
 */
export async function withRetry<T>(
  what: string,
  fn: (attempt: number, remainingMs: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt, Math.max(1, deadline - Date.now()));
    } catch (error) {
      const delay = backoff(retryPolicy(error), attempt);
      const last = attempt >= (options.attempts ?? Infinity);
      if (!isTransient(error) || last || Date.now() + delay > deadline || options.signal?.aborted) {
        throw error instanceof CloudError ? error : new CloudError(what, error);
      }
      options.onRetry?.(error, attempt, delay);
      await pause(delay);
    }
  }
}
