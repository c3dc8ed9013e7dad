// Secret Manager: the secrets that carry a run's credentials to its job.
import type { protos } from '@google-cloud/secret-manager';
import { withRetry, type RetryOptions } from './retry.ts';
import { allPages, callOptions, createOnce, pageOptions } from './calls.ts';
import type { Clients } from './clients.ts';

export type Secret = protos.google.cloud.secretmanager.v1.ISecret;

export interface SecretsService {
  /**
   * Creates a secret that expires `ttlSeconds` from now, replicated to `locations` (none:
   * automatic replication); resolves to its resource name.
   */
  create(
    secretId: string,
    labels: Record<string, string>,
    ttlSeconds: number,
    retry?: RetryOptions,
    annotations?: Record<string, string>,
    locations?: readonly string[],
  ): Promise<string>;
  /** Adds a version holding `data`; resolves to the version's resource name. */
  addVersion(secretName: string, data: Buffer, retry?: RetryOptions): Promise<string>;
  delete(secretName: string, retry?: RetryOptions): Promise<void>;
  /** Every secret of the project that matches a ListSecrets filter. */
  list(filter: string): Promise<Secret[]>;
}

export function secretsService(project: string, clients: Pick<Clients, 'secrets'>): SecretsService {
  const parent = `projects/${project}`;
  return {
    async create(secretId, labels, ttlSeconds, retry, annotations = {}, locations = []) {
      const client = await clients.secrets();
      const secret = {
        labels,
        annotations,
        replication: replication(locations),
        ttl: { seconds: ttlSeconds },
      };
      await createOnce(
        `Creating secret ${secretId}`,
        () => client.createSecret({ parent, secretId, secret }, callOptions),
        retry,
      );
      return `${parent}/secrets/${secretId}`;
    },

    async addVersion(secretName, data, retry) {
      const client = await clients.secrets();
      const [version] = await withRetry(
        `Adding a version to ${secretName}`,
        () => client.addSecretVersion({ parent: secretName, payload: { data } }, callOptions),
        retry,
      );
      return version.name!;
    },

    async delete(secretName, retry) {
      const client = await clients.secrets();
      await withRetry(
        `Deleting secret ${secretName}`,
        () => client.deleteSecret({ name: secretName }, callOptions),
        retry,
      );
    },

    async list(filter) {
      const client = await clients.secrets();
      return allPages<Secret>('Listing secrets', async (pageToken) => {
        const [page, , response] = await client.listSecrets(
          { parent, filter, pageSize: 250, pageToken },
          pageOptions,
        );
        return { page, next: response?.nextPageToken };
      });
    },
  };
}

/** User-managed replication in the given locations, or automatic replication (`global`) without any. */
export const replication = (locations: readonly string[]): Secret['replication'] =>
  locations.length
    ? { userManaged: { replicas: locations.map((location) => ({ location })) } }
    : { automatic: {} };
