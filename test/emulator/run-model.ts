// The Cloud Run Admin v2 resources (Job, Execution, Task) in the proto loader's representation
// (camelCase, enums as names, int64 as strings), and the small builders the service shares:
// names, conditions, timestamps, console log URLs.
//
// Reference: https://cloud.google.com/run/docs/reference/rpc/google.cloud.run.v2
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseName, timestamp, type Timestamp } from './rpc.ts';

export interface Duration {
  seconds?: string | number | null;
  nanos?: number | null;
}

export interface SecretKeySelector {
  secret?: string;
  version?: string;
}

export interface EnvVar {
  name?: string;
  value?: string;
  valueSource?: { secretKeyRef?: SecretKeySelector | null } | null;
  values?: string;
}

export interface VolumeMount {
  name?: string;
  mountPath?: string;
  subPath?: string;
}

export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  resources?: { limits?: Record<string, string>; cpuIdle?: boolean; startupCpuBoost?: boolean } | null;
  volumeMounts?: VolumeMount[];
  workingDir?: string;
  [field: string]: unknown;
}

export interface VersionToPath {
  path?: string;
  version?: string;
  mode?: number;
}

export interface SecretVolumeSource {
  secret?: string;
  items?: VersionToPath[];
  defaultMode?: number;
}

export interface Volume {
  name?: string;
  secret?: SecretVolumeSource | null;
  volumeType?: string;
  [field: string]: unknown;
}

export interface TaskTemplate {
  containers?: Container[];
  volumes?: Volume[];
  maxRetries?: number;
  retries?: string;
  timeout?: Duration | null;
  serviceAccount?: string;
  executionEnvironment?: string;
  [field: string]: unknown;
}

export interface ExecutionTemplate {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  parallelism?: number;
  taskCount?: number;
  template?: TaskTemplate | null;
}

export interface Condition {
  type: string;
  state: 'CONDITION_PENDING' | 'CONDITION_RECONCILING' | 'CONDITION_FAILED' | 'CONDITION_SUCCEEDED';
  message?: string;
  lastTransitionTime?: Timestamp;
  severity?: 'ERROR' | 'WARNING' | 'INFO';
  reason?: string;
  executionReason?: string;
}

export interface ExecutionReference {
  name: string;
  createTime?: Timestamp;
  completionTime?: Timestamp;
  deleteTime?: Timestamp;
  completionStatus: string;
}

export interface Job {
  name?: string;
  uid?: string;
  generation?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  createTime?: Timestamp;
  updateTime?: Timestamp;
  deleteTime?: Timestamp;
  expireTime?: Timestamp;
  creator?: string;
  lastModifier?: string;
  client?: string;
  clientVersion?: string;
  launchStage?: string;
  template?: ExecutionTemplate | null;
  observedGeneration?: string;
  terminalCondition?: Condition;
  conditions?: Condition[];
  executionCount?: number;
  latestCreatedExecution?: ExecutionReference;
  reconciling?: boolean;
  satisfiesPzs?: boolean;
  startExecutionToken?: string;
  runExecutionToken?: string;
  etag?: string;
  [field: string]: unknown;
}

export interface Execution {
  name: string;
  uid: string;
  creator: string;
  generation: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createTime: Timestamp;
  startTime?: Timestamp;
  completionTime?: Timestamp;
  updateTime: Timestamp;
  deleteTime?: Timestamp;
  expireTime?: Timestamp;
  launchStage: string;
  job: string;
  parallelism: number;
  taskCount: number;
  template: TaskTemplate;
  reconciling: boolean;
  conditions: Condition[];
  observedGeneration: string;
  runningCount: number;
  succeededCount: number;
  failedCount: number;
  cancelledCount: number;
  retriedCount: number;
  logUri: string;
  satisfiesPzs: boolean;
  etag: string;
}

export interface TaskAttemptResult {
  status: { code: number; message: string };
  exitCode?: number;
  termSignal?: number;
}

export interface Task {
  name: string;
  uid: string;
  generation: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createTime: Timestamp;
  scheduledTime?: Timestamp;
  startTime?: Timestamp;
  completionTime?: Timestamp;
  updateTime: Timestamp;
  deleteTime?: Timestamp;
  expireTime?: Timestamp;
  job: string;
  execution: string;
  containers: Container[];
  volumes: Volume[];
  maxRetries: number;
  timeout: Duration;
  serviceAccount?: string;
  executionEnvironment: string;
  reconciling: boolean;
  conditions: Condition[];
  observedGeneration: string;
  index: number;
  retried: number;
  lastAttemptResult?: TaskAttemptResult;
  logUri: string;
  satisfiesPzs: boolean;
  etag: string;
}

export interface JobRef {
  project: string;
  location: string;
  job: string;
}

export const jobPattern = 'projects/{project}/locations/{location}/jobs/{job}';
export const executionPattern = `${jobPattern}/executions/{execution}`;
export const taskPattern = `${executionPattern}/tasks/{task}`;

export function parseJobName(name: string): JobRef {
  const { project = '', location = '', job = '' } = parseName(name, jobPattern);
  return { project, location, job };
}

export function parseLocation(parent: string): { project: string; location: string } {
  const { project = '', location = '' } = parseName(parent, 'projects/{project}/locations/{location}');
  return { project, location };
}

export const jobName = (ref: JobRef): string =>
  `projects/${ref.project}/locations/${ref.location}/jobs/${ref.job}`;

/** Last path segment: the id of a job, execution or task. */
export const idOf = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `{job}-{5 lowercase alphanumerics}`, as seen on Google (e.g. `planqtn-jobs-fxf45`,
 * `migrate-vnttt`, `sample-job-mdw84` in public logs and gcloud output).
 */
export function newExecutionId(jobId: string): string {
  const bytes = randomBytes(5);
  return `${jobId}-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** `{execution}-task{index}`, as in Google's messages ("Task planqtn-jobs-fxf45-task0 failed..."). */
export const taskId = (executionId: string, index: number): string => `${executionId}-task${index}`;

/** Wall-clock milliseconds with sub-millisecond precision (Cloud Logging shows microseconds). */
export const preciseNowMs = (): number => performance.timeOrigin + performance.now();

export const now = (): Timestamp => timestamp(Math.floor(preciseNowMs() * 1000) / 1000);

export function condition(
  type: string,
  state: Condition['state'],
  extra: Partial<Condition> = {},
): Condition {
  return { type, state, lastTransitionTime: now(), ...extra };
}

/**
 * The console URL Google puts in `logUri`, as observed in execution resources
 * (`https://console.cloud.google.com/logs/viewer?project=...&advancedFilter=...`).
 */
export function logUri(ref: JobRef, executionId: string, taskIndex?: number): string {
  const lines = [
    'resource.type="cloud_run_job"',
    `resource.labels.job_name="${ref.job}"`,
    `resource.labels.location="${ref.location}"`,
    `labels."run.googleapis.com/execution_name"="${executionId}"`,
  ];
  // Best guess for tasks: Google's task URL is not documented; add the task index label.
  if (taskIndex !== undefined) lines.push(`labels."run.googleapis.com/task_index"="${taskIndex}"`);
  const filter = lines.map((line) => encodeURIComponent(line).replaceAll('%2F', '/')).join('%0A');
  return `https://console.cloud.google.com/logs/viewer?project=${ref.project}&advancedFilter=${filter}`;
}

/** An opaque, changing fingerprint (Google's etags are opaque quoted strings). */
export function etag(...parts: unknown[]): string {
  return `"${Buffer.from(parts.map(String).join('/')).toString('base64url')}"`;
}

/** Identity recorded as creator: there is no caller identity on the emulator's insecure channel. */
export const emulatorIdentity = (project: string): string => `emulator@${project}.iam.gserviceaccount.com`;

export function seconds(d: Duration | null | undefined): number {
  return Number(d?.seconds ?? 0) + (d?.nanos ?? 0) / 1e9;
}

export const clone = <T>(value: T): T => structuredClone(value);
