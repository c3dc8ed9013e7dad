// Least privilege, derived from the code: every Google RPC the action makes (src/google/, by
// gRPC method) with the IAM permission it needs, and the permissions of each mode. The README's
// custom role is the union; test/unit/google/permissions.test.ts fails when src/ calls a method this
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
  GetSecret: 'secretmanager.secrets.get',
  UpdateSecret: 'secretmanager.secrets.update',
  // Cloud Run Admin v2 (its google.longrunning operations: the only ones the action polls)
  CreateJob: 'run.jobs.create',
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
  // Artifact Registry (before a build, that its repository exists; pruning old images, where a
  // tagged version is deleted with its tags). roles/artifactregistry.reader, and so writer, grants
  // repositories.get: https://cloud.google.com/artifact-registry/docs/repositories/list-repos
  GetRepository: 'artifactregistry.repositories.get',
  ListDockerImages: 'artifactregistry.dockerimages.list',
  DeleteVersion: 'artifactregistry.versions.delete',
};

/**
 * What is not an RPC of its own: the registry's Docker API, the job's identity, and the execution
 * CreateJob's start token starts. Google's reference names only run.jobs.create for CreateJob
 * (projects.locations.jobs/create) and says nothing of a token; run.jobs.run is "Invoke (execute)
 * jobs" (run/docs/reference/iam/permissions), which a token does, so the role keeps it.
 */
export const otherPermissions = {
  push: 'artifactregistry.repositories.uploadArtifacts',
  pull: 'artifactregistry.repositories.downloadArtifacts',
  deleteTags: 'artifactregistry.tags.delete',
  actAs: 'iam.serviceAccounts.actAs',
  startExecution: 'run.jobs.run',
} as const;

const of = (...methods: string[]) => methods.map((m) => rpcPermissions[m]!);

const runCore = [
  ...of('CreateSecret', 'AddSecretVersion', 'DeleteSecret'),
  // CreateJob starts the execution itself (its start token); WaitOperation waits for the start
  ...of('CreateJob', 'WaitOperation', 'GetExecution', 'ListTasks'),
  otherPermissions.startExecution,
  // once the execution ended, main deletes the job (and the secrets) itself, and waits for that
  // operation; post is the fallback
  ...of('DeleteJob', 'GetOperation'),
  // SIGINT cancels the execution (post stops whatever else the job has)
  ...of('CancelExecution'),
  ...of('TailLogEntries', 'ListLogEntries'),
  otherPermissions.actAs,
  // the agent's scale (src/scale/): a slot is a secret made if absent (CreateSecret), read when
  // taken (GetSecret), bound to the job before CreateJob (UpdateSecret) and deleted when the
  // execution ends (DeleteSecret); a waiting run lists the slots (ListSecrets) and asks Cloud Run
  // whether a holder's execution has ended (ListExecutions)
  ...of('GetSecret', 'UpdateSecret', 'ListSecrets', 'ListExecutions'),
];

/** The permissions of each mode (post runs with either kind of run). */
export const modePermissions: Record<string, string[]> = {
  'run, prebuilt image': [...runCore, otherPermissions.pull],
  'run, with a build': [
    ...runCore,
    ...of('GetRepository'),
    otherPermissions.push,
    otherPermissions.pull,
    ...of('ListJobs', 'ListDockerImages', 'DeleteVersion'),
    otherPermissions.deleteTags,
  ],
  post: of(
    'ListExecutions',
    'GetExecution',
    'CancelExecution',
    'DeleteJob',
    'GetOperation',
    'DeleteSecret',
    // a slot is released after its holder is read: only the run's own is deleted
    'GetSecret',
  ),
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

/** What a call is for, where its name does not say it. */
const methodReasons: Record<string, string> = {
  GetRepository: 'GetRepository, before a build: that the repository exists',
  GetSecret: "GetSecret, the agent's scale: who holds a slot",
  UpdateSecret: "UpdateSecret, the agent's scale: a slot bound to its job",
};

/** Why each permission is needed: the calls that need it. */
export function permissionReasons(): Map<string, string[]> {
  const reasons = new Map<string, string[]>();
  const add = (permission: string, why: string) =>
    reasons.set(permission, [...(reasons.get(permission) ?? []), why]);
  for (const [method, permission] of Object.entries(rpcPermissions))
    add(permission, methodReasons[method] ?? method);
  add(otherPermissions.push, 'docker push');
  add(otherPermissions.pull, 'a tag resolved to its digest');
  add(otherPermissions.deleteTags, 'DeleteVersion of a tagged image');
  add(otherPermissions.actAs, "CreateJob with the job's service account");
  add(otherPermissions.startExecution, 'CreateJob with a start token, which executes the job');
  return reasons;
}

/**
 * What the action asks GitHub with `github_token`, and the token permission each call needs
 * (test/unit/google/permissions.test.ts fails when src/ calls a GitHub path this list lacks).
 * https://docs.github.com/en/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens
 * (GraphQL's `viewer`, which names the token's identity for the comment, needs none.)
 */
export const githubTokenPermissions: { permission: string; mode: string; call: string; why: string }[] = [
  {
    permission: 'metadata: read',
    mode: 'run, on events anyone can cause',
    call: 'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
    why: 'whether whoever caused the event has write access (every GITHUB_TOKEN has metadata: read, whatever the permissions block says)',
  },
  {
    permission: 'actions: read',
    mode: 'reap',
    call: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
    why: 'whether the run that created a resource has finished (without it, resources are reaped by age)',
  },
  {
    permission: 'issues: write',
    mode: 'run, with comment: true, on an issue',
    call: 'GET /repos/{owner}/{repo}/issues/{number}/comments, POST /repos/{owner}/{repo}/issues/{number}/comments, PATCH /repos/{owner}/{repo}/issues/comments/{id}',
    why: 'the one comment per agent that shows the run and its outcome',
  },
  {
    permission: 'pull-requests: write',
    mode: 'run, with comment: true, on a pull request',
    call: 'GET /repos/{owner}/{repo}/issues/{number}/comments, POST /repos/{owner}/{repo}/issues/{number}/comments, PATCH /repos/{owner}/{repo}/issues/comments/{id}',
    why: 'the same comment, on a pull request (its conversation comments are issue comments)',
  },
];

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
