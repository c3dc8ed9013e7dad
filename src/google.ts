// The thin layer between the action and Google's client libraries. Everything Google-specific
// (client construction, call options, resource names, long-running operations) lives here so the
// rest of the action reads without API noise. Clients are loaded on first use: loading all four
// eagerly costs over half a second of start-up.
//
// CLOUD_RUN_AGENT_EMULATOR_HOST=host:port points every client at a local emulator (plain text
// gRPC, no credentials), the way PUBSUB_EMULATOR_HOST does for Pub/Sub.
import type { protos as runProtos } from '@google-cloud/run';
import type { protos as secretProtos } from '@google-cloud/secret-manager';
import type { ClientOptions, GoogleAuth } from 'google-gax';
import { withRetry, type RetryOptions } from './retry.ts';

export type Job = runProtos.google.cloud.run.v2.IJob;
export type Execution = runProtos.google.cloud.run.v2.IExecution;
export type Task = runProtos.google.cloud.run.v2.ITask;
export type Secret = secretProtos.google.cloud.secretmanager.v1.ISecret;
export interface LogEntry {
  insertId?: string | null;
  timestamp?: { seconds?: string | number | null; nanos?: number | null } | null;
  severity?: string | number | null;
  logName?: string | null;
  labels?: Record<string, string> | null;
  textPayload?: string | null;
  jsonPayload?: { fields?: Record<string, unknown> | null } | null;
  payload?: string | null;
}

export const emulatorHost = (): string | undefined => process.env.CLOUD_RUN_AGENT_EMULATOR_HOST || undefined;

// No call is retried by the client library: withRetry is the one policy, so deadlines hold.
const callOptions = { retry: null, timeout: 60_000 } as unknown as Record<string, never>;

const cloudPlatform = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * Options for every client of a run. Outside the emulator they share one GoogleAuth: each client
 * would otherwise build its own and, with Workload Identity Federation, exchange the GitHub token
 * for a Google one again (a round trip or two to STS each, on the path of its first call).
 */
export async function clientOptions(
  projectId: string,
  auth: () => Promise<GoogleAuth>,
): Promise<ClientOptions> {
  const host = emulatorHost();
  if (!host) return { projectId, auth: await auth() };
  const { grpc } = await import('google-gax');
  const [hostname, port] = splitHostPort(host);
  return {
    apiEndpoint: hostname,
    port,
    sslCreds: grpc.credentials.createInsecure(),
    universeDomain: 'googleapis.com',
    projectId,
  };
}

export function splitHostPort(hostPort: string): [string, number] {
  const match = /^(.+):(\d+)$/.exec(hostPort);
  if (!match) throw new Error(`CLOUD_RUN_AGENT_EMULATOR_HOST must be host:port, got "${hostPort}"`);
  return [match[1]!, Number(match[2])];
}

/** Resolves once a client's channel is connected (or after 5 s: a failure shows on the first call). */
async function connected(client: { initialize(): Promise<unknown> }): Promise<void> {
  const stub = (await client.initialize()) as {
    waitForReady?: (deadline: Date, callback: () => void) => void;
  };
  await new Promise<void>((resolve) =>
    stub.waitForReady ? stub.waitForReady(new Date(Date.now() + 5_000), resolve) : resolve(),
  );
}

const memo = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
};

/** The Google Cloud surface the action uses, for one project and region. */
export function connect(project: string, region: string) {
  const location = `projects/${project}/locations/${region}`;
  const auth = memo(async () => new (await import('google-gax')).GoogleAuth({ scopes: [cloudPlatform] }));
  const options = () => clientOptions(project, auth);
  const jobs = memo(async () => new (await import('@google-cloud/run')).JobsClient(await options()));
  const executions = memo(
    async () => new (await import('@google-cloud/run')).ExecutionsClient(await options()),
  );
  const tasks = memo(async () => new (await import('@google-cloud/run')).TasksClient(await options()));
  const secrets = memo(
    async () =>
      new (await import('@google-cloud/secret-manager')).SecretManagerServiceClient(await options()),
  );
  // The Logging service client itself: `new Logging()` would also build a Config service client.
  const logging = memo(
    async () => new (await import('@google-cloud/logging')).v2.LoggingServiceV2Client(await options()),
  );
  const artifacts = memo(
    async () => new (await import('@google-cloud/artifact-registry')).ArtifactRegistryClient(await options()),
  );

  return {
    project,
    region,
    location,

    /**
     * Loads the clients a run needs in the order it needs them, each connected before the next
     * loads: loading one takes tens of ms of the only thread, and a call waiting for its connection
     * would wait for that too. So the first RPC leaves once Secret Manager's client is loaded (not
     * all five), and the others load while it is in flight.
     */
    warmUp(): void {
      void (async () => {
        for (const client of [secrets, jobs, logging, executions, tasks]) {
          await client()
            .then(connected)
            .catch(() => {});
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
    },

    /** An OAuth access token from Application Default Credentials, for the registry. */
    async accessToken(): Promise<string> {
      if (emulatorHost()) return 'emulator';
      const token = await (await auth()).getAccessToken();
      if (!token) throw new Error('Application Default Credentials gave no access token');
      return token;
    },

    secrets: {
      async create(
        secretId: string,
        labels: Record<string, string>,
        ttlSeconds: number,
        retry?: RetryOptions,
        annotations: Record<string, string> = {},
      ): Promise<string> {
        const client = await secrets();
        const name = `projects/${project}/secrets/${secretId}`;
        return withRetry(
          `Creating secret ${secretId}`,
          async (attempt) => {
            try {
              await client.createSecret(
                {
                  parent: `projects/${project}`,
                  secretId,
                  secret: {
                    labels,
                    annotations,
                    replication: { automatic: {} },
                    ttl: { seconds: ttlSeconds },
                  },
                },
                callOptions,
              );
            } catch (error) {
              // A retried create whose first attempt landed: the secret is ours.
              if (attempt > 1 && (error as { code?: number }).code === 6) return name;
              throw error;
            }
            return name;
          },
          retry,
        );
      },
      async addVersion(secretName: string, data: Buffer, retry?: RetryOptions): Promise<string> {
        const client = await secrets();
        const [version] = await withRetry(
          `Adding a version to ${secretName}`,
          () => client.addSecretVersion({ parent: secretName, payload: { data } }, callOptions),
          retry,
        );
        return version.name!;
      },
      async delete(secretName: string, retry?: RetryOptions): Promise<void> {
        const client = await secrets();
        await withRetry(
          `Deleting secret ${secretName}`,
          () => client.deleteSecret({ name: secretName }, callOptions),
          retry,
        );
      },
      async list(filter: string): Promise<Secret[]> {
        const client = await secrets();
        return allPages<Secret>('Listing secrets', async (pageToken) => {
          const [page, , response] = await client.listSecrets(
            { parent: `projects/${project}`, filter, pageSize: 250, pageToken },
            { ...callOptions, autoPaginate: false },
          );
          return { page: page, next: response?.nextPageToken };
        });
      },
    },

    run: {
      jobName: (jobId: string) => `${location}/jobs/${jobId}`,

      async createJob(jobId: string, job: Job, retry?: RetryOptions): Promise<void> {
        const client = await jobs();
        await withRetry(
          `Creating Cloud Run job ${jobId}`,
          async (attempt) => {
            try {
              const [operation] = await client.createJob({ parent: location, jobId, job }, callOptions);
              await operation.promise();
            } catch (error) {
              if (attempt > 1 && (error as { code?: number }).code === 6) return;
              throw error;
            }
          },
          retry,
        );
      },

      /** Starts an execution; resolves as soon as Cloud Run has named it, not when it ends. */
      async runJob(jobName: string, retry?: RetryOptions): Promise<{ execution: string; operation: string }> {
        const client = await jobs();
        const executionsClient = await executions();
        return withRetry(
          `Running job ${jobName}`,
          async (attempt) => {
            // RunJob is not idempotent: an earlier attempt whose answer was lost (a deadline in
            // flight) may have started the execution. The job is this run's alone, so any
            // execution it has is that one: adopt it rather than start a second.
            if (attempt > 1) {
              const [existing] = await executionsClient.listExecutions(
                { parent: jobName, pageSize: 1 },
                { ...callOptions, autoPaginate: false },
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

      /**
       * Waits up to `timeoutMs` for a long-running operation to finish (a long poll, so the end of an
       * execution is noticed at once). Resolves true when it is done.
       */
      async waitOperation(operationName: string, timeoutMs: number): Promise<boolean> {
        const client = await jobs();
        const stub = await (client.operationsClient as unknown as { operationsStub: Promise<OperationsStub> })
          .operationsStub;
        const seconds = Math.max(1, Math.round(timeoutMs / 1000));
        const operation = await new Promise<{ done?: boolean }>((resolve, reject) =>
          stub.waitOperation(
            { name: operationName, timeout: { seconds } },
            { deadline: new Date(Date.now() + timeoutMs + 10_000) },
            (error: Error | null, result: { done?: boolean }) => (error ? reject(error) : resolve(result)),
          ),
        );
        return Boolean(operation.done);
      },

      async getOperationDone(operationName: string): Promise<boolean> {
        const client = await jobs();
        const [operation] = await client.operationsClient.getOperation(
          { name: operationName } as never,
          callOptions,
        );
        return Boolean(operation.done);
      },

      async getExecution(executionName: string, retry?: RetryOptions): Promise<Execution> {
        const client = await executions();
        const [execution] = await withRetry(
          `Reading execution ${executionName}`,
          () => client.getExecution({ name: executionName }, callOptions),
          retry,
        );
        return execution;
      },

      async cancelExecution(executionName: string, retry?: RetryOptions): Promise<void> {
        const client = await executions();
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

      async listTasks(executionName: string, retry?: RetryOptions): Promise<Task[]> {
        const client = await tasks();
        const [list] = await withRetry(
          `Listing tasks of ${executionName}`,
          () =>
            client.listTasks(
              { parent: executionName, pageSize: 100 },
              { ...callOptions, autoPaginate: false },
            ),
          retry,
        );
        return list;
      },

      async deleteJob(jobName: string, retry?: RetryOptions): Promise<void> {
        const client = await jobs();
        await withRetry(
          `Deleting job ${jobName}`,
          async () => {
            const [operation] = await client.deleteJob({ name: jobName }, callOptions);
            await operation.promise();
          },
          retry,
        );
      },

      async listJobs(): Promise<Job[]> {
        const client = await jobs();
        return allPages<Job>('Listing jobs', async (pageToken) => {
          const [page, , response] = await client.listJobs(
            { parent: location, pageSize: 100, pageToken },
            { ...callOptions, autoPaginate: false },
          );
          return { page: page, next: response?.nextPageToken };
        });
      },

      async listExecutions(jobName: string): Promise<Execution[]> {
        const client = await executions();
        return allPages<Execution>(`Listing executions of ${jobName}`, async (pageToken) => {
          const [page, , response] = await client.listExecutions(
            { parent: jobName, pageSize: 100, pageToken },
            { ...callOptions, autoPaginate: false },
          );
          return { page: page, next: response?.nextPageToken };
        });
      },
    },

    logs: {
      /** Opens a TailLogEntries stream (bufferWindow in seconds). */
      async tail(filter: string, bufferWindowSeconds: number): Promise<TailStream> {
        const client = await logging();
        // A session may last an hour (Google ends it then); without an explicit timeout the
        // client gave the stream a 30 s deadline, cutting it every 30 s.
        const stream = client.tailLogEntries({ ...callOptions, timeout: 3_600_000 }) as unknown as TailStream;
        stream.write({
          resourceNames: [`projects/${project}`],
          filter,
          bufferWindow: { seconds: bufferWindowSeconds },
        });
        return stream;
      },
      /** One page of ListLogEntries in timestamp order. */
      async list(
        filter: string,
        pageToken?: string,
      ): Promise<{ entries: LogEntry[]; nextPageToken?: string }> {
        const client = await logging();
        const [entries, , response] = await client.listLogEntries(
          {
            resourceNames: [`projects/${project}`],
            filter,
            orderBy: 'timestamp asc',
            pageSize: 1000,
            pageToken,
          },
          { ...callOptions, autoPaginate: false },
        );
        return { entries: entries as LogEntry[], nextPageToken: response?.nextPageToken || undefined };
      },
    },

    artifacts: {
      async listDockerImages(repository: string): Promise<DockerImage[]> {
        const client = await artifacts();
        return allPages<DockerImage>(`Listing images in ${repository}`, async (pageToken) => {
          const [page, , response] = await client.listDockerImages(
            { parent: `${location}/repositories/${repository}`, pageSize: 500, pageToken },
            { ...callOptions, autoPaginate: false },
          );
          return { page: page as DockerImage[], next: response?.nextPageToken };
        });
      },
      /** Deletes an image version (its digest) with its tags. */
      async deleteVersion(versionName: string): Promise<void> {
        const client = await artifacts();
        await withRetry(`Deleting image ${versionName}`, async () => {
          const [operation] = await client.deleteVersion({ name: versionName, force: true }, callOptions);
          await operation.promise();
        });
      },
    },
  };
}

export type Cloud = ReturnType<typeof connect>;

/** Every page of a list, each page fetched with the retry policy. */
async function allPages<T>(
  what: string,
  fetchPage: (pageToken: string | undefined) => Promise<{ page: T[]; next?: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  let pageToken: string | undefined;
  do {
    const { page, next } = await withRetry(what, () => fetchPage(pageToken));
    all.push(...page);
    pageToken = next || undefined;
  } while (pageToken);
  return all;
}

export interface DockerImage {
  name?: string | null;
  uri?: string | null;
  tags?: string[] | null;
  uploadTime?: { seconds?: string | number | null; nanos?: number | null } | null;
  updateTime?: { seconds?: string | number | null; nanos?: number | null } | null;
}

export interface TailStream extends NodeJS.EventEmitter {
  write(request: object): boolean;
  end(): void;
  cancel(): void;
}

interface OperationsStub {
  waitOperation(
    request: object,
    options: object,
    callback: (error: Error | null, result: { done?: boolean }) => void,
  ): void;
}
