// Reap mode: removes what runs of this action left behind when their runner died before the post
// step (the seed's "orphaned jobs are killed, not re-adopted"). A job or secret of this action
// (label managed-by=cloud-run-agent) is an orphan once its run is over:
//   - it is older than its own timeout plus a grace (`reap_grace`), or
//   - GitHub says the workflow run that created it (annotations gh-repository, gh-run-id,
//     gh-run-attempt) has completed, or has moved on to a later attempt.
// A running execution of an orphaned job is cancelled first; the job is deleted with its
// executions. A resource whose run may still be going on is never touched.
import * as core from '@actions/core';
import { stopExecution } from './cleanup.ts';
import { githubRuns, type RunVerdict } from './github.ts';
import type { Cloud, Job, Secret } from './google.ts';
import type { Inputs } from './inputs.ts';
import { finished } from './job.ts';
import {
  annotationKeys,
  isRunSecret,
  labelKeys,
  managedBy,
  runOf,
  runText,
  secretTtlMarginSeconds,
  type RunRef,
} from './ownership.ts';
import { Code, errorCode } from './retry.ts';

type Time = { seconds?: unknown } | null | undefined;
const seconds = (time: Time): number | undefined =>
  time?.seconds === undefined || time.seconds === null ? undefined : Number(time.seconds);

export interface ReapReport {
  removed: string[];
  failed: string[];
  live: number;
}

export async function reap(
  cloud: Cloud,
  inputs: Inputs,
  now = Date.now(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReapReport> {
  const dry = inputs.dryRun;
  const removed: string[] = [];
  const failed: string[] = [];
  const say = (text: string) => {
    removed.push(text);
    core.info(`${dry ? 'Would remove' : 'Removed'} ${text}`);
  };
  const token = inputs.githubToken ?? '';
  const lookUp = token
    ? githubRuns({
        apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
        token,
        debug: (m) => core.debug(m),
      })
    : undefined;
  if (!lookUp) core.info('No github_token: orphans are recognised by age alone.');
  const unknownRepos = new Set<string>();

  /** Why a resource's run is over, or undefined when it may still be going on. */
  async function overBecause(
    createdSeconds: number | undefined,
    timeoutSeconds: number | undefined,
    run: RunRef | undefined,
  ): Promise<string | undefined> {
    const age = createdSeconds === undefined ? undefined : now / 1000 - createdSeconds;
    if (
      age !== undefined &&
      timeoutSeconds !== undefined &&
      age >= timeoutSeconds + inputs.reapGraceSeconds
    ) {
      return `older than its timeout (${timeoutSeconds}s) plus ${inputs.reapGraceSeconds}s`;
    }
    if (!run || !lookUp) return undefined;
    const verdict: RunVerdict = await lookUp(run);
    if (verdict.over) return `${verdict.why} (${runText(run)})`;
    if (!verdict.known && !unknownRepos.has(run.repository)) {
      unknownRepos.add(run.repository);
      core.info(`Cannot read runs of ${run.repository} (${verdict.why}); its resources are reaped by age.`);
    }
    return undefined;
  }

  const tryTo = async (what: string, action: () => Promise<void>): Promise<boolean> => {
    try {
      await action();
      return true;
    } catch (error) {
      if (errorCode(error) === Code.NOT_FOUND) return true; // gone already: someone else cleaned up
      failed.push(`${what}: ${(error as Error).message}`);
      return false;
    }
  };

  // Jobs: every page, then decide; the decisions never depend on what is deleted meanwhile.
  const jobs: Job[] = (await cloud.run.listJobs()).filter(
    (job) => job.labels?.[managedBy.key] === managedBy.value,
  );
  const live = new Set<string>();
  const reapedJobs = new Set<string>();
  for (const job of jobs) {
    const name = job.name!;
    const jobId = name.split('/').pop()!;
    const timeout = seconds(job.template?.template?.timeout) ?? 600;
    const why = await overBecause(seconds(job.createTime), timeout, runOf(job.annotations));
    if (!why) {
      live.add(jobId);
      continue;
    }
    let executions: { name: string; running: boolean }[] = [];
    const listed = await tryTo(`listing the executions of ${name}`, async () => {
      executions = (await cloud.run.listExecutions(name)).map((e) => ({
        name: e.name!,
        running: !finished(e),
      }));
      // Cancelled first: deleting a job is not a documented way to stop its execution.
      if (!dry) for (const e of executions.filter((x) => x.running)) await stopExecution(cloud, e.name);
    });
    if (!listed) continue;
    const deleted = dry || (await tryTo(`deleting job ${name}`, () => cloud.run.deleteJob(name)));
    if (!deleted) continue;
    reapedJobs.add(jobId);
    for (const e of executions)
      say(`execution ${e.name}${e.running ? ' (cancelled: it was still running)' : ''}`);
    say(`job ${name}: ${why}`);
  }

  // Secrets: those of a live job stay; the others go once their own run is over. Only secrets a
  // run made are candidates: the label filter alone would take a user's secret labelled by hand.
  const secrets: Secret[] = (await cloud.secrets.list(`labels.${managedBy.key}=${managedBy.value}`)).filter(
    isRunSecret,
  );
  for (const secret of secrets) {
    const name = secret.name!;
    const jobId = secret.labels?.[labelKeys.job] ?? '';
    if (live.has(jobId)) continue;
    const created = seconds(secret.createTime);
    const annotated = Number(secret.annotations?.[annotationKeys.timeout]);
    const expires = seconds(secret.expireTime);
    const timeout =
      Number.isFinite(annotated) && annotated > 0
        ? annotated
        : created !== undefined && expires !== undefined
          ? expires - created - secretTtlMarginSeconds
          : undefined;
    const why = reapedJobs.has(jobId)
      ? 'its job was reaped'
      : await overBecause(created, timeout, runOf(secret.annotations));
    if (!why) continue;
    if (dry || (await tryTo(`deleting secret ${name}`, () => cloud.secrets.delete(name)))) {
      say(`secret ${name}: ${why}`);
    }
  }

  const count = removed.length;
  core.info(
    `${count} orphaned resource(s) ${dry ? 'found (dry run: nothing was removed)' : 'removed'}; ${live.size} job(s) of live runs left alone.`,
  );
  core.setOutput('reaped', String(count));
  if (failed.length) core.setFailed(`Could not remove:\n${failed.join('\n')}`);
  return { removed, failed, live: live.size };
}
