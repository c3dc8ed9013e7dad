// The post step: runs after the job's steps even when main failed or was cancelled, and deletes
// everything main recorded and did not delete itself: it stops a still-running execution, deletes
// the job and the secrets, removes the registry login, and gives back the run's scale slots once
// nothing of the run can still be running. What it cannot delete it names, and the step fails.
import * as core from '@actions/core';
import { cleanUp } from '../job/cleanup.ts';
import { connect } from '../google/connect.ts';
import { closeStoppedComment } from '../github/comment.ts';
import { releaseSlots } from '../scale/queue.ts';
import { loadState, type RunState } from './state.ts';
import type { Cloud } from '../google/connect.ts';

const noCredentials = /Could not load the default credentials|No Google Cloud credentials/;

export async function run(): Promise<void> {
  const state = loadState();
  // A comment main left at "running" says the run stopped (a failure to say so is a warning).
  await closeStoppedComment(state?.comment, core.getInput('github_token'), process.env, (m) =>
    core.warning(m),
  );
  if (!state) {
    core.info('Nothing to clean up.');
    return;
  }
  if (state.cleanedUp) {
    core.info('The main step deleted the job and its secrets: nothing left to clean up.');
    return;
  }
  const cloud = connect(state.project, state.region);
  const failures = await cleanUp(cloud, state, (message) => core.info(message));
  failures.push(...(await giveBackSlots(cloud, state, failures)));
  // Without credentials no call of main reached Google either: there is nothing to delete.
  if (failures.length && failures.every((f) => noCredentials.test(f))) {
    core.info(
      'No Google Cloud credentials in this job, so the main step created nothing: nothing to clean up.',
    );
    return;
  }
  if (failures.length) {
    core.setFailed(
      `Could not delete (the secrets expire on their own; run this action with mode: reap to remove the rest):\n${failures.join('\n')}`,
    );
  }
}

/**
 * The run's scale slots, once its execution has ended or been stopped with its job: a slot freed
 * while the execution might still run would let one more run start than the scale allows. When
 * that is not certain the slot is left: it frees itself once Cloud Run says the execution ended,
 * or at its expiry.
 */
async function giveBackSlots(cloud: Cloud, state: RunState, failures: string[]): Promise<string[]> {
  if (!state.scale?.ids.length) return [];
  if (failures.length && !state.executionEnded) {
    core.info(
      "The run's scale slot is left to free itself: the job could not be cleaned up, so its execution may still run.",
    );
    return [];
  }
  return releaseSlots(cloud, state.project, state.scale, (message) => core.info(message));
}

export function post(): Promise<void> {
  return run().catch((error: unknown) => core.setFailed(`Cleanup failed: ${(error as Error).message}`));
}
