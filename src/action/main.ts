// The main step: build or resolve the image, materialise credentials, create and run the job,
// mirror its logs, report the outcome. Everything created is recorded for the post step first.
import { randomBytes, randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { maskLines, mountPath } from '../credentials/env.ts';
import { billedSeconds, executionCost, formatUsd } from '../job/cost.ts';
import { formatDuration } from '../shared/durations.ts';
import { keepHeapWithin, mirrorHeapBudgetBytes } from './heap.ts';
import { failureMessage } from '../google/errors.ts';
import { watchForCancellation, type Cancellation } from './cancellation.ts';
import { checkGateway } from '../job/gateway.ts';
import { cleanUp } from '../job/cleanup.ts';
import { connect, type Cloud } from '../google/connect.ts';
import { findImage, prepareImage } from '../image/prepare.ts';
import type { AgentImageLookup } from '../image/project-image.ts';
import { pruneQuietly, runtimeRepository } from '../image/prune.ts';
import { readInputs, type Inputs } from './inputs.ts';
import { jobResource } from '../job/spec.ts';
import { existingMounts, type MountedCredential } from '../credentials/existing.ts';
import { finished, outcome, type Outcome } from '../job/outcome.ts';
import { consoleUrl, jobLogFilter, logsUrl } from '../job/links.ts';
import { log } from '../output/log.ts';
import { followLogs, type LogFollower } from '../log-mirror/follow.ts';
import { executionId, jobId as makeJobId, labelValue, slug, startToken } from '../shared/names.ts';
import { annotationKeys, runAnnotations } from '../shared/ownership.ts';
import { endNonceVariable, newEndNonce } from '../shared/container-lines.ts';
import {
  capExitCode,
  capStopReason,
  capVariables,
  formatLlmUsd,
  reachedCap,
  type UsageFigures,
} from '../shared/llm-usage.ts';
import { eventEnv } from '../github/payload.ts';
import { defaultPrompt } from '../github/prompt.ts';
import { decide } from './decide.ts';
import { reap } from './reap.ts';
import { untrusted } from '../output/fence.ts';
import { describeVpcAccess } from '../job/vpc.ts';
import { hideInOutput } from '../output/redact.ts';
import { createSecrets, secretId } from '../credentials/ephemeral.ts';
import { clearState, openState, type RecordState, type RunState } from './state.ts';
import { writeSummary } from './summary.ts';
import { openOutcomeComment, type OutcomeComment } from '../github/comment.ts';
import { waitForEnd, waitForStart } from '../job/wait.ts';
import { families } from '../scale/slots.ts';
import type { Held } from '../scale/lease.ts';
import { bindSlots, releaseSlots, takeSlots, type Queue } from '../scale/queue.ts';

// After the execution ends, how long to wait for its last log lines (Google's ingestion lags 5–10 s).
const drainGraceMs = 30_000;
const cancelledDrainGraceMs = 4_000;
const secretTtlMarginSeconds = 30 * 60;
/** An image looked up while the run took its slot is used if the slot came within this (lookUpEarly). */
const lookupFreshMs = 10_000;

/** What the phases of one run share. */
interface Run {
  cloud: Cloud;
  inputs: Inputs;
  /** When the step started (ms since the epoch). */
  started: number;
  jobId: string;
  /** Makes CreateJob start the execution `<job id>-<token>` itself (create and run in one call). */
  startToken: string;
  /** The container's end marker carries it (shared/container-lines.ts): the log drain ends on it. */
  endNonce: string;
  /** Labels on every resource the run creates. */
  labels: Record<string, string>;
  /** The run that owns the resources, for reap mode (labels cannot hold owner/repo). */
  owner: Record<string, string>;
  shutdownSecret?: string;
  /** What post deletes; changed only through `record`, which saves it. */
  state: Readonly<RunState>;
  record: RecordState;
  cancel: Cancellation;
  /** What the container is told about this run (agentEnv). */
  agentEnv: Record<string, string>;
  /** The comment on the triggering pull request or issue, with `comment: true`. */
  comment?: OutcomeComment;
  /** The scale slots the run holds (none when its agent sets no scale), and how it asks for them. */
  slots: Held[];
  queue?: Queue;
}

/** The execution the job's token started, with its log tail already open. */
interface Started {
  execution: string;
  logs: LogFollower;
  links: { console: string; logs: string };
}

/** An execution that has ended, with what its logs said. */
interface Ended extends Started {
  outcome: Outcome;
  logsComplete: boolean;
  /** Seconds between the execution's start and completion, what Cloud Run bills. */
  billedSeconds: number;
}

/** The step's outcome in GitHub's words, the `conclusion` output. */
export type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

export async function run(): Promise<Conclusion> {
  const started = Date.now();
  const inputs = readInputs(core.getInput, process.env);
  const cloud = connect(inputs.projectId, inputs.region);
  if (inputs.mode === 'reap') {
    const { failed } = await reap(cloud, inputs);
    return failed.length ? 'failure' : 'success';
  }
  noteLeftAlone(inputs);
  // Masks first: nothing below may print a credential before the runner knows to hide it.
  const shutdownSecret = maskSecrets(inputs);
  // The agent's filters, who caused the event, then the credentials' values (src/action/decide.ts).
  if ((await decide(inputs, process.env)) === 'skip') return 'skipped';
  // Before any cloud call: a payload that cannot be passed stops the run here.
  const containerEnv = agentEnv(inputs);
  cloud.warmUp();
  const current = begin(cloud, inputs, started, shutdownSecret, containerEnv);
  const earlyLookup = lookUpEarly(current);
  // A slot before anything is created: a run skipped after its wait leaves nothing behind.
  if ((await waitForSlots(current)) === 'skipped') return 'skipped';
  const { image, mounts } = await provision(current, await earlyLookup());
  if ((await bindSlotsToJob(current)) === 'skipped') return 'skipped';
  const ended = await execute(current, image, mounts);
  return report(current, image, ended);
}

/**
 * The agent's scale (and the project's): a slot of each, waiting while every slot is held, up to
 * `queue_timeout`; skipped after that. Slots are taken before the image is made and the secrets
 * are created, so that a run that waits long, or in vain, has built and stored nothing (and its
 * secrets' expiry is not spent waiting); the price is that a queued run builds its image only once
 * it has a slot. Looking the image up, which writes nothing, goes on meanwhile (lookUpEarly).
 */
async function waitForSlots(run: Run): Promise<'run' | 'skipped'> {
  const { inputs } = run;
  const where = { region: inputs.region, repository: process.env.GITHUB_REPOSITORY || 'local' };
  const wanted = families(inputs.scale, inputs.agent, where);
  if (!wanted.length) return 'run';
  const holder = randomUUID();
  const ids = new Set<string>();
  const save = () => run.record({ scale: { holder, ids: [...ids] } });
  run.queue = {
    cloud: run.cloud,
    claim: { holder, labels: run.labels, annotations: run.owner, locations: inputs.secretLocations },
    since: Date.now(),
    timeoutSeconds: inputs.queueTimeoutSeconds,
    signal: run.cancel.signal,
    remember(id) {
      if (ids.has(id)) return;
      ids.add(id);
      save();
    },
    forget(id) {
      if (ids.delete(id)) save();
    },
    track: (work) => run.cancel.track(work),
    say: (line) => log.info(line),
  };
  const taken = await takeSlots(run.queue, wanted);
  if ('skipped' in taken) {
    log.notice(`${taken.skipped} Nothing was created.`);
    // Nothing was created and every slot given back: post has nothing to do.
    if (!ids.size) clearState();
    return 'skipped';
  }
  run.slots = taken.held;
  log.debug(`Holding scale slot(s) ${taken.held.map((h) => h.name.split('/').pop()).join(', ')}`);
  return 'run';
}

/** Just before CreateJob: the slots bound to the job, for its timeout plus a margin. */
async function bindSlotsToJob(run: Run): Promise<'run' | 'skipped'> {
  if (!run.queue || !run.slots.length) return 'run';
  const bound = await bindSlots(run.queue, run.slots, run.state.job!, taskTimeoutSeconds(run.inputs));
  if ('skipped' in bound) {
    log.notice(`${bound.skipped} The post step deletes the secrets this run made.`);
    return 'skipped';
  }
  run.slots = bound.held;
  return 'run';
}

/** Project mode: one line naming the step's credentials the agent does not list (never a value). */
function noteLeftAlone({ leftAlone, agent }: Inputs): void {
  if (!leftAlone.length) return;
  const [these, them] =
    leftAlone.length === 1
      ? [`Credential ${leftAlone[0]} is`, 'it']
      : [`Credentials ${leftAlone.join(', ')} are`, 'them'];
  log.notice(
    `${these} in the step's env but not listed by agent ${agent}: left alone (not uploaded, not mounted). To give ${them} to the agent, list ${them} in "credentials" of its config.toml.`,
  );
}

/**
 * Registers the lines of every secret field (credentials/fields.ts: not a git author's name) and the
 * shutdown secret as secrets; returns the shutdown secret.
 */
function maskSecrets(inputs: Inputs): string | undefined {
  const shutdownSecret = inputs.gatewayUrl ? randomUUID() : undefined;
  const secrets = [...maskLines(inputs.credentials), ...(shutdownSecret ? [shutdownSecret] : [])];
  for (const secret of secrets) core.setSecret(secret);
  // The action hides them too, before it cuts or escapes a line (the runner matches exact text only).
  hideInOutput(secrets);
  return shutdownSecret;
}

/** Names the run and saves, before anything is created, what post would have to delete. */
function begin(
  cloud: Cloud,
  inputs: Inputs,
  started: number,
  shutdownSecret: string | undefined,
  containerEnv: Record<string, string>,
): Run {
  const runKey = `${process.env.GITHUB_RUN_ID || Date.now()}-${process.env.GITHUB_RUN_ATTEMPT || '1'}-${randomBytes(2).toString('hex')}`;
  const jobId = makeJobId(inputs.agent, runKey);
  const token = startToken();
  const job = cloud.run.jobName(jobId);
  const { state, record } = openState({
    project: inputs.projectId,
    region: inputs.region,
    job,
    // Named by its token before it exists: `<job id>-<token>`.
    execution: `${job}/executions/${executionId(jobId, token)}`,
    secrets: inputs.credentials.map(
      (c, i) => `projects/${inputs.projectId}/secrets/${secretId(jobId, i, c)}`,
    ),
  });
  return {
    cloud,
    inputs,
    started,
    jobId,
    startToken: token,
    endNonce: newEndNonce(),
    labels: runLabels(inputs),
    owner: runAnnotations(process.env),
    shutdownSecret,
    state,
    record,
    cancel: watchForCancellation(cloud, state),
    agentEnv: containerEnv,
    comment: inputs.comment ? openComment(inputs, record) : undefined,
    slots: [],
  };
}

/** Comment: the run's one comment on its pull request or issue; failures are warnings. */
function openComment(inputs: Inputs, record: RecordState): OutcomeComment | undefined {
  return openOutcomeComment({
    agent: inputs.agent,
    token: inputs.githubToken,
    env: process.env,
    save: (comment) => record({ comment }),
    warn: (message) => log.warning(message),
    debug: (message) => log.debug(message),
  });
}

/**
 * Project mode: the agent's image looked up while the run takes its slot (reading only). What it
 * found is used unless the run waited for its slot: meanwhile another run may have pushed the image,
 * or pruned the one found, so it is looked up again. A failure is only debugged: prepareImage looks
 * again, and reports it.
 */
function lookUpEarly(run: Run): () => Promise<AgentImageLookup | undefined> {
  const asked = Date.now();
  const lookup = findImage(run.cloud, run.inputs).catch((error: unknown) => {
    log.debug(`Looking the image up before the slot failed (${(error as Error).message}); looked up again`);
    return undefined;
  });
  return async () => {
    const found = await lookup;
    return Date.now() - asked < lookupFreshMs ? found : undefined;
  };
}

/** Provision: the image and the secrets, everything the job needs. */
async function provision(
  run: Run,
  lookup: AgentImageLookup | undefined,
): Promise<{ image: string; mounts: MountedCredential[] }> {
  const { cloud, inputs } = run;
  const prepare = () => prepareImage(cloud, inputs, run.record, lookup);
  // The secrets expire at the timeout plus 30 minutes from their creation: a build (minutes) comes
  // first, so as not to eat into that. An image that takes seconds is made while they are created:
  // a prebuilt one resolved, or a project's agent image found or appended to a runtime the lookup found.
  const quick = !inputs.build || lookup?.runtime.digest !== undefined;
  const [image, mounts] = quick
    ? await bothOrWait(prepare(), createAllSecrets(run))
    : [await prepare(), await createAllSecrets(run)];
  core.setOutput('image', image);
  if (inputs.gatewayUrl) await checkGateway(inputs.gatewayUrl);
  run.cancel.check();
  return { image, mounts };
}

/** The run's own secrets, then the existing ones (which cost no call: Cloud Run reads them). */
async function createAllSecrets(run: Run): Promise<MountedCredential[]> {
  const { inputs } = run;
  const created = await run.cancel.track(
    createSecrets(
      run.cloud,
      run.jobId,
      inputs.credentials,
      run.labels,
      inputs.timeoutSeconds + secretTtlMarginSeconds,
      { ...run.owner, [annotationKeys.timeout]: String(inputs.timeoutSeconds) },
      inputs.secretLocations,
    ),
  );
  const existing = existingMounts(inputs.existingCredentials);
  for (const { credential, secret, versions } of existing) {
    const items = [...versions].map(([field, version]) => `${field} (version ${version})`).join(', ');
    log.info(`Mounting ${secret} at ${mountPath(credential)}: ${items}`);
  }
  return [...created, ...existing];
}

/** Execute: the job, its execution and its logs, until the execution has ended and its logs are in. */
async function execute(run: Run, image: string, mounts: MountedCredential[]): Promise<Ended> {
  // The tail opens before the execution can start, so not a line is missed.
  const logs = openLogs(run);
  const started = await createJob(run, image, mounts)
    .then((operation) => awaitStart(run, operation, logs))
    .catch((error: unknown) => {
      logs.follower.stop(); // nothing to mirror: the job could not start its execution
      throw error;
    });
  return awaitEnd(run, started);
}

function openLogs(run: Run): { follower: LogFollower; link: string } {
  const { cloud, inputs } = run;
  const filter = jobLogFilter(run.jobId, inputs.region);
  const follower = followLogs(cloud, {
    filter,
    sinceMs: run.started - 60_000,
    print: (lines) => untrusted.print(lines),
    notice: (message) => log.warning(message),
    debug: (message) => log.debug(message),
    endNonce: run.endNonce,
    // Checked after every batch, not left to V8's timing alone: a busy CPU delays its collections.
    afterEntries: keepHeapWithin({
      budgetBytes: mirrorHeapBudgetBytes,
      debug: (message) => log.debug(message),
    }),
  });
  const link = logsUrl(inputs.projectId, filter, new Date(run.started - 60_000).toISOString());
  core.setOutput('job', run.jobId);
  core.setOutput('logs_url', link);
  return { follower, link };
}

/**
 * Create and run in one call: CreateJob with a start token, so Cloud Run starts the execution as
 * soon as the job is ready. Returns the CreateJob operation, done once the execution has started.
 */
async function createJob(run: Run, image: string, mounts: MountedCredential[]): Promise<string> {
  const { inputs, jobId } = run;
  // Last, so that no `env` input replaces the nonce the log mirror expects.
  const env: Record<string, string> = { ...run.agentEnv, ...inputs.env, [endNonceVariable]: run.endNonce };
  if (inputs.gatewayUrl && run.shutdownSecret)
    Object.assign(env, { GATEWAY_URL: inputs.gatewayUrl, SHUTDOWN_SECRET: run.shutdownSecret });
  log.info(`Creating Cloud Run job ${jobId} in ${inputs.region}`);
  if (inputs.vpcAccess) log.info(`Private network: ${describeVpcAccess(inputs.vpcAccess)}`);
  // The execution is known the moment CreateJob answers, even when SIGINT came while it was in
  // flight: the job starts it whatever happens to this process.
  const operation = await run.cancel.track(
    run.cloud.run
      .createJob(
        jobId,
        jobResource({
          image,
          env,
          mounts,
          timeoutSeconds: taskTimeoutSeconds(inputs),
          cpu: inputs.cpu,
          memory: inputs.memory,
          serviceAccount: inputs.serviceAccount,
          vpcAccess: inputs.vpcAccess,
          labels: { ...inputs.labels, ...run.labels },
          annotations: { 'cloud-run-agent/agent': inputs.agent.slice(0, 256), ...run.owner },
          startToken: run.startToken,
        }),
      )
      .then((operation) => {
        run.cancel.executionKnown(run.state.execution!);
        return operation;
      }),
  );
  log.debug(`Created job ${jobId}; Cloud Run starts its execution once the job is ready`);
  return operation;
}

/** Waits until the execution has started (its CreateJob operation is done), then says where to see it. */
async function awaitStart(
  run: Run,
  operation: string,
  logs: { follower: LogFollower; link: string },
): Promise<Started> {
  const { cloud, inputs, cancel } = run;
  const named = run.state.execution!;
  const execution = await waitForStart(
    cloud,
    { operation, jobId: run.jobId, execution: named },
    cancel.signal,
  );
  if (execution !== named) {
    // Google's own name wins (job.proto calls the token only a "suffix").
    log.debug(`Cloud Run named the execution ${execution}, not ${named}`);
    run.record({ execution });
    cancel.executionKnown(execution);
  }
  const console = consoleUrl(inputs.projectId, inputs.region, execution);
  core.setOutput('execution', execution);
  core.setOutput('console_url', console);
  log.info(`Started execution ${execution.split('/').pop()}: ${console}`);
  // Not awaited: the execution is not held up by GitHub; report() waits for it (writes are queued).
  void run.comment?.running({ console, logs: logs.link });
  return { execution, logs: logs.follower, links: { console, logs: logs.link } };
}

async function awaitEnd(run: Run, started: Started): Promise<Ended> {
  const { cloud } = run;
  // Its logs' exit entry (or end marker) wakes the wait: the execution has ended or is ending.
  const ended = await waitForEnd(cloud, started.execution, run.cancel.signal, started.logs.exiting);
  const result = agentTimeout(run.inputs, outcome(ended, await cloud.run.listTasks(started.execution)));
  run.record({ executionEnded: finished(ended) });
  log.debug(
    `Execution ${started.execution.split('/').pop()} ended (${result.status}); reading its last log lines`,
  );

  // The container is gone, so are its needs: the job and the secrets are deleted now, while the
  // last lines drain (Cloud Logging keeps them), which ends the secrets' life as early as it can
  // and leaves the post step nothing to load a client for. What fails here, post tries again.
  const cleanedUp = run.state.executionEnded ? cleanUpNow(run) : Promise.resolve();
  const stopped = result.status === 'cancelled' || result.status === 'timed_out';
  const drained = await started.logs.drain(stopped ? cancelledDrainGraceMs : drainGraceMs);
  await cleanedUp;
  log.debug(
    drained.marked
      ? "The container's end marker came: every log line is in"
      : 'No end marker from the container: waited for lines ingested late',
  );
  if (!drained.complete)
    log.warning(
      'The execution ended but its last log lines did not arrive in time; see the logs link for the full log.',
    );
  return { ...started, outcome: result, logsComplete: drained.complete, billedSeconds: billedSeconds(ended) };
}

async function cleanUpNow(run: Run): Promise<void> {
  const failures = await cleanUp(run.cloud, run.state, (message) => log.info(message));
  // The execution has ended: its slots are free for the next run at once.
  const scale = run.state.scale;
  if (scale) {
    const left = await releaseSlots(run.cloud, run.inputs.projectId, scale, (m) => log.info(m));
    failures.push(...left);
    if (!left.length) run.record({ scale: undefined });
  }
  if (failures.length) log.debug(`Left for the post step: ${failures.join('; ')}`);
  else run.record({ cleanedUp: true });
}

/** Report: the outputs, the summary, pruning, and the step's conclusion. */
async function report(run: Run, image: string, ended: Ended): Promise<Conclusion> {
  const { inputs } = run;
  const { logs, links } = ended;
  // The container's figures, numbers only (shared/llm-usage.ts); project mode's entry alone prints them.
  const usage = inputs.projectMode ? logs.usage : undefined;
  const outcome = capStop(inputs, ended.outcome, usage);
  const exitCode = outcome.exitCode ?? logs.exitCode;
  const failure = agentFailure(inputs, outcome, logs.failure);
  const reason = failure ?? outcome.reason;
  const durationSeconds = (Date.now() - run.started) / 1000;
  core.setOutput('status', outcome.status);
  core.setOutput('exit_code', exitCode === undefined ? '' : String(exitCode));
  core.setOutput('result', logs.result ?? '');
  core.setOutput('rerun_requested', String(exitCode === 42));
  core.setOutput('duration', String(Math.round(durationSeconds)));
  const cost = executionCost(inputs.cpu, inputs.memory, ended.billedSeconds);
  core.setOutput('cost', formatUsd(cost.usd));
  setUsageOutputs(usage);
  const llm = inputs.projectMode ? { usage } : undefined;
  if (inputs.summary) {
    await writeSummary({
      agent: inputs.agent,
      job: run.jobId,
      status: outcome.status,
      exitCode,
      durationSeconds,
      image,
      cost,
      llm,
      consoleUrl: links.console,
      logsUrl: links.logs,
      result: logs.result,
      reason,
      logsComplete: ended.logsComplete,
    });
  }
  await run.comment?.finished(
    {
      status: outcome.status,
      exitCode,
      durationSeconds,
      cost: cost.usd,
      llm,
      reason: failure ? undefined : outcome.reason,
      failure,
      result: logs.result,
    },
    { logs: links.logs },
  );
  if (inputs.build) {
    const runtimes = inputs.projectMode ? runtimeRepository : undefined;
    await pruneQuietly(run.cloud, { ...inputs, build: inputs.build, runtimes }, image);
  }
  return conclude(inputs.agent, { ...outcome, reason }, exitCode, durationSeconds, links.console);
}

/** The usage outputs: validated numbers printed by the action, or empty when no figure came. */
function setUsageOutputs(usage: UsageFigures | undefined): void {
  core.setOutput('llm_input_tokens', usage ? String(usage.inputTokens) : '');
  core.setOutput('llm_output_tokens', usage ? String(usage.outputTokens) : '');
  core.setOutput('llm_cost', usage?.costUsd === undefined ? '' : formatLlmUsd(usage.costUsd));
  core.setOutput('turns', usage ? String(usage.turns) : '');
}

/**
 * In project mode, exit 123 is the entry saying it stopped the agent at a cap: failed, for a reason
 * in the action's words, naming the cap and the figure reached (the reported usage: numbers only).
 */
function capStop(inputs: Inputs, result: Outcome, usage: UsageFigures | undefined): Outcome {
  const caps = { maxTurns: inputs.maxTurns, maxLlmCost: inputs.maxLlmCost };
  if (!inputs.projectMode || result.status !== 'failed' || result.exitCode !== capExitCode) return result;
  if (caps.maxTurns === undefined && caps.maxLlmCost === undefined) return result;
  const cap = usage && reachedCap(usage, caps);
  const set = [
    caps.maxTurns && `max_turns ${caps.maxTurns}`,
    caps.maxLlmCost && `max_llm_cost ${caps.maxLlmCost}`,
  ];
  return {
    ...result,
    reason: cap
      ? capStopReason(cap, usage, caps)
      : `the agent was stopped at a cap (${set.filter(Boolean).join(', ')}); its usage did not reach the log`,
  };
}

/**
 * Project mode: why the run failed in the entry's words (the model's error, the timeout), which say
 * more than Cloud Run's "the container exited with an error". Untrusted text, redacted and capped by
 * the printer; the summary escapes it and the comment fences it. Contract images keep Cloud Run's.
 */
function agentFailure(inputs: Inputs, outcome: Outcome, failure: string | undefined): string | undefined {
  if (!inputs.projectMode || (outcome.status !== 'failed' && outcome.status !== 'timed_out'))
    return undefined;
  // A cap's stop is said in the action's own words (capStop).
  if (outcome.exitCode === capExitCode && (inputs.maxTurns || inputs.maxLlmCost)) return undefined;
  return failure;
}

function conclude(
  agent: string,
  outcome: Outcome,
  exitCode: number | undefined,
  durationSeconds: number,
  console: string,
): Conclusion {
  if (outcome.status === 'succeeded') {
    log.info(`Agent ${agent} succeeded in ${formatDuration(durationSeconds)}`);
    return 'success';
  }
  const code = exitCode === undefined ? '' : ` with exit code ${exitCode}`;
  const why = outcome.reason ? `: ${outcome.reason}` : '';
  log.fail(`Agent ${agent} ${outcome.status.replace('_', ' ')}${code}${why}\n${console}`);
  return outcome.status === 'cancelled' ? 'cancelled' : 'failure';
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

/** In project mode, exit 124 is the entry saying the agent's own timeout fired: timed out, not failed. */
function agentTimeout(inputs: Inputs, result: Outcome): Outcome {
  if (!inputs.projectMode || result.status !== 'failed' || result.exitCode !== 124) return result;
  return {
    ...result,
    status: 'timed_out',
    reason: `the agent's timeout of ${inputs.timeoutSeconds} s was reached`,
  };
}

// In project mode the entry stops the agent at its timeout (and everything 15 s later); the task's
// own timeout comes a little after, for a container that could not even do that.
const entryTimeoutMarginSeconds = 60;

/** The task's timeout in the job. */
const taskTimeoutSeconds = (inputs: Inputs): number =>
  inputs.timeoutSeconds + (inputs.projectMode ? entryTimeoutMarginSeconds : 0);

/** What the container is told about this run: the contract's PROMPT, or the entry's event. */
function agentEnv(inputs: Inputs): Record<string, string> {
  if (!inputs.projectMode) return { PROMPT: defaultPrompt(process.env, inputs.prompt) };
  return {
    ...eventEnv(process.env, inputs.prompt, (message) => log.warning(message)),
    AL_TIMEOUT_SECONDS: String(inputs.timeoutSeconds),
    ...(inputs.maxTurns && { [capVariables.maxTurns]: String(inputs.maxTurns) }),
    // Written out in decimals, as the entry reads it (String(1e-7) would be "1e-7").
    ...(inputs.maxLlmCost && { [capVariables.maxLlmCost]: inputs.maxLlmCost.toFixed(9) }),
    ...(process.env.RUNNER_DEBUG === '1' && { AL_LOG_LEVEL: 'debug' }),
  };
}

export function main(): Promise<void> {
  return run()
    .then((conclusion) => core.setOutput('conclusion', conclusion))
    .catch((error: unknown) => {
      // A cancellation also ends in the SIGINT handler, which sets conclusion=cancelled after this.
      core.setOutput('conclusion', 'failure');
      log.fail(failureMessage(error));
    })
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
