// The main step: build or resolve the image, materialise credentials, create and run the job,
// mirror its logs, report the outcome. Everything created is recorded for the post step first.
import { randomBytes, randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { maskLines } from './credentials.ts';
import { formatDuration } from './durations.ts';
import { watchForCancellation } from './cancellation.ts';
import { checkGateway } from './gateway.ts';
import { cleanUp } from './cleanup.ts';
import { connect, type Cloud } from './google.ts';
import { prepareImage, pruneQuietly } from './image.ts';
import { readInputs, type Inputs } from './inputs.ts';
import { finished, jobResource, outcome, type Outcome } from './job.ts';
import { consoleUrl, jobLogFilter, logsUrl } from './links.ts';
import { log } from './log.ts';
import { followLogs } from './log-mirror/follow.ts';
import { jobId as makeJobId, labelValue, slug } from './names.ts';
import { annotationKeys, runAnnotations } from './ownership.ts';
import { defaultPrompt } from './prompt.ts';
import { reap } from './reap.ts';
import { untrusted } from './fence.ts';
import { hideInOutput } from './redact.ts';
import { createSecrets, secretId } from './secrets.ts';
import { saveState, type RunState } from './state.ts';
import { writeSummary } from './summary.ts';
import { waitForExecution } from './wait.ts';

// After the execution ends, how long to wait for its last log lines (Google's ingestion lags 5–10 s).
const drainGraceMs = 30_000;
const cancelledDrainGraceMs = 4_000;
const secretTtlMarginSeconds = 30 * 60;

export async function run(): Promise<void> {
  const started = Date.now();
  const inputs = readInputs(core.getInput, process.env);
  const cloud = connect(inputs.projectId, inputs.region);
  if (inputs.mode === 'reap') {
    await reap(cloud, inputs);
    return;
  }

  // Masks first: nothing below may print a credential before the runner knows to hide it.
  const secretLines = maskLines(inputs.credentials);
  for (const line of secretLines) core.setSecret(line);
  const shutdownSecret = inputs.gatewayUrl ? randomUUID() : undefined;
  if (shutdownSecret) core.setSecret(shutdownSecret);
  // The action hides them too, before it cuts or escapes a line (the runner matches exact text only).
  hideInOutput([...secretLines, ...(shutdownSecret ? [shutdownSecret] : [])]);
  cloud.warmUp();

  const runKey = `${process.env.GITHUB_RUN_ID || Date.now()}-${process.env.GITHUB_RUN_ATTEMPT || '1'}-${randomBytes(2).toString('hex')}`;
  const jobId = makeJobId(inputs.agent, runKey);
  const labels = runLabels(inputs);
  const state: RunState = {
    project: inputs.projectId,
    region: inputs.region,
    job: cloud.run.jobName(jobId),
    secrets: inputs.credentials.map(
      (c, i) => `projects/${inputs.projectId}/secrets/${secretId(jobId, i, c)}`,
    ),
  };
  saveState(state);
  const cancel = watchForCancellation(cloud, state);

  // The run that owns the secrets, for reap mode (labels cannot hold owner/repo).
  const owner = runAnnotations(process.env);
  const createAllSecrets = () =>
    cancel.track(
      createSecrets(
        cloud,
        jobId,
        inputs.credentials,
        labels,
        inputs.timeoutSeconds + secretTtlMarginSeconds,
        {
          ...owner,
          [annotationKeys.timeout]: String(inputs.timeoutSeconds),
        },
      ),
    );
  // A prebuilt image is resolved while the secrets are created. A build comes first: the secrets
  // expire at the timeout plus 30 minutes from their creation, and a long build must not eat into that.
  const [image, mounts] = inputs.build
    ? [await prepareImage(cloud, inputs, state), await createAllSecrets()]
    : await bothOrWait(prepareImage(cloud, inputs, state), createAllSecrets());
  core.setOutput('image', image);
  if (inputs.gatewayUrl) await checkGateway(inputs.gatewayUrl);
  cancel.check();

  const env: Record<string, string> = { PROMPT: defaultPrompt(process.env, inputs.prompt), ...inputs.env };
  if (inputs.gatewayUrl && shutdownSecret)
    Object.assign(env, { GATEWAY_URL: inputs.gatewayUrl, SHUTDOWN_SECRET: shutdownSecret });
  log.info(`Creating Cloud Run job ${jobId} in ${inputs.region}`);
  await cancel.track(
    cloud.run.createJob(
      jobId,
      jobResource({
        image,
        env,
        mounts,
        timeoutSeconds: inputs.timeoutSeconds,
        cpu: inputs.cpu,
        memory: inputs.memory,
        serviceAccount: inputs.serviceAccount,
        labels: { ...inputs.labels, ...labels },
        annotations: { 'cloud-run-agent/agent': inputs.agent.slice(0, 256), ...owner },
      }),
    ),
  );
  log.debug(`Created job ${jobId}`);
  cancel.check();

  // The tail opens before the execution starts, so not a line is missed.
  const filter = jobLogFilter(jobId, inputs.region);
  const logs = followLogs(cloud, {
    filter,
    sinceMs: started - 60_000,
    print: (lines) => untrusted.print(lines),
    notice: (message) => log.warning(message),
    debug: (message) => log.debug(message),
  });
  const links = { logs: logsUrl(inputs.projectId, filter, new Date(started - 60_000).toISOString()) };
  core.setOutput('job', jobId);
  core.setOutput('logs_url', links.logs);

  // The execution is known the moment RunJob answers, even when SIGINT came while it was in flight.
  const { execution, operation } = await cancel.track(
    cloud.run.runJob(state.job!).then((started) => {
      cancel.executionStarted(started.execution);
      return started;
    }),
  );
  state.execution = execution;
  saveState(state);
  const console = consoleUrl(inputs.projectId, inputs.region, execution);
  core.setOutput('execution', execution);
  core.setOutput('console_url', console);
  log.info(`Started execution ${execution.split('/').pop()}: ${console}`);

  const ended = await waitForExecution(cloud, operation, execution, cancel.signal);
  const tasks = await cloud.run.listTasks(execution);
  const result: Outcome = outcome(ended, tasks);
  state.executionEnded = finished(ended);
  saveState(state);
  log.debug(`Execution ${execution.split('/').pop()} ended (${result.status}); reading its last log lines`);

  // The container is gone, so are its needs: the job and the secrets are deleted now, while the
  // last lines drain (Cloud Logging keeps them), which ends the secrets' life as early as it can
  // and leaves the post step nothing to load a client for. What fails here, post tries again.
  const cleanedUp = state.executionEnded ? cleanUpNow(cloud, state) : Promise.resolve();
  const drained = await logs.drain(
    result.status === 'cancelled' || result.status === 'timed_out' ? cancelledDrainGraceMs : drainGraceMs,
  );
  await cleanedUp;
  if (!drained.complete)
    log.warning(
      'The execution ended but its last log lines did not arrive in time; see the logs link for the full log.',
    );
  const exitCode = result.exitCode ?? logs.exitCode;
  const durationSeconds = (Date.now() - started) / 1000;

  core.setOutput('status', result.status);
  core.setOutput('exit_code', exitCode === undefined ? '' : String(exitCode));
  core.setOutput('result', logs.result ?? '');
  core.setOutput('rerun_requested', String(exitCode === 42));
  core.setOutput('duration', String(Math.round(durationSeconds)));
  if (inputs.summary) {
    await writeSummary({
      agent: inputs.agent,
      job: jobId,
      status: result.status,
      exitCode,
      durationSeconds,
      image,
      memory: inputs.memory,
      consoleUrl: console,
      logsUrl: links.logs,
      result: logs.result,
      reason: result.reason,
      logsComplete: drained.complete,
    });
  }
  if (inputs.build) await pruneQuietly(cloud, inputs, image);

  if (result.status !== 'succeeded') {
    const code = exitCode === undefined ? '' : ` with exit code ${exitCode}`;
    const why = result.reason ? `: ${result.reason}` : '';
    log.fail(`Agent ${inputs.agent} ${result.status.replace('_', ' ')}${code}${why}\n${console}`);
  } else {
    log.info(`Agent ${inputs.agent} succeeded in ${formatDuration(durationSeconds)}`);
  }
}

async function cleanUpNow(cloud: Cloud, state: RunState): Promise<void> {
  const failures = await cleanUp(cloud, state, (message) => log.info(message));
  if (failures.length) log.debug(`Left for the post step: ${failures.join('; ')}`);
  else saveState({ ...state, cleanedUp: true });
}

function runLabels(inputs: Inputs): Record<string, string> {
  return {
    'managed-by': 'cloud-run-agent',
    'al-agent': labelValue(slug(inputs.agent)),
    'gh-repository': labelValue(process.env.GITHUB_REPOSITORY ?? 'local'),
    'gh-run-id': labelValue(process.env.GITHUB_RUN_ID ?? 'local'),
    'gh-run-attempt': labelValue(process.env.GITHUB_RUN_ATTEMPT ?? '1'),
  };
}

export function main(): Promise<void> {
  return run()
    .catch((error: unknown) => log.fail((error as Error).message || String(error)))
    .finally(() => untrusted.close());
}

/**
 * Both results; when the first fails, the second is still awaited before failing, so that post
 * (which runs next) deletes what it created instead of racing its creation.
 */
async function bothOrWait<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  second.catch(() => {}); // its failure is reported below, once `first` has settled
  const a = await first.catch(async (error: unknown) => {
    await second.catch(() => {});
    throw error;
  });
  return [a, await second];
}
