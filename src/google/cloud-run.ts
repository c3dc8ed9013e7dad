// Cloud Run Admin v2: the run's one-shot job, its execution and that execution's tasks.
import type { protos } from '@google-cloud/run';
import { CloudError, withRetry, type RetryOptions } from './retry.ts';
import { allPages, callOptions, createOnce, pageOptions } from './calls.ts';
import type { Clients } from './clients.ts';

export type Job = protos.google.cloud.run.v2.IJob;
export type Execution = protos.google.cloud.run.v2.IExecution;
export type Task = protos.google.cloud.run.v2.ITask;

/** A CreateJob operation as WaitOperation left it: not done, done with the Job, or failed. */
export type Creation = { done: false } | { done: true; job: Job } | { done: true; error: CloudError };

export interface RunService {
  /** The resource name of a job of the run's region. */
  jobName(jobId: string): string;
  /**
   * Sends CreateJob; resolves once Cloud Run has accepted it (the job exists), with the name of its
   * operation, which is done once the job is ready: with a start token, once the execution it
   * starts has started. '' when an earlier attempt, whose answer was lost, had made the job: its
   * operation is not known.
   */
  createJob(jobId: string, job: Job, retry?: RetryOptions): Promise<string>;
  /**
   * Waits up to `timeoutMs` for a CreateJob operation to finish (a long poll, so that the start of
   * the execution is noticed at once); what it says then.
   */
  waitCreation(operationName: string, jobId: string, timeoutMs: number): Promise<Creation>;
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

/** The job's own calls: create (and start), wait for the creation, delete, list. */
function jobCalls(location: string, clients: RunClients) {
  return {
    jobName: (jobId) => `${location}/jobs/${jobId}`,

    async createJob(jobId, job, retry) {
      const client = await clients.jobs();
      let operation = '';
      // A retry after a lost answer meets ALREADY_EXISTS: the job, and the one execution its
      // token starts, are the earlier attempt's (createOnce). No second execution can start.
      await createOnce(
        `Creating Cloud Run job ${jobId}`,
        async () => {
          const [created] = await client.createJob({ parent: location, jobId, job }, callOptions);
          operation = created.name ?? '';
        },
        retry,
      );
      return operation;
    },

    async waitCreation(operationName, jobId, timeoutMs) {
      const client = await clients.jobs();
      // The client has no WaitOperation method: the operations stub it holds does.
      const stub = await (client.operationsClient as unknown as { operationsStub: Promise<OperationsStub> })
        .operationsStub;
      const seconds = Math.max(1, Math.round(timeoutMs / 1000));
      const operation = await new Promise<RawOperation>((resolve, reject) =>
        stub.waitOperation(
          { name: operationName, timeout: { seconds } },
          { deadline: new Date(Date.now() + timeoutMs + 10_000) },
          (error, result) => (error ? reject(error) : resolve(result)),
        ),
      );
      if (!operation.done) return { done: false };
      if (operation.error) {
        // The same words as a failed operation.promise(): Google's status, then our advice.
        const { code, message } = operation.error;
        const cause = Object.assign(new Error(message ?? ''), { code, details: message });
        return { done: true, error: new CloudError(`Creating Cloud Run job ${jobId}`, cause) };
      }
      const decode = (client.descriptors.longrunning.createJob as unknown as { responseDecoder: Decoder })
        .responseDecoder;
      const value = operation.response?.value;
      return { done: true, job: value ? (decode(value) as Job) : {} };
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

/** google.longrunning.Operation as the operations stub returns it. */
interface RawOperation {
  done?: boolean;
  error?: { code?: number; message?: string } | null;
  response?: { value?: Uint8Array } | null;
}

type Decoder = (bytes: Uint8Array) => object;

interface OperationsStub {
  waitOperation(
    request: object,
    options: object,
    callback: (error: Error | null, result: RawOperation) => void,
  ): void;
}
