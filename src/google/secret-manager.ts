// Secret Manager: the secrets that carry a run's credentials to its job.
import type { protos } from '@google-cloud/secret-manager';
import { withRetry, type RetryOptions } from './retry.ts';
import { allPages, callOptions, createOnce, pageOptions } from './calls.ts';
import { Code, errorCode } from './errors.ts';
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
  /**
   * Deletes a secret; with `etag`, only while the secret is still that version of itself
   * (FAILED_PRECONDITION otherwise: https://cloud.google.com/secret-manager/docs/etags).
   */
  delete(secretName: string, retry?: RetryOptions, etag?: string): Promise<void>;
  /** Every secret of the project that matches a ListSecrets filter. */
  list(filter: string): Promise<Secret[]>;
  get(secretName: string): Promise<Secret>;
  /**
   * Creates a secret only if none of that id exists: the secret made (with its etag), or undefined
   * when another exists. Unlike `create`, ALREADY_EXISTS is never taken for success by itself: on a
   * retried attempt (an earlier one may have landed, its answer lost) the existing secret counts as
   * this call's only when its annotations are exactly `annotations`, which the caller makes unique.
   */
  createIfAbsent(
    secretId: string,
    labels: Record<string, string>,
    annotations: Record<string, string>,
    ttlSeconds: number,
    locations?: readonly string[],
  ): Promise<Secret | undefined>;
  /**
   * Replaces the annotations and the expiry (`ttlSeconds` from now) of the secret while its etag is
   * `etag`: the secret as updated, or undefined when it is gone or changed (NOT_FOUND,
   * FAILED_PRECONDITION). A retried attempt whose earlier one landed finds its own annotations.
   */
  updateIf(
    secret: { name: string; etag: string },
    annotations: Record<string, string>,
    ttlSeconds: number,
  ): Promise<Secret | undefined>;
}

export function secretsService(project: string, clients: Pick<Clients, 'secrets'>): SecretsService {
  const parent = `projects/${project}`;
  const get = async (secretName: string): Promise<Secret> => {
    const client = await clients.secrets();
    const [secret] = await withRetry(`Reading secret ${secretName}`, () =>
      client.getSecret({ name: secretName }, callOptions),
    );
    return secret;
  };
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

    async delete(secretName, retry, etag) {
      const client = await clients.secrets();
      await withRetry(
        `Deleting secret ${secretName}`,
        () => client.deleteSecret({ name: secretName, ...(etag && { etag }) }, callOptions),
        retry,
      );
    },

    get,

    async createIfAbsent(secretId, labels, annotations, ttlSeconds, locations = []) {
      const client = await clients.secrets();
      const name = `${parent}/secrets/${secretId}`;
      const secret = {
        labels,
        annotations,
        replication: replication(locations),
        ttl: { seconds: ttlSeconds },
      };
      return withRetry(`Creating secret ${secretId}`, async (attempt) => {
        try {
          const [created] = await client.createSecret({ parent, secretId, secret }, callOptions);
          return created;
        } catch (error) {
          if (errorCode(error) !== Code.ALREADY_EXISTS) throw error;
          if (attempt === 1) return undefined;
          return ownedBy(await get(name).catch(gone), annotations);
        }
      });
    },

    async updateIf({ name, etag }, annotations, ttlSeconds) {
      const client = await clients.secrets();
      const secret = { name, etag, annotations, ttl: { seconds: ttlSeconds } };
      const updateMask = { paths: ['annotations', 'ttl'] };
      return withRetry(`Updating secret ${name}`, async (attempt) => {
        try {
          const [updated] = await client.updateSecret({ secret, updateMask }, callOptions);
          return updated;
        } catch (error) {
          const code = errorCode(error);
          if (code === Code.NOT_FOUND) return undefined;
          if (code !== Code.FAILED_PRECONDITION) throw error;
          // The etag changed: by someone else, or by an earlier attempt of this very update.
          return attempt === 1 ? undefined : ownedBy(await get(name).catch(gone), annotations);
        }
      });
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

/** The secret when its annotations are exactly `annotations` (the caller's own), else undefined. */
function ownedBy(secret: Secret | undefined, annotations: Record<string, string>): Secret | undefined {
  const theirs = secret?.annotations ?? {};
  const same =
    Object.keys(theirs).length === Object.keys(annotations).length &&
    Object.entries(annotations).every(([key, value]) => theirs[key] === value);
  return same ? secret : undefined;
}

/** NOT_FOUND read as "no such secret"; any other error is thrown. */
function gone(error: unknown): undefined {
  if (errorCode(error) === Code.NOT_FOUND) return undefined;
  throw error;
}

/** User-managed replication in the given locations, or automatic replication (`global`) without any. */
export const replication = (locations: readonly string[]): Secret['replication'] =>
  locations.length
    ? { userManaged: { replicas: locations.map((location) => ({ location })) } }
    : { automatic: {} };
