// Reap mode: removes what runs of this action left behind when their runner died before the post
// step (the seed's "orphaned jobs are killed, not re-adopted"). A job is an orphan once it is
// older than its own timeout plus a grace; a live run of a concurrent workflow is never touched.
import * as core from '@actions/core';
import { stopExecution } from './cleanup.ts';
import type { Cloud } from './google.ts';
import type { Inputs } from './inputs.ts';
import { finished } from './job.ts';
import { Code, errorCode } from './retry.ts';

// Beyond its own timeout, the time a run may still spend draining logs and cleaning up.
const graceSeconds = 10 * 60;
// A secret whose job does not exist is left alone this long: its run may be about to create the job.
const lonelySecretSeconds = 15 * 60;
const managed = 'managed-by';
const ours = 'cloud-run-agent';

const ageSeconds = (time: { seconds?: unknown } | null | undefined, now: number): number =>
  now / 1000 - Number(time?.seconds ?? now / 1000);

export async function reap(cloud: Cloud, inputs: Inputs, now = Date.now()): Promise<void> {
  const verb = inputs.dryRun ? 'Would delete' : 'Deleted';
  const removed: string[] = [];
  const failed: string[] = [];
  const jobs = (await cloud.run.listJobs()).filter((job) => job.labels?.[managed] === ours);
  const live = new Set<string>();
  for (const job of jobs) {
    const timeout = Number(job.template?.template?.timeout?.seconds ?? 3600);
    const name = job.name!;
    if (ageSeconds(job.createTime, now) < timeout + graceSeconds) {
      live.add(name.split('/').pop()!);
      continue;
    }
    try {
      if (!inputs.dryRun) {
        for (const execution of await cloud.run.listExecutions(name)) {
          if (!finished(execution)) await stopExecution(cloud, execution.name!);
        }
        await cloud.run.deleteJob(name);
      }
      removed.push(`job ${name}`);
    } catch (error) {
      if (errorCode(error) !== Code.NOT_FOUND) failed.push(`job ${name}: ${(error as Error).message}`);
    }
  }
  for (const secret of await cloud.secrets.list(`labels.${managed}=${ours}`)) {
    const job = secret.labels?.['al-job'];
    if ((job && live.has(job)) || ageSeconds(secret.createTime, now) < lonelySecretSeconds) continue;
    try {
      if (!inputs.dryRun) await cloud.secrets.delete(secret.name!);
      removed.push(`secret ${secret.name}`);
    } catch (error) {
      if (errorCode(error) !== Code.NOT_FOUND)
        failed.push(`secret ${secret.name}: ${(error as Error).message}`);
    }
  }
  for (const item of removed) core.info(`${verb} ${item}`);
  core.info(
    `${removed.length} orphaned resource(s) ${inputs.dryRun ? 'found' : 'removed'}; ${live.size} live run(s) left alone.`,
  );
  core.setOutput('reaped', String(removed.length));
  if (failed.length) core.setFailed(`Could not delete:\n${failed.join('\n')}`);
}
