// Deleting what a run created: cancel the execution if it still runs, delete the job (with its
// executions) and the secrets, remove the registry login. Idempotent: what is already gone counts
// as deleted. Returns what could not be deleted, by name.
import fs from 'node:fs';
import { pause } from '../shared/backoff.ts';
import type { Cloud } from '../google/connect.ts';
import { finished } from './outcome.ts';
import { Code, errorCode } from '../google/errors.ts';

/** How often a cancelled execution is read until it has ended. */
const stopPollMs = 500;

const gone = (error: unknown): boolean => errorCode(error) === Code.NOT_FOUND;

/** What a run may have created, by full resource name (the step state records them). */
export interface RunResources {
  job?: string;
  /** Set once the execution has ended: nothing is left to stop. */
  executionEnded?: boolean;
  secrets: string[];
  /** Temporary Docker config directory holding the registry login. */
  dockerConfig?: string;
}

export async function cleanUp(
  cloud: Cloud,
  state: RunResources,
  log: (message: string) => void,
): Promise<string[]> {
  const failures: string[] = [];
  const attempt = async (done: string, action: () => Promise<void>) => {
    try {
      await action();
      log(done);
    } catch (error) {
      if (!gone(error)) failures.push(`${done.replace(/^\w+ /, '')}: ${(error as Error).message}`);
    }
  };

  // Whatever the job started (its start token's execution, and any other) is stopped: every
  // unfinished execution of the job, not only the one recorded.
  if (state.job && !state.executionEnded) {
    await attempt(`Stopped the executions of ${state.job}`, async () => {
      const executions = await cloud.run.listExecutions(state.job!);
      await Promise.all(executions.filter((e) => !finished(e)).map((e) => stopExecution(cloud, e.name!)));
    });
  }
  await Promise.all([
    state.job ? attempt(`Deleted job ${state.job}`, () => cloud.run.deleteJob(state.job!)) : undefined,
    ...state.secrets.map((secret) => attempt(`Deleted secret ${secret}`, () => cloud.secrets.delete(secret))),
  ]);
  if (state.dockerConfig) fs.rmSync(state.dockerConfig, { recursive: true, force: true });
  return failures;
}

/** Cancels an execution that has not finished and waits (bounded) until Cloud Run says it ended. */
export async function stopExecution(cloud: Cloud, execution: string, waitMs = 30_000): Promise<void> {
  if (finished(await cloud.run.getExecution(execution))) return;
  await cloud.run.cancelExecution(execution).catch((error: unknown) => {
    // Finishing between our read and the cancel is fine.
    if (errorCode(error) !== Code.FAILED_PRECONDITION) throw error;
  });
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (finished(await cloud.run.getExecution(execution))) return;
    await pause(stopPollMs);
  }
}
