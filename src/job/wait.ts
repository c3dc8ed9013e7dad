// Following the execution CreateJob's start token started, in two waits:
// - until it has started: a long poll (WaitOperation) on the CreateJob operation, which Cloud Run
//   completes once the execution has started, or fails when the job could not start it (an image
//   or a secret it cannot read);
// - until it has ended: no operation ends with it, so the execution is read, often while it is
//   young (a one-shot run is often short) and less often as it ages (Cloud Run's reads are
//   quota-limited per region), and at once when its logs say it exited.
// WaitOperation is best effort: "it may return the latest state before the specified timeout
// (including immediately)" (google.longrunning), so each loop paces itself whatever the server does.
import { backoff, pause } from '../shared/backoff.ts';
import type { Cloud, Execution } from '../google/connect.ts';
import { finished } from './outcome.ts';
import { isTransient, retryPolicy } from '../google/retry.ts';
import { Code, errorCode } from '../google/errors.ts';

const longPollMs = 30_000;
/** Waits start at least this far apart. */
const minWaitIntervalMs = 1_000;
/** Failures in a row (of the wait or the read) before giving up. */
const maxFailures = 20;
/** Cloud Run creates the execution once the job's checks pass; one not there after this never will be. */
const appearWithinMs = 120_000;

/** What CreateJob left to follow: its operation ('' when unknown) and the execution its token names. */
export interface CreatedJob {
  operation: string;
  jobId: string;
  execution: string;
}

/**
 * Waits until Cloud Run has started the execution; returns its name as Cloud Run gives it (the
 * Job's latestCreatedExecution), or the predicted one. Throws the operation's error when the job
 * could not start it and no execution exists. Without an operation, returns at once: the wait for
 * the end reads the execution and allows for one not created yet.
 */
export async function waitForStart(cloud: Cloud, creation: CreatedJob, signal: AbortSignal): Promise<string> {
  let failures = 0;
  let lastWait = -Infinity;
  while (creation.operation) {
    if (signal.aborted) await new Promise(() => {}); // cancellation exits the process; wait for it
    lastWait = await spaced(lastWait, minWaitIntervalMs);
    let state: Awaited<ReturnType<Cloud['run']['waitCreation']>>;
    try {
      state = await cloud.run.waitCreation(creation.operation, creation.jobId, longPollMs);
      failures = 0;
    } catch (error) {
      // WaitOperation not offered, or the operation forgotten: the wait for the end reads instead.
      if (errorCode(error) === Code.UNIMPLEMENTED || errorCode(error) === Code.NOT_FOUND) break;
      if (!isTransient(error) || ++failures > maxFailures) throw error;
      await pause(backoff(retryPolicy(error), failures));
      continue;
    }
    if (!state.done) continue;
    if ('job' in state) return state.job.latestCreatedExecution?.name || creation.execution;
    // Failed: when the execution exists (it failed to start, or was cancelled), its outcome says
    // why; otherwise the job could not make it, and the operation's error says why.
    if (await exists(cloud, creation.execution)) return creation.execution;
    throw state.error;
  }
  return creation.execution;
}

/**
 * Waits until the execution has ended: a read every `readIntervalMs(age)`, and at once when
 * `exited` resolves (the execution's logs say it exited), then every `minReadIntervalMs`.
 */
export async function waitForEnd(
  cloud: Cloud,
  execution: string,
  signal: AbortSignal,
  exited: Promise<void> = new Promise(() => {}),
): Promise<Execution> {
  const since = Date.now();
  // Ends the pause between reads when the logs say the execution exited (no timer is left behind).
  const ending = new AbortController();
  void exited.then(() => ending.abort());
  let seen = false;
  let failures = 0;
  let lastRead = -Infinity;
  for (;;) {
    if (signal.aborted) await new Promise(() => {}); // cancellation exits the process; wait for it
    if (!ending.signal.aborted)
      await pause(lastRead + readIntervalMs(Date.now() - since) - Date.now(), ending.signal);
    lastRead = await spaced(lastRead, minReadIntervalMs);
    try {
      // One attempt: this loop is its retry (a retry inside would multiply the two limits).
      const current = await cloud.run.getExecution(execution, { attempts: 1 });
      seen = true;
      failures = 0;
      if (finished(current)) return current;
    } catch (error) {
      // Not created yet (its CreateJob operation was not followed): it appears within a bound.
      if (errorCode(error) === Code.NOT_FOUND && !seen && Date.now() - since < appearWithinMs) continue;
      if (!isTransient(error) || ++failures > maxFailures) throw error;
      await pause(backoff(retryPolicy(error), failures));
    }
  }
}

/** Reads are at least this far apart. */
export const minReadIntervalMs = 500;
/** A read at most this far apart, however old the execution. */
export const maxReadIntervalMs = 5_000;

/** Between reads: 0.5 s for an execution's first 10 s, then a twentieth of its age, at most 5 s. */
export const readIntervalMs = (ageMs: number): number =>
  Math.min(maxReadIntervalMs, Math.max(minReadIntervalMs, Math.round(ageMs / 20)));

async function exists(cloud: Cloud, execution: string): Promise<boolean> {
  try {
    await cloud.run.getExecution(execution);
    return true;
  } catch (error) {
    if (errorCode(error) === Code.NOT_FOUND) return false;
    throw error;
  }
}

/** Pauses until `intervalMs` after `last`; returns the time the next call goes out. */
async function spaced(last: number, intervalMs: number): Promise<number> {
  const early = last + intervalMs - Date.now();
  if (early > 0) await pause(early);
  return Date.now();
}
