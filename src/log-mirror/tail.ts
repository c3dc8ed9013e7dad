// The live tail: a TailLogEntries stream, opened before the execution starts (no polling delay,
// no read quota) and reopened with backoff when it is cut or refused (10 sessions per project).
// Each time, what it may have missed is noted as a gap for the gap reader (gaps.ts).
import { backoff, type BackoffPolicy } from '../shared/backoff.ts';
import type { LogEntry } from '../google/connect.ts';
import { Code, errorCode } from '../google/errors.ts';
import type { Mirror } from './mirror-state.ts';

/** After a session ends: at once (jittered) the first time, then longer while sessions keep failing. */
const reconnectPolicy: BackoffPolicy = { baseMs: 100, capMs: 5_000, jitter: 'full' };
/**
 * After a quota refused one (10 sessions per project): the gap reader reads meanwhile, so there is
 * no hurry, and a tail call may count as a Logging read (one public report says it does): a refused
 * run retries no more often than it polls without a tail (45 s), so 20 refused runs do not spend the
 * project's 60 reads a minute on retries.
 */
const refusedPolicy: BackoffPolicy = { baseMs: 5_000, capMs: 45_000, growth: 'linear', jitter: 'half' };

interface TailResponse {
  entries?: LogEntry[];
  suppressionInfo?: { reason?: unknown; suppressedCount?: number }[];
}

/** The tail loop: one session after another until the follower stops. */
export async function tailLoop(m: Mirror): Promise<void> {
  const { state } = m;
  let failures = 0;
  while (!state.stopped) {
    const error = await tailOnce(m);
    if (state.stopped) break;
    m.gap();
    if (errorCode(error) === Code.RESOURCE_EXHAUSTED) {
      failures++;
      m.options.debug?.('live tailing refused (session quota); retrying later');
      await m.pause(backoff(refusedPolicy, failures));
      continue;
    }
    failures = error ? failures + 1 : 0;
    m.options.debug?.(`log tail ended${error ? ` (${(error as Error).message})` : ''}; reconnecting`);
    await m.pause(backoff(reconnectPolicy, failures));
  }
}

/** One tail session; resolves when it ends, with the error that ended it, if any. */
function tailOnce(m: Mirror): Promise<unknown> {
  const { state } = m;
  return new Promise<unknown>((resolve) => {
    m.logs
      .tail(m.options.filter, m.bufferWindowSeconds)
      .then((opened) => {
        if (state.stopped) {
          opened.cancel();
          resolve(undefined);
          return;
        }
        state.stream = opened;
        state.tailOpenedAt = Date.now();
        state.stats.tailSessions++;
        opened.on('data', (response: TailResponse) => onResponse(m, response));
        opened.on('error', (error: unknown) => resolve(error));
        opened.on('end', () => resolve(undefined));
      })
      .catch((error: unknown) => resolve(error));
  }).finally(() => {
    state.stream = undefined;
    state.tailOpenedAt = undefined;
  });
}

function onResponse(m: Mirror, response: TailResponse): void {
  const before = m.state.lastPrintedMs;
  m.print(response.entries ?? []);
  const suppressed = (response.suppressionInfo ?? []).reduce((n, info) => n + (info.suppressedCount ?? 0), 0);
  if (suppressed) {
    // Dropped from the live stream (not from Cloud Logging) after the last entry printed before
    // this response: read them back from there, not from a lookback earlier, so a burst over the
    // tail's 60,000 a minute costs only the pages it skipped.
    m.state.stats.suppressed += suppressed;
    m.options.debug?.(`the live tail skipped ${suppressed} entries; reading them back`);
    m.gap(before);
  }
}
