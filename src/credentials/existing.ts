// Credential fields taken from Secret Manager secrets that already exist (input "secrets"), named
// as google-github-actions/deploy-cloudrun names its own: KEY=VALUE, commas or newlines between
// pairs, `#` starting a comment line. The key is the field's path under /credentials, the value the
// secret version:
//   anthropic_key/default/token=projects/P/secrets/NAME/versions/latest
// Accepted values (the forms gcloud run jobs --set-secrets and the API take): NAME, NAME:VERSION,
// projects/P/secrets/NAME, projects/P/secrets/NAME:VERSION, projects/P/secrets/NAME/versions/VERSION;
// a bare NAME is a secret of project_id. VERSION is a number or `latest` (default), which Cloud Run
// resolves when the container reads the file, not when the job is created ("When reading a volume,
// Cloud Run always fetches the secret value", https://cloud.google.com/run/docs/configuring/jobs/secrets).
//
// The action never reads such a secret: the job's volume names it and Cloud Run mounts it. So it
// costs no Secret Manager write, and cleanup and reap, which delete only what a run created, never
// touch it.
import type { CredentialRef } from './env.ts';

/** One field from an existing secret version. */
export interface ExistingField extends CredentialRef {
  field: string;
  /** `projects/P/secrets/NAME` */
  secret: string;
  /** A version number, or `latest`. */
  version: string;
}

/** A credential instance whose fields all come from one existing secret (one volume, one directory). */
export interface ExistingCredential extends CredentialRef {
  /** `projects/P/secrets/NAME` */
  secret: string;
  /** field → version */
  versions: Map<string, string>;
}

const source = 'Input "secrets"';
const segmentPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
// https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/create (secretId)
const secretIdPattern = /^[A-Za-z0-9_-]{1,255}$/;
// A project id (or a domain-scoped one, example.com:p) or a project number.
const projectPattern = /^[a-z0-9]([a-z0-9.:-]*[a-z0-9])?$/;
const versionPattern = /^(latest|[1-9][0-9]*)$/;

const example = 'e.g. anthropic_key/default/token=my-secret:latest';
const forms =
  'NAME, NAME:VERSION, projects/P/secrets/NAME, projects/P/secrets/NAME:VERSION or projects/P/secrets/NAME/versions/VERSION (VERSION a number or latest)';

/**
 * The pairs of the input; a bare NAME is a secret of `projectId`. Problems never need a cloud call;
 * `oneSecretPerInstance` checks the fields once the project is known.
 */
export function parseExistingSecrets(
  text: string,
  projectId: string,
): { fields: ExistingField[]; problems: string[] } {
  const fields: ExistingField[] = [];
  const problems: string[] = [];
  const pairs = text
    .split(/[\n,]/)
    .map((pair) => pair.trim())
    .filter((pair) => pair && !pair.startsWith('#'));
  for (const pair of pairs) {
    const parsed = parsePair(pair, projectId);
    if (typeof parsed === 'string') {
      problems.push(parsed);
      continue;
    }
    if (fields.some((f) => sameField(f, parsed))) {
      problems.push(`${source}: ${fieldText(parsed)} is given twice. Keep one line for it.`);
      continue;
    }
    fields.push(parsed);
  }
  return { fields, problems };
}

function parsePair(pair: string, projectId: string): ExistingField | string {
  const equals = pair.indexOf('=');
  if (equals < 0)
    return `${source}: "${pair}" is not KEY=VALUE. Write <type>/<instance>/<field>=<secret>, ${example}.`;
  const key = pair.slice(0, equals).trim();
  const value = pair.slice(equals + 1).trim();
  const segments = key.split('/');
  const [type = '', instance = '', field = ''] = segments;
  if (segments.length !== 3 || !segments.every((s) => segmentPattern.test(s)))
    return `${source}: "${key}" is not a credential field. Write <type>/<instance>/<field>, the path under /credentials, ${example}.`;
  const version = parseVersion(value, projectId);
  if (!version) return `${source}: "${value}" (for ${key}) is not a secret version. Write ${forms}.`;
  return { type, instance, field, ...version };
}

function parseVersion(value: string, projectId: string): { secret: string; version: string } | undefined {
  const full = /^projects\/([^/]+)\/secrets\/([^/:]+)(?:\/versions\/([^/:]+)|:([^/:]+))?$/.exec(value);
  const short = /^([^/:]+)(?::([^/:]+))?$/.exec(value);
  const [project, name, version = 'latest'] = full
    ? [full[1]!, full[2]!, full[3] ?? full[4]]
    : short
      ? [projectId || 'project-id', short[1]!, short[2]]
      : [];
  if (!project || !name || !projectPattern.test(project) || !secretIdPattern.test(name)) return undefined;
  if (!versionPattern.test(version)) return undefined;
  return { secret: `projects/${project}/secrets/${name}`, version };
}

/**
 * Cloud Run mounts one secret per directory (one volume per mount path), and the agent reads an
 * instance's fields from one directory: so the fields of an instance come from one secret (its
 * versions may differ).
 */
export function oneSecretPerInstance(fields: ExistingField[]): string[] {
  const problems: string[] = [];
  for (const [ref, group] of byInstance(fields)) {
    const secrets = [...new Set(group.map((f) => f.secret))];
    if (secrets.length > 1)
      problems.push(
        `${source}: the fields of ${ref} come from ${secrets.length} secrets (${secrets.join(', ')}); Cloud Run mounts one secret per directory. ` +
          "Take every field of an instance from versions of one secret, or give some by the step's env (AL_SECRET_…) under another instance.",
      );
  }
  return problems;
}

/** The fields grouped into one credential per instance, in the order first given. */
export function existingCredentials(fields: ExistingField[]): ExistingCredential[] {
  return [...byInstance(fields).values()].map((group) => ({
    type: group[0]!.type,
    instance: group[0]!.instance,
    secret: group[0]!.secret,
    versions: new Map(group.map((f) => [f.field, f.version])),
  }));
}

function byInstance(fields: ExistingField[]): Map<string, ExistingField[]> {
  const groups = new Map<string, ExistingField[]>();
  for (const f of fields) {
    const key = `${f.type}:${f.instance}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return groups;
}

const sameField = (a: ExistingField, b: ExistingField): boolean =>
  a.type === b.type && a.instance === b.instance && a.field === b.field;

export const fieldText = (f: CredentialRef & { field: string }): string =>
  `${f.type}/${f.instance}/${f.field}`;

export interface MountedCredential {
  credential: CredentialRef;
  /** Secret resource name (`projects/p/secrets/s`). */
  secret: string;
  /** field → version number, as added (or as given for an existing secret: a number or `latest`). */
  versions: Map<string, string>;
}

/** Existing secrets mount as the run's own do: one volume per instance, an item per field. */
export const existingMounts = (existing: ExistingCredential[]): MountedCredential[] =>
  existing.map(({ type, instance, secret, versions }) => ({
    credential: { type, instance },
    secret,
    versions,
  }));
