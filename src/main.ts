// The main step: build or resolve the image, materialise credentials, create and run the job,
// mirror its logs, report the outcome. Everything created is recorded for the post step first.
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import * as core from './core.ts';
import { maskLines } from './credentials.ts';
import { formatDuration } from './durations.ts';
import { connect, type Cloud } from './google.ts';
import {
  buildAndPush,
  digestOfRef,
  imagePath,
  login,
  newDockerConfigDir,
  pruneImages,
  resolveDigest,
} from './image.ts';
import { readInputs, type Inputs } from './inputs.ts';
import { finished, jobResource, outcome, type Outcome } from './job.ts';
import { consoleUrl, jobLogFilter, logsUrl } from './links.ts';
import { log } from './log.ts';
import { followLogs } from './logs.ts';
import { jobId as makeJobId, labelValue, slug } from './names.ts';
import { annotationKeys, runAnnotations } from './ownership.ts';
import { defaultPrompt } from './prompt.ts';
import { reap } from './reap.ts';
import { hideInOutput, untrusted } from './render.ts';
import { Code, errorCode } from './retry.ts';
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

  // The image and the secrets are independent: resolved and created at the same time.
  // The run that owns them, for reap mode (labels cannot hold owner/repo).
  const owner = runAnnotations(process.env);
  const secretsCreated = cancel.track(
    createSecrets(cloud, jobId, inputs.credentials, labels, inputs.timeoutSeconds + secretTtlMarginSeconds, {
      ...owner,
      [annotationKeys.timeout]: String(inputs.timeoutSeconds),
    }),
  );
  const [image, mounts] = await Promise.all([
    // A failed build waits for the secrets to land before failing the step, so that post (which
    // runs next) deletes them instead of racing their creation.
    prepareImage(cloud, inputs, state).catch(async (error: unknown) => {
      await secretsCreated.catch(() => {});
      throw error;
    }),
    secretsCreated,
  ]);
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

  const drained = await logs.drain(
    result.status === 'cancelled' || result.status === 'timed_out' ? cancelledDrainGraceMs : drainGraceMs,
  );
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

function runLabels(inputs: Inputs): Record<string, string> {
  return {
    'managed-by': 'cloud-run-agent',
    'al-agent': labelValue(slug(inputs.agent)),
    'gh-repository': labelValue(process.env.GITHUB_REPOSITORY ?? 'local'),
    'gh-run-id': labelValue(process.env.GITHUB_RUN_ID ?? 'local'),
    'gh-run-attempt': labelValue(process.env.GITHUB_RUN_ATTEMPT ?? '1'),
  };
}

async function prepareImage(cloud: Cloud, inputs: Inputs, state: RunState): Promise<string> {
  const token = await cloud.accessToken();
  if (!inputs.build) return resolveDigest(inputs.image!, token);
  state.dockerConfig = newDockerConfigDir();
  saveState(state);
  const target = imagePath(inputs.build, inputs.projectId, slug(inputs.agent));
  await login(inputs.build.registry, token, state.dockerConfig);
  log.info(`Building ${target}:${inputs.build.tag}`);
  return log.group(`Build and push ${target}`, () =>
    buildAndPush(inputs.build!, target, state.dockerConfig!, process.env),
  );
}

/** Keeps the newest images; never the one just pushed, nor any a job of ours still references. */
async function pruneQuietly(cloud: Cloud, inputs: Inputs, image: string): Promise<void> {
  try {
    const inUse = new Set<string>();
    for (const job of await cloud.run.listJobs()) {
      if (job.labels?.['managed-by'] !== 'cloud-run-agent') continue;
      for (const container of job.template?.template?.containers ?? []) {
        const digest = digestOfRef(container.image ?? '');
        if (digest) inUse.add(digest);
      }
    }
    inUse.add(digestOfRef(image)!);
    const target = imagePath(inputs.build!, inputs.projectId, slug(inputs.agent));
    const deleted = await pruneImages(cloud, inputs.build!.repository, target, inputs.keepTags, inUse);
    for (const ref of deleted) log.info(`Pruned old image ${ref}`);
  } catch (error) {
    log.warning(`Pruning old images failed (the run itself is unaffected): ${(error as Error).message}`);
  }
}

/** A pre-flight check: agents cannot work when the gateway is unreachable, so say so early. */
async function checkGateway(url: string): Promise<void> {
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(5_000) });
    if (!response.ok)
      log.warning(
        `The gateway at ${url} answered ${response.status} to /health; agents may fail to reach it.`,
      );
  } catch (error) {
    log.warning(
      `The gateway at ${url} did not answer /health (${(error as Error).message}); agents may fail to reach it.`,
    );
  }
}

/**
 * The runner sends SIGINT when the workflow is cancelled, SIGTERM 7.5 s later and kills the process
 * 2.5 s after that. On SIGINT nothing more is started; a create already sent (a secret, the job,
 * the execution) is let land, within a bound, so that post sees and deletes it rather than racing
 * it; then the execution, if there is one, is cancelled, well before SIGTERM. Post deletes the rest.
 */
function watchForCancellation(cloud: Cloud, state: RunState) {
  const controller = new AbortController();
  const inflight = new Set<Promise<unknown>>();
  let execution: string | undefined;
  let cancelling: Promise<void> | undefined;
  const cancelExecution = (): Promise<void> => {
    if (!execution) return Promise.resolve();
    const name = execution;
    cancelling ??= (async () => {
      log.info(`Cancelling execution ${name.split('/').pop()}`);
      try {
        await cloud.run.cancelExecution(name, { deadlineMs: 3_000 });
      } catch (error) {
        if (errorCode(error) !== Code.FAILED_PRECONDITION)
          log.warning(`Cancelling failed: ${(error as Error).message}`);
      }
    })();
    return cancelling;
  };
  process.once('SIGINT', () => {
    log.info('The workflow was cancelled.');
    controller.abort();
    void (async () => {
      if (inflight.size) {
        log.info('Waiting for the calls already sent to land, so that post can delete what they create.');
        await Promise.race([Promise.allSettled([...inflight]), sleep(4_000)]);
      }
      await cancelExecution();
    })().finally(() => {
      core.setOutput('status', 'cancelled');
      log.fail('The run was cancelled; the post step deletes what it created.');
      process.exit(1);
    });
  });
  process.once('SIGTERM', () => process.exit(1));
  return {
    signal: controller.signal,
    check(): void {
      if (controller.signal.aborted) throw new Error('Cancelled before the execution started.');
    },
    /** A call that creates something: on SIGINT, waited for (bounded) before the process exits. */
    track<T>(work: Promise<T>): Promise<T> {
      inflight.add(work);
      void work.then(
        () => inflight.delete(work),
        () => inflight.delete(work),
      );
      return work;
    },
    executionStarted(name: string): void {
      execution = name;
      if (controller.signal.aborted) void cancelExecution();
    },
    state,
  };
}

export function main(): Promise<void> {
  return run()
    .catch((error: unknown) => log.fail((error as Error).message || String(error)))
    .finally(() => untrusted.close());
}
