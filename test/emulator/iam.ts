// IAM as Cloud Run checks it when a job is created, off by default (every call allowed). When on:
//   - the caller must hold iam.serviceAccounts.actAs on the job's service account, or CreateJob
//     answers PERMISSION_DENIED at once ([observed] "Permission 'iam.serviceaccounts.actAs' denied on
//     service account SA (or it may not exist).", GoogleCloudPlatform/k8s-config-connector#1007,
//     google-github-actions/deploy-cloudrun#21);
//   - the job's service account (default: the Compute Engine default account,
//     <project number>-compute@developer.gserviceaccount.com) must hold secretmanager.versions.access
//     on every secret version the job references, or the create operation fails ([doc]
//     https://cloud.google.com/run/docs/configuring/jobs/secrets: "During job creation, Cloud Run
//     checks all the secrets you use ... If any check fails, the job creation fails").
// Grants are bindings of a role to a member on a resource (a project, a secret, a service account),
// inherited downwards, optionally with the one condition form the action advises:
// resource.name.startsWith("projects/<number>/secrets/<prefix>") ([doc] Secret Manager names
// resources by project number in IAM conditions: https://cloud.google.com/secret-manager/docs/access-control).
import { RpcError, Status } from './rpc.ts';

export interface IamBinding {
  /** `serviceAccount:<email>` (or `user:…`) */
  member: string;
  /** A role of `rolePermissions`. */
  role: string;
  /** `projects/P`, `projects/P/secrets/S` or `projects/P/serviceAccounts/<email>` (P the project id). */
  resource: string;
  /** CEL; only `resource.name.startsWith("…")` is modelled. */
  condition?: string;
}

export interface IamConfig {
  /** The identity the action's calls come from. Default `serviceAccount:deployer@test-project.iam.gserviceaccount.com`. */
  caller?: string;
  /** Project id → number (default 123456789012 for every project). */
  projectNumbers?: Record<string, string>;
  bindings?: IamBinding[];
}

/** The permissions of the roles the tests grant ([doc] https://cloud.google.com/iam/docs/understanding-roles). */
const rolePermissions: Record<string, string[]> = {
  'roles/secretmanager.secretAccessor': ['secretmanager.versions.access'],
  'roles/secretmanager.admin': ['secretmanager.versions.access', 'secretmanager.secrets.create'],
  'roles/iam.serviceAccountUser': ['iam.serviceAccounts.actAs'],
  'roles/owner': ['secretmanager.versions.access', 'iam.serviceAccounts.actAs'],
};

const conditionPattern = /^resource\.name\.startsWith\("([^"]*)"\)$/;
export const defaultProjectNumber = '123456789012';
export const defaultCaller = 'serviceAccount:deployer@test-project.iam.gserviceaccount.com';

export class Iam {
  private config: Required<IamConfig> | undefined;

  /** Turns the checks on with these grants; undefined turns them off. Refuses what is not modelled. */
  configure(config: IamConfig | undefined): void {
    for (const binding of config?.bindings ?? []) {
      if (!rolePermissions[binding.role]) throw new Error(`IAM: role ${binding.role} is not modelled`);
      if (binding.condition && !conditionPattern.test(binding.condition))
        throw new Error(
          `IAM: only resource.name.startsWith("…") conditions are modelled, got ${binding.condition}`,
        );
    }
    this.config = config && {
      caller: config.caller ?? defaultCaller,
      projectNumbers: config.projectNumbers ?? {},
      bindings: config.bindings ?? [],
    };
  }

  get enabled(): boolean {
    return this.config !== undefined;
  }

  projectNumber(project: string): string {
    return this.config?.projectNumbers[project] ?? defaultProjectNumber;
  }

  /** The account a job runs as when it names none. */
  defaultServiceAccount(project: string): string {
    return `${this.projectNumber(project)}-compute@developer.gserviceaccount.com`;
  }

  /** Whether `member` holds `permission` on `resource` (a full name with the project id), or IAM is off. */
  allows(member: string, permission: string, resource: string): boolean {
    if (!this.config) return true;
    const [, project = ''] = resource.split('/');
    const numbered = resource.replace(/^projects\/[^/]+/, `projects/${this.projectNumber(project)}`);
    return this.config.bindings.some(
      (b) =>
        b.member === member &&
        rolePermissions[b.role]!.includes(permission) &&
        (resource === b.resource || resource.startsWith(`${b.resource}/`)) &&
        (!b.condition || numbered.startsWith(conditionPattern.exec(b.condition)![1]!)),
    );
  }

  /** CreateJob's refusal when the caller may not act as the job's service account. */
  actAsRefusal(project: string, serviceAccount: string): RpcError | undefined {
    if (!this.config) return undefined;
    // A service account's resource lives in the project its email names (…@P.iam.gserviceaccount.com).
    const home = /@([^.]+)\.iam\.gserviceaccount\.com$/.exec(serviceAccount)?.[1] ?? project;
    if (
      this.allows(
        this.config.caller,
        'iam.serviceAccounts.actAs',
        `projects/${home}/serviceAccounts/${serviceAccount}`,
      )
    )
      return undefined;
    return new RpcError(
      Status.PERMISSION_DENIED,
      `Permission 'iam.serviceaccounts.actAs' denied on service account ${serviceAccount} (or it may not exist).`,
    );
  }

  /**
   * The line of the create operation's error for a secret version the job's account may not read.
   * The wording is Cloud Run's as reported for a service (sourcegraph/sourcegraph-public-snapshot#59045:
   * "<field>: Permission denied on secret: <version> for Revision service account <SA>."); the second
   * sentence is our best guess of the rest.
   */
  secretRefusal(field: string, version: string, serviceAccount: string): string | undefined {
    if (this.allows(`serviceAccount:${serviceAccount}`, 'secretmanager.versions.access', version))
      return undefined;
    return (
      `${field}: Permission denied on secret: ${version} for Revision service account ${serviceAccount}. ` +
      "The service account used must be granted the 'Secret Manager Secret Accessor' role (roles/secretmanager.secretAccessor) at the secret, project or higher level."
    );
  }
}
