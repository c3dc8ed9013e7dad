// Cloud Run Admin v2: the run's one-shot job, its execution and that execution's tasks.
import type { protos } from '@google-cloud/run';
import { withRetry, type RetryOptions } from './retry.ts';
import { allPages, callOptions, createOnce, pageOptions } from './calls.ts';
import type { Clients } from './clients.ts';

export type Job = protos.google.cloud.run.v2.IJob;
export type Execution = protos.google.cloud.run.v2.IExecution;
export type Task = protos.google.cloud.run.v2.ITask;

export interface RunService {
  /** The resource name of a job of the run's region. */
  jobName(jobId: string): string;
  /** Creates a job and waits until Cloud Run has made it. */
  createJob(jobId: string, job: Job, retry?: RetryOptions): Promise<void>;
  /** Starts an execution; resolves as soon as Cloud Run has named it, not when it ends. */
  runJob(jobName: string, retry?: RetryOptions): Promise<{ execution: string; operation: string }>;
  /**
   * Waits up to `timeoutMs` for a long-running operation to finish (a long poll, so the end of an
   * execution is noticed at once). Resolves true when it is done.
   */
  waitOperation(operationName: string, timeoutMs: number): Promise<boolean>;
  getExecution(executionName: string, retry?: RetryOptions): Promise<Execution>;
  cancelExecution(executionName: string, retry?: RetryOptions): Promise<void>;
  /** The tasks of an execution (a one-shot job has one; the first page holds 100). */
  listTasks(executionName: string, retry?: RetryOptions): Promise<Task[]>;
  /** Deletes a job with its executions and waits until it is gone. */
  deleteJob(jobName: string, retry?: RetryOptions): Promise<void>;
  /** Every job of the run's region. */
  listJobs(): Promise<Job[]>;
  listExecutions(jobName: string): Promise<Execution[]>;
}

type RunClients = Pick<Clients, 'jobs' | 'executions' | 'tasks'>;

export function runService(location: string, clients: RunClients): RunService {
  return { ...jobCalls(location, clients), ...executionCalls(clients) };
}

/** The job's own calls: create, run, wait for the run's operation, delete, list. */
function jobCalls(location: string, clients: RunClients) {
  return {
    jobName: (jobId) => `${location}/jobs/${jobId}`,

    async createJob(jobId, job, retry) {
      const client = await clients.jobs();
      await createOnce(
        `Creating Cloud Run job ${jobId}`,
        async () => {
          const [operation] = await client.createJob({ parent: location, jobId, job }, callOptions);
          await operation.promise();
        },
        retry,
      );
    },

    async runJob(jobName, retry) {
      const client = await clients.jobs();
      const executionsClient = await clients.executions();
      return withRetry(
        `Running job ${jobName}`,
        async (attempt) => {
          // RunJob is not idempotent: an earlier attempt whose answer was lost (a deadline in
          // flight) may have started the execution. The job is this run's alone, so any
          // execution it has is that one: adopt it rather than start a second.
          if (attempt > 1) {
            const [existing] = await executionsClient.listExecutions(
              { parent: jobName, pageSize: 1 },
              pageOptions,
            );
            if (existing[0]?.name) return { execution: existing[0].name, operation: '' };
          }
          const [operation] = await client.runJob({ name: jobName }, callOptions);
          const metadata = operation.metadata as Execution | null;
          return { execution: metadata?.name ?? '', operation: operation.name ?? '' };
        },
        retry,
      );
    },

    async waitOperation(operationName, timeoutMs) {
      const client = await clients.jobs();
      // The client has no WaitOperation method: the operations stub it holds does.
      const stub = await (client.operationsClient as unknown as { operationsStub: Promise<OperationsStub> })
        .operationsStub;
      const seconds = Math.max(1, Math.round(timeoutMs / 1000));
      const operation = await new Promise<{ done?: boolean }>((resolve, reject) =>
        stub.waitOperation(
          { name: operationName, timeout: { seconds } },
          { deadline: new Date(Date.now() + timeoutMs + 10_000) },
          (error, result) => (error ? reject(error) : resolve(result)),
        ),
      );
      return Boolean(operation.done);
    },

    async deleteJob(jobName, retry) {
      const client = await clients.jobs();
      await withRetry(
        `Deleting job ${jobName}`,
        async () => {
          const [operation] = await client.deleteJob({ name: jobName }, callOptions);
          await operation.promise();
        },
        retry,
      );
    },

    async listJobs() {
      const client = await clients.jobs();
      return allPages<Job>('Listing jobs', async (pageToken) => {
        const [page, , response] = await client.listJobs(
          { parent: location, pageSize: 100, pageToken },
          pageOptions,
        );
        return { page, next: response?.nextPageToken };
      });
    },
  } satisfies Partial<RunService>;
}

/** An execution's calls: read it, cancel it, its tasks; a job's executions. */
function executionCalls(clients: RunClients) {
  return {
    async getExecution(executionName, retry) {
      const client = await clients.executions();
      const [execution] = await withRetry(
        `Reading execution ${executionName}`,
        () => client.getExecution({ name: executionName }, callOptions),
        retry,
      );
      return execution;
    },

    async cancelExecution(executionName, retry) {
      const client = await clients.executions();
      await withRetry(
        `Cancelling execution ${executionName}`,
        // Bounded by the caller's deadline: on SIGINT it must land before the runner's SIGTERM.
        (_attempt, remainingMs) =>
          client.cancelExecution(
            { name: executionName },
            { ...callOptions, timeout: Math.min(60_000, remainingMs) },
          ),
        retry,
      );
    },

    async listTasks(executionName, retry) {
      const client = await clients.tasks();
      const [list] = await withRetry(
        `Listing tasks of ${executionName}`,
        () => client.listTasks({ parent: executionName, pageSize: 100 }, pageOptions),
        retry,
      );
      return list;
    },

    async listExecutions(jobName) {
      const client = await clients.executions();
      return allPages<Execution>(`Listing executions of ${jobName}`, async (pageToken) => {
        const [page, , response] = await client.listExecutions(
          { parent: jobName, pageSize: 100, pageToken },
          pageOptions,
        );
        return { page, next: response?.nextPageToken };
      });
    },
  } satisfies Partial<RunService>;
}

interface OperationsStub {
  waitOperation(
    request: object,
    options: object,
    callback: (error: Error | null, result: { done?: boolean }) => void,
  ): void;
}
