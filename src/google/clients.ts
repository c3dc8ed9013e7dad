// The clients of a run and how they are made: one GoogleAuth shared by all, and each client loaded
// on first use (loading all five eagerly costs over half a second of start-up). Only type imports
// sit at the top: a value import would load google-gax with the action.
//
// Each client is imported from its own file in its package, not from the package's index: the
// index also loads every other version of the API and the package's static protobuf classes
// (0.7-1.2 MB of code each, which the clients do not use), about 0.2 s of start-up together
// (docs/performance.md). Logging's client comes from @google-cloud/logging-api, the generated
// package that @google-cloud/logging re-exports as `v2`, without that package's own layer.
//
// CLOUD_RUN_AGENT_EMULATOR_HOST=host:port points every client at a local emulator (plain text
// gRPC, no credentials), the way PUBSUB_EMULATOR_HOST does for Pub/Sub.
import type { ArtifactRegistryClient } from '@google-cloud/artifact-registry';
import type { ExecutionsClient, JobsClient, TasksClient } from '@google-cloud/run';
import type { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import type { ClientOptions, GoogleAuth } from 'google-gax';
import { quickenProtoLoading } from './proto-loading.ts';

export const emulatorHost = (): string | undefined => process.env.CLOUD_RUN_AGENT_EMULATOR_HOST || undefined;

/** Each client, made (and its library loaded) on the first call, then the same one every time. */
export interface Clients {
  auth(): Promise<GoogleAuth>;
  secrets(): Promise<SecretManagerServiceClient>;
  jobs(): Promise<JobsClient>;
  executions(): Promise<ExecutionsClient>;
  tasks(): Promise<TasksClient>;
  /** Logging's service client, which the library declares `any`: logging.ts gives it a shape. */
  logging(): Promise<{ initialize(): Promise<unknown> }>;
  artifacts(): Promise<ArtifactRegistryClient>;
}

export function lazyClients(project: string): Clients {
  const auth = memo(async () => {
    skipMetadataServerOnHostedRunners(process.env);
    const { GoogleAuth } = await import('google-gax');
    return new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  });
  const options = async () => {
    quickenProtoLoading(await import('google-gax'));
    return clientOptions(project, auth);
  };
  return {
    auth,
    secrets: memo(
      async () =>
        new (
          await import('@google-cloud/secret-manager/build/src/v1/secret_manager_service_client.js')
        ).SecretManagerServiceClient(await options()),
    ),
    jobs: memo(async () =>
      quietOperations(
        new (await import('@google-cloud/run/build/src/v2/jobs_client.js')).JobsClient(await options()),
      ),
    ),
    executions: memo(
      async () =>
        new (await import('@google-cloud/run/build/src/v2/executions_client.js')).ExecutionsClient(
          await options(),
        ),
    ),
    tasks: memo(
      async () =>
        new (await import('@google-cloud/run/build/src/v2/tasks_client.js')).TasksClient(await options()),
    ),
    logging: memo(
      async (): Promise<{ initialize(): Promise<unknown> }> =>
        new (
          await import('@google-cloud/logging-api/build/src/v2/logging_service_v2_client.js')
        ).LoggingServiceV2Client(await options()),
    ),
    artifacts: memo(async () =>
      quietOperations(
        new (
          await import('@google-cloud/artifact-registry/build/src/v1/artifact_registry_client.js')
        ).ArtifactRegistryClient(await options()),
      ),
    ),
  };
}

/**
 * GitHub-hosted runners are Azure machines, never Compute Engine, so no metadata server there holds
 * Google credentials. Without credentials from google-github-actions/auth, google-auth-library
 * would still ping one (169.254.169.254 and metadata.google.internal) and, when something else
 * answers there, print "(node:…) MetadataLookupWarning: received unexpected error" after the
 * action's own error about the missing credentials. gcp-metadata's METADATA_SERVER_DETECTION=none
 * skips that ping (a Compute Engine BIOS is still recognised, before it). Self-hosted runners, which
 * may run on Compute Engine, and a value the workflow set (or GCE_METADATA_HOST/IP) are left alone.
 */
export function skipMetadataServerOnHostedRunners(env: NodeJS.ProcessEnv): void {
  if (env.RUNNER_ENVIRONMENT !== 'github-hosted') return;
  if (env.METADATA_SERVER_DETECTION || env.GCE_METADATA_HOST || env.GCE_METADATA_IP) return;
  env.METADATA_SERVER_DETECTION = 'none';
}

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

function splitHostPort(hostPort: string): [string, number] {
  const match = /^(.+):(\d+)$/.exec(hostPort);
  if (!match) throw new Error(`CLOUD_RUN_AGENT_EMULATOR_HOST must be host:port, got "${hostPort}"`);
  return [match[1]!, Number(match[2])];
}

/** Resolves once a client's channel is connected (or after 5 s: a failure shows on the first call). */
export async function connected(client: { initialize(): Promise<unknown> }): Promise<void> {
  const stub = (await client.initialize()) as {
    waitForReady?: (deadline: Date, callback: () => void) => void;
  };
  await new Promise<void>((resolve) =>
    stub.waitForReady ? stub.waitForReady(new Date(Date.now() + 5_000), resolve) : resolve(),
  );
}

/**
 * A client with long-running operations starts its operations stub in its constructor; without
 * credentials that promise rejects with nobody awaiting it. The first call reports the failure.
 */
function quietOperations<T extends { operationsClient?: unknown }>(client: T): T {
  const stub = (client.operationsClient as { operationsStub?: Promise<unknown> } | undefined)?.operationsStub;
  stub?.catch(() => {});
  return client;
}

const memo = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
};

// The run's Google identity outside the clients: an access token, for the registry's HTTP API.
export interface TokenSource {
  /** An OAuth access token from Application Default Credentials, for the registry. */
  accessToken(): Promise<string>;
}

export function tokenSource(clients: Pick<Clients, 'auth'>): TokenSource {
  return {
    async accessToken() {
      if (emulatorHost()) return 'emulator';
      // The clients' GoogleAuth: its token is the one they already exchanged for.
      const token = await (await clients.auth()).getAccessToken();
      if (!token) throw new Error('Application Default Credentials gave no access token');
      return token;
    },
  };
}
