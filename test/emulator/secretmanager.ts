// Secret Manager v1, in memory, with Google's validation, errors, etags, expiry and quotas.
// API reference: https://cloud.google.com/secret-manager/docs/reference/rpc/google.cloud.secretmanager.v1
// (and the comments of the service.proto / resources.proto the client ships, which state the rules).
import { randomBytes } from 'node:crypto';
import type { Context, ServiceImpl, UnaryHandler } from './context.ts';
import {
  alreadyExists,
  durationSeconds,
  failedPrecondition,
  invalidArgument,
  notFound,
  paginate,
  RpcError,
  Status,
  timestamp,
  timestampMs,
} from './rpc.ts';
import { evaluate, parseFilter, type FieldType, type Fields, type Schema } from './listfilter.ts';

const SERVICE = 'google.cloud.secretmanager.v1.SecretManagerService';

type State = 'ENABLED' | 'DISABLED' | 'DESTROYED';
type Replication =
  { automatic: Record<string, never> } | { userManaged: { replicas: { location: string }[] } };

interface VersionRecord {
  number: number;
  createMs: number;
  seq: number;
  state: State;
  /** Dropped when the version is destroyed, as Google drops the data. */
  data?: Buffer;
  crc32c: number;
  clientChecksum: boolean;
  destroyMs?: number;
  etag: string;
}

interface IamPolicy {
  version: number;
  bindings: { role: string; members: string[]; condition?: unknown }[];
  etag: Buffer;
}

interface SecretRecord {
  name: string;
  project: string;
  createMs: number;
  seq: number;
  replication: Replication;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  versionAliases: Record<string, number>;
  expireMs?: number;
  etag: string;
  /** versions[n - 1] is version n. */
  versions: VersionRecord[];
  policy?: IamPolicy;
}

// ---- CRC32C (Castagnoli), the checksum of SecretPayload.data_crc32c
// https://cloud.google.com/secret-manager/docs/data-integrity

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// ---- Names
// Secret ids: https://cloud.google.com/secret-manager/docs/reference/rpc/google.cloud.secretmanager.v1#createsecretrequest

const secretIdPattern = /^[A-Za-z0-9_-]{1,255}$/;

function required<T>(value: T | null | undefined, field: string): T {
  if (value === undefined || value === null || value === '')
    throw invalidArgument(`Field [${field}] is required.`);
  return value;
}

// Regional secrets live behind regional endpoints (secretmanager.LOCATION.rep.googleapis.com).
function rejectRegional(name: string): void {
  if (/^projects\/[^/]+\/locations\//.test(name)) {
    throw new RpcError(
      Status.UNIMPLEMENTED,
      `Regional secrets (${name}) are not implemented by the emulator`,
    );
  }
}

function parseProject(parent: string | undefined): string {
  const value = required(parent, 'parent');
  rejectRegional(value);
  const match = /^projects\/([^/]+)$/.exec(value);
  if (!match)
    throw invalidArgument(`The provided parent [${value}] does not match the expected format [projects/*]`);
  return match[1]!;
}

function parseSecretName(name: string | undefined, field = 'name'): { name: string; project: string } {
  const value = required(name, field);
  rejectRegional(value);
  const match = /^projects\/([^/]+)\/secrets\/([^/]+)$/.exec(value);
  if (!match)
    throw invalidArgument(
      `The provided Secret ID [${value}] does not match the expected format [projects/*/secrets/*]`,
    );
  return { name: value, project: match[1]! };
}

function parseVersionName(name: string | undefined): { secret: string; project: string; version: string } {
  const value = required(name, 'name');
  rejectRegional(value);
  const match = /^(projects\/([^/]+)\/secrets\/[^/]+)\/versions\/([^/]+)$/.exec(value);
  if (!match) {
    throw invalidArgument(
      `The provided Secret Version ID [${value}] does not match the expected format [projects/*/secrets/*/versions/*]`,
    );
  }
  return { secret: match[1]!, project: match[2]!, version: match[3]! };
}

// ---- Validation of a Secret's fields

// https://cloud.google.com/secret-manager/docs/labels and Secret.labels in resources.proto.
const labelKey = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const labelValue = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

export function checkLabels(labels: Record<string, string>): void {
  const entries = Object.entries(labels);
  if (entries.length > 64)
    throw invalidArgument(`A secret can have at most 64 labels; got ${entries.length}.`);
  for (const [key, value] of entries) {
    if (!labelKey.test(key) || Buffer.byteLength(key) > 128) {
      throw invalidArgument(
        `Invalid label key [${key}]: keys are 1 to 63 lowercase letters, digits, "_" or "-", starting with a lowercase letter.`,
      );
    }
    if (!labelValue.test(value) || Buffer.byteLength(value) > 128) {
      throw invalidArgument(
        `Invalid label value [${value}] for key [${key}]: values are 0 to 63 lowercase letters, digits, "_" or "-".`,
      );
    }
  }
}

// Secret.annotations in resources.proto: keys 1-63 characters, alphanumeric at both ends with
// "-", "_" and "." inside; keys and values together under 16 KiB.
const annotationKey = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

function checkAnnotations(annotations: Record<string, string>): void {
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    if (!annotationKey.test(key) || Buffer.byteLength(key) > 128) {
      throw invalidArgument(
        `Invalid annotation key [${key}]: 1 to 63 characters, alphanumeric at both ends, "-", "_" or "." inside.`,
      );
    }
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size >= 16 * 1024)
    throw invalidArgument(`Annotations total ${size} bytes; keys and values together must be under 16 KiB.`);
}

// Secret.version_aliases in resources.proto.
const aliasPattern = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

function checkAliases(
  aliases: Record<string, string | number>,
  record: SecretRecord | undefined,
): Record<string, number> {
  const entries = Object.entries(aliases);
  if (entries.length > 50)
    throw invalidArgument(`A secret can have at most 50 version aliases; got ${entries.length}.`);
  const out: Record<string, number> = {};
  for (const [alias, version] of entries) {
    if (!aliasPattern.test(alias) || alias === 'latest' || alias === 'NEW') {
      throw invalidArgument(
        `Invalid version alias [${alias}]: up to 63 letters, digits, "-" or "_", starting with a letter, not "latest" or "NEW".`,
      );
    }
    const number = Number(version);
    if (!record?.versions[number - 1])
      throw invalidArgument(`Version alias [${alias}] refers to version ${version}, which does not exist.`);
    out[alias] = number;
  }
  return out;
}

// Replication is required on create and immutable afterwards (Secret.replication).
function replicationOf(
  input:
    | {
        automatic?: object | null;
        userManaged?: { replicas?: { location?: string; customerManagedEncryption?: unknown }[] } | null;
      }
    | null
    | undefined,
): Replication {
  if (input?.automatic) {
    if ((input.automatic as { customerManagedEncryption?: unknown }).customerManagedEncryption)
      unsupported('customer-managed encryption');
    return { automatic: {} };
  }
  if (input?.userManaged) {
    const replicas = input.userManaged.replicas ?? [];
    if (replicas.length === 0) throw invalidArgument('Replication.user_managed.replicas cannot be empty.');
    const seen = new Set<string>();
    for (const replica of replicas) {
      if (replica.customerManagedEncryption) unsupported('customer-managed encryption');
      const location = replica.location ?? '';
      if (!/^[a-z][a-z0-9-]*[a-z0-9]$/.test(location))
        throw invalidArgument(`Invalid replica location [${location}].`);
      if (seen.has(location)) throw invalidArgument(`Replica location [${location}] is listed twice.`);
      seen.add(location);
    }
    return { userManaged: { replicas: [...seen].map((location) => ({ location })) } };
  }
  throw invalidArgument('Field [secret.replication] is required: set automatic or user_managed replication.');
}

function unsupported(feature: string): never {
  throw new RpcError(Status.UNIMPLEMENTED, `${feature} is not implemented by the emulator`);
}

// Features that would need other services (Pub/Sub, KMS, Resource Manager) are refused loudly
// rather than stored and silently ignored.
function rejectUnsupported(secret: Record<string, unknown>): void {
  if (Array.isArray(secret.topics) && secret.topics.length)
    unsupported('Secret.topics (Pub/Sub notifications)');
  if (secret.rotation) unsupported('Secret.rotation');
  if (secret.versionDestroyTtl) unsupported('Secret.version_destroy_ttl (delayed destruction)');
  if (secret.customerManagedEncryption) unsupported('customer-managed encryption');
  if (secret.tags && Object.keys(secret.tags).length) unsupported('Secret.tags');
  if (secret.secretType && secret.secretType !== 'SECRET_TYPE_UNSPECIFIED') unsupported('Secret.secret_type');
}

const hundredYearsMs = 100 * 365.25 * 24 * 3600 * 1000;

/**
 * The expiry (ms) a Secret asks for through `ttl` or `expire_time`, if any. It must be at least
 * 60 seconds and at most 100 years away:
 * https://cloud.google.com/secret-manager/docs/creating-and-managing-expiring-secrets
 */
function expiryOf(
  secret: { ttl?: object | null; expireTime?: object | null },
  now: number,
  minSeconds: number,
): number | undefined {
  let at: number;
  if (secret.ttl) at = now + durationSeconds(secret.ttl) * 1000;
  else if (secret.expireTime) at = timestampMs(secret.expireTime);
  else return undefined;
  if (at - now < minSeconds * 1000) {
    throw invalidArgument(
      `The expiration must be at least ${minSeconds} seconds in the future; got ${new Date(at).toISOString()}.`,
    );
  }
  if (at - now > hundredYearsMs)
    throw invalidArgument('The expiration must be at most 100 years in the future.');
  return at;
}

// Etags carry their quotes, per https://cloud.google.com/secret-manager/docs/etags (AIP-154).
let etagCounter = 0;
function newEtag(): string {
  etagCounter += 1;
  return `"${(Date.now() * 1000 + (etagCounter % 1000)).toString(16)}"`;
}

// https://cloud.google.com/secret-manager/docs/etags: a mismatch is FAILED_PRECONDITION.
function checkEtag(given: string | undefined | null, current: string, name: string): void {
  if (given && given !== current) {
    throw failedPrecondition(
      `The etag provided in the request [${given}] does not match the current etag of [${name}].`,
    );
  }
}

// ---- Output

function toSecret(record: SecretRecord): object {
  return {
    name: record.name,
    replication: record.replication,
    createTime: timestamp(record.createMs, record.seq % 1_000_000),
    labels: record.labels,
    annotations: record.annotations,
    versionAliases: Object.fromEntries(Object.entries(record.versionAliases).map(([k, v]) => [k, String(v)])),
    etag: record.etag,
    ...(record.expireMs !== undefined ? { expireTime: timestamp(record.expireMs) } : {}),
  };
}

function replicationStatus(record: SecretRecord): object {
  return 'automatic' in record.replication
    ? { automatic: {} }
    : { userManaged: { replicas: record.replication.userManaged.replicas } };
}

function toVersion(record: SecretRecord, version: VersionRecord): object {
  return {
    name: `${record.name}/versions/${version.number}`,
    createTime: timestamp(version.createMs, version.seq % 1_000_000),
    state: version.state,
    replicationStatus: replicationStatus(record),
    etag: version.etag,
    clientSpecifiedPayloadChecksum: version.clientChecksum,
    ...(version.destroyMs !== undefined ? { destroyTime: timestamp(version.destroyMs) } : {}),
  };
}

// ---- Filters (https://cloud.google.com/secret-manager/docs/filtering)

const secretSchema: Schema = (field) => {
  if (
    [
      'name',
      'replication.automatic',
      'replication.user_managed',
      'replication.user_managed.replicas.location',
      'topics.name',
    ].includes(field)
  ) {
    return { kind: 'text' };
  }
  if (field === 'create_time' || field === 'expire_time') return { kind: 'time' };
  if (field === 'labels' || field === 'annotations') return { kind: 'keys' };
  if (/^(labels|annotations)\.[^.]+$/.test(field) || /^annotations\..+$/.test(field)) return { kind: 'text' };
  return undefined;
};

function secretFields(record: SecretRecord): Fields {
  const iso = (ms: number | undefined) => (ms === undefined ? [] : [new Date(ms).toISOString()]);
  return (field) => {
    if (field === 'name') return [record.name];
    if (field === 'create_time') return iso(record.createMs);
    if (field === 'expire_time') return iso(record.expireMs);
    if (field === 'labels') return Object.keys(record.labels);
    if (field === 'annotations') return Object.keys(record.annotations);
    if (field === 'replication.automatic') return 'automatic' in record.replication ? [''] : [];
    if (field === 'replication.user_managed') return 'userManaged' in record.replication ? [''] : [];
    if (field === 'replication.user_managed.replicas.location') {
      return 'userManaged' in record.replication
        ? record.replication.userManaged.replicas.map((r) => r.location)
        : [];
    }
    if (field === 'topics.name') return [];
    const [map, ...key] = field.split('.');
    const source = map === 'labels' ? record.labels : record.annotations;
    const value = source[key.join('.')];
    return value === undefined ? [] : [value];
  };
}

const stateType: FieldType = { kind: 'enum', values: ['ENABLED', 'DISABLED', 'DESTROYED'] };

const versionSchema: Schema = (field) => {
  if (field === 'name') return { kind: 'text' };
  if (field === 'state') return stateType;
  if (field === 'create_time' || field === 'destroy_time') return { kind: 'time' };
  return undefined;
};

function versionFields(record: SecretRecord, version: VersionRecord): Fields {
  return (field) => {
    if (field === 'name') return [`${record.name}/versions/${version.number}`];
    if (field === 'state') return [version.state];
    if (field === 'create_time') return [new Date(version.createMs).toISOString()];
    if (field === 'destroy_time')
      return version.destroyMs === undefined ? [] : [new Date(version.destroyMs).toISOString()];
    return [];
  };
}

// ---- The service

// Google does not document the default page size ("the server decides"); 100 keeps clients paging.
const pageLimits = { defaultSize: 100, maxSize: 25_000 };

export function secretManagerServices(ctx: Context): Record<string, ServiceImpl> {
  const secrets = new Map<string, SecretRecord>();
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;

  // ---- Expiry: a timer for the nearest expiry, and a sweep before every call, so an expired
  // secret is gone the moment its time passes whether or not the timer has fired.
  // https://cloud.google.com/secret-manager/docs/automatic-deletion
  function sweep(now = Date.now()): void {
    for (const [name, record] of secrets) {
      if (record.expireMs !== undefined && record.expireMs <= now) {
        secrets.delete(name);
        ctx.log(
          `secretmanager: ${name} expired and was deleted with its ${record.versions.length} version(s)`,
        );
      }
    }
    schedule();
  }
  function schedule(): void {
    clearTimeout(timer);
    timer = undefined;
    let next = Infinity;
    for (const record of secrets.values())
      if (record.expireMs !== undefined) next = Math.min(next, record.expireMs);
    if (next === Infinity) return;
    // setTimeout fires at once past 2^31-1 ms (24.8 days): wake up then and look again.
    timer = setTimeout(() => sweep(), Math.min(Math.max(0, next - Date.now()), 2 ** 31 - 1));
    timer.unref();
  }
  ctx.onStop.push(() => clearTimeout(timer));

  // ---- Quotas: https://cloud.google.com/secret-manager/quotas
  // Access = AccessSecretVersion; read = the other non-mutating calls; write = every mutation.
  const minute = 60_000;
  const writeQuota = (project: string) =>
    ctx.quotas.take(
      'secretmanager.googleapis.com/write_requests',
      `project:${project}`,
      ctx.quotas.config.secretWritesPerMinute,
      minute,
    );
  const readQuota = (project: string) =>
    ctx.quotas.take(
      'secretmanager.googleapis.com/read_requests',
      `project:${project}`,
      ctx.quotas.config.secretReadsPerMinute,
      minute,
    );
  const accessQuota = (project: string) =>
    ctx.quotas.take(
      'secretmanager.googleapis.com/access_requests',
      `project:${project}`,
      ctx.quotas.config.secretAccessesPerMinute,
      minute,
    );
  const addVersionQuota = (secret: string) => {
    const { addVersionPerSecondPerSecret, addVersionPerMinutePerSecret } = ctx.quotas.config;
    ctx.quotas.take(
      'secretmanager.googleapis.com/add_version_requests_per_second',
      secret,
      addVersionPerSecondPerSecret,
      1000,
    );
    ctx.quotas.take(
      'secretmanager.googleapis.com/add_version_requests_per_minute',
      secret,
      addVersionPerMinutePerSecret,
      minute,
    );
  };

  // ---- Lookups, with Google's NOT_FOUND wording.
  function findSecret(name: string): SecretRecord {
    const record = secrets.get(name);
    if (!record) throw notFound(`Secret [${name}] not found.`);
    return record;
  }

  /** A version by number, alias or `latest` (the newest version, whatever its state). */
  function resolveVersion(secretName: string, id: string): { record: SecretRecord; version: VersionRecord } {
    const record = secrets.get(secretName);
    if (id === 'latest') {
      const version = record?.versions.at(-1);
      if (!record || !version) throw notFound(`Secret [${secretName}] not found or has no versions.`);
      return { record, version };
    }
    if (!record) throw notFound(`Secret [${secretName}] not found.`);
    const number = /^[1-9]\d*$/.test(id) ? Number(id) : record.versionAliases[id];
    const version = number === undefined ? undefined : record.versions[number - 1];
    if (!version) throw notFound(`Secret Version [${secretName}/versions/${id}] not found.`);
    return { record, version };
  }

  // Enable, disable and destroy name a version by number.
  function numberedVersion(name: string | undefined): {
    record: SecretRecord;
    version: VersionRecord;
    project: string;
  } {
    const parsed = parseVersionName(name);
    if (!/^[1-9]\d*$/.test(parsed.version)) {
      throw invalidArgument(`The provided Secret Version ID [${name}] must end in a version number.`);
    }
    writeQuota(parsed.project);
    return { ...resolveVersion(parsed.secret, parsed.version), project: parsed.project };
  }

  function assertAccessible(record: SecretRecord, version: VersionRecord): Buffer {
    if (version.state !== 'ENABLED' || !version.data) {
      throw failedPrecondition(
        `Secret Version [${record.name}/versions/${version.number}] is in ${version.state} state.`,
      );
    }
    return version.data;
  }

  function listFiltered<T>(
    items: T[],
    filter: string | undefined,
    schema: Schema,
    fields: (item: T) => Fields,
  ): T[] {
    if (!filter) return items;
    const tree = parseFilter(filter, schema);
    return items.filter((item) => evaluate(tree, fields(item)));
  }

  const newest = (a: { seq: number }, b: { seq: number }) => b.seq - a.seq;

  const unary: Record<string, UnaryHandler> = {
    CreateSecret(req) {
      const project = parseProject(req.parent);
      writeQuota(project);
      const secretId: string = required(req.secretId, 'secret_id');
      if (!secretIdPattern.test(secretId)) {
        throw invalidArgument(`Invalid secret id [${secretId}]: at most 255 letters, digits, "-" or "_".`);
      }
      const input = required(req.secret, 'secret');
      rejectUnsupported(input);
      const replication = replicationOf(input.replication);
      const labels = input.labels ?? {};
      checkLabels(labels);
      const annotations = input.annotations ?? {};
      checkAnnotations(annotations);
      if (input.versionAliases && Object.keys(input.versionAliases).length) {
        throw invalidArgument('A new secret has no versions for version_aliases to refer to.');
      }
      // Automatic replication is in `global` for the policy (choosing-replication).
      const locations =
        'automatic' in replication ? ['global'] : replication.userManaged.replicas.map((r) => r.location);
      const refusal = ctx.locationPolicy.refusal(project, locations);
      if (refusal) throw refusal;
      const now = Date.now();
      const expireMs = expiryOf(input, now, ctx.quotas.config.secretMinExpirySeconds);
      const name = `projects/${project}/secrets/${secretId}`;
      // "secret_id ... must be unique within the project" (CreateSecretRequest.secret_id): of two
      // creates of one id, one succeeds. Handlers run one at a time, so the check and the insert
      // below are one step, as a create-if-absent lease (src/scale/lease.ts) needs.
      if (secrets.has(name)) throw alreadyExists(`Secret [${name}] already exists.`);
      const record: SecretRecord = {
        name,
        project,
        createMs: now,
        seq: seq++,
        replication,
        labels: { ...labels },
        annotations: { ...annotations },
        versionAliases: {},
        expireMs,
        etag: newEtag(),
        versions: [],
      };
      secrets.set(name, record);
      schedule();
      return toSecret(record);
    },

    GetSecret(req) {
      const { name, project } = parseSecretName(req.name);
      readQuota(project);
      return toSecret(findSecret(name));
    },

    ListSecrets(req) {
      const project = parseProject(req.parent);
      readQuota(project);
      const all = [...secrets.values()].filter((s) => s.project === project).sort(newest);
      const matching = listFiltered(all, req.filter, secretSchema, secretFields);
      const { page, nextPageToken } = paginate(matching, req, pageLimits);
      // total_size is 0 when a filter is set (ListSecretsResponse.total_size).
      return { secrets: page.map(toSecret), nextPageToken, totalSize: req.filter ? 0 : all.length };
    },

    UpdateSecret(req) {
      const input = required(req.secret, 'secret');
      const { name, project } = parseSecretName(input.name, 'secret.name');
      writeQuota(project);
      const paths: string[] = required(req.updateMask, 'update_mask').paths ?? [];
      if (paths.length === 0) throw invalidArgument('Field [update_mask] must name at least one field.');
      const record = findSecret(name);
      checkEtag(input.etag, record.etag, name);
      const next = { ...record };
      for (const path of paths) {
        switch (path) {
          case 'labels':
            checkLabels(input.labels ?? {});
            next.labels = { ...(input.labels ?? {}) };
            break;
          case 'annotations':
            checkAnnotations(input.annotations ?? {});
            next.annotations = { ...(input.annotations ?? {}) };
            break;
          case 'version_aliases':
            next.versionAliases = checkAliases(input.versionAliases ?? {}, record);
            break;
          case 'expire_time':
          case 'ttl':
            // An expiration can be added, changed or removed (empty) at any time.
            next.expireMs = expiryOf(input, Date.now(), ctx.quotas.config.secretMinExpirySeconds);
            break;
          case 'topics':
          case 'rotation':
          case 'version_destroy_ttl':
            unsupported(`Updating ${path}`);
            break;
          default:
            throw invalidArgument(`Field [${path}] cannot be updated.`);
        }
      }
      Object.assign(record, next, { etag: newEtag() });
      schedule();
      return toSecret(record);
    },

    DeleteSecret(req) {
      const { name, project } = parseSecretName(req.name);
      writeQuota(project);
      const record = findSecret(name);
      checkEtag(req.etag, record.etag, name);
      secrets.delete(name);
      schedule();
      return {};
    },

    AddSecretVersion(req) {
      const { name, project } = parseSecretName(req.parent, 'parent');
      writeQuota(project);
      const record = findSecret(name);
      addVersionQuota(name);
      const payload = required(req.payload, 'payload');
      const data: Buffer = payload.data ?? Buffer.alloc(0);
      // https://cloud.google.com/secret-manager/quotas#content-limits: 64 KiB.
      if (data.length > 65536) {
        throw invalidArgument(
          `Secret payload is ${data.length} bytes; it must be no larger than 64 KiB (65536 bytes).`,
        );
      }
      // https://cloud.google.com/secret-manager/docs/data-integrity: the server verifies a given
      // checksum and computes one otherwise.
      const crc = crc32c(data);
      const given: string | undefined = payload.dataCrc32c ?? undefined;
      if (given !== undefined && BigInt(given) !== BigInt(crc)) {
        throw new RpcError(
          Status.DATA_LOSS,
          `Checksum mismatch: data_crc32c is ${given} but the data's CRC32C is ${crc}.`,
        );
      }
      const version: VersionRecord = {
        number: record.versions.length + 1,
        createMs: Date.now(),
        seq: seq++,
        state: 'ENABLED',
        data: Buffer.from(data),
        crc32c: crc,
        clientChecksum: given !== undefined,
        etag: newEtag(),
      };
      record.versions.push(version);
      // "A modification request only updates the ETag of the resource to which it applies": the
      // secret's etag stays (https://cloud.google.com/secret-manager/docs/etags).
      return toVersion(record, version);
    },

    GetSecretVersion(req) {
      const { secret, project, version } = parseVersionName(req.name);
      readQuota(project);
      const found = resolveVersion(secret, version);
      return toVersion(found.record, found.version);
    },

    ListSecretVersions(req) {
      const { name, project } = parseSecretName(req.parent, 'parent');
      readQuota(project);
      const record = findSecret(name);
      const all = [...record.versions].sort(newest);
      const matching = listFiltered(all, req.filter, versionSchema, (v) => versionFields(record, v));
      const { page, nextPageToken } = paginate(matching, req, pageLimits);
      return {
        versions: page.map((v) => toVersion(record, v)),
        nextPageToken,
        totalSize: req.filter ? 0 : all.length,
      };
    },

    AccessSecretVersion(req) {
      const { secret, project, version: id } = parseVersionName(req.name);
      accessQuota(project);
      const { record, version } = resolveVersion(secret, id);
      const data = assertAccessible(record, version);
      return {
        name: `${record.name}/versions/${version.number}`,
        payload: { data, dataCrc32c: String(version.crc32c) },
      };
    },

    DisableSecretVersion(req) {
      return setState(req, 'DISABLED');
    },

    EnableSecretVersion(req) {
      return setState(req, 'ENABLED');
    },

    DestroySecretVersion(req) {
      return setState(req, 'DESTROYED');
    },

    // IAM on a secret: stored and returned; the emulator has no callers' identities to enforce it.
    SetIamPolicy(req) {
      const { name, project } = parseSecretName(req.resource, 'resource');
      writeQuota(project);
      const record = findSecret(name);
      const policy = required(req.policy, 'policy');
      if (policy.etag?.length && record.policy && !Buffer.from(policy.etag).equals(record.policy.etag)) {
        throw new RpcError(
          Status.ABORTED,
          'There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.',
        );
      }
      const bindings = (policy.bindings ?? []).map(checkBinding);
      record.policy = { version: policy.version ?? 1, bindings, etag: randomBytes(8) };
      return record.policy;
    },

    GetIamPolicy(req) {
      const { name, project } = parseSecretName(req.resource, 'resource');
      readQuota(project);
      // An empty policy's etag is "ACAB" (base64), as Google returns it.
      return findSecret(name).policy ?? { version: 0, bindings: [], etag: Buffer.from('ACAB', 'base64') };
    },

    TestIamPermissions(req) {
      const { name, project } = parseSecretName(req.resource, 'resource');
      readQuota(project);
      findSecret(name);
      const permissions: string[] = req.permissions ?? [];
      return { permissions: permissions.filter((p) => /^secretmanager\.[A-Za-z]+\.[A-Za-z]+$/.test(p)) };
    },
  };

  // https://cloud.google.com/secret-manager/docs/reference/rpc/google.cloud.secretmanager.v1#secretversion
  // DESTROYED is final; every state change, even a no-op, renews the version's etag.
  function setState(req: { name?: string; etag?: string }, state: State): object {
    const { record, version } = numberedVersion(req.name);
    const versionName = `${record.name}/versions/${version.number}`;
    checkEtag(req.etag, version.etag, versionName);
    if (version.state === 'DESTROYED')
      throw failedPrecondition(`Secret Version [${versionName}] is in DESTROYED state.`);
    version.state = state;
    if (state === 'DESTROYED') {
      version.data = undefined;
      version.destroyMs = Date.now();
    }
    version.etag = newEtag();
    return toVersion(record, version);
  }

  ctx.secrets = {
    payload(versionName) {
      try {
        sweep();
        const { secret, version: id } = parseVersionName(versionName);
        const { record, version } = resolveVersion(secret, id);
        return { data: Buffer.from(assertAccessible(record, version)) };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
    exists(secretName, version) {
      sweep();
      if (!secrets.has(secretName)) return false;
      if (version === undefined) return true;
      try {
        return resolveVersion(secretName, version).version.state === 'ENABLED';
      } catch {
        return false;
      }
    },
  };

  ctx.inspectors.secretmanager = () => {
    sweep();
    const all = [...secrets.values()].sort((a, b) => a.seq - b.seq);
    const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
    return {
      secrets: all.map((s) => ({
        name: s.name,
        labels: { ...s.labels },
        annotations: { ...s.annotations },
        createTime: iso(s.createMs),
        expireTime: iso(s.expireMs),
        // `global` for automatic replication, as the location policy counts it.
        locations:
          'automatic' in s.replication
            ? ['global']
            : s.replication.userManaged.replicas.map((r) => r.location),
        versionCount: s.versions.length,
        iamBindings: s.policy?.bindings ?? [],
      })),
      versions: all.flatMap((s) =>
        s.versions.map((v) => ({
          name: `${s.name}/versions/${v.number}`,
          state: v.state,
          createTime: iso(v.createMs),
          destroyTime: iso(v.destroyMs),
          sizeBytes: v.data?.length ?? 0,
        })),
      ),
    };
  };

  // The sweep runs first in every call: "timer + check on access".
  const swept = Object.fromEntries(
    Object.entries(unary).map(([method, handler]) => [
      method,
      ((req, call) => {
        sweep();
        return handler(req, call);
      }) as UnaryHandler,
    ]),
  );
  return { [SERVICE]: { unary: swept } };
}

// IAM bindings: https://cloud.google.com/iam/docs/reference/rest/v1/Policy#binding
const memberPattern =
  /^(allUsers|allAuthenticatedUsers|(user|serviceAccount|group|domain|deleted:user|deleted:serviceAccount|deleted:group):.+|principal(Set)?:\/\/.+)$/;

function checkBinding(binding: {
  role?: string;
  members?: string[];
  condition?: unknown;
}): IamPolicy['bindings'][number] {
  const role = binding.role ?? '';
  if (!/^(roles\/|projects\/[^/]+\/roles\/|organizations\/[^/]+\/roles\/)[\w.]+$/.test(role)) {
    throw invalidArgument(`Role (${role}) does not exist in the resource's hierarchy.`);
  }
  const members = binding.members ?? [];
  for (const member of members)
    if (!memberPattern.test(member)) throw invalidArgument(`Invalid principal: ${member}`);
  return { role, members: [...members], ...(binding.condition ? { condition: binding.condition } : {}) };
}
