// Noticing the end of an execution at once: a long poll on the RunJob operation (WaitOperation
// returns the moment the execution ends), falling back to reading the execution every second
// where WaitOperation is not offered. WaitOperation is best effort: "it may return the latest
// state before the specified timeout (including immediately)" (google.longrunning), so the loop
// paces itself: at most one wait and one read a second, whatever the server does (Cloud Run's
// reads are quota-limited per region).
import { backoff, pause } from '../shared/backoff.ts';
import type { Cloud, Execution } from '../google/connect.ts';
import { finished } from './outcome.ts';
import { isTransient, retryPolicy } from '../google/retry.ts';
import { Code, errorCode } from '../google/errors.ts';

const longPollMs = 30_000;
const pollMs = 1_000;
/** Waits start, and reads are sent, at least this far apart. */
const minCallIntervalMs = 1_000;
/** Failures in a row (of the wait or the read) before giving up. */
const maxFailures = 20;

export async function waitForExecution(
  cloud: Cloud,
  operation: string,
  execution: string,
  signal: AbortSignal,
): Promise<Execution> {
  let longPoll = Boolean(operation);
  // After a failed read, the read is retried without waiting for the execution again.
  let waited = false;
  let failures = 0;
  let lastWait = -Infinity;
  let lastRead = -Infinity;
  for (;;) {
    if (signal.aborted) await new Promise(() => {}); // cancellation exits the process; wait for it
    try {
      if (!waited) {
        if (longPoll) {
          lastWait = await spaced(lastWait);
          await cloud.run.waitOperation(operation, longPollMs);
        } else await pause(pollMs);
        waited = true;
      }
      lastRead = await spaced(lastRead);
      // One attempt: this loop is its retry (a retry inside would multiply the two limits).
      const current = await cloud.run.getExecution(execution, { attempts: 1 });
      waited = false;
      if (finished(current)) return current;
      failures = 0;
    } catch (error) {
      if (errorCode(error) === Code.UNIMPLEMENTED || errorCode(error) === Code.NOT_FOUND) {
        longPoll = false;
        waited = false;
        continue;
      }
      if (!isTransient(error) || ++failures > maxFailures) throw error;
      await pause(backoff(retryPolicy(error), failures));
    }
  }
}

/** Pauses until `minCallIntervalMs` after `last`; returns the time the next call goes out. */
async function spaced(last: number): Promise<number> {
  const early = last + minCallIntervalMs - Date.now();
  if (early > 0) await pause(early);
  return Date.now();
}
