// Noticing the end of an execution at once: a long poll on the RunJob operation (WaitOperation
// returns the moment the execution ends), falling back to reading the execution every second
// where WaitOperation is not offered.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cloud, Execution } from './google.ts';
import { finished } from './job.ts';
import { Code, errorCode, isTransient } from './retry.ts';

const longPollMs = 30_000;
const pollMs = 1_000;

export async function waitForExecution(
  cloud: Cloud,
  operation: string,
  execution: string,
  signal: AbortSignal,
): Promise<Execution> {
  let longPoll = Boolean(operation);
  let failures = 0;
  for (;;) {
    if (signal.aborted) await new Promise(() => {}); // cancellation exits the process; wait for it
    try {
      if (longPoll) {
        await cloud.run.waitOperation(operation, longPollMs);
      } else {
        await sleep(pollMs);
      }
      const current = await cloud.run.getExecution(execution);
      if (finished(current)) return current;
      failures = 0;
    } catch (error) {
      if (errorCode(error) === Code.UNIMPLEMENTED || errorCode(error) === Code.NOT_FOUND) {
        longPoll = false;
        continue;
      }
      if (!isTransient(error) || ++failures > 20) throw error;
      await sleep(Math.min(5_000, 200 * 2 ** failures) * Math.random());
    }
  }
}
