// How every call to Google is made: the call options, paging, and creates that a retry must not
// repeat. The retry policy itself is src/google/retry.ts.
import { withRetry, type RetryOptions } from './retry.ts';
import { Code, errorCode } from './errors.ts';

// No call is retried by the client library: withRetry is the one policy, so deadlines hold.
export const callOptions = { retry: null, timeout: 60_000 } as unknown as Record<string, never>;

/** List calls fetch one page per call (allPages asks for the next), so each page gets the retry policy. */
export const pageOptions = { ...callOptions, autoPaginate: false } as unknown as Record<string, never>;

/**
 * A create under the retry policy. A create is not idempotent: when an attempt's answer is lost
 * (a deadline in flight) the resource may exist, so ALREADY_EXISTS on a later attempt means an
 * earlier one landed and the resource is ours. On the first attempt it is someone else's: thrown.
 */
export function createOnce(
  what: string,
  create: () => Promise<unknown>,
  retry?: RetryOptions,
): Promise<void> {
  return withRetry(
    what,
    async (attempt) => {
      try {
        await create();
      } catch (error) {
        if (attempt > 1 && errorCode(error) === Code.ALREADY_EXISTS) return;
        throw error;
      }
    },
    retry,
  );
}

/** Every page of a list, each page fetched with the retry policy. */
export async function allPages<T>(
  what: string,
  fetchPage: (pageToken: string | undefined) => Promise<{ page: T[]; next?: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  let pageToken: string | undefined;
  do {
    const { page, next } = await withRetry(what, () => fetchPage(pageToken));
    all.push(...page);
    pageToken = next || undefined;
  } while (pageToken);
  return all;
}
