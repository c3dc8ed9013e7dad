// Noticing the end of an execution at once: a long poll on the RunJob operation (WaitOperation
// returns the moment the execution ends), falling back to reading the execution every second
// where WaitOperation is not offered.
import { backoff, pause } from './backoff.ts';
import type { Cloud, Execution } from './google.ts';
import { finished } from './job.ts';
import { Code, errorCode, isTransient, retryPolicy } from './retry.ts';

const longPollMs = 30_000;
const pollMs = 1_000;
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
  for (;;) {
    if (signal.aborted) await new Promise(() => {}); // cancellation exits the process; wait for it
    try {
      if (!waited) {
        if (longPoll) await cloud.run.waitOperation(operation, longPollMs);
        else await pause(pollMs);
        waited = true;
      }
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
