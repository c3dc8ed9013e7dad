// Google's rules for Cloud Run jobs, checked where Google checks them, with Google's messages.
// Each rule cites its page. Provenance of the message texts:
//   [doc]      the rule is documented on the cited page;
//   [observed] the text was seen in real error output quoted in public issues/logs;
//   [guess]    Google's exact text was not found; ours follows the observed style.
// Field paths follow the v1 style Google uses even for v2 requests ([observed]:
// "spec.template.spec.containers[0].env[1].value_from.secret_key_ref.name: Secret ... was not found").
import type { SecretAccess } from './context.ts';
import type { Container, EnvVar, ExecutionTemplate, Job, TaskTemplate, Volume } from './run-model.ts';
import { seconds } from './run-model.ts';
import { invalidArgument, RpcError, Status } from './rpc.ts';
import { vpcAccessViolations, type VpcAccess } from './run-vpc.ts';

const containerPath = (i: number) => `spec.template.spec.containers[${i}]`;
const volumePath = (i: number) => `spec.template.spec.volumes[${i}]`;

/**
 * Job ids: lowercase letters, digits and hyphens, start with a letter, not end with a hyphen, at most
 * 63 characters. [doc] https://cloud.google.com/run/docs/create-jobs (job name rules); message [guess].
 */
export function checkJobId(jobId: string): void {
  if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(jobId)) {
    throw invalidArgument(
      `Invalid value for job_id: "${jobId}". Job IDs must contain only lowercase letters, digits and hyphens, ` +
        'start with a letter, not end with a hyphen, and be at most 63 characters long.',
    );
  }
}

/** How a job asks for an execution of its own (the Job's oneof `create_execution`), if it does. */
export interface ExecutionToken {
  /** `start`: the job becomes ready once the execution has started; `run`: once it has completed. */
  kind: 'start' | 'run';
  token: string;
}

/**
 * The Job's oneof `create_execution` ([doc] job.proto, Job.start_execution_token and
 * Job.run_execution_token): "A unique string used as a suffix creating a new execution. [...] The
 * sum of job name and token length must be fewer than 63 characters." `request` names the request
 * in the messages (CreateJobRequest, UpdateJobRequest).
 * - Both set: a binary protobuf parser keeps the last field of a oneof, so Google's gRPC front end
 *   would see only one; its JSON front end refuses both. The emulator decodes both and refuses
 *   them, with INVALID_ARGUMENT [guess text].
 * - The length rule: [doc] text, framed like Google's "Violation in CreateJobRequest.job…" [observed
 *   for vpc_access]; the code INVALID_ARGUMENT [guess].
 * - Characters: the execution is named `<job>-<token>` ([observed by others]: a re-sent token fails
 *   with "Resource 'job-token' already exists", GoogleCloudPlatform/magic-modules#19060), so the
 *   token takes an execution id's characters: lowercase letters, digits, hyphens inside [guess].
 */
export function executionToken(job: Job, jobId: string, request: string): ExecutionToken | undefined {
  const { startExecutionToken: start, runExecutionToken: run } = job;
  if (start && run) {
    throw invalidArgument(
      `Violation in ${request}.job.create_execution: only one of start_execution_token and run_execution_token may be set.`,
    );
  }
  if (!start && !run) return undefined;
  const token = { kind: start ? 'start' : 'run', token: (start || run)! } as const;
  const field = `${request}.job.${token.kind}_execution_token`;
  if (jobId.length + token.token.length >= 63) {
    throw invalidArgument(
      `Violation in ${field}: The sum of job name and token length must be fewer than 63 characters (job name ${jobId.length}, token ${token.token.length}).`,
    );
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(token.token)) {
    throw invalidArgument(
      `Violation in ${field}: the token must contain only lowercase letters, digits and hyphens, and start and end with a letter or digit: it names the execution ${jobId}-${token.token}.`,
    );
  }
  return token;
}

/** Collects every violation, then fails once with all of them (one per line, as Google does). */
class Violations {
  readonly list: string[] = [];
  add(message: string): void {
    this.list.push(message);
  }
  throwIfAny(): void {
    if (this.list.length) throw invalidArgument(this.list.join('\n'));
  }
}

/** Synchronous checks of CreateJob: everything that needs no other service. `location`: the job's. */
export function checkJob(job: Job, location: string): void {
  const v = new Violations();
  checkLabels(v, 'metadata.labels', job.labels);
  checkAnnotations(v, 'metadata.annotations', job.annotations);
  const template = job.template;
  if (!template?.template) {
    v.add('spec.template: Required field is missing: template.');
    v.throwIfAny();
    return;
  }
  checkExecutionTemplate(v, template);
  const vpcAccess = template.template.vpcAccess as VpcAccess | null | undefined;
  if (vpcAccess) vpcAccessViolations(vpcAccess, location).forEach((m) => v.add(m));
  v.throwIfAny();
}

function checkExecutionTemplate(v: Violations, template: ExecutionTemplate): void {
  checkLabels(v, 'spec.template.metadata.labels', template.labels);
  checkAnnotations(v, 'spec.template.metadata.annotations', template.annotations);
  checkTaskCount(v, template.taskCount ?? 0, 'spec.template.spec.taskCount');
  if ((template.parallelism ?? 0) < 0)
    v.add(`spec.template.spec.parallelism: Must not be negative, got ${template.parallelism}.`);
  checkTaskTemplate(v, template.template ?? {});
}

/** Up to 10,000 tasks per execution. [doc] https://cloud.google.com/run/quotas; message [guess]. */
function checkTaskCount(v: Violations, count: number, path: string): void {
  if (count < 0 || count > 10_000)
    v.add(`${path}: Invalid value ${count}. Task count must be between 1 and 10000.`);
}

function checkTaskTemplate(v: Violations, template: TaskTemplate): void {
  // maxRetries 0-10 (default 3). [doc] https://cloud.google.com/run/docs/configuring/max-retries
  if (template.maxRetries !== undefined && (template.maxRetries < 0 || template.maxRetries > 10)) {
    v.add(
      `spec.template.spec.maxRetries: Invalid value ${template.maxRetries}. Max retries must be between 0 and 10.`,
    );
  }
  checkTimeout(v, template.timeout, 'spec.template.spec.timeoutSeconds');
  const containers = template.containers ?? [];
  if (containers.length === 0) v.add('spec.template.spec.containers: Required field is missing: containers.');
  const volumes = checkVolumes(v, template.volumes ?? []);
  containers.forEach((container, i) => checkContainer(v, container, i, volumes));
}

/**
 * Task timeout: default 600 s, at most 168 h; a set timeout must be positive.
 * [doc] https://cloud.google.com/run/docs/configuring/task-timeout; message [guess].
 */
export function checkTimeout(
  v: { add(m: string): void },
  timeout: TaskTemplate['timeout'],
  path: string,
): void {
  if (!timeout) return;
  const s = seconds(timeout);
  if (s < 0 || s > 168 * 3600) {
    v.add(
      `${path}: Invalid value ${s}s. Task timeout must be between 1 second and 168 hours (604800 seconds).`,
    );
  }
}

function checkContainer(v: Violations, container: Container, i: number, volumes: Set<string>): void {
  const path = containerPath(i);
  if (!container.image) v.add(`${path}.image: Required field is missing: image.`);
  checkEnv(v, container.env ?? [], `${path}.env`);
  checkResources(v, container.resources?.limits ?? {}, `${path}.resources.limits`);
  checkVolumeMounts(v, container, path, volumes);
}

/**
 * The container contract's variables are reserved ([doc] https://cloud.google.com/run/docs/configuring/jobs/environment-variables
 * and https://cloud.google.com/run/docs/container-contract#env-vars); message [observed]:
 * "spec.template.spec.containers[0].env: The following reserved env names were provided: PORT. These values are automatically set by the system."
 */
export const reservedEnvNames = new Set([
  'CLOUD_RUN_JOB',
  'CLOUD_RUN_EXECUTION',
  'CLOUD_RUN_TASK_INDEX',
  'CLOUD_RUN_TASK_ATTEMPT',
  'CLOUD_RUN_TASK_COUNT',
  'PORT',
  'K_SERVICE',
  'K_REVISION',
  'K_CONFIGURATION',
]);

export function checkEnv(v: { add(m: string): void }, env: EnvVar[], path: string): void {
  // At most 1000 variables per container. [doc] https://cloud.google.com/run/docs/configuring/jobs/environment-variables
  if (env.length > 1000) v.add(`${path}: At most 1000 environment variables can be set, got ${env.length}.`);
  const seen = new Set<string>();
  const reserved: string[] = [];
  env.forEach((variable, j) => {
    const name = variable.name ?? '';
    // Names: required, at most 32768 characters, no '=' ([doc] proto EnvVar.name; '=' ends a name in
    // any environment block). Messages [guess].
    if (!name) v.add(`${path}[${j}].name: Required field is missing: name.`);
    else if (name.includes('=') || name.includes('\0') || name.length > 32768)
      v.add(`${path}[${j}].name: Invalid environment variable name "${name}".`);
    if (seen.has(name))
      v.add(`${path}: Environment variable names must be unique; "${name}" is set more than once.`);
    seen.add(name);
    if (reservedEnvNames.has(name)) reserved.push(name);
    // Values: at most 32768 bytes. [doc] proto EnvVar.value
    if (variable.value !== undefined && Buffer.byteLength(variable.value) > 32768) {
      v.add(`${path}[${j}].value: Value of "${name}" exceeds 32768 bytes.`);
    }
    const ref = variable.valueSource?.secretKeyRef;
    if (variable.valueSource && !ref?.secret)
      v.add(`${path}[${j}].value_from.secret_key_ref.name: Required field is missing: secret.`);
    if (ref?.secret && !validSecretRef(ref.secret))
      v.add(`${path}[${j}].value_from.secret_key_ref.name: Invalid secret name "${ref.secret}".`);
  });
  if (reserved.length) {
    v.add(
      `${path}: The following reserved env names were provided: ${reserved.join(', ')}. These values are automatically set by the system.`,
    );
  }
}

/** `{secret}` in the job's project or `projects/{project}/secrets/{secret}`. [doc] proto SecretKeySelector.secret */
function validSecretRef(secret: string): boolean {
  return /^([a-zA-Z0-9_-]{1,255}|projects\/[^/]+\/secrets\/[a-zA-Z0-9_-]{1,255})$/.test(secret);
}

/** Volume names follow DNS label rules (RFC 1123); messages [guess]. */
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function checkVolumes(v: Violations, volumes: Volume[]): Set<string> {
  const names = new Set<string>();
  volumes.forEach((volume, i) => {
    const path = volumePath(i);
    const name = volume.name ?? '';
    if (!name) v.add(`${path}.name: Required field is missing: name.`);
    else if (!dnsLabel.test(name))
      v.add(
        `${path}.name: Invalid volume name "${name}": must be a DNS label (lowercase letters, digits and hyphens, at most 63 characters).`,
      );
    if (names.has(name))
      v.add(`${path}.name: Volume names must be unique; "${name}" is used more than once.`);
    names.add(name);
    if (volume.secret) checkSecretVolume(v, volume, path);
    else unsupportedVolume(volume, path);
  });
  return names;
}

/** The emulator materialises secret volumes only; other sources are refused honestly. */
function unsupportedVolume(volume: Volume, path: string): never | void {
  const kind = ['cloudSqlInstance', 'emptyDir', 'nfs', 'gcs'].find((k) => volume[k]);
  throw new RpcError(
    Status.UNIMPLEMENTED,
    kind
      ? `${path}: ${kind} volumes are not implemented by the emulator.`
      : `${path}: Exactly one volume source must be set.`,
  );
}

/**
 * Secret volumes ([doc] proto SecretVolumeSource / VersionToPath and
 * https://cloud.google.com/run/docs/configuring/jobs/secrets): items need a path and a version;
 * paths are relative; modes are 0000-0777.
 */
function checkSecretVolume(v: Violations, volume: Volume, path: string): void {
  const source = volume.secret!;
  if (!source.secret) v.add(`${path}.secret.secretName: Required field is missing: secret.`);
  else if (!validSecretRef(source.secret))
    v.add(`${path}.secret.secretName: Invalid secret name "${source.secret}".`);
  checkMode(v, source.defaultMode, `${path}.secret.defaultMode`);
  const paths = new Set<string>();
  (source.items ?? []).forEach((item, j) => {
    const itemPath = `${path}.secret.items[${j}]`;
    if (!item.path) v.add(`${itemPath}.path: Required field is missing: path.`);
    else if (!validRelativePath(item.path))
      v.add(`${itemPath}.path: Invalid path "${item.path}": must be relative and must not contain "..".`);
    if (!item.version)
      v.add(`${itemPath}.key: Required field is missing: version. Items must specify a path and a version.`);
    if (item.path && paths.has(item.path)) v.add(`${itemPath}.path: Duplicate path "${item.path}".`);
    if (item.path) paths.add(item.path);
    checkMode(v, item.mode, `${itemPath}.mode`);
  });
}

function checkMode(v: Violations, mode: number | undefined, path: string): void {
  if (mode !== undefined && (mode < 0 || mode > 0o777))
    v.add(`${path}: Invalid mode ${mode}; must be between 0000 and 0777 (octal).`);
}

function validRelativePath(path: string): boolean {
  return (
    !path.startsWith('/') &&
    !path.split('/').some((part) => part === '..' || part === '') &&
    !path.includes('\0')
  );
}

/**
 * Mounts: the volume must exist; one volume per mount path; absolute paths without ':'; not under
 * /dev, /proc or /sys. [doc] proto VolumeMount and https://cloud.google.com/run/docs/configuring/jobs/secrets
 * ("You can't mount secrets at /dev, /proc and /sys, or on their subdirectories"). Messages [guess].
 */
function checkVolumeMounts(v: Violations, container: Container, path: string, volumes: Set<string>): void {
  const mountPaths = new Set<string>();
  (container.volumeMounts ?? []).forEach((mount, j) => {
    const mountPath = `${path}.volumeMounts[${j}]`;
    if (!mount.name) v.add(`${mountPath}.name: Required field is missing: name.`);
    else if (!volumes.has(mount.name))
      v.add(`${mountPath}.name: Volume "${mount.name}" does not exist; it must match the name of a volume.`);
    const target = normalizeMountPath(mount.mountPath ?? '');
    if (!mount.mountPath) v.add(`${mountPath}.mountPath: Required field is missing: mountPath.`);
    else if (!target.startsWith('/') || target.includes(':'))
      v.add(
        `${mountPath}.mountPath: Invalid mount path "${mount.mountPath}": must be an absolute path without ":".`,
      );
    else if (target === '/' || /^\/(dev|proc|sys)(\/|$)/.test(target))
      v.add(`${mountPath}.mountPath: Mount path "${mount.mountPath}" is reserved.`);
    if (target && mountPaths.has(target))
      v.add(`${mountPath}.mountPath: Only one volume can be mounted at "${mount.mountPath}".`);
    mountPaths.add(target);
    if (mount.subPath)
      throw new RpcError(
        Status.UNIMPLEMENTED,
        `${mountPath}.subPath: subPath is not implemented by the emulator.`,
      );
  });
}

const normalizeMountPath = (path: string): string => (path.length > 1 ? path.replace(/\/+$/, '') : path);

/**
 * Resource limits ([doc] proto ResourceRequirements, https://cloud.google.com/run/docs/configuring/jobs/cpu and
 * https://cloud.google.com/run/docs/configuring/jobs/memory-limits): keys cpu, memory, nvidia.com/gpu;
 * CPU 0.08-1 (steps of 0.001) or 1, 2, 4, 6, 8; memory 512Mi (gen2 minimum) to 32Gi with the per-CPU
 * ranges of the table. Messages [observed]: "...limits.cpu: Invalid value specified for cpu. Total millicpu
 * may not exceed 8000." and "...limits.memory: Invalid value specified for container memory. For 8.0 CPU,
 * memory must be between 4Gi and 32Gi inclusive."
 */
export function checkResources(
  v: { add(m: string): void },
  limits: Record<string, string>,
  path: string,
): void {
  for (const key of Object.keys(limits)) {
    if (!['cpu', 'memory', 'nvidia.com/gpu'].includes(key))
      v.add(`${path}: Unsupported resource "${key}"; only cpu, memory and nvidia.com/gpu are supported.`);
  }
  const cpu = limits.cpu === undefined ? 1000 : parseMillicpu(limits.cpu);
  if (cpu === undefined)
    return v.add(`${path}.cpu: Invalid value specified for cpu. Could not parse "${limits.cpu}".`);
  const cpuProblem = cpuRule(cpu);
  if (cpuProblem) return v.add(`${path}.cpu: Invalid value specified for cpu. ${cpuProblem}`);
  if (limits.memory === undefined) return;
  const memory = parseBytes(limits.memory);
  if (memory === undefined) return v.add(`${path}.memory: Could not parse Quantity "${limits.memory}".`);
  const range = memoryRange(cpu);
  if (memory < range.min || memory > range.max) {
    v.add(
      `${path}.memory: Invalid value specified for container memory. For ${(cpu / 1000).toFixed(1)} CPU, memory must be between ${range.minText} and ${range.maxText} inclusive.`,
    );
  }
}

function cpuRule(millicpu: number): string | undefined {
  if (millicpu > 8000) return 'Total millicpu may not exceed 8000.';
  if (millicpu < 80) return 'Total millicpu must be at least 80.';
  if (millicpu > 1000 && ![2000, 4000, 6000, 8000].includes(millicpu))
    return 'Values greater than 1 CPU must be 2, 4, 6 or 8.';
  return undefined;
}

const Mi = 1024 ** 2;
const Gi = 1024 ** 3;

function memoryRange(millicpu: number): { min: number; max: number; minText: string; maxText: string } {
  const table: [number, number, string, number, string][] = [
    [499, 512 * Mi, '512Mi', 512 * Mi, '512Mi'],
    [999, 512 * Mi, '512Mi', 1 * Gi, '1Gi'],
    [1000, 512 * Mi, '512Mi', 4 * Gi, '4Gi'],
    [2000, 512 * Mi, '512Mi', 8 * Gi, '8Gi'],
    [4000, 2 * Gi, '2Gi', 16 * Gi, '16Gi'],
    [6000, 4 * Gi, '4Gi', 24 * Gi, '24Gi'],
    [8000, 4 * Gi, '4Gi', 32 * Gi, '32Gi'],
  ];
  const row = table.find(([upTo]) => millicpu <= upTo) ?? table[table.length - 1]!;
  return { min: row[1], minText: row[2], max: row[3], maxText: row[4] };
}

/** "1", "0.5", "2.0", "1000m" → millicpu. */
export function parseMillicpu(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2] ? value : Math.round(value * 1000);
}

/** Kubernetes quantities: "512Mi", "2Gi", "1G", "1000000" → bytes. */
export function parseBytes(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(text.trim());
  if (!match) return undefined;
  const units: Record<string, number> = {
    Ki: 1024,
    Mi: Mi,
    Gi: Gi,
    Ti: 1024 ** 4,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Math.round(Number(match[1]) * (match[2] ? units[match[2]]! : 1));
}

/**
 * Labels: at most 64; keys start with a lowercase letter, keys and values use lowercase letters, digits,
 * '_' and '-' (international characters allowed) and are at most 63 characters. [doc]
 * https://cloud.google.com/run/docs/configuring/labels and
 * https://cloud.google.com/resource-manager/docs/creating-managing-labels#requirements.
 * Keys under run.googleapis.com, cloud.googleapis.com, serving.knative.dev and autoscaling.knative.dev are
 * rejected by v2 ([doc] job.proto Job.labels). Messages [guess].
 */
export function checkLabels(
  v: { add(m: string): void },
  path: string,
  labels: Record<string, string> | undefined,
): void {
  const entries = Object.entries(labels ?? {});
  if (entries.length > 64) v.add(`${path}: At most 64 labels are allowed, got ${entries.length}.`);
  for (const [key, value] of entries) {
    if (reservedPrefix(key))
      v.add(
        `${path}: Label "${key}" uses a reserved prefix; Cloud Run API v2 does not support labels with system namespaces.`,
      );
    else if (!/^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u.test(key))
      v.add(`${path}: Invalid label key "${key}".`);
    if (!/^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u.test(value))
      v.add(`${path}: Invalid value "${value}" for label "${key}".`);
  }
}

/** Annotations: the same system namespaces are rejected on new resources. [doc] job.proto Job.annotations */
function checkAnnotations(
  v: Violations,
  path: string,
  annotations: Record<string, string> | undefined,
): void {
  for (const key of Object.keys(annotations ?? {})) {
    if (reservedPrefix(key))
      v.add(
        `${path}: Annotation "${key}" uses a reserved prefix; Cloud Run API v2 does not support annotations with system namespaces.`,
      );
  }
}

const reservedPrefix = (key: string): boolean =>
  /^(run\.googleapis\.com|cloud\.googleapis\.com|serving\.knative\.dev|autoscaling\.knative\.dev)(\/|$)/.test(
    key,
  );

/** A secret a job refers to, with the field that refers to it (for Google's error text). */
export interface SecretRef {
  field: string;
  /** `projects/P/secrets/S` */
  secret: string;
  version: string;
}

/** A bare secret id means a secret of the job's own project. [doc] proto SecretKeySelector.secret */
export function secretName(ref: string, project: string): string {
  return ref.startsWith('projects/') ? ref : `projects/${project}/secrets/${ref}`;
}

/** Every secret version a task template needs, env first then volumes, in declaration order. */
export function secretRefs(template: TaskTemplate, project: string): SecretRef[] {
  const refs: SecretRef[] = [];
  (template.containers ?? []).forEach((container, i) =>
    (container.env ?? []).forEach((env, j) => {
      const ref = env.valueSource?.secretKeyRef;
      if (ref?.secret) {
        refs.push({
          field: `${containerPath(i)}.env[${j}].value_from.secret_key_ref.name`,
          secret: secretName(ref.secret, project),
          version: ref.version || 'latest',
        });
      }
    }),
  );
  (template.volumes ?? []).forEach((volume, i) => {
    const source = volume.secret;
    if (!source?.secret) return;
    const secret = secretName(source.secret, project);
    const items = source.items ?? [];
    if (items.length === 0)
      refs.push({ field: `${volumePath(i)}.secret.secretName`, secret, version: 'latest' });
    items.forEach((item, j) =>
      refs.push({
        field: `${volumePath(i)}.secret.items[${j}].key`,
        secret,
        version: item.version || 'latest',
      }),
    );
  });
  return refs;
}

/**
 * Every referenced secret version must exist when the job is created; creation fails otherwise
 * ([doc] https://cloud.google.com/run/docs/configuring/jobs/secrets). The job is still created and its
 * create operation fails with FAILED_PRECONDITION, one line per reference ([observed] Terraform output:
 * "Error waiting for Creating Job: Error code 9, message: spec.template.spec.containers[0].env[1].value_from
 * .secret_key_ref.name: Secret projects/N/secrets/S/versions/latest was not found\n...").
 */
export function missingSecrets(refs: SecretRef[], secrets: SecretAccess | undefined): string[] {
  return refs
    .filter((ref) => !secrets?.exists(ref.secret, ref.version))
    .map((ref) => `${ref.field}: Secret ${ref.secret}/versions/${ref.version} was not found`);
}

/** Checks of RunJob overrides (the same rules as the job fields they replace). */
export function checkOverrides(overrides: RunOverrides, containers: Container[]): void {
  const v = new Violations();
  if (overrides.taskCount !== undefined) checkTaskCount(v, overrides.taskCount, 'overrides.task_count');
  checkTimeout(v, overrides.timeout, 'overrides.timeout');
  (overrides.containerOverrides ?? []).forEach((override, i) => {
    checkEnv(v, override.env ?? [], `overrides.container_overrides[${i}].env`);
    if (overrideTarget(containers, override.name) < 0) {
      v.add(
        `overrides.container_overrides[${i}].name: Container "${override.name ?? ''}" does not exist in the job template.`,
      );
    }
  });
  v.throwIfAny();
}

export interface RunOverrides {
  containerOverrides?: { name?: string; args?: string[]; env?: EnvVar[]; clearArgs?: boolean }[];
  taskCount?: number;
  timeout?: TaskTemplate['timeout'];
}

/**
 * Which container an override applies to: the one with its name, or the only container when the
 * override has no name. [doc] proto RunJobRequest.Overrides.ContainerOverride.name; the unnamed
 * case is our best guess.
 */
export function overrideTarget(containers: Container[], name: string | undefined): number {
  if (name) return containers.findIndex((c) => c.name === name);
  return containers.length === 1 ? 0 : -1;
}
