// One execution of a job: its tasks, their attempts as containers, retries, timeout, cancellation,
// counts and conditions, and the outcome its RunJob operation reports (or, for an execution a job's
// token started, the CreateJob operation: see run.ts).
//
// What the resources look like at the end was taken from real executions where possible
// ([observed] audit-log dumps of RunJob in public repositories, June 2025):
//   - failed by a non-zero exit: operation error code 10 (ABORTED), "Execution E has failed to complete,
//     0/1 tasks were a success."; condition Completed=False reason NonZeroExitCode;
//   - failed by the task timeout: error code 4 (DEADLINE_EXCEEDED), same message; Completed=False, no reason,
//     "Task E-task0 failed with message: The configured timeout was reached.";
//   - conditions in the order Completed, ResourcesAvailable, Started, ContainerReady, Retry; Retry is
//     "System will retry after 0:00:00 from lastTransitionTime for attempt N." (ImmediateRetry, Info).
// Newer Google output names the exit code in the task message ("Task E-task0 failed with exit code: 0 and
// message: The configured timeout was reached.", seen in 2026 logs); we use that newer form.
// A cancelled execution completes its RunJob operation WITHOUT an error: `response` is the execution
// with cancelledCount > 0 ([observed by others] apache/airflow#57791 and #67050).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Context } from './context.ts';
import type { Attempt, AttemptOutcome, AttemptSpec, Executor, ResolvedImage } from './executor.ts';
import type { RpcStatus } from './operations.ts';
import {
  clone,
  condition,
  emulatorIdentity,
  etag,
  idOf,
  logUri,
  now,
  seconds,
  taskId,
  type Condition,
  type Container,
  type EnvVar,
  type Execution,
  type ExecutionTemplate,
  type JobRef,
  type Task,
  type TaskAttemptResult,
  type TaskTemplate,
} from './run-model.ts';
import { overrideTarget, parseBytes, secretName, type RunOverrides } from './run-validation.ts';
import { failedPrecondition, timestampMs } from './rpc.ts';

export type ExecutionState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
type TaskState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Why the execution failed: the first task failure wins, as the operation reports one status. */
interface Failure {
  code: number;
  /** The Completed condition's message. */
  message: string;
  executionReason?: string;
  /** Replaces the usual operation message (image problems are reported as such). */
  operationMessage?: string;
}

const DEFAULT_TIMEOUT_SECONDS = 600; // [doc] task_template.proto TaskTemplate.timeout
const DEFAULT_MAX_RETRIES = 3; // [doc] task_template.proto TaskTemplate.max_retries
const EXITED_WITH_ERROR = 'The container exited with an error.'; // [observed]
const TIMEOUT_REACHED = 'The configured timeout was reached.'; // [observed]
const KILLED_BY_SIGNAL = 'The container was terminated by a signal.'; // [guess]
// [guess] (reported by a third-party emulator, floci-gcp; not seen in Google output).
const CANCELLED = 'Cancelled by user.';

export interface ExecutionDeps {
  ctx: Context;
  executor: Executor;
  ref: JobRef;
  jobUid: string;
  jobGeneration: string;
  /** The job's template with the RunJob overrides applied. */
  template: ExecutionTemplate;
  executionId: string;
}

/** The job's execution template with RunJob overrides applied ([doc] job.proto RunJobRequest.Overrides). */
export function applyOverrides(
  template: ExecutionTemplate,
  overrides: RunOverrides | undefined,
): ExecutionTemplate {
  const result = clone(template);
  if (!overrides) return result;
  if (overrides.taskCount) result.taskCount = overrides.taskCount;
  const task = (result.template ??= {});
  if (overrides.timeout && seconds(overrides.timeout) > 0) task.timeout = overrides.timeout;
  const containers = task.containers ?? [];
  for (const override of overrides.containerOverrides ?? []) {
    const container = containers[overrideTarget(containers, override.name)];
    if (!container) continue;
    if (override.clearArgs) container.args = [];
    else if (override.args?.length) container.args = [...override.args];
    // "Will be merged with existing env": an override replaces the variable of the same name.
    if (override.env?.length) container.env = mergeEnv(container.env ?? [], override.env);
  }
  return result;
}

function mergeEnv(base: EnvVar[], overrides: EnvVar[]): EnvVar[] {
  const merged = new Map(base.map((env) => [env.name ?? '', env]));
  for (const env of overrides) merged.set(env.name ?? '', env);
  return [...merged.values()];
}

export class ExecutionRun {
  readonly execution: Execution;
  readonly tasks: Task[];
  state: ExecutionState = 'pending';
  /** Resolves when the execution is terminal and its containers and secret files are gone. */
  readonly finished: Promise<void>;
  /** Resolves when its first container has started (never, for one that ends without starting). */
  readonly started: Promise<void>;
  private readonly deps: ExecutionDeps;
  private readonly taskStates: TaskState[];
  private readonly attempts = new Map<number, Attempt>();
  private readonly retryConditions: Condition[] = [];
  private cancelRequested = false;
  private failure: Failure | undefined;
  private resolvedImage: ResolvedImage | undefined;
  private resolveFinished!: () => void;
  private resolveStarted!: () => void;
  private readonly secretDir: string;

  constructor(deps: ExecutionDeps) {
    this.deps = deps;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.started = new Promise((resolve) => (this.resolveStarted = resolve));
    this.secretDir = path.join(deps.ctx.workDir, 'run', deps.executionId);
    this.execution = this.newExecution();
    this.tasks = Array.from({ length: this.execution.taskCount }, (_, i) => this.newTask(i));
    this.taskStates = this.tasks.map(() => 'pending');
    this.refresh();
  }

  get name(): string {
    return this.execution.name;
  }

  get terminal(): boolean {
    return ['succeeded', 'failed', 'cancelled'].includes(this.state);
  }

  start(): void {
    void this.run().catch((error: unknown) => {
      this.deps.ctx.log(`run: execution ${this.name} failed inside the emulator: ${String(error)}`);
      this.fail({ code: 13, message: `Internal error: ${(error as Error).message}` });
      return this.finish();
    });
  }

  /**
   * Stops the execution: running containers get SIGTERM then SIGKILL, pending tasks never start.
   * Resolves when it is over. A finished execution cannot be cancelled ([guess] message).
   */
  cancel(): Promise<void> {
    if (this.terminal) {
      throw failedPrecondition(
        `Execution '${idOf(this.name)}' cannot be cancelled because it is not running.`,
      );
    }
    this.requestStop();
    return this.finished;
  }

  /** Like cancel, for deletion: also fine on a finished execution. */
  stopForDeletion(): Promise<void> {
    if (!this.terminal) this.requestStop();
    return this.finished;
  }

  private requestStop(): void {
    if (this.cancelRequested) return;
    this.cancelRequested = true;
    for (const attempt of this.attempts.values()) attempt.stop();
    this.refresh();
  }

  /** The RunJob operation's error, or undefined when it completes with the execution. */
  operationError(): RpcStatus | undefined {
    if (this.state !== 'failed' || !this.failure) return undefined;
    const succeeded = this.taskStates.filter((s) => s === 'succeeded').length;
    const message =
      this.failure.operationMessage ??
      `Execution ${idOf(this.name)} has failed to complete, ${succeeded}/${this.tasks.length} tasks were a success.`;
    return { code: this.failure.code, message };
  }

  /** Marks the execution deleted (the resource returned by DeleteExecution). */
  markDeleted(): void {
    const time = now();
    this.execution.deleteTime = time;
    // Deleted resources expire 30 days later ([guess]: Google's soft-delete retention of other resources).
    this.execution.expireTime = { seconds: String(Number(time.seconds) + 30 * 86400), nanos: time.nanos };
    this.refresh();
  }

  private template(): TaskTemplate {
    return this.execution.template;
  }

  private container(): Container {
    return this.template().containers?.[0] ?? {};
  }

  private newExecution(): Execution {
    const { ref, template, executionId } = this.deps;
    const taskCount = template.taskCount || 1;
    const created = now();
    const taskTemplate = clone(template.template ?? {});
    taskTemplate.maxRetries ??= DEFAULT_MAX_RETRIES;
    if (!taskTemplate.timeout || seconds(taskTemplate.timeout) === 0)
      taskTemplate.timeout = { seconds: String(DEFAULT_TIMEOUT_SECONDS), nanos: 0 };
    taskTemplate.executionEnvironment ||= 'EXECUTION_ENVIRONMENT_GEN2';
    return {
      name: `projects/${ref.project}/locations/${ref.location}/jobs/${ref.job}/executions/${executionId}`,
      uid: randomUUID(),
      creator: emulatorIdentity(ref.project),
      generation: '1',
      labels: this.labels(),
      annotations: {},
      createTime: created,
      updateTime: created,
      launchStage: 'GA',
      job: `projects/${ref.project}/locations/${ref.location}/jobs/${ref.job}`,
      // "If 0 or unset, the maximum possible value will be used" ([doc] ExecutionTemplate.parallelism).
      parallelism: Math.min(template.parallelism || taskCount, taskCount),
      taskCount,
      template: taskTemplate,
      reconciling: true,
      conditions: [],
      observedGeneration: '1',
      runningCount: 0,
      succeededCount: 0,
      failedCount: 0,
      cancelledCount: 0,
      retriedCount: 0,
      logUri: logUri(ref, executionId),
      satisfiesPzs: false,
      etag: '',
    };
  }

  /**
   * The template's labels plus the system labels seen on executions ([observed] v1 execution
   * metadata: run.googleapis.com/job, jobUid, jobGeneration, cloud.googleapis.com/location).
   */
  private labels(): Record<string, string> {
    const { ref, template, jobUid, jobGeneration } = this.deps;
    return {
      ...(template.labels ?? {}),
      'cloud.googleapis.com/location': ref.location,
      'run.googleapis.com/job': ref.job,
      'run.googleapis.com/jobGeneration': jobGeneration,
      'run.googleapis.com/jobUid': jobUid,
    };
  }

  private newTask(index: number): Task {
    const template = this.template();
    const created = this.execution.createTime;
    return {
      name: `${this.execution.name}/tasks/${taskId(this.deps.executionId, index)}`,
      uid: randomUUID(),
      generation: '1',
      // [guess]: the execution's labels plus the execution's id, as v1 task metadata names its execution.
      labels: { ...this.execution.labels, 'run.googleapis.com/execution': this.deps.executionId },
      annotations: {},
      createTime: created,
      updateTime: created,
      job: this.execution.job,
      execution: this.execution.name,
      containers: clone(template.containers ?? []),
      volumes: clone(template.volumes ?? []),
      maxRetries: template.maxRetries ?? DEFAULT_MAX_RETRIES,
      timeout: clone(template.timeout ?? { seconds: String(DEFAULT_TIMEOUT_SECONDS), nanos: 0 }),
      ...(template.serviceAccount && { serviceAccount: template.serviceAccount }),
      executionEnvironment: template.executionEnvironment ?? 'EXECUTION_ENVIRONMENT_GEN2',
      reconciling: true,
      conditions: [],
      observedGeneration: '1',
      index,
      retried: 0,
      logUri: logUri(this.deps.ref, this.deps.executionId, index),
      satisfiesPzs: false,
      etag: '',
    };
  }

  private async run(): Promise<void> {
    this.state = 'running';
    const binds = await this.prepare();
    if (binds) await this.runTasks(binds);
    await this.finish();
  }

  /** Resolves the image to a digest, pulls it and writes the secret volumes. */
  private async prepare(): Promise<string[] | undefined> {
    if (this.cancelRequested) return undefined;
    const requested = this.container().image ?? '';
    const image = await this.deps.executor.resolveImage(requested);
    if (!image) {
      // [observed] for job creation: "Image '...' not found." with NOT_FOUND; the same when it vanished.
      return this.failPreparation({
        code: 5,
        message: `Image '${requested}' not found.`,
        reason: 'CONTAINER_MISSING',
      });
    }
    try {
      await this.deps.executor.pull(image);
    } catch (error) {
      return this.failPreparation({
        code: 13,
        message: `Image '${requested}' could not be pulled: ${(error as Error).message}`,
        reason: 'CONTAINER_MISSING',
      });
    }
    this.pinImage(image);
    this.setCondition(condition('ContainerReady', 'CONDITION_SUCCEEDED'));
    this.setCondition(condition('ResourcesAvailable', 'CONDITION_SUCCEEDED'));
    const template = this.template();
    return this.deps.executor.materialiseVolumes(
      this.secretDir,
      template.volumes ?? [],
      this.container().volumeMounts ?? [],
      this.deps.ref.project,
    );
  }

  /** Executions record the image by digest ([observed] execution specs show `repo@sha256:...`). */
  private pinImage(image: ResolvedImage): void {
    this.resolvedImage = image;
    const first = this.template().containers?.[0];
    if (first) first.image = image.pinned;
    for (const task of this.tasks) if (task.containers[0]) task.containers[0].image = image.pinned;
  }

  private failPreparation(problem: { code: number; message: string; reason: string }): undefined {
    this.setCondition(
      condition('ContainerReady', 'CONDITION_FAILED', { message: problem.message, reason: problem.reason }),
    );
    this.setCondition(
      condition('ResourcesAvailable', 'CONDITION_FAILED', {
        message: problem.message,
        reason: problem.reason,
      }),
    );
    this.fail({ code: problem.code, message: problem.message, operationMessage: problem.message });
    const result = { status: { code: problem.code, message: problem.message } };
    this.tasks.forEach((_, i) => this.settleTask(i, 'failed', result, problem.message));
    return undefined;
  }

  /** Runs the tasks, at most `parallelism` at a time, in index order. */
  private async runTasks(binds: string[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < this.tasks.length; i = next++) await this.runTask(i, binds);
    };
    await Promise.all(Array.from({ length: this.execution.parallelism }, worker));
  }

  private async runTask(index: number, binds: string[]): Promise<void> {
    const task = this.tasks[index]!;
    task.scheduledTime = now();
    for (;;) {
      if (this.cancelRequested)
        return this.settleTask(index, 'cancelled', { status: { code: 1, message: CANCELLED } }, CANCELLED);
      const outcome = await this.attempt(index, task.retried, binds);
      const verdict = this.judge(index, outcome);
      if (verdict.state !== 'failed')
        return this.settleTask(index, verdict.state, verdict.result, verdict.message);
      this.noteRetry(task.retried);
      if (task.retried < task.maxRetries && !this.cancelRequested) {
        task.lastAttemptResult = verdict.result;
        task.retried += 1;
        this.taskStates[index] = 'pending';
        this.refresh();
        continue;
      }
      this.fail(verdict.failure);
      return this.settleTask(index, 'failed', verdict.result, verdict.result.status.message);
    }
  }

  private async attempt(index: number, attemptNo: number, binds: string[]): Promise<AttemptOutcome> {
    const env = this.taskEnv(index, attemptNo);
    // Secrets in env are read before the instance starts; if that fails it does not start
    // ([doc] https://cloud.google.com/run/docs/configuring/jobs/secrets).
    if ('error' in env) return { kind: 'failed', code: 9, message: env.error };
    const attempt = this.deps.executor.run(this.attemptSpec(index, attemptNo, env.env, binds));
    this.attempts.set(index, attempt);
    if (this.cancelRequested) attempt.stop();
    try {
      return await attempt.outcome;
    } finally {
      this.attempts.delete(index);
    }
  }

  private attemptSpec(
    index: number,
    attemptNo: number,
    env: Record<string, string>,
    binds: string[],
  ): AttemptSpec {
    const container = this.container();
    const { ref, executionId } = this.deps;
    return {
      image: this.resolvedImage!,
      env,
      command: container.command,
      args: container.args,
      workingDir: container.workingDir,
      binds,
      memoryBytes: parseBytes(container.resources?.limits?.memory ?? '512Mi'),
      timeoutSeconds: seconds(this.template().timeout) || DEFAULT_TIMEOUT_SECONDS,
      labels: { 'io.cloud-run-agent.execution': this.name, 'io.cloud-run-agent.task-index': String(index) },
      log: {
        project: ref.project,
        location: ref.location,
        job: ref.job,
        executionId,
        taskIndex: index,
        attempt: attemptNo,
        containerName: container.name,
      },
      onStarted: () => this.markRunning(index),
    };
  }

  /**
   * The container's environment: its variables (secrets resolved now), then the variables of the
   * container contract ([doc] https://cloud.google.com/run/docs/container-contract#jobs-env-vars).
   */
  private taskEnv(index: number, attemptNo: number): { env: Record<string, string> } | { error: string } {
    const env: Record<string, string> = {};
    for (const variable of this.container().env ?? []) {
      const ref = variable.valueSource?.secretKeyRef;
      if (!ref?.secret) {
        env[variable.name ?? ''] = variable.value ?? '';
        continue;
      }
      const version = `${secretName(ref.secret, this.deps.ref.project)}/versions/${ref.version || 'latest'}`;
      const payload = this.deps.ctx.secrets?.payload(version) ?? { error: 'Secret Manager is not available' };
      if ('error' in payload) return { error: `Secret ${version} could not be accessed: ${payload.error}` };
      env[variable.name ?? ''] = payload.data.toString('utf8');
    }
    Object.assign(env, {
      CLOUD_RUN_JOB: this.deps.ref.job,
      CLOUD_RUN_EXECUTION: this.deps.executionId,
      CLOUD_RUN_TASK_INDEX: String(index),
      CLOUD_RUN_TASK_ATTEMPT: String(attemptNo),
      CLOUD_RUN_TASK_COUNT: String(this.execution.taskCount),
    });
    return { env };
  }

  private markRunning(index: number): void {
    const task = this.tasks[index]!;
    const time = now();
    this.taskStates[index] = 'running';
    task.startTime = time;
    setConditionOn(task.conditions, condition('Started', 'CONDITION_SUCCEEDED'));
    this.execution.startTime ??= time;
    if (!this.execution.conditions.some((c) => c.type === 'Started'))
      this.setCondition(condition('Started', 'CONDITION_SUCCEEDED'));
    this.refresh();
    this.resolveStarted();
  }

  private judge(
    index: number,
    outcome: AttemptOutcome,
  ):
    | { state: 'succeeded' | 'cancelled'; result: TaskAttemptResult; message?: string }
    | { state: 'failed'; result: TaskAttemptResult; failure: Failure } {
    const id = taskId(this.deps.executionId, index);
    if (outcome.kind === 'exited' && outcome.exitCode === 0)
      return { state: 'succeeded', result: { status: { code: 0, message: '' }, exitCode: 0 } };
    // "At most one of exit_code or term_signal will be set" (TaskAttemptResult).
    const ended =
      outcome.kind === 'failed'
        ? {}
        : outcome.termSignal
          ? { termSignal: outcome.termSignal }
          : outcome.exitCode !== undefined && { exitCode: outcome.exitCode };
    if (outcome.kind === 'stopped' || this.cancelRequested) {
      return {
        state: 'cancelled',
        result: { status: { code: 1, message: CANCELLED }, ...ended },
        message: CANCELLED,
      };
    }
    if (outcome.kind === 'exited' && outcome.termSignal) {
      // [guess] Google's wording for a task the system killed (out of memory) is not public.
      return {
        state: 'failed',
        result: { status: { code: 10, message: KILLED_BY_SIGNAL }, termSignal: outcome.termSignal },
        failure: {
          code: 10,
          message: `Task ${id} failed with termination signal: ${outcome.termSignal} and message: ${KILLED_BY_SIGNAL}`,
        },
      };
    }
    if (outcome.kind === 'exited') {
      return {
        state: 'failed',
        result: { status: { code: 10, message: EXITED_WITH_ERROR }, exitCode: outcome.exitCode },
        failure: {
          code: 10,
          message: `Task ${id} failed with exit code: ${outcome.exitCode} and message: ${EXITED_WITH_ERROR}`,
          executionReason: 'NON_ZERO_EXIT_CODE',
        },
      };
    }
    if (outcome.kind === 'timeout') {
      // No exit code: Google reports "exit code: 0" for timed-out tasks.
      return {
        state: 'failed',
        result: {
          status: { code: 4, message: TIMEOUT_REACHED },
          ...(outcome.termSignal && { termSignal: outcome.termSignal }),
        },
        failure: { code: 4, message: `Task ${id} failed with exit code: 0 and message: ${TIMEOUT_REACHED}` },
      };
    }
    return {
      state: 'failed',
      result: { status: { code: outcome.code, message: outcome.message } },
      failure: { code: outcome.code, message: `Task ${id} failed with message: ${outcome.message}` },
    };
  }

  /** [observed] Google adds a Retry condition after a failed attempt, whether or not retries remain. */
  private noteRetry(attemptNo: number): void {
    this.retryConditions.splice(
      0,
      this.retryConditions.length,
      condition('Retry', 'CONDITION_SUCCEEDED', {
        message: `System will retry after 0:00:00 from lastTransitionTime for attempt ${attemptNo}.`,
        reason: 'IMMEDIATE_RETRY',
        severity: 'INFO',
      }),
    );
    this.refresh();
  }

  private fail(failure: Failure): void {
    this.failure ??= failure;
  }

  private settleTask(
    index: number,
    state: 'succeeded' | 'failed' | 'cancelled',
    result: TaskAttemptResult,
    message?: string,
  ): void {
    if (['succeeded', 'failed', 'cancelled'].includes(this.taskStates[index]!)) return;
    const task = this.tasks[index]!;
    this.taskStates[index] = state;
    task.lastAttemptResult = result;
    task.completionTime = now();
    task.reconciling = false;
    const conditionState = state === 'succeeded' ? 'CONDITION_SUCCEEDED' : 'CONDITION_FAILED';
    setConditionOn(task.conditions, condition('Completed', conditionState, message ? { message } : {}));
    this.refresh();
  }

  private async finish(): Promise<void> {
    this.tasks.forEach((_, i) => {
      if (this.cancelRequested)
        this.settleTask(i, 'cancelled', { status: { code: 1, message: CANCELLED } }, CANCELLED);
    });
    const cancelled = this.taskStates.includes('cancelled');
    this.state = cancelled ? 'cancelled' : this.failure ? 'failed' : 'succeeded';
    this.setCondition(this.completedCondition());
    this.execution.completionTime = now();
    this.execution.reconciling = false;
    this.refresh();
    await this.deps.executor.removeDirectory(this.secretDir).catch(() => {});
    this.resolveFinished();
  }

  private completedCondition(): Condition {
    if (this.state === 'cancelled')
      return condition('Completed', 'CONDITION_FAILED', { message: CANCELLED, executionReason: 'CANCELLED' });
    if (this.state === 'failed' && this.failure) {
      const { message, executionReason } = this.failure;
      return condition('Completed', 'CONDITION_FAILED', {
        message,
        ...(executionReason && { executionReason }),
      });
    }
    // [guess] (reported by floci-gcp): "Execution completed successfully in 12.3s."
    const since = timestampMs(this.execution.startTime ?? this.execution.createTime);
    return condition('Completed', 'CONDITION_SUCCEEDED', {
      message: `Execution completed successfully in ${formatSeconds(Date.now() - since)}.`,
    });
  }

  private setCondition(c: Condition): void {
    setConditionOn(this.execution.conditions, c);
  }

  /** Recomputes counts, the transient Completed condition and the fingerprint after any change. */
  private refresh(): void {
    const e = this.execution;
    const count = (state: TaskState) => this.taskStates.filter((s) => s === state).length;
    e.runningCount = count('running');
    e.succeededCount = count('succeeded');
    e.failedCount = count('failed');
    e.cancelledCount = count('cancelled');
    // "The number of tasks which have retried at least once" ([doc] Execution.retried_count).
    e.retriedCount = this.tasks.filter((t) => t.retried > 0).length;
    if (!this.terminal) this.setCondition(this.pendingCompleted());
    e.conditions = orderConditions([
      ...e.conditions.filter((c) => c.type !== 'Retry'),
      ...this.retryConditions,
    ]);
    e.updateTime = now();
    e.etag = etag(e.uid, e.updateTime.seconds, e.updateTime.nanos);
    for (const task of this.tasks) {
      task.updateTime = e.updateTime;
      task.etag = etag(task.uid, e.updateTime.seconds, e.updateTime.nanos);
    }
  }

  private pendingCompleted(): Condition {
    const current = this.execution.conditions.find((c) => c.type === 'Completed');
    const wanted: Condition = this.cancelRequested
      ? { type: 'Completed', state: 'CONDITION_RECONCILING', executionReason: 'CANCELLING' }
      : {
          type: 'Completed',
          state: this.state === 'pending' ? 'CONDITION_PENDING' : 'CONDITION_RECONCILING',
        };
    if (current && current.state === wanted.state && current.executionReason === wanted.executionReason)
      return current;
    return { ...wanted, lastTransitionTime: now() };
  }
}

const conditionOrder = ['Completed', 'ResourcesAvailable', 'Started', 'ContainerReady', 'Retry'];

function orderConditions(conditions: Condition[]): Condition[] {
  return [...conditions].sort((a, b) => conditionOrder.indexOf(a.type) - conditionOrder.indexOf(b.type));
}

function setConditionOn(conditions: Condition[], c: Condition): void {
  const i = conditions.findIndex((x) => x.type === c.type);
  if (i === -1) conditions.push(c);
  else conditions[i] = c;
}

/** Durations as Google prints them in conditions: seconds with at most two decimals ("9.84s"). */
function formatSeconds(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 10) / 100;
  return `${s}s`;
}
