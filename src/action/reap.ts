// Reap mode: removes what runs of this action left behind when their runner died before the post
// step (the seed's "orphaned jobs are killed, not re-adopted"). A job or secret of this action
// (label managed-by=cloud-run-agent) is an orphan once its run is over:
//   - it is older than its own timeout plus a grace (`reap_grace`), or
//   - GitHub says the workflow run that created it (annotations gh-repository, gh-run-id,
//     gh-run-attempt) has completed, or has moved on to a later attempt.
// A running execution of an orphaned job is cancelled first; the job is deleted with its
// executions. A resource whose run may still be going on is never touched.
// Scale slots (src/scale/) go as a waiting run would reclaim them: once Cloud Run says the execution
// they guard has ended (or its job was reaped here), or, for a slot bound to no job yet, once
// GitHub says its run is over. They also expire on their own.
import * as core from '@actions/core';
import { stopExecution } from '../job/cleanup.ts';
import { githubRuns, type RunVerdict } from '../github/api.ts';
import type { Cloud, Job, Secret } from '../google/connect.ts';
import type { Inputs } from './inputs.ts';
import { finished } from '../job/outcome.ts';
import {
  annotationKeys,
  isRunSecret,
  labelKeys,
  managedBy,
  runOf,
  runText,
  secretTtlMarginSeconds,
  type RunRef,
} from '../shared/ownership.ts';
import { Code, errorCode } from '../google/errors.ts';
import { jobState, reclaim } from '../scale/lease.ts';
import { isScaleSlot, slotOf, staleness } from '../scale/slots.ts';

type Time = { seconds?: unknown } | null | undefined;
const seconds = (time: Time): number | undefined =>
  time?.seconds === undefined || time.seconds === null ? undefined : Number(time.seconds);

export interface ReapReport {
  removed: string[];
  failed: string[];
  live: number;
}

/** What the passes share: the cloud, the dry-run switch, and what was removed or failed. */
interface Reaper {
  cloud: Cloud;
  dry: boolean;
  now: number;
  removed: string[];
  failed: string[];
  /** Why a resource's run is over, or undefined when it may still be going on. */
  overBecause: (
    created: number | undefined,
    timeout: number | undefined,
    run: RunRef | undefined,
  ) => Promise<string | undefined>;
}

export async function reap(
  cloud: Cloud,
  inputs: Inputs,
  now = Date.now(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReapReport> {
  const reaper: Reaper = {
    cloud,
    dry: inputs.dryRun,
    now,
    removed: [],
    failed: [],
    overBecause: runIsOver(inputs, now, env),
  };
  const jobs = await reapJobs(reaper);
  await reapSecrets(reaper, jobs);
  return report(reaper, jobs.live.size);
}

/**
 * The verdict on a run: over by age (its timeout plus `reap_grace`), else as GitHub says (when a
 * token can ask); a repository whose runs cannot be read is said once and reaped by age alone.
 */
function runIsOver(inputs: Inputs, now: number, env: NodeJS.ProcessEnv): Reaper['overBecause'] {
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
  return async (createdSeconds, timeoutSeconds, run) => {
    const age = createdSeconds === undefined ? undefined : now / 1000 - createdSeconds;
    if (age !== undefined && timeoutSeconds !== undefined && age >= timeoutSeconds + inputs.reapGraceSeconds)
      return `older than its timeout (${timeoutSeconds}s) plus ${inputs.reapGraceSeconds}s`;
    if (!run || !lookUp) return undefined;
    const verdict: RunVerdict = await lookUp(run);
    if (verdict.over) return `${verdict.why} (${runText(run)})`;
    if (!verdict.known && !unknownRepos.has(run.repository)) {
      unknownRepos.add(run.repository);
      core.info(`Cannot read runs of ${run.repository} (${verdict.why}); its resources are reaped by age.`);
    }
    return undefined;
  };
}

function removedOne(r: Reaper, text: string): void {
  r.removed.push(text);
  core.info(`${r.dry ? 'Would remove' : 'Removed'} ${text}`);
}

/** Runs `action`; a failure is recorded (NOT_FOUND is success: someone else cleaned up). */
async function tryTo(r: Reaper, what: string, action: () => Promise<void>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    if (errorCode(error) === Code.NOT_FOUND) return true;
    r.failed.push(`${what}: ${(error as Error).message}`);
    return false;
  }
}

/** Jobs: every page, then decide; the decisions never depend on what is deleted meanwhile. */
async function reapJobs(r: Reaper): Promise<{ live: Set<string>; reaped: Set<string> }> {
  const jobs: Job[] = (await r.cloud.run.listJobs()).filter(
    (job) => job.labels?.[managedBy.key] === managedBy.value,
  );
  const live = new Set<string>();
  const reaped = new Set<string>();
  for (const job of jobs) {
    const jobId = job.name!.split('/').pop()!;
    const timeout = seconds(job.template?.template?.timeout) ?? 600;
    const why = await r.overBecause(seconds(job.createTime), timeout, runOf(job.annotations));
    if (!why) live.add(jobId);
    else if (await reapJob(r, job.name!, why)) reaped.add(jobId);
  }
  return { live, reaped };
}

/** An orphaned job: its running executions cancelled first, then the job deleted with them. */
async function reapJob(r: Reaper, name: string, why: string): Promise<boolean> {
  const { cloud, dry } = r;
  let executions: { name: string; running: boolean }[] = [];
  const listed = await tryTo(r, `listing the executions of ${name}`, async () => {
    executions = (await cloud.run.listExecutions(name)).map((e) => ({
      name: e.name!,
      running: !finished(e),
    }));
    // Cancelled first: deleting a job is not a documented way to stop its execution.
    if (!dry) for (const e of executions.filter((x) => x.running)) await stopExecution(cloud, e.name);
  });
  if (!listed) return false;
  const deleted = dry || (await tryTo(r, `deleting job ${name}`, () => cloud.run.deleteJob(name)));
  if (!deleted) return false;
  for (const e of executions)
    removedOne(r, `execution ${e.name}${e.running ? ' (cancelled: it was still running)' : ''}`);
  removedOne(r, `job ${name}: ${why}`);
  return true;
}

/**
 * Secrets: those of a live job stay; the others go once their own run is over. Only secrets a
 * run made are candidates: the label filter alone would take a user's secret labelled by hand.
 */
async function reapSecrets(r: Reaper, jobs: { live: Set<string>; reaped: Set<string> }): Promise<void> {
  const managed: Secret[] = await r.cloud.secrets.list(`labels.${managedBy.key}=${managedBy.value}`);
  await reapSlots(r, managed.filter(isScaleSlot), jobs.reaped);
  const secrets = managed.filter(isRunSecret);
  for (const secret of secrets) {
    const name = secret.name!;
    const jobId = secret.labels?.[labelKeys.job] ?? '';
    if (jobs.live.has(jobId)) continue;
    const created = seconds(secret.createTime);
    const why = jobs.reaped.has(jobId)
      ? 'its job was reaped'
      : await r.overBecause(created, secretTimeout(secret), runOf(secret.annotations));
    if (!why) continue;
    if (r.dry || (await tryTo(r, `deleting secret ${name}`, () => r.cloud.secrets.delete(name))))
      removedOne(r, `secret ${name}: ${why}`);
  }
}

/**
 * Scale slots whose holder is done. A slot bound to a job is judged by Cloud Run alone: its
 * execution may outlive its runner, and while it runs the slot is in use whatever GitHub says.
 * Deleted at the etag read, so a slot that changed hands meanwhile stays.
 */
async function reapSlots(r: Reaper, secrets: Secret[], reaped: Set<string>): Promise<void> {
  for (const secret of secrets) {
    const slot = slotOf(secret)!;
    let why: string | undefined;
    const ok = await tryTo(r, `checking scale slot ${slot.name}`, async () => {
      if (slot.job && reaped.has(slot.job.split('/').pop()!)) why = 'its job was reaped';
      else if (slot.job) why = staleness(slot, await jobState(r.cloud, slot.job), r.now);
      else why = staleness(slot, undefined, r.now) ?? (await r.overBecause(undefined, undefined, slot.run));
    });
    if (!ok || !why) continue;
    let reclaimed = r.dry;
    if (!r.dry)
      await tryTo(r, `deleting scale slot ${slot.name}`, async () => {
        reclaimed = await reclaim(r.cloud, slot);
      });
    if (reclaimed) removedOne(r, `scale slot ${slot.name}: ${why}`);
  }
}

/** The run's timeout, from the secret's annotation, else from its expiry less the margin. */
function secretTimeout(secret: Secret): number | undefined {
  const annotated = Number(secret.annotations?.[annotationKeys.timeout]);
  if (Number.isFinite(annotated) && annotated > 0) return annotated;
  const created = seconds(secret.createTime);
  const expires = seconds(secret.expireTime);
  return created !== undefined && expires !== undefined
    ? expires - created - secretTtlMarginSeconds
    : undefined;
}

function report(r: Reaper, live: number): ReapReport {
  const count = r.removed.length;
  core.info(
    `${count} orphaned resource(s) ${r.dry ? 'found (dry run: nothing was removed)' : 'removed'}; ${live} job(s) of live runs left alone.`,
  );
  core.setOutput('reaped', String(count));
  if (r.failed.length) core.setFailed(`Could not remove:\n${r.failed.join('\n')}`);
  return { removed: r.removed, failed: r.failed, live };
}
