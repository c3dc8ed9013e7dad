// Cloud Run Admin API v2: Jobs, Executions and Tasks, with their long-running operations.
// Executions run as real containers (executor.ts); the rules are in run-validation.ts, the
// execution lifecycle in run-execution.ts.
//
// Reference: https://cloud.google.com/run/docs/reference/rpc/google.cloud.run.v2
// Provenance markers as in run-validation.ts: [doc], [observed], [guess].
import { randomUUID } from 'node:crypto';
import type { Context, ServiceImpl } from './context.ts';
import { Executor, type ExecutorOptions } from './executor.ts';
import {
  operationStore,
  operationsService,
  type OperationHandle,
  type OperationStore,
  type RpcStatus,
} from './operations.ts';
import { applyOverrides, ExecutionRun } from './run-execution.ts';
import {
  clone,
  condition,
  emulatorIdentity,
  etag,
  executionPattern,
  idOf,
  jobName,
  newExecutionId,
  now,
  parseJobName,
  parseLocation,
  seconds,
  taskPattern,
  type Container,
  type Execution,
  type ExecutionTemplate,
  type Job,
  type JobRef,
} from './run-model.ts';
import {
  checkJob,
  checkJobId,
  checkOverrides,
  executionToken,
  missingSecrets,
  secretRefs,
  type ExecutionToken,
  type RunOverrides,
} from './run-validation.ts';
import {
  alreadyExists,
  failedPrecondition,
  invalidArgument,
  notFound,
  paginate,
  parseName,
  RpcError,
  Status,
  timestampMs,
} from './rpc.ts';

export type RunOptions = ExecutorOptions;

const JOB = 'google.cloud.run.v2.Job';
const EXECUTION = 'google.cloud.run.v2.Execution';
const pageLimits = { defaultSize: 100, maxSize: 1000 }; // [guess]: Google's limits are not documented

interface JobRecord {
  job: Job;
  ref: JobRef;
  executions: ExecutionRun[];
  /** The execution the job starts itself once ready (its start or run token), until it is started. */
  token?: ExecutionToken;
}

/**
 * Google's NOT_FOUND text ([observed] for jobs: "Resource 'x' of kind 'JOB' in region 'r' in project 'p'
 * does not exist."; the same form for executions and tasks is our best guess).
 */
function missing(kind: 'JOB' | 'EXECUTION' | 'TASK', name: string): RpcError {
  const [, project = '', , location = ''] = name.split('/');
  return notFound(
    `Resource '${idOf(name)}' of kind '${kind}' in region '${location}' in project '${project}' does not exist.`,
  );
}

class RunApi {
  readonly jobs = new Map<string, JobRecord>();
  readonly executions = new Map<string, ExecutionRun>();
  /** Every execution ever started, kept after its job is deleted: when each ran, for tests. */
  private readonly history: ExecutionRun[] = [];
  private readonly ctx: Context;
  private readonly ops: OperationStore;
  readonly executor: Executor;

  constructor(ctx: Context, options: RunOptions) {
    this.ctx = ctx;
    this.ops = operationStore(ctx);
    this.executor = new Executor(ctx, options);
  }

  // ---- Jobs ----

  createJob(request: { parent: string; job?: Job; jobId: string; validateOnly?: boolean }): object {
    const { project, location } = parseLocation(request.parent);
    checkJobId(request.jobId ?? '');
    if (!request.job) throw invalidArgument('job: Required field is missing: job.');
    unsupported(request.job);
    checkJob(request.job, location);
    const token = executionToken(request.job, request.jobId, 'CreateJobRequest');
    const ref = { project, location, job: request.jobId };
    const name = jobName(ref);
    // [observed] "Resource 'x' already exists." (409 ALREADY_EXISTS).
    if (this.jobs.has(name)) throw alreadyExists(`Resource '${request.jobId}' already exists.`);
    this.checkJobQuota(project, location);
    // IAM mode: the caller must be able to act as the job's account, checked before anything is made.
    const actAs = this.ctx.iam.actAsRefusal(project, this.jobServiceAccount(request.job, project));
    if (actAs) throw actAs;
    const record: JobRecord = { job: newJob(request.job, ref), ref, executions: [], token };
    if (request.validateOnly) return this.doneOperation(request.parent, JOB, this.jobView(record));
    this.jobs.set(name, record);
    const operation = this.ops.start({
      parent: request.parent,
      metadataType: JOB,
      metadata: () => this.jobView(record),
    });
    void this.reconcileJob(record, operation);
    return this.ops.get(operation.name)!;
  }

  /**
   * After the create call returns, Google checks the image and the secrets. A failure leaves the job in
   * place with a failed Ready condition and fails the create operation ([observed] "Error waiting for
   * Creating Job: Error code 5, message: Image '...' not found." followed by "Nevertheless, the job has been
   * created", and error code 9 for missing secrets, see run-validation.ts missingSecrets). A job with a
   * token then starts its execution, and becomes ready only when that has started or completed.
   */
  private async reconcileJob(record: JobRecord, operation: OperationHandle): Promise<void> {
    const template = record.job.template?.template ?? {};
    const image = template.containers?.[0]?.image ?? '';
    const problem =
      (await this.jobProblem(
        image,
        template,
        record.ref.project,
        this.jobServiceAccount(record.job, record.ref.project),
      )) ?? (record.token ? await this.runToken(record, record.token) : undefined);
    const job = record.job;
    job.reconciling = false;
    if (problem) {
      job.terminalCondition = condition('Ready', 'CONDITION_FAILED', {
        message: problem.message,
        ...(problem.reason && { reason: problem.reason }),
        severity: 'ERROR',
      });
      delete job.observedGeneration;
      operation.fail(problem);
    } else {
      job.terminalCondition = condition('Ready', 'CONDITION_SUCCEEDED');
      job.observedGeneration = job.generation;
      operation.complete(this.jobView(record));
    }
    touch(job);
  }

  /**
   * The execution a token asks for, named `<job>-<token>`, started now; resolves when the job may
   * become ready, with why it may not. "The Job will become ready when the execution is successfully
   * started" (start token) or "successfully completed" (run token) ([doc] job.proto). What the
   * operation reports when that fails is not documented [guess]: the execution's own failure, or,
   * for one cancelled before it started, CANCELLED.
   */
  private async runToken(
    record: JobRecord,
    token: ExecutionToken,
  ): Promise<(RpcStatus & { reason?: string }) | undefined> {
    record.token = undefined;
    const job = record.job;
    // Deleted while its image and secrets were checked: nothing is started [guess].
    if (this.jobs.get(jobName(record.ref)) !== record)
      return { code: Status.CANCELLED, message: `Job '${record.ref.job}' was deleted before it was ready.` };
    const run = this.newRun(record, job.template ?? {}, `${record.ref.job}-${token.token}`);
    this.ctx.log(`run: ${record.ref.job}'s ${token.kind} token started ${run.name}`);
    if (token.kind === 'start') await Promise.race([run.started, run.finished]);
    else await run.finished;
    const ready = token.kind === 'start' ? run.execution.startTime !== undefined : run.state === 'succeeded';
    if (ready) return undefined;
    return (
      run.operationError() ?? {
        code: Status.CANCELLED,
        message: `Execution ${idOf(run.name)} was cancelled before it ${token.kind === 'start' ? 'started' : 'completed'}.`,
      }
    );
  }

  /** An execution of the job, registered and started. */
  private newRun(record: JobRecord, template: ExecutionTemplate, executionId: string): ExecutionRun {
    const run = this.prepareRun(record, template, executionId);
    record.executions.push(run);
    this.executions.set(run.name, run);
    if (this.history.length < 100_000) this.history.push(run);
    run.start();
    return run;
  }

  /** An execution of the job, not registered yet (validateOnly returns it as it would be). */
  private prepareRun(record: JobRecord, template: ExecutionTemplate, executionId: string): ExecutionRun {
    return new ExecutionRun({
      ctx: this.ctx,
      executor: this.executor,
      ref: record.ref,
      jobUid: record.job.uid ?? '',
      jobGeneration: record.job.generation ?? '1',
      template,
      executionId,
    });
  }

  private async jobProblem(
    image: string,
    template: NonNullable<NonNullable<Job['template']>['template']>,
    project: string,
    serviceAccount: string,
  ): Promise<(RpcStatus & { reason: string }) | undefined> {
    // Which check Google makes first is not known; secrets first is our choice. A secret that
    // exists is then checked for the job account's access (IAM mode, iam.ts).
    const refs = secretRefs(template, project);
    const secrets = [
      ...missingSecrets(refs, this.ctx.secrets),
      ...refs
        .filter((ref) => this.ctx.secrets?.exists(ref.secret, ref.version))
        .map((ref) =>
          this.ctx.iam.secretRefusal(ref.field, `${ref.secret}/versions/${ref.version}`, serviceAccount),
        )
        .filter((line) => line !== undefined),
    ];
    if (secrets.length) {
      return {
        code: Status.FAILED_PRECONDITION,
        message: secrets.join('\n'),
        reason: 'SECRETS_ACCESS_CHECK_FAILED',
      };
    }
    if (!(await this.executor.resolveImage(image))) {
      return { code: Status.NOT_FOUND, message: `Image '${image}' not found.`, reason: 'CONTAINER_MISSING' };
    }
    return undefined;
  }

  /** The account the job's tasks run as: its own, else the Compute Engine default account. */
  private jobServiceAccount(job: Job, project: string): string {
    return job.template?.template?.serviceAccount || this.ctx.iam.defaultServiceAccount(project);
  }

  /** 1,000 jobs per region by default ([doc] https://cloud.google.com/run/quotas); message [guess]. */
  private checkJobQuota(project: string, location: string): void {
    const { enabled, jobsPerRegion } = this.ctx.quotas.config;
    if (!enabled) return;
    const count = [...this.jobs.values()].filter(
      (r) => r.ref.project === project && r.ref.location === location,
    ).length;
    if (count >= jobsPerRegion) {
      this.ctx.quotas.refuse(
        'jobsPerRegion',
        `Quota exceeded for quota metric 'Jobs' and limit 'Jobs per region' of service 'run.googleapis.com' for consumer 'project:${project}'. Limit: ${jobsPerRegion} in region ${location}.`,
      );
    }
  }

  getJob(request: { name: string }): Job {
    return this.jobView(this.jobRecord(request.name));
  }

  /** "Results are sorted by creation time, descending." ([doc] Jobs.ListJobs) */
  listJobs(request: { parent: string; pageSize?: number; pageToken?: string }): object {
    const { project, location } = parseLocation(request.parent);
    const records = [...this.jobs.values()]
      .filter((r) => r.ref.project === project && r.ref.location === location)
      .sort((a, b) => compareTime(b.job.createTime, a.job.createTime));
    const { page, nextPageToken } = paginate(records, request, pageLimits);
    return { jobs: page.map((r) => this.jobView(r)), nextPageToken };
  }

  /**
   * Deleting a job with running executions stops them and deletes it ([observed by others]: the
   * prefect-gcp integration kills a running job this way, prefect-archive/prefect-gcp#76; the
   * API refuses nothing). The operation completes once the containers are gone.
   */
  deleteJob(request: { name: string; validateOnly?: boolean }): object {
    const record = this.jobRecord(request.name);
    const parent = request.name.slice(0, request.name.indexOf('/jobs/'));
    if (request.validateOnly) return this.doneOperation(parent, JOB, this.jobView(record));
    this.jobs.delete(request.name);
    Object.assign(record.job, deletionTimes());
    const operation = this.ops.start({ parent, metadataType: JOB, metadata: () => this.jobView(record) });
    void Promise.all(record.executions.map((run) => run.stopForDeletion())).then(() => {
      for (const run of record.executions) this.executions.delete(run.name);
      operation.complete(this.jobView(record));
    });
    return this.ops.get(operation.name)!;
  }

  runJob(request: { name: string; validateOnly?: boolean; overrides?: RunOverrides }): object {
    const record = this.jobRecord(request.name);
    const job = record.job;
    if (job.terminalCondition?.state !== 'CONDITION_SUCCEEDED') {
      // [guess]: a job whose creation failed (or is still being checked) cannot run.
      throw failedPrecondition(
        `Job '${record.ref.job}' is not ready: ${job.terminalCondition?.message ?? 'it is still being created.'}`,
      );
    }
    const containers = job.template?.template?.containers ?? [];
    const overrides = normalizeOverrides(request.overrides);
    checkOverrides(overrides ?? {}, containers);
    const template = applyOverrides(job.template ?? {}, overrides);
    const parent = request.name.slice(0, request.name.indexOf('/jobs/'));
    if (request.validateOnly) {
      const run = this.prepareRun(record, template, newExecutionId(record.ref.job));
      return this.doneOperation(parent, EXECUTION, clone(run.execution));
    }
    const run = this.newRun(record, template, this.freeExecutionId(record.ref));
    // The operation carries the execution from the start and completes when it ends ([observed by
    // others]; see run-execution.ts for the outcome it reports).
    const operation = this.ops.start({
      parent,
      metadataType: EXECUTION,
      metadata: () => clone(run.execution),
    });
    void run.finished.then(() => {
      const error = run.operationError();
      if (error) operation.fail(error);
      else operation.complete(clone(run.execution));
    });
    this.ctx.log(`run: started ${run.name}`);
    return this.ops.get(operation.name)!;
  }

  /** A new `{job}-{5 characters}` id, none an execution a token named already has. */
  private freeExecutionId(ref: JobRef): string {
    for (;;) {
      const id = newExecutionId(ref.job);
      if (!this.executions.has(`${jobName(ref)}/executions/${id}`)) return id;
    }
  }

  /**
   * UpdateJob, for what a token does on update: the job's template, labels and annotations are
   * replaced (generation + 1), the image and secrets are checked again, and a start or run token
   * starts its execution ("creating a new execution upon job create or update", Terraform's page
   * for these fields). A token whose execution exists is refused: "Resource 'job-token' already
   * exists" ([observed by others] GoogleCloudPlatform/magic-modules#19060, a re-sent start token).
   * `allowMissing` creates the job. Etags are not checked (as elsewhere in the emulator).
   */
  updateJob(request: { job?: Job; validateOnly?: boolean; allowMissing?: boolean }): object {
    if (!request.job?.name) throw invalidArgument('job.name: Required field is missing: name.');
    const ref = parseJobName(request.job.name);
    const parent = `projects/${ref.project}/locations/${ref.location}`;
    if (!this.jobs.has(request.job.name) && request.allowMissing)
      return this.createJob({ parent, jobId: ref.job, job: request.job, validateOnly: request.validateOnly });
    const record = this.jobRecord(request.job.name);
    unsupported(request.job);
    checkJob(request.job, ref.location);
    const token = executionToken(request.job, ref.job, 'UpdateJobRequest');
    const executionId = token && `${ref.job}-${token.token}`;
    if (executionId && this.executions.has(`${request.job.name}/executions/${executionId}`))
      throw alreadyExists(`Resource '${executionId}' already exists.`);
    if (request.validateOnly) return this.doneOperation(parent, JOB, this.jobView(record));
    Object.assign(record, { token, job: updatedJob(record.job, request.job) });
    const operation = this.ops.start({ parent, metadataType: JOB, metadata: () => this.jobView(record) });
    void this.reconcileJob(record, operation);
    return this.ops.get(operation.name)!;
  }

  // ---- Executions ----

  getExecution(request: { name: string }): Execution {
    return clone(this.executionRun(request.name).execution);
  }

  /** Newest first ([doc] Executions.ListExecutions); the job may be `-` for all jobs ([doc]). */
  listExecutions(request: { parent: string; pageSize?: number; pageToken?: string }): object {
    const ref = parseJobName(request.parent);
    if (ref.job !== '-') this.jobRecord(request.parent);
    const prefix =
      ref.job === '-'
        ? `projects/${ref.project}/locations/${ref.location}/jobs/`
        : `${request.parent}/executions/`;
    const runs = [...this.executions.values()]
      .filter((run) => run.name.startsWith(prefix))
      .sort((a, b) => compareTime(b.execution.createTime, a.execution.createTime));
    const { page, nextPageToken } = paginate(runs, request, pageLimits);
    return { executions: page.map((run) => clone(run.execution)), nextPageToken };
  }

  /** The operation completes, with the execution, once its containers are stopped. */
  cancelExecution(request: { name: string; validateOnly?: boolean }): object {
    const run = this.executionRun(request.name);
    const parent = request.name.slice(0, request.name.indexOf('/jobs/'));
    if (request.validateOnly) {
      if (run.terminal)
        throw failedPrecondition(
          `Execution '${idOf(run.name)}' cannot be cancelled because it is not running.`,
        );
      return this.doneOperation(parent, EXECUTION, clone(run.execution));
    }
    const done = run.cancel();
    const operation = this.ops.start({
      parent,
      metadataType: EXECUTION,
      metadata: () => clone(run.execution),
    });
    void done.then(() => operation.complete(clone(run.execution)));
    return this.ops.get(operation.name)!;
  }

  /** A running execution is stopped first ([guess]); the execution disappears at once. */
  deleteExecution(request: { name: string; validateOnly?: boolean }): object {
    const run = this.executionRun(request.name);
    const parent = request.name.slice(0, request.name.indexOf('/jobs/'));
    if (request.validateOnly) return this.doneOperation(parent, EXECUTION, clone(run.execution));
    this.executions.delete(run.name);
    const record = this.jobs.get(run.execution.job);
    if (record) record.executions = record.executions.filter((r) => r !== run);
    const operation = this.ops.start({
      parent,
      metadataType: EXECUTION,
      metadata: () => clone(run.execution),
    });
    void run.stopForDeletion().then(() => {
      run.markDeleted();
      operation.complete(clone(run.execution));
    });
    return this.ops.get(operation.name)!;
  }

  // ---- Tasks ----

  getTask(request: { name: string }): object {
    const parts = parseName(request.name, taskPattern);
    const executionName = request.name.slice(0, request.name.indexOf('/tasks/'));
    const run = this.executions.get(executionName);
    const task = run?.tasks.find((t) => idOf(t.name) === parts.task);
    if (!task) throw missing('TASK', request.name);
    return clone(task);
  }

  /** In index order. */
  listTasks(request: { parent: string; pageSize?: number; pageToken?: string }): object {
    const run = this.executionRun(request.parent);
    const { page, nextPageToken } = paginate(run.tasks, request, pageLimits);
    return { tasks: page.map((task) => clone(task)), nextPageToken };
  }

  // ---- Shared ----

  private jobRecord(name: string): JobRecord {
    parseJobName(name);
    const record = this.jobs.get(name);
    if (!record) throw missing('JOB', name);
    return record;
  }

  private executionRun(name: string): ExecutionRun {
    parseName(name, executionPattern);
    const run = this.executions.get(name);
    if (!run) throw missing('EXECUTION', name);
    return run;
  }

  /** The job as Google returns it: stored fields plus the live execution summary. */
  jobView(record: JobRecord): Job {
    const job = clone(record.job);
    job.executionCount = record.executions.length;
    const latest = record.executions.at(-1);
    if (latest) {
      job.latestCreatedExecution = {
        name: latest.name,
        createTime: latest.execution.createTime,
        ...(latest.execution.completionTime && { completionTime: latest.execution.completionTime }),
        completionStatus: completionStatus[latest.state],
      };
    }
    return job;
  }

  /** validateOnly: nothing is stored; a finished operation carries what would have been created. */
  private doneOperation(parent: string, type: string, value: object): object {
    const operation = this.ops.start({ parent, metadataType: type, metadata: () => value });
    operation.complete(value);
    return this.ops.get(operation.name)!;
  }

  inspect(): object {
    return {
      jobs: [...this.jobs.keys()],
      executions: [...this.executions.values()].map((run) => ({
        name: run.name,
        state: run.state,
        runningCount: run.execution.runningCount,
        succeededCount: run.execution.succeededCount,
        failedCount: run.execution.failedCount,
        cancelledCount: run.execution.cancelledCount,
      })),
      runningContainers: this.executor.runningContainers(),
      operations: this.ops.summary(),
      // Times as RFC 3339 text; a time not reached yet is absent.
      history: this.history.map((run) => ({
        name: run.name,
        state: run.state,
        createTime: isoTime(run.execution.createTime),
        startTime: isoTime(run.execution.startTime),
        completionTime: isoTime(run.execution.completionTime),
      })),
    };
  }

  /** Emulator shutdown: stop every execution, remove every container and secret file. */
  async stop(): Promise<void> {
    const runs = [...this.executions.values()].filter((run) => !run.terminal);
    const finished = Promise.all(runs.map((run) => run.stopForDeletion()));
    await this.executor.close();
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }
}

const isoTime = (time: { seconds?: unknown; nanos?: unknown } | null | undefined): string | undefined =>
  time ? new Date(timestampMs(time as Parameters<typeof timestampMs>[0])).toISOString() : undefined;

const completionStatus: Record<ExecutionRun['state'], string> = {
  pending: 'EXECUTION_PENDING',
  running: 'EXECUTION_RUNNING',
  succeeded: 'EXECUTION_SUCCEEDED',
  failed: 'EXECUTION_FAILED',
  cancelled: 'EXECUTION_CANCELLED',
};

/** Features the emulator does not run; refused honestly rather than ignored. */
function unsupported(job: Job): void {
  if ((job.template?.template?.containers?.length ?? 0) > 1) {
    throw new RpcError(
      Status.UNIMPLEMENTED,
      'spec.template.spec.containers: the emulator runs one container per task (sidecars are not implemented).',
    );
  }
}

/**
 * The stored job: the request plus Google's defaults and output fields. Defaults: taskCount 1,
 * maxRetries 3, timeout 600 s ([doc] execution_template.proto, task_template.proto), launch stage GA,
 * limits cpu 1000m and memory 512Mi ([doc] https://cloud.google.com/run/docs/configuring/jobs/memory-limits:
 * "By default, the memory allocated to each job is 512 MiB"; 1 vCPU by default, jobs/cpu page).
 */
function newJob(input: Job, ref: JobRef): Job {
  const job = clone(input);
  const created = now();
  const template = (job.template ??= {});
  template.taskCount ||= 1;
  const task = (template.template ??= {});
  task.maxRetries ??= 3;
  if (!task.timeout || seconds(task.timeout) === 0) task.timeout = { seconds: '600', nanos: 0 };
  for (const container of task.containers ?? []) defaultLimits(container);
  Object.assign(job, {
    name: jobName(ref),
    uid: randomUUID(),
    generation: '1',
    createTime: created,
    updateTime: created,
    creator: emulatorIdentity(ref.project),
    lastModifier: emulatorIdentity(ref.project),
    launchStage: job.launchStage || 'GA',
    terminalCondition: { type: 'Ready', state: 'CONDITION_RECONCILING', lastTransitionTime: created },
    conditions: [],
    executionCount: 0,
    reconciling: true,
    satisfiesPzs: false,
  });
  job.etag = etag(job.uid, created.seconds, created.nanos);
  return job;
}

/** The stored job with an update's fields (Google's defaults applied again), generation + 1. */
function updatedJob(stored: Job, update: Job): Job {
  const defaults = newJob(update, parseJobName(stored.name!));
  const job: Job = {
    ...stored,
    template: defaults.template,
    labels: update.labels ?? {},
    annotations: update.annotations ?? {},
    generation: String(Number(stored.generation ?? '1') + 1),
    reconciling: true,
    terminalCondition: condition('Ready', 'CONDITION_RECONCILING'),
  };
  touch(job);
  return job;
}

function defaultLimits(container: Container): void {
  const resources = (container.resources ??= {});
  const limits = (resources.limits ??= {});
  limits.cpu ??= '1000m';
  limits.memory ??= '512Mi';
}

function touch(job: Job): void {
  job.updateTime = now();
  job.etag = etag(job.uid, job.updateTime.seconds, job.updateTime.nanos);
}

function deletionTimes(): Pick<Job, 'deleteTime' | 'expireTime'> {
  const time = now();
  // [guess]: deleted resources expire 30 days later, as Google's soft-deleted resources do.
  return {
    deleteTime: time,
    expireTime: { seconds: String(Number(time.seconds) + 30 * 86400), nanos: time.nanos },
  };
}

/** proto3 leaves unset numbers at 0: an override of 0 tasks means "no override". */
function normalizeOverrides(overrides: RunOverrides | undefined | null): RunOverrides | undefined {
  if (!overrides) return undefined;
  return { ...overrides, taskCount: overrides.taskCount || undefined };
}

function compareTime(
  a: { seconds?: string; nanos?: number } | undefined,
  b: { seconds?: string; nanos?: number } | undefined,
): number {
  return Number(a?.seconds ?? 0) - Number(b?.seconds ?? 0) || (a?.nanos ?? 0) - (b?.nanos ?? 0);
}

export function runServices(ctx: Context, options: RunOptions = {}): Record<string, ServiceImpl> {
  const api = new RunApi(ctx, options);
  ctx.inspectors.run = () => api.inspect();
  ctx.onStop.push(() => api.stop());
  return {
    'google.cloud.run.v2.Jobs': {
      unary: {
        CreateJob: (r) => api.createJob(r),
        GetJob: (r) => api.getJob(r),
        ListJobs: (r) => api.listJobs(r),
        DeleteJob: (r) => api.deleteJob(r),
        RunJob: (r) => api.runJob(r),
        UpdateJob: (r) => api.updateJob(r),
      },
    },
    'google.cloud.run.v2.Executions': {
      unary: {
        GetExecution: (r) => api.getExecution(r),
        ListExecutions: (r) => api.listExecutions(r),
        CancelExecution: (r) => api.cancelExecution(r),
        DeleteExecution: (r) => api.deleteExecution(r),
      },
    },
    'google.cloud.run.v2.Tasks': {
      unary: {
        GetTask: (r) => api.getTask(r),
        ListTasks: (r) => api.listTasks(r),
      },
    },
    'google.longrunning.Operations': operationsService(ctx),
  };
}
