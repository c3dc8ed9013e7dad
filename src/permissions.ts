// Least privilege, derived from the code: every Google RPC the action makes (src/google/, by
// gRPC method) with the IAM permission it needs, and the permissions of each mode. The README's
// custom role is the union; test/unit/permissions.test.ts fails when src/ calls a method this
// table lacks, and test/e2e/permissions.test.ts runs each mode against the emulator and fails when
// it calls a method whose permission its mode's list lacks.
// Sources: https://cloud.google.com/run/docs/reference/iam/permissions,
// https://cloud.google.com/secret-manager/docs/access-control,
// https://cloud.google.com/logging/docs/reference/v2/rest/v2/entries/tail (logging.logEntries.list),
// https://cloud.google.com/artifact-registry/docs/access-control.

/** gRPC method (short name) → the permission it needs. */
export const rpcPermissions: Record<string, string> = {
  // Secret Manager
  CreateSecret: 'secretmanager.secrets.create',
  AddSecretVersion: 'secretmanager.versions.add',
  DeleteSecret: 'secretmanager.secrets.delete',
  ListSecrets: 'secretmanager.secrets.list',
  // Cloud Run Admin v2 (its google.longrunning operations: the only ones the action polls)
  CreateJob: 'run.jobs.create',
  RunJob: 'run.jobs.run',
  DeleteJob: 'run.jobs.delete',
  ListJobs: 'run.jobs.list',
  GetExecution: 'run.executions.get',
  ListExecutions: 'run.executions.list',
  CancelExecution: 'run.executions.cancel',
  ListTasks: 'run.tasks.list',
  GetOperation: 'run.operations.get',
  WaitOperation: 'run.operations.get',
  // Cloud Logging (a live tail needs what a listing needs)
  ListLogEntries: 'logging.logEntries.list',
  TailLogEntries: 'logging.logEntries.list',
  // Artifact Registry (pruning old images; a tagged version is deleted with its tags)
  ListDockerImages: 'artifactregistry.dockerimages.list',
  DeleteVersion: 'artifactregistry.versions.delete',
};

/** What is not an RPC of the clients: the registry's Docker API, and the job's identity. */
export const otherPermissions = {
  push: 'artifactregistry.repositories.uploadArtifacts',
  pull: 'artifactregistry.repositories.downloadArtifacts',
  deleteTags: 'artifactregistry.tags.delete',
  actAs: 'iam.serviceAccounts.actAs',
} as const;

const of = (...methods: string[]) => methods.map((m) => rpcPermissions[m]!);

const runCore = [
  ...of('CreateSecret', 'AddSecretVersion', 'DeleteSecret'),
  ...of('CreateJob', 'GetOperation', 'RunJob', 'WaitOperation', 'GetExecution', 'ListTasks'),
  // once the execution ended, main deletes the job (and the secrets) itself; post is the fallback
  ...of('DeleteJob'),
  // a RunJob retried after a lost answer adopts the execution it started; SIGINT cancels it
  ...of('ListExecutions', 'CancelExecution'),
  ...of('TailLogEntries', 'ListLogEntries'),
  otherPermissions.actAs,
];

/** The permissions of each mode (post runs with either kind of run). */
export const modePermissions: Record<string, string[]> = {
  'run, prebuilt image': [...runCore, otherPermissions.pull],
  'run, with a build': [
    ...runCore,
    otherPermissions.push,
    otherPermissions.pull,
    ...of('ListJobs', 'ListDockerImages', 'DeleteVersion'),
    otherPermissions.deleteTags,
  ],
  post: of('ListExecutions', 'GetExecution', 'CancelExecution', 'DeleteJob', 'GetOperation', 'DeleteSecret'),
  reap: of(
    'ListJobs',
    'ListExecutions',
    'GetExecution',
    'CancelExecution',
    'DeleteJob',
    'GetOperation',
    'ListSecrets',
    'DeleteSecret',
  ),
};

/** Every permission of every mode. */
export const allPermissions = (): string[] => [...new Set(Object.values(modePermissions).flat())].sort();

/**
 * The custom role, granted on the project: everything but `iam.serviceAccounts.actAs`, which is
 * granted on the job's service account alone (roles/iam.serviceAccountUser there), never project-wide.
 */
export const projectRolePermissions = (): string[] =>
  allPermissions().filter((p) => p !== otherPermissions.actAs);

/** Why each permission is needed: the calls that need it. */
export function permissionReasons(): Map<string, string[]> {
  const reasons = new Map<string, string[]>();
  const add = (permission: string, why: string) =>
    reasons.set(permission, [...(reasons.get(permission) ?? []), why]);
  for (const [method, permission] of Object.entries(rpcPermissions)) add(permission, method);
  add(otherPermissions.push, 'docker push');
  add(otherPermissions.pull, 'a tag resolved to its digest');
  add(otherPermissions.deleteTags, 'DeleteVersion of a tagged image');
  add(otherPermissions.actAs, "CreateJob with the job's service account");
  return reasons;
}

/** The predefined role that grants a permission (the README's "Required APIs and roles"). */
export function grantingRole(permission: string): string {
  if (permission === otherPermissions.actAs) return 'roles/iam.serviceAccountUser';
  if (permission === 'artifactregistry.versions.delete' || permission === otherPermissions.deleteTags)
    return 'roles/artifactregistry.repoAdmin';
  const byService: Record<string, string> = {
    secretmanager: 'roles/secretmanager.admin',
    run: 'roles/run.developer',
    logging: 'roles/logging.viewer',
    artifactregistry: 'roles/artifactregistry.writer',
  };
  return byService[permission.split('.')[0]!] ?? 'a role that includes it';
}
