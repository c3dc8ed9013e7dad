// The mistakes of a first run, each turned into one message that names the cause and the fix:
// no credentials, an API not enabled, a project that does not exist, a missing permission, a
// missing Artifact Registry repository. Read from what Google sends: the google.rpc.ErrorInfo that
// the client library decodes onto the error (`reason`, `domain`, `errorInfoMetadata`) and its message.
import { grantingRole, permissionReasons } from './permissions.ts';

// gRPC status codes (numbers, so this module does not load grpc).
export const Code = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

export const codeNames = Object.fromEntries(Object.entries(Code).map(([name, value]) => [value, name]));

export function errorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

interface GoogleErrorFields {
  reason?: string;
  domain?: string;
  errorInfoMetadata?: Record<string, string>;
  details?: string;
  message?: string;
}

const fields = (error: unknown): GoogleErrorFields => (error ?? {}) as GoogleErrorFields;
const text = (error: unknown): string => fields(error).details || fields(error).message || String(error);

/**
 * What the step fails with: a reworded Google error as it is, a raw one (from outside the retry
 * policy, e.g. the auth library) as its fix when it is a first-run mistake. Never a stack.
 */
export function failureMessage(error: unknown): string {
  const message = text(error);
  if (error instanceof Error && error.name === 'CloudError') return message;
  return firstUseAdvice(error) ?? message;
}

/** The fix for a first-run mistake, or undefined when the error is not one of them. */
export function firstUseAdvice(error: unknown): string | undefined {
  for (const advise of [
    noCredentials,
    serviceDisabled,
    projectInvalid,
    secretAccessDenied,
    actAsDenied,
    permissionDenied,
    missingRepository,
  ]) {
    const advice = advise(error);
    if (advice) return advice;
  }
  return undefined;
}

// google-auth-library's NO_ADC_FOUND message.
function noCredentials(error: unknown): string | undefined {
  if (!/Could not load the default credentials/.test(text(error))) return undefined;
  return (
    'No Google Cloud credentials: this step found no Application Default Credentials. Add ' +
    '`google-github-actions/auth@v3` (workload_identity_provider, service_account) before this step, ' +
    'and `permissions: { contents: read, id-token: write }` on the job so that it can get an OIDC token.'
  );
}

// https://cloud.google.com/apis/design/errors#error_info: reason SERVICE_DISABLED, domain
// googleapis.com, metadata.service (the API) and metadata.consumer (projects/<number>).
function serviceDisabled(error: unknown): string | undefined {
  const { reason, errorInfoMetadata: meta = {} } = fields(error);
  if (reason !== 'SERVICE_DISABLED') return undefined;
  const service = meta.service ?? 'the API';
  const project = (meta.consumer ?? '').replace(/^projects\//, '');
  const url = meta.activationUrl ? ` (or in the console: ${meta.activationUrl})` : '';
  return (
    `The ${service} API is not enabled in project ${project || 'the project'}. Enable it once: ` +
    `gcloud services enable ${service}${project ? ` --project ${project}` : ''}${url}, then wait a minute and re-run.`
  );
}

// A project id that does not exist, or that the account cannot see: Google answers
// PERMISSION_DENIED with reason CONSUMER_INVALID ("Permission denied on resource project X").
function projectInvalid(error: unknown): string | undefined {
  const { reason, errorInfoMetadata: meta = {} } = fields(error);
  const match = /Permission denied on resource project ([^.\s]+)/.exec(text(error));
  if (reason !== 'CONSUMER_INVALID' && !match) return undefined;
  const project = (meta.consumer ?? '').replace(/^projects\//, '') || match?.[1] || 'the project';
  return (
    `Project ${project} does not exist, or the account google-github-actions/auth signed in as cannot ` +
    'see it. Check `project_id` (the project id, not its name or number) and that the account has a role on it.'
  );
}

// IAM's refusal names the permission ("Permission 'run.jobs.create' denied on resource …"), and
// its ErrorInfo (reason IAM_PERMISSION_DENIED) carries it as metadata.permission.
function permissionDenied(error: unknown): string | undefined {
  if (errorCode(error) !== Code.PERMISSION_DENIED) return undefined;
  const permission =
    fields(error).errorInfoMetadata?.permission ??
    /[Pp]ermission '?([a-z]+\.[a-zA-Z]+\.[a-zA-Z]+)'?/.exec(text(error))?.[1];
  if (!permission) return undefined;
  const why = permissionReasons().get(permission);
  return (
    `The account google-github-actions/auth signed in as lacks the permission ${permission}` +
    `${why ? ` (for ${why.join(', ')})` : ''}. Grant it ${grantingRole(permission)} ` +
    '(or the custom role in the README\'s "Least privilege"), then re-run.'
  );
}

// Cloud Run checks at CreateJob that the job's service account may read every secret it mounts
// (https://cloud.google.com/run/docs/configuring/jobs/secrets); the refusal names each reference:
// "<field>: Permission denied on secret: projects/P/secrets/S/versions/V for Revision service
// account SA." (its wording as reported in sourcegraph/sourcegraph-public-snapshot#59045).
// The wording for a job is not published: "Revision", "Job" or no qualifier are all read.
const secretRefusal =
  /Permission denied on secret:? projects\/([^/\s]+)\/secrets\/([^/\s]+)(?:\/versions\/\S+)? for (?:Revision |Job |Execution )?service account (\S+?)\.?(?=\s|$)/gi;
// src/credentials/ephemeral.ts names the run's secrets `al-<agent>-<run id>-<attempt>-<4 hex>-c<n>-…`: new every run.
const runSecretId = /^(al-[a-z0-9-]+?-)\d+-\d+-[0-9a-f]{4}-c\d+-/;

function secretAccessDenied(error: unknown): string | undefined {
  // One grant covers every secret of the run: group the refusals by the fix they need.
  const refused = new Map<string, { project: string; account: string; secrets: string[] }>();
  for (const [, project = '', secret = '', account = ''] of text(error).matchAll(secretRefusal)) {
    const key = `${project} ${account} ${runSecretId.exec(secret)?.[1] ?? secret}`;
    const entry = refused.get(key) ?? { project, account, secrets: [] };
    entry.secrets.push(secret);
    refused.set(key, entry);
  }
  if (!refused.size) return undefined;
  return [...refused.values()].map((r) => secretAccessFix(r.project, r.secrets, r.account)).join('\n');
}

/** One grant of roles/secretmanager.secretAccessor: on the run's secrets by prefix, or on the user's secret. */
function secretAccessFix(project: string, secrets: string[], account: string): string {
  const secret = secrets[0]!;
  const role = 'roles/secretmanager.secretAccessor';
  const member = `--member=serviceAccount:${account} --role=${role}`;
  const prefix = runSecretId.exec(secret)?.[1];
  if (!prefix) {
    return (
      `The job's service account ${account} may not read the secret projects/${project}/secrets/${secret} ` +
      `(input "secrets"): it needs ${role} on it. Grant it once: ` +
      `gcloud secrets add-iam-policy-binding ${secret} --project ${project} ${member}`
    );
  }
  // IAM conditions name a secret by the project's number (projects/<number>/secrets/<id>).
  const number = /^\d+$/.test(project) ? project : (/^(\d+)-compute@/.exec(account)?.[1] ?? 'PROJECT_NUMBER');
  const where =
    number === 'PROJECT_NUMBER'
      ? ` PROJECT_NUMBER is the project's number, not its id: gcloud projects describe ${project} --format='value(projectNumber)', or "Project number" on the console's dashboard.`
      : '';
  return (
    `The job's service account ${account} may not read the run's secret${secrets.length > 1 ? 's' : ''} ${secrets.join(', ')}: it needs ${role}. ` +
    'The run makes new secrets every run, so grant it once on their name prefix: ' +
    `gcloud projects add-iam-policy-binding ${project} ${member} ` +
    `--condition='expression=resource.name.startsWith("projects/${number}/secrets/${prefix}"),title=cloud-run-agent-secrets'.${where}`
  );
}

// CreateJob with a service account the caller may not act as: "Permission 'iam.serviceaccounts.actAs'
// denied on service account SA (or it may not exist)." (GoogleCloudPlatform/k8s-config-connector#1007).
function actAsDenied(error: unknown): string | undefined {
  const match =
    /Permission '?iam\.serviceaccounts\.actAs'? denied on service account (\S+?)(?= \(|\.?(?:\s|$))/i.exec(
      text(error),
    );
  if (!match) return undefined;
  const account = match[1]!;
  return (
    `The account google-github-actions/auth signed in as may not act as the job's service account ${account} ` +
    '(it lacks iam.serviceAccounts.actAs on it). Grant it roles/iam.serviceAccountUser on that account alone: ' +
    `gcloud iam service-accounts add-iam-policy-binding ${account} --member=serviceAccount:DEPLOYER --role=roles/iam.serviceAccountUser ` +
    '(DEPLOYER: the service_account of the google-github-actions/auth step).'
  );
}

// Artifact Registry: a repository that was never created (the Docker API says "name unknown").
function missingRepository(error: unknown): string | undefined {
  const match =
    /(projects\/[^/\s]+\/locations\/[^/\s]+\/repositories\/[^/\s"]+)[^]*not found|Repository "?([^"\s]+)"? not found/i.exec(
      text(error),
    );
  if (!match) return undefined;
  return missingRepositoryAdvice(match[1] ?? match[2]!);
}

/**
 * The fix for a repository that does not exist: the command that creates it. `registry` (the
 * host that named its location) adds the other fix, for a repository that is elsewhere.
 */
export function missingRepositoryAdvice(name: string, registry?: string): string {
  const [, project, , location, , repository] = name.split('/');
  const create =
    repository && location
      ? `gcloud artifacts repositories create ${repository} --repository-format=docker --location=${location} --project ${project}`
      : 'gcloud artifacts repositories create <repository> --repository-format=docker --location=<location>';
  const elsewhere = registry
    ? ` If it exists in another location, set the "registry" input to that location's host, <location>-docker.pkg.dev (now ${registry}).`
    : '';
  return `The Artifact Registry repository ${name} does not exist. Create it once: ${create}${elsewhere}`;
}
